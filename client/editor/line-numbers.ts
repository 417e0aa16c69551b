import { IncrementalNumbering } from '../../shared/redline/lines';
import { afterNextPaint } from '../after-paint';
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

/** How long numbering waits after a change: one numbering after a burst of keys, not one per key. */
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

/** Where a block's label goes, relative to the gutter's top. */
interface Box {
  top: number;
  height: number;
}

/** What a label element shows. */
interface Drawn {
  hidden: boolean;
  transform: string;
  height: string;
  className: string;
  struck: string;
  top: string;
  bottom: string;
  title: string;
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
    /** What was last written to each label element, so that drawing compares with it instead of reading the DOM back. */
    const drawn: Drawn[] = [];
    /** The textblocks' elements the labels stand beside, and their classes (a class can change a block's margins). */
    let nodes: (HTMLElement | null)[] = [];
    let nodeClasses: string[] = [];
    /** Where each block's label goes, from the last measurement. */
    let boxes: (Box | null)[] = [];
    let frame = 0;
    let timer = 0;
    let destroyed = false;
    /** Whether the next frame finds and measures the blocks again before drawing. */
    let placeAll = false;

    /** Reads every block's position (layout is read once, all reads before any write). */
    const measure = () => {
      const origin = gutter.getBoundingClientRect().top;
      // A block's top padding depends on its tag and class only: one computed style per kind, not per block and frame.
      const padTops = new Map<string, number>();
      boxes = nodes.map((node) => {
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
    };

    /** Writes the labels at the measured places; only what differs from what was last written. */
    const draw = () => {
      const count = Math.min(labels.length, boxes.length);
      while (elements.length < count) {
        const element = h('div', { class: 'ln' }, h('span', { class: 'ln__struck' }), h('span', { class: 'ln__from' }), h('span', { class: 'ln__to' }));
        layer.appendChild(element);
        elements.push(element);
        drawn.push({ hidden: false, transform: '', height: '', className: 'ln', struck: '', top: '', bottom: '', title: '' });
      }
      while (elements.length > count) {
        elements.pop()!.remove();
        drawn.pop();
      }
      for (let i = 0; i < count; i++) {
        const label = labels[i];
        const box = boxes[i];
        const element = elements[i];
        const was = drawn[i];
        if (!box) {
          if (!was.hidden) element.hidden = was.hidden = true;
          continue;
        }
        if (was.hidden) element.hidden = was.hidden = false;
        // Only what moved is written: a keystroke that wraps no line changes no label, and style is not recomputed for hundreds.
        const transform = `translateY(${Math.round(box.top)}px)`;
        const height = `${Math.max(0, Math.round(box.height))}px`;
        if (was.transform !== transform) element.style.transform = was.transform = transform;
        if (was.height !== height) element.style.height = was.height = height;
        const className = `ln ln--${label.kind}${label.bottom ? ' ln--range' : ''}`;
        if (was.className !== className) element.className = was.className = className;
        const [struck, from, to] = element.children as unknown as HTMLElement[];
        if (was.struck !== label.struck) struck.textContent = was.struck = label.struck;
        if (was.top !== label.top) from.textContent = was.top = label.top;
        if (was.bottom !== label.bottom) to.textContent = was.bottom = label.bottom;
        if (was.title !== label.title) element.title = was.title = label.title;
      }
    };

    /**
     * Blocks move only when one of them changes size, when blocks come or go
     * (the text's height changes, or a block's element leaves: its size becomes
     * 0), or when the text's width changes. One ResizeObserver watches the text
     * and each textblock (border box): a keystroke that wraps no line measures
     * nothing, and one that does is measured after layout, in the same frame.
     */
    const sizes = new ResizeObserver(() => {
      if (destroyed) return;
      findBlocks();
      measure();
      draw();
    });

    /** Finds the textblocks' elements again; true when they (or their classes) changed. */
    const findBlocks = (): boolean => {
      const next = textblockNodes(view);
      const classes = next.map((node) => node?.className ?? '');
      if (next.length === nodes.length && next.every((node, i) => node === nodes[i] && classes[i] === nodeClasses[i])) return false;
      const kept = new Set(next);
      for (const node of nodes) if (node && !kept.has(node)) sizes.unobserve(node);
      const before = new Set(nodes);
      for (const node of next) if (node && !before.has(node)) sizes.observe(node, { box: 'border-box' });
      nodes = next;
      nodeClasses = classes;
      return true;
    };

    const onFrame = () => {
      frame = 0;
      if (destroyed) return;
      if (placeAll) {
        findBlocks();
        measure();
        placeAll = false;
      }
      draw();
    };
    /** Draws the labels (new texts, same places) in the next frame. */
    const scheduleDraw = () => {
      if (!frame) frame = window.requestAnimationFrame(onFrame);
    };
    /** Places every label afresh in the next frame: finds and measures the blocks again. */
    const schedulePlace = () => {
      placeAll = true;
      scheduleDraw();
    };

    const cleanups: (() => void)[] = [];
    sizes.observe(view.dom);
    cleanups.push(() => sizes.disconnect());
    // After a change, the blocks are found again once its frame is painted, off the keystroke's path: a change that
    // moved no block's size and not the text's (a block's class) is placed then. Everything else moved a size.
    let cancelCheck: (() => void) | null = null;
    cleanups.push(
      context.onDocChange(() => {
        cancelCheck ??= afterNextPaint(() => {
          cancelCheck = null;
          if (!destroyed && findBlocks()) {
            measure();
            draw();
          }
        });
      }),
      () => cancelCheck?.(),
    );
    schedulePlace();

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
            scheduleDraw();
          };
          cleanups.push(shared.session.subscribe(relabel));
          cleanups.push(shared.onNumbering(relabel));
        },
        () => undefined,
      );
    } else {
      // Only the blocks that changed are wrapped again; the numbers after them shift (see `IncrementalNumbering`).
      let numbering: IncrementalNumbering | null = null;
      const renumber = () => {
        timer = 0;
        if (destroyed || !numbering) return;
        labels = numbering.number(editorBlocks(view)).map(([from, to]) =>
          rangeLabel(from === 0 ? null : [from, to], 'plain', from === 0 ? '' : from === to ? `Line ${from}` : `Lines ${from}–${to}`),
        );
        gutter.dataset.numbering = 'own';
        scheduleDraw();
      };
      cleanups.push(context.onDocChange(() => {
        window.clearTimeout(timer);
        timer = window.setTimeout(renumber, RENUMBER_DELAY_MS);
      }));
      void lineWidthOf(context.app).then((width) => {
        numbering = new IncrementalNumbering(width);
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
