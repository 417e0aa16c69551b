import type { Node as PMNode } from 'prosemirror-model';
import type { DocumentSummary } from '../api-types';
import { h } from '../dom';
import { KIND_LABELS, codeOf, formatExact, formatWhen, statusBadge } from '../format';
import { textHref } from '../components/doc-tabs';
import type { EditorExtension } from './extensions';

/** Counts words the way a reader would (hyphenated words count once). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Words of each top-level block already counted: a block unchanged since the last count keeps its node (ProseMirror nodes are immutable). */
const wordsOfBlock = new WeakMap<PMNode, number>();

/**
 * The words of `doc` as `countWords` counts its text with blocks joined by
 * spaces, block by block: blocks never share a word, so the sum is the same,
 * and only blocks that changed since the last count are read again.
 */
export function countDocumentWords(doc: PMNode): number {
  let total = 0;
  doc.forEach((block) => {
    let words = wordsOfBlock.get(block);
    if (words === undefined) {
      words = countWords(block.textBetween(0, block.content.size, ' ', ' '));
      wordsOfBlock.set(block, words);
    }
    total += words;
  });
  return total;
}

/** How often the word count may be recomputed while the text changes (a long text takes a few ms). */
const WORD_COUNT_INTERVAL_MS = 500;

/** How often "Last change" (e.g. "3 minutes ago") is reworded while the text stays open. */
const LAST_CHANGE_REFRESH_MS = 30_000;

function row(term: string, ...value: (Node | string | null)[]): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, ...value)];
}

/** The link to the base text, at the version this text amends (with that version's line numbers). */
function baseLink(doc: DocumentSummary): HTMLElement | null {
  if (!doc.baseId) return null;
  return h('a', { attrs: { href: textHref(doc.baseId, doc.baseVersion) } }, doc.baseVersion === null ? 'Open the base text' : `Open the base text (v${doc.baseVersion})`);
}

/**
 * The first side-panel section: what this text is (kind, code, status, caucus,
 * base, last change, or the version shown and when it was published) and a
 * live word count. "Last change" moves with every
 * edit made here or by a co-drafter, and keeps its wording current. Also an
 * example of an extension.
 */
export const aboutPanel: EditorExtension = {
  id: 'about',
  title: 'About this text',
  mount(context, { panel }) {
    const { document: doc, shown } = context;
    const words = h('dd', {});
    const updateWords = () => {
      const n = countDocumentWords(context.view.state.doc);
      words.textContent = `${n.toLocaleString()} ${n === 1 ? 'word' : 'words'}`;
    };
    let lastChange = doc.updatedAt;
    const lastChangeTime = h('time', {});
    const showLastChange = () => {
      lastChangeTime.dateTime = lastChange;
      lastChangeTime.title = formatExact(lastChange);
      lastChangeTime.textContent = formatWhen(lastChange);
    };
    // At most one count per interval, also while someone types without pause.
    let timer = 0;
    const stop = context.onDocChange(() => {
      lastChange = new Date().toISOString();
      if (timer !== 0) return;
      timer = window.setTimeout(() => {
        timer = 0;
        updateWords();
        showLastChange();
      }, WORD_COUNT_INTERVAL_MS);
    });
    const reword = window.setInterval(showLastChange, LAST_CHANGE_REFRESH_MS);
    updateWords();
    showLastChange();
    panel.appendChild(
      h(
        'dl',
        { class: 'facts' },
        ...row('Kind', KIND_LABELS[doc.kind].one),
        ...row('Code', codeOf(doc)),
        ...row('Status', statusBadge(doc.status)),
        ...(doc.caucusName ? row('Caucus', doc.caucusName) : []),
        ...(doc.baseId ? row('Amends', baseLink(doc)) : []),
        ...(shown
          ? [
              ...row('Version', `v${shown.version} of ${shown.newest}`),
              ...(shown.publishedAt ? row('Published', h('time', { attrs: { datetime: shown.publishedAt, title: formatExact(shown.publishedAt) } }, formatWhen(shown.publishedAt))) : []),
            ]
          : row('Last change', lastChangeTime)),
        h('dt', {}, 'Length'),
        words,
      ),
    );
    return () => {
      stop();
      window.clearTimeout(timer);
      window.clearInterval(reword);
    };
  },
};
