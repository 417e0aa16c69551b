/**
 * Reads a DOCX's paragraphs with their tracked changes (`w:ins`, `w:del`,
 * `w:moveTo`, `w:moveFrom`, and the paragraph marks' own `w:ins` / `w:del`)
 * straight from word/document.xml: mammoth reads the text as if every change
 * were accepted, which is no use for an amendment.
 */
import { DOMParser as XmlParser, type Node as XmlNode } from '@xmldom/xmldom';
import type { BlockKind } from '../../shared/text';
import type { TrackedParagraph, TrackedRun } from '../../shared/import/word-amendment';
import { errors } from '../errors';
import type { DocxPackage } from './docx-package';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
/** Plenary's own export styles (server/exports/docx.ts TEXT_STYLE) and the block each writes. */
const PLENARY_STYLES: Record<string, BlockKind> = {
  PlTitle: 'title',
  PlHeading: 'heading',
  PlParagraph: 'paragraph',
  PlWhereas: 'whereas',
  PlResolved: 'resolved',
};
const PLENARY_LIST_STYLE = 'PlListItem';

function parseXml(xml: string, part: string): Document {
  let failed = false;
  const doc = new XmlParser({ onError: (level) => { if (level !== 'warning') failed = true; } }).parseFromString(xml, 'text/xml');
  if (failed || !doc.documentElement) throw errors.importUnreadable(`The Word file is damaged (${part} is not valid XML).`);
  return doc as unknown as Document;
}

function children(node: XmlNode | Element, local?: string): Element[] {
  const out: Element[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1 && (child as Element).namespaceURI === W && (local === undefined || (child as Element).localName === local)) out.push(child as Element);
  }
  return out;
}

function child(node: Element, local: string): Element | undefined {
  return children(node, local)[0];
}

function attr(node: Element | undefined, local: string): string | null {
  return node?.getAttributeNS(W, local) ?? null;
}

/** Style id -> style name, from styles.xml. */
function styleNames(stylesXml: string): Map<string, string> {
  const names = new Map<string, string>();
  if (!stylesXml) return names;
  for (const style of Array.from(parseXml(stylesXml, 'styles.xml').getElementsByTagNameNS(W, 'style'))) {
    const id = attr(style, 'styleId');
    const name = attr(child(style, 'name'), 'val');
    if (id && name) names.set(id, name);
  }
  return names;
}

/** (numId, level) -> whether that list level counts (decimal, letters, roman) rather than bullets. */
function listFormats(numberingXml: string): (numId: string, level: number) => boolean {
  if (!numberingXml) return () => false;
  const doc = parseXml(numberingXml, 'numbering.xml');
  const abstract = new Map<string, Map<number, string>>();
  for (const node of Array.from(doc.getElementsByTagNameNS(W, 'abstractNum'))) {
    const levels = new Map<number, string>();
    for (const lvl of children(node, 'lvl')) levels.set(Number(attr(lvl, 'ilvl') ?? 0), attr(child(lvl, 'numFmt'), 'val') ?? 'decimal');
    abstract.set(attr(node, 'abstractNumId') ?? '', levels);
  }
  const nums = new Map<string, string>();
  for (const node of children(doc.documentElement!, 'num')) nums.set(attr(node, 'numId') ?? '', attr(child(node, 'abstractNumId'), 'val') ?? '');
  return (numId, level) => {
    const format = abstract.get(nums.get(numId) ?? '')?.get(level) ?? 'bullet';
    return format !== 'bullet' && format !== 'none';
  };
}

function runText(run: Element): string {
  let text = '';
  for (const node of children(run)) {
    switch (node.localName) {
      case 't':
      case 'delText':
        text += node.textContent ?? '';
        break;
      case 'tab':
      case 'br':
      case 'cr':
        text += ' ';
        break;
      case 'noBreakHyphen':
        text += '-';
        break;
    }
  }
  return text;
}

/** The runs of a paragraph (or of a change, hyperlink or content control inside it), in order. */
function runsOf(node: Element, status: TrackedRun['status'], out: TrackedRun[]): void {
  for (const element of children(node)) {
    switch (element.localName) {
      case 'r':
        out.push({ status, text: runText(element) });
        break;
      case 'ins':
      case 'moveTo':
        runsOf(element, 'inserted', out);
        break;
      case 'del':
      case 'moveFrom':
        runsOf(element, 'deleted', out);
        break;
      case 'hyperlink':
      case 'smartTag':
      case 'fldSimple':
      case 'customXml':
        runsOf(element, status, out);
        break;
      case 'sdt': {
        const content = child(element, 'sdtContent');
        if (content) runsOf(content, status, out);
        break;
      }
    }
  }
}

/** Every paragraph of the body in reading order (into tables and content controls). */
function bodyParagraphs(node: Element, out: Element[]): void {
  for (const element of children(node)) {
    if (element.localName === 'p') out.push(element);
    else if (['tbl', 'tr', 'tc', 'sdt', 'sdtContent', 'customXml'].includes(element.localName ?? '')) bodyParagraphs(element, out);
  }
}

/**
 * The text paragraphs of a DOCX with their tracked changes. In one of
 * Plenary's own exports only the text's styles are the text (its instructions,
 * headers and facts are not); in any other file every paragraph is, its kind
 * from Word's Title / Heading N styles and its list numbering.
 */
export function trackedParagraphs(parts: DocxPackage): TrackedParagraph[] {
  const doc = parseXml(parts.document, 'document.xml');
  const body = children(doc.documentElement!, 'body')[0];
  if (!body) throw errors.importUnreadable('The Word file has no body text.');
  const names = styleNames(parts.styles);
  const isPlenary = names.has('PlTitle');
  const ordered = listFormats(parts.numbering);
  const elements: Element[] = [];
  bodyParagraphs(body, elements);
  const paragraphs: TrackedParagraph[] = [];
  for (const element of elements) {
    const properties = child(element, 'pPr');
    const styleId = attr(properties && child(properties, 'pStyle'), 'val') ?? '';
    if (isPlenary && !(styleId in PLENARY_STYLES) && styleId !== PLENARY_LIST_STYLE) continue;
    const runs: TrackedRun[] = [];
    runsOf(element, 'kept', runs);
    const markProperties = properties && child(properties, 'rPr');
    const mark = markProperties && child(markProperties, 'ins') ? 'inserted' : markProperties && child(markProperties, 'del') ? 'deleted' : 'kept';
    const numbering = properties && child(properties, 'numPr');
    const paragraph: TrackedParagraph = { kind: 'paragraph', runs, mark };
    if (numbering) {
      const level = Number(attr(child(numbering, 'ilvl'), 'val') ?? 0);
      paragraph.kind = ordered(attr(child(numbering, 'numId'), 'val') ?? '', level) ? 'ordered' : 'bullet';
      paragraph.level = level;
    } else if (styleId in PLENARY_STYLES) {
      paragraph.kind = PLENARY_STYLES[styleId];
      if (paragraph.kind === 'heading') paragraph.level = 2;
    } else {
      const name = (names.get(styleId) ?? styleId).toLowerCase();
      const heading = /^heading\s*(\d)$/.exec(name);
      if (name === 'title') paragraph.kind = 'title';
      else if (heading) {
        paragraph.kind = 'heading';
        paragraph.level = Math.min(4, Number(heading[1]) + 1);
      }
    }
    paragraphs.push(paragraph);
  }
  return paragraphs;
}
