/**
 * Turns HTML from outside (Word's clipboard or HTML export, Google Docs'
 * clipboard, mammoth's DOCX conversion, a web page, rendered Markdown) into
 * the plain semantic HTML the resolution schema's DOM parser reads: headings
 * `h1`-`h4`, paragraphs, `ul`/`ol`/`li`, `strong`, `em`, `br`.
 *
 * It works on any standard DOM (the browser's, or linkedom's on the server)
 * and uses only the core DOM API, never CSSOM: inline styles are read from the
 * `style` attribute text, so it behaves the same everywhere.
 *
 * What it does, in order:
 * - drops comments, images and fields (Word's `mso-*` markers included) and
 *   counts them, so the caller can say what was left out;
 * - unwraps Google Docs' `<b id="docs-internal-guid-...">` wrapper and turns
 *   `font-weight: 700` / `font-style: italic` spans into `strong` / `em`;
 * - rebuilds Word's list paragraphs (`mso-list: l0 level2 lfo1`) as nested
 *   `ul` / `ol`, ordered when the list's marker is a number or letter;
 * - moves a list that Google Docs nests directly in a list into its previous item;
 * - picks the title (in `import` mode): Word's Title style, an element of class
 *   `title` / `pl-title`, or else the first `h1`, or else the first heading
 *   when no text comes before it; it becomes the one `h1`, first. Other `h1`s
 *   become `h2`; `h5` and `h6` become `h4`. In `paste` mode there is no title:
 *   when the piece has an `h1`, every heading moves one level down (h1 to 2,
 *   h2 to 3, h3 and below to 4), so Word's Heading 1 and 2 stay apart.
 * - replaces no-break spaces with spaces and drops paragraphs with no text.
 */

/** Whether the HTML is a whole new text (`import`) or a piece pasted into one (`paste`). */
export type CleanMode = 'import' | 'paste';

/** What was left out, by kind, for the warnings shown to the user. */
export interface DroppedCounts {
  comments: number;
  images: number;
  fields: number;
}

/** Tags whose content is never text of the resolution. */
const DROPPED_TAGS = ['script', 'style', 'template', 'noscript', 'head', 'title', 'meta', 'link', 'object', 'iframe', 'svg', 'math'];
/** Image-like elements (Word's VML shapes included). */
const IMAGE_SELECTOR = 'img, picture, v\\:shape, v\\:imagedata, v\\:shapetype, o\\:ole';
/** Word's and Google Docs' comment markers and bodies (mammoth writes no comments unless asked). */
const COMMENT_SELECTOR = '.MsoCommentReference, .msocomtxt, .msocomanchor, .msocomoff, [style*="mso-element:comment"], [style*="mso-comment"], [id^="cmnt"], a[href^="#cmnt"]';
/** A Word field's code (`PAGE`, `REF _Ref123`): the code goes, the shown result stays. */
const FIELD_CODE = /mso-field-code|mso-element:\s*field-(begin|separator|end)/i;
const LIST_STYLE = /mso-list:\s*(l\d+)\s+level(\d+)/i;
const LIST_IGNORE = /mso-list:\s*ignore/i;
/** A list marker that counts (1. a) iv.) rather than a bullet glyph. */
const ORDERED_MARKER = /^\(?(\d+|[a-z]{1,2}|[ivxlc]+)[.)]/i;
const TITLE_CLASS = /(^|\s)(MsoTitle|title|pl-title)(\s|$)/;
const HEADING = /^H[1-6]$/;
/** Elements whose children are rows or items, never text: a style on them does not wrap their children in a mark. */
const LIST_CONTAINER = /^(UL|OL|TABLE|THEAD|TBODY|TFOOT|TR)$/;

type Style = Map<string, string>;

function styleOf(element: Element): Style {
  const style: Style = new Map();
  for (const part of (element.getAttribute('style') ?? '').split(';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    style.set(part.slice(0, colon).trim().toLowerCase(), part.slice(colon + 1).trim().toLowerCase());
  }
  return style;
}

function isBold(weight: string | undefined): boolean | undefined {
  if (weight === undefined) return undefined;
  if (weight === 'bold' || weight === 'bolder') return true;
  const n = Number(weight);
  if (Number.isFinite(n)) return n >= 600;
  return weight === 'normal' || weight === 'lighter' ? false : undefined;
}

function unwrap(element: Element): void {
  element.replaceWith(...Array.from(element.childNodes));
}

function rename(element: Element, tag: string): Element {
  const replacement = element.ownerDocument.createElement(tag);
  replacement.append(...Array.from(element.childNodes));
  const className = element.getAttribute('class');
  if (className) replacement.setAttribute('class', className);
  element.replaceWith(replacement);
  return replacement;
}

function removeAll(root: Element, selector: string): number {
  const found = Array.from(root.querySelectorAll(selector));
  for (const element of found) element.remove();
  return found.length;
}

/** Drops what is not text, counting comments, images and fields. */
function dropNonText(root: Element, dropped: DroppedCounts): void {
  removeAll(root, DROPPED_TAGS.join(', '));
  removeAll(root, 'br.Apple-interchange-newline');
  // A line break between blocks (Google Docs puts one between paragraphs) is no text.
  for (const br of Array.from(root.querySelectorAll('br'))) if (!br.closest('p, li, h1, h2, h3, h4, h5, h6, td, th')) br.remove();
  dropped.images += removeAll(root, IMAGE_SELECTOR);
  // Google Docs' exported comments: the bodies (a paragraph or block each, led by a back link) go with their markers.
  for (const back of Array.from(root.querySelectorAll('a[href^="#cmnt_ref"]'))) (back.closest('div') ?? back.closest('p') ?? back).remove();
  dropped.comments += removeAll(root, COMMENT_SELECTOR);
  for (const element of Array.from(root.querySelectorAll('[style]'))) {
    const style = element.getAttribute('style') ?? '';
    if (!FIELD_CODE.test(style)) continue;
    if (/field-begin/i.test(style)) dropped.fields++;
    element.remove();
  }
  // HTML comments (Word's conditional comments among them) are never text.
  const walker = root.ownerDocument.createTreeWalker(root, 128 /* NodeFilter.SHOW_COMMENT */);
  const comments: Node[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) comments.push(node);
  for (const node of comments) node.parentNode?.removeChild(node);
}

/** Inline styles to marks; Google Docs' bold wrapper and `<b style="font-weight:normal">` unwrapped. */
function marksFromStyles(root: Element): void {
  for (const element of Array.from(root.querySelectorAll('b, strong'))) {
    if ((element.getAttribute('id') ?? '').startsWith('docs-internal-guid') || isBold(styleOf(element).get('font-weight')) === false) unwrap(element);
  }
  for (const element of Array.from(root.querySelectorAll('[style]'))) {
    const style = styleOf(element);
    const bold = isBold(style.get('font-weight'));
    const italic = style.get('font-style') === 'italic' || style.get('font-style') === 'oblique';
    if ((!bold && !italic) || LIST_CONTAINER.test(element.tagName)) continue;
    const doc = element.ownerDocument;
    let inner: Element | null = null;
    if (bold && !/^(B|STRONG|H[1-6])$/.test(element.tagName)) inner = doc.createElement('strong');
    if (italic && !/^(I|EM)$/.test(element.tagName)) {
      const em = doc.createElement('em');
      if (inner) inner.append(em);
      inner = inner ?? em;
    }
    if (!inner) continue;
    let deepest: Element = inner;
    while (deepest.firstElementChild) deepest = deepest.firstElementChild;
    deepest.append(...Array.from(element.childNodes));
    element.append(inner);
  }
  for (const element of Array.from(root.querySelectorAll('[style]'))) element.removeAttribute('style');
}

interface WordListParagraph {
  element: Element;
  list: string;
  level: number;
  ordered: boolean;
}

function wordListParagraph(element: Element): WordListParagraph | null {
  const match = LIST_STYLE.exec(element.getAttribute('style') ?? '');
  if (!match) return null;
  let marker = '';
  for (const ignored of Array.from(element.querySelectorAll('[style]'))) {
    if (!LIST_IGNORE.test(ignored.getAttribute('style') ?? '')) continue;
    marker += ignored.textContent ?? '';
    ignored.remove();
  }
  return { element, list: match[1], level: Number(match[2]) - 1, ordered: ORDERED_MARKER.test(marker.replace(/\u00a0/g, ' ').trim()) };
}

/** Rebuilds each run of Word list paragraphs (adjacent siblings) as nested lists. */
function wordLists(root: Element): void {
  const doc = root.ownerDocument;
  const candidates = Array.from(root.querySelectorAll('p, h1, h2, h3, h4, h5, h6, div')).filter((p) => LIST_STYLE.test(p.getAttribute('style') ?? ''));
  const runs: Element[][] = [];
  for (const element of candidates) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1].nextElementSibling === element) run.push(element);
    else runs.push([element]);
  }
  for (const run of runs) {
    const items = run.map(wordListParagraph).filter((item): item is WordListParagraph => item !== null);
    const stack: { list: Element; level: number }[] = [];
    const anchor = doc.createElement('span');
    run[0].before(anchor);
    for (const item of items) {
      while (stack.length > 0 && stack[stack.length - 1].level > item.level) stack.pop();
      const tag = item.ordered ? 'ol' : 'ul';
      let top = stack[stack.length - 1];
      if (top && top.level === item.level && top.list.tagName.toLowerCase() !== tag) {
        stack.pop();
        const sibling = doc.createElement(tag);
        top.list.after(sibling);
        top = { list: sibling, level: item.level };
        stack.push(top);
      } else if (!top || top.level < item.level) {
        const list = doc.createElement(tag);
        const parentItem = top?.list.lastElementChild;
        if (parentItem) parentItem.append(list);
        else anchor.before(list);
        top = { list, level: item.level };
        stack.push(top);
      }
      const li = doc.createElement('li');
      const p = doc.createElement('p');
      p.append(...Array.from(item.element.childNodes));
      li.append(p);
      top.list.append(li);
      item.element.remove();
    }
    anchor.remove();
  }
}

/** Google Docs writes a nested list as a sibling of the items: move it into the item before it. */
function nestStrayLists(root: Element): void {
  for (const list of Array.from(root.querySelectorAll('ul > ul, ul > ol, ol > ul, ol > ol'))) {
    const previous = list.previousElementSibling;
    if (previous && previous.tagName === 'LI') previous.append(list);
    else {
      const li = list.ownerDocument.createElement('li');
      list.replaceWith(li);
      li.append(list);
    }
  }
}

function textOf(node: Node): string {
  return (node.textContent ?? '').replace(/\u00a0/g, ' ').trim();
}

/** Whether any text comes before `element` in `root`. */
function textBefore(root: Element, element: Element): boolean {
  for (const block of Array.from(root.querySelectorAll('p, li, h1, h2, h3, h4, h5, h6'))) {
    if (block === element) return false;
    if (block.contains(element)) continue;
    if (textOf(block) !== '') return true;
  }
  return false;
}

/** The element that carries the text's title, or null. */
function findTitle(root: Element): Element | null {
  const classed = Array.from(root.querySelectorAll('p[class], div[class], h1[class], h2[class], h3[class], h4[class], h5[class], h6[class]')).find((element) => TITLE_CLASS.test(element.getAttribute('class') ?? '') && textOf(element) !== '');
  if (classed) return classed;
  const h1 = Array.from(root.querySelectorAll('h1')).find((element) => textOf(element) !== '');
  if (h1) return h1;
  const heading = Array.from(root.querySelectorAll('h2, h3, h4, h5, h6')).find((element) => textOf(element) !== '');
  return heading && !textBefore(root, heading) ? heading : null;
}

/** Title first as the one `h1`; heading levels into the schema's 2-4. */
function headings(root: Element, mode: CleanMode): void {
  const title = mode === 'import' ? findTitle(root) : null;
  // Pasted headings that start at h1 (Word's Heading 1, Google Docs' too) all move one level down, keeping their order.
  const shift = mode === 'paste' && root.querySelector('h1') !== null ? 1 : 0;
  for (const heading of Array.from(root.querySelectorAll('h1, h2, h3, h4, h5, h6'))) {
    if (heading === title) continue;
    const level = Math.min(4, Math.max(2, Number(heading.tagName[1]) + shift));
    if (`H${level}` !== heading.tagName) rename(heading, `h${level}`);
  }
  if (!title) return;
  const h1 = title.tagName === 'H1' ? title : rename(title, 'h1');
  h1.removeAttribute('class');
  root.prepend(h1);
}

/** No-break spaces to spaces; empty paragraphs and headings out. */
function tidyText(root: Element): void {
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeValue && node.nodeValue.includes('\u00a0')) node.nodeValue = node.nodeValue.replace(/\u00a0/g, ' ');
  }
  for (const block of Array.from(root.querySelectorAll('p, h1, h2, h3, h4'))) {
    if (textOf(block) === '' && block.parentElement?.tagName !== 'LI' && !block.querySelector('br')) block.remove();
  }
  for (const unknown of Array.from(root.querySelectorAll('o\\:p, font, u, s, span, a, sup, sub, small, big, mark, ins'))) unwrap(unknown);
}

/**
 * Cleans `root` in place (see the file comment) and returns what it dropped.
 * `root` is usually a document's `body`.
 */
export function cleanHtml(root: Element, mode: CleanMode): DroppedCounts {
  const dropped: DroppedCounts = { comments: 0, images: 0, fields: 0 };
  dropNonText(root, dropped);
  wordLists(root);
  marksFromStyles(root);
  nestStrayLists(root);
  for (const element of Array.from(root.querySelectorAll('div, section, article, main, header, footer, aside, blockquote'))) {
    if (HEADING.test(element.tagName)) continue;
    unwrap(element);
  }
  headings(root, mode);
  tidyText(root);
  return dropped;
}

/** The warnings to show for what `cleanHtml` (or a reader) dropped; empty when nothing was. */
export function droppedWarnings(dropped: DroppedCounts): string[] {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const warnings: string[] = [];
  if (dropped.comments > 0) warnings.push(`${plural(dropped.comments, 'comment was', 'comments were')} left out: Plenary texts carry no comments.`);
  if (dropped.images > 0) warnings.push(`${plural(dropped.images, 'image was', 'images were')} left out: a resolution's text is words only.`);
  if (dropped.fields > 0) warnings.push(`${plural(dropped.fields, 'field was', 'fields were')} left out (page numbers, dates, cross-references): type the words instead.`);
  return warnings;
}
