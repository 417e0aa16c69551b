import { numberLines } from '../../shared/redline/lines';
import { h } from '../dom';
import type { GutterBlock, LiveRedline } from '../redline/live-model';
import { linesLabel } from '../redline/render';
import { lineWidthOf } from '../texts';
import type { EditorExtension, TextSurface } from './extensions';
import { acquireLiveRedline, editorBlocks, isAmendmentWithBase, type AmendmentLive, type GutterNumbering } from './live-redline';

/**
 * Line numbers in the gutter, for every text. Lines are numbered by
 * `numberLines` at the convention's width (the numbers every export and
 * instruction uses). The browser wraps text at its own width, so a number per
 * screen line would lie; instead each block shows its line range at its top
 * ("14" or "14" over "–17"), with a hairline down its height.
 *
 * In an amendment the gutter numbers by the base version by default (the
 * numbers its instructions cite): unchanged blocks show their base lines,
 * changed blocks their base lines with a change bar, new blocks "new", and a
 * red mark shows where base lines were struck. It can number by the
 * amendment's own lines instead (its changed lines still marked).
 */

/** How long numbering waits after a change (numbering is cheap; measuring layout on every key is not). */
const RENUMBER_DELAY_MS = 150;

/** One block's label in the gutter. */
interface Label {
  top: string;
  bottom: string;
  kind: 'plain' | 'modified' | 'inserted';
  struck: string;
  title: string;
}

function rangeLabel(range: [number, number] | null, kind: Label['kind'], title: string, struck = ''): Label {
  if (!range) return { top: kind === 'inserted' ? 'new' : '', bottom: '', kind, struck, title };
  const [from, to] = range;
  return { top: String(from), bottom: to > from ? `–${to}` : '', kind, struck, title };
}

function struckWords(ranges: [number, number][]): string {
  return ranges.map(([from, to]) => (from === to ? `−${from}` : `−${from}–${to}`)).join(' ');
}

/** The gutter labels of an amendment, by base or own lines. */
function amendmentLabels(result: LiveRedline, numbering: GutterNumbering, baseName: string): Label[] {
  return result.gutter.map((block: GutterBlock | undefined, index) => {
    if (!block) return rangeLabel(null, 'plain', '');
    const struck = struckWords(block.struckBefore) + (index === result.gutter.length - 1 && result.struckAtEnd.length ? ` ${struckWords(result.struckAtEnd)}` : '');
    const kind: Label['kind'] = block.status === 'equal' ? 'plain' : block.status;
    const strikeNote = block.struckBefore.length ? ` Struck just before: ${block.struckBefore.map(([from, to]) => linesLabel(from, to).toLowerCase()).join(', ')}.` : '';
    if (numbering === 'own') {
      const what = block.status === 'equal' ? 'unchanged' : block.status === 'inserted' ? 'new text' : 'changed';
      return rangeLabel(block.own, kind === 'inserted' ? 'inserted' : kind, `Lines of this amendment (${what}).${strikeNote}`, struck);
    }
    if (block.status === 'inserted') return rangeLabel(null, 'inserted', `New text, not in ${baseName}.${strikeNote}`, struck);
    const range = block.base ? (block.base[0] === block.base[1] ? `line ${block.base[0]}` : `lines ${block.base[0]}–${block.base[1]}`) : 'no lines';
    return rangeLabel(block.base, kind, `${baseName}, ${range}${block.status === 'modified' ? ', changed here' : ''}.${strikeNote}`, struck);
  });
}

/** The textblocks of the editor's document, in block order, with their DOM nodes. */
function textblockNodes(view: TextSurface): (HTMLElement | null)[] {
  const nodes: (HTMLElement | null)[] = [];
  view.state.doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const dom = view.nodeDOM(pos);
    nodes.push(dom instanceof HTMLElement ? dom : null);
    return false;
  });
  return nodes;
}

export const lineNumbers: EditorExtension = {
  id: 'line-numbers',
  mount(context, { gutter }) {
    const { view, document: doc } = context;
    const page = gutter.closest('.editor-page');
    page?.classList.add('editor-page--numbered');
    const layer = h('div', { class: 'ln-layer' });
    gutter.appendChild(layer);
    let labels: Label[] = [];
    const elements: HTMLElement[] = [];
    let frame = 0;
    let timer = 0;
    let destroyed = false;

    /** Places the labels beside their blocks: reads all positions first, then writes. */
    const place = () => {
      frame = 0;
      if (destroyed) return;
      const nodes = textblockNodes(view);
      const origin = gutter.getBoundingClientRect().top;
      // A block's top padding depends on its tag and class only: one computed style per kind, not per block and frame.
      const padTops = new Map<string, number>();
      const boxes = nodes.map((node) => {
        if (!node) return null;
        const rect = node.getBoundingClientRect();
        const kind = `${node.tagName}.${node.className}`;
        let padTop = padTops.get(kind);
        if (padTop === undefined) {
          const style = node.ownerDocument.defaultView?.getComputedStyle(node);
          padTop = style ? parseFloat(style.paddingTop) || 0 : 0;
          padTops.set(kind, padTop);
        }
        return { top: rect.top - origin + padTop, height: rect.height - padTop };
      });
      const count = Math.min(labels.length, boxes.length);
      while (elements.length < count) {
        const element = h('div', { class: 'ln' }, h('span', { class: 'ln__struck' }), h('span', { class: 'ln__from' }), h('span', { class: 'ln__to' }));
        layer.appendChild(element);
        elements.push(element);
      }
      while (elements.length > count) elements.pop()!.remove();
      for (let i = 0; i < count; i++) {
        const label = labels[i];
        const box = boxes[i];
        const element = elements[i];
        if (!box) {
          if (!element.hidden) element.hidden = true;
          continue;
        }
        if (element.hidden) element.hidden = false;
        // Only what moved is written: a keystroke that wraps no line changes no label, and style is not recomputed for hundreds.
        const transform = `translateY(${Math.round(box.top)}px)`;
        const height = `${Math.max(0, Math.round(box.height))}px`;
        if (element.style.transform !== transform) element.style.transform = transform;
        if (element.style.height !== height) element.style.height = height;
        const className = `ln ln--${label.kind}${label.bottom ? ' ln--range' : ''}`;
        if (element.className !== className) element.className = className;
        const [struck, from, to] = element.children as unknown as HTMLElement[];
        if (struck.textContent !== label.struck) struck.textContent = label.struck;
        if (from.textContent !== label.top) from.textContent = label.top;
        if (to.textContent !== label.bottom) to.textContent = label.bottom;
        if (element.title !== label.title) element.title = label.title;
      }
    };
    const schedulePlace = () => {
      if (!frame) frame = window.requestAnimationFrame(place);
    };

    const cleanups: (() => void)[] = [];
    const resize = new ResizeObserver(schedulePlace);
    resize.observe(view.dom);
    cleanups.push(() => resize.disconnect());
    cleanups.push(context.onDocChange(schedulePlace));

    if (isAmendmentWithBase(doc)) {
      const { live, release } = acquireLiveRedline(context);
      cleanups.push(release);
      void live.then(
        (shared: AmendmentLive) => {
          if (destroyed) return;
          const baseName = `${shared.base.document?.code ?? 'Base'} v${shared.base.version}`;
          const relabel = () => {
            const result = shared.session.latest;
            if (!result) return;
            labels = amendmentLabels(result, shared.numbering, baseName);
            gutter.dataset.numbering = shared.numbering;
            schedulePlace();
          };
          cleanups.push(shared.session.subscribe(relabel));
          cleanups.push(shared.onNumbering(relabel));
        },
        () => undefined,
      );
    } else {
      let width = 0;
      const renumber = () => {
        timer = 0;
        if (destroyed || width === 0) return;
        const lines = numberLines(editorBlocks(view), width);
        labels = lines.blocks.map((_, index) => {
          const from = lines.firstLineOf(index);
          const to = lines.lastLineOf(index);
          return rangeLabel(from === 0 ? null : [from, to], 'plain', from === 0 ? '' : from === to ? `Line ${from}` : `Lines ${from}–${to}`);
        });
        gutter.dataset.numbering = 'own';
        schedulePlace();
      };
      cleanups.push(context.onDocChange(() => {
        window.clearTimeout(timer);
        timer = window.setTimeout(renumber, RENUMBER_DELAY_MS);
      }));
      void lineWidthOf(context.app).then((w) => {
        width = w;
        renumber();
      });
    }
    // Fonts and the side panel settle after mount; place again then.
    void document.fonts?.ready.then(schedulePlace);

    return () => {
      destroyed = true;
      window.cancelAnimationFrame(frame);
      window.clearTimeout(timer);
      for (const cleanup of cleanups.reverse()) cleanup();
      layer.remove();
      page?.classList.remove('editor-page--numbered');
    };
  },
};
