import { h, replaceChildren, uniqueId } from '../dom';
import { compareHref } from '../components/doc-tabs';
import type { GutterBlock, LiveRedline } from '../redline/live-model';
import type { RedlineBlock } from '../../shared/redline/redline';
import { updateHunks, updateInstructions, type InstructionItem } from '../redline/render';
import { href } from '../router';
import type { EditorContext, EditorExtension, TextSurface } from './extensions';
import { panelJump } from './panel-jump';
import { acquireLiveRedline, isAmendmentWithBase, type AmendmentLive, type GutterNumbering } from './live-redline';

/**
 * The "Live redline" panel of an amendment: the formal instructions and the
 * changed passages against the base version, recomputed as the drafters type
 * (see `LiveRedlineSession`), each leading to its place in the text. Also
 * chooses what the gutter numbers by.
 */

/** The editor's textblock for block `index`: its position and DOM node. */
function blockAt(view: TextSurface, index: number): { pos: number; node: HTMLElement } | null {
  let found: { pos: number; node: HTMLElement } | null = null;
  let i = 0;
  view.state.doc.descendants((node, pos) => {
    if (found) return false;
    if (!node.isTextblock) return true;
    if (i === index) {
      const dom = view.nodeDOM(pos);
      if (dom instanceof HTMLElement) found = { pos, node: dom };
    }
    i++;
    return false;
  });
  return found;
}

/** The amendment's block that stands on base line `line` (or follows lines struck there). */
function blockForBaseLine(gutter: readonly (GutterBlock | undefined)[], line: number): number {
  let best = 0;
  for (let i = 0; i < gutter.length; i++) {
    const block = gutter[i];
    if (!block) continue;
    if (block.base && block.base[0] <= line && line <= block.base[1]) return i;
    if (block.struckBefore.some(([from, to]) => from <= line && line <= to)) return i;
    if (block.base && block.base[1] < line) best = block.status === 'equal' || block.status === 'modified' ? i : best;
    if (block.base && block.base[0] > line) break;
  }
  return best;
}

/**
 * Scrolls the editor to block `index` and highlights it for a moment (an
 * overlay on the sheet: ProseMirror owns the text's DOM). In an editable text
 * the cursor moves to the block's start, so typing continues there.
 */
function showBlock(context: EditorContext, index: number): void {
  const found = blockAt(context.view, index);
  if (!found) return;
  const { pos, node } = found;
  node.scrollIntoView({ block: 'center' });
  const sheet = node.closest('.editor-sheet');
  if (sheet instanceof HTMLElement) {
    const box = node.getBoundingClientRect();
    const origin = sheet.getBoundingClientRect();
    sheet.querySelector('.editor-flash')?.remove();
    const overlay = h('div', { class: 'editor-flash is-flashing', attrs: { 'aria-hidden': 'true', style: `top: ${box.top - origin.top - 4}px; height: ${box.height + 8}px` } });
    sheet.appendChild(overlay);
    window.setTimeout(() => overlay.remove(), 1600);
  }
  if (context.view.editable) context.placeCursor?.(pos + 1);
}

export const amendmentPanel: EditorExtension = {
  id: 'live-redline',
  title: 'Redline and instructions',
  appliesTo: isAmendmentWithBase,
  mount(context, { panel }) {
    const { document: doc } = context;
    const summary = h('p', { class: 'live-redline__summary', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } }, 'Comparing with the base text…');
    // How long the last redline took, kept for measurement (data-ms) but not shown: to drafters a bare "17 ms" reads as debug output.
    const timing = h('span', { class: 'live-redline__timing', dataset: { testid: 'redline-ms' }, attrs: { hidden: true } });
    const instructions = h('div', { class: 'live-redline__instructions' });
    const changes = h('div', { class: 'live-redline__changes' });
    const numberingId = uniqueId('numbering');
    const numberingChoice = (value: GutterNumbering, text: string) =>
      h('label', { class: 'segmented__option' }, h('input', { attrs: { type: 'radio', name: numberingId, value } }), h('span', {}, text));
    const baseChoice = numberingChoice('base', 'Base');
    const ownChoice = numberingChoice('own', 'This text');
    const numbering = h(
      'fieldset',
      { class: 'segmented segmented--small live-redline__numbering' },
      h('legend', { class: 'segmented__legend' }, 'Line numbers in the margin'),
      baseChoice,
      ownChoice,
    );
    const links = h(
      'p',
      { class: 'live-redline__links' },
      h('a', { attrs: { href: href(`/documents/${encodeURIComponent(doc.id)}/redline`) } }, 'Full redline'),
      h('a', { attrs: { href: compareHref({ left: doc.baseId!, leftVersion: doc.baseVersion, right: doc.id, layout: 'side' }) } }, 'Side by side'),
    );
    panel.append(
      h('div', { class: 'live-redline', dataset: { testid: 'live-redline' } },
        h('div', { class: 'live-redline__head' }, summary, timing),
        numbering,
        h('h3', { class: 'panel-subhead' }, 'Instructions'),
        instructions,
        h('h3', { class: 'panel-subhead' }, 'Redline'),
        changes,
        links,
      ),
    );
    replaceChildren(instructions, h('p', { class: 'loading' }, 'Working out the instructions…'));

    const jump = panelJump(panel, 'Go to instructions');
    const { live, release } = acquireLiveRedline(context);
    const cleanups: (() => void)[] = [release, () => jump.remove()];
    let destroyed = false;
    let lastSignature = '';

    void live.then(
      (shared: AmendmentLive) => {
        if (destroyed) return;
        const baseName = `${shared.base.document?.code ?? 'the base text'} v${shared.base.version}`;
        const radios = [baseChoice, ownChoice].map((label) => label.querySelector('input')!);
        for (const radio of radios) {
          radio.checked = radio.value === shared.numbering;
          radio.addEventListener('change', () => {
            if (radio.checked) shared.setNumbering(radio.value as GutterNumbering);
          });
        }
        const baseLabel = baseChoice.querySelector('span')!;
        baseLabel.textContent = `${shared.base.document?.code ?? 'Base'} v${shared.base.version}`;

        const goTo = (instruction: InstructionItem) => showBlock(context, blockForBaseLine(shared.session.latest?.gutter ?? [], instruction.fromLine));
        const selectHunk = (block: RedlineBlock) => {
          if (block.amendedBlock !== null) showBlock(context, block.amendedBlock);
          else if (block.baseBlock !== null) goTo({ form: 'strike-lines', text: '', fromLine: block.lines[0]?.baseLine ?? 1, toLine: block.lines[0]?.baseLine ?? 1 });
        };
        const render = (result: LiveRedline) => {
          timing.textContent = `${Math.max(1, Math.round(result.ms))} ms`;
          timing.title = `Redline and instructions computed in ${result.ms.toFixed(1)} ms, off the typing path`;
          timing.dataset.ms = result.ms.toFixed(2);
          const signature = result.instructions.map((i) => i.text).join('\n');
          const n = result.instructions.length;
          const words = n === 0 ? `No changes yet against ${baseName}.` : `${n} ${n === 1 ? 'instruction' : 'instructions'} against ${baseName}.`;
          // A live region: only a real change of the count is announced.
          if (summary.textContent !== words) summary.textContent = words;
          jump.show(n === 0 ? 'No changes yet' : `${n} ${n === 1 ? 'instruction' : 'instructions'}`);
          if (signature === lastSignature && instructions.childElementCount > 0 && !instructions.querySelector('.loading')) return;
          lastSignature = signature;
          // Only what changed is redrawn: a long amendment has hundreds of passages, and this runs while people type.
          updateInstructions(instructions, result.instructions, { onSelect: goTo });
          updateHunks(changes, result.changes, { empty: 'Edit the text and the struck and inserted words appear here.', onSelect: selectHunk });
        };
        cleanups.push(shared.session.subscribe(render));
      },
      (error: unknown) => {
        if (destroyed) return;
        summary.textContent = '';
        replaceChildren(instructions, h('p', { class: 'alert alert--error', attrs: { role: 'alert' } }, `The base text could not be loaded, so the redline is not shown. ${error instanceof Error ? error.message : ''}`));
      },
    );

    return () => {
      destroyed = true;
      for (const cleanup of cleanups.reverse()) cleanup();
    };
  },
};
