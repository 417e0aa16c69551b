import type { Redline } from '../../shared/redline/redline';
import { h, replaceChildren, uniqueId } from '../dom';
import { goToLine, renderInstructions, renderRedline, type InstructionItem } from './render';

/**
 * A redline with its instructions, as the redline and compare pages show it:
 * a layout switch (inline / side by side), the instructions beside the text
 * on wide screens (above it on phones), each leading to its line.
 */

export type RedlineLayout = 'inline' | 'side';

export interface RedlineAreaOptions {
  redline: Redline;
  instructions: readonly InstructionItem[];
  leftLabel: string;
  rightLabel: string;
  layout: RedlineLayout;
  /** Heading of the instructions list. */
  instructionsTitle: string;
  /** What the instructions list says when there are none (default: the text has no changes yet). */
  noInstructions?: string;
  /** Start with only the changed passages shown (the reader can show the whole text). */
  changesOnly?: boolean;
  /** Called when the reader switches layout (to keep the URL in step). */
  onLayout(layout: RedlineLayout): void;
}

/** Counts the changed passages of a redline. */
export function changeCount(redline: Redline): number {
  return redline.blocks.filter((block) => block.status !== 'equal').length;
}

/** Builds the area; the layout switch redraws the text only. */
export function redlineArea(options: RedlineAreaOptions): HTMLElement {
  let layout = options.layout;
  const layoutName = uniqueId('layout');
  const changesId = uniqueId('changes-only');
  const changesOnly = h('input', { attrs: { id: changesId, type: 'checkbox', checked: options.changesOnly ?? false }, on: { change: () => draw() } });
  const textHost = h('div', { class: 'redline-area__text' });
  const label = `Redline of ${options.rightLabel} against ${options.leftLabel}`;
  const draw = () =>
    replaceChildren(textHost, renderRedline(options.redline, { layout, leftLabel: options.leftLabel, rightLabel: options.rightLabel, label, changesOnly: changesOnly.checked }));
  const choice = (value: RedlineLayout, text: string) =>
    h(
      'label',
      { class: 'segmented__option' },
      h('input', {
        attrs: { type: 'radio', name: layoutName, value, checked: layout === value },
        on: {
          change: (event) => {
            if (!(event.target as HTMLInputElement).checked) return;
            layout = value;
            draw();
            options.onLayout(value);
          },
        },
      }),
      h('span', {}, text),
    );
  const instructionsId = uniqueId('instructions');
  const n = options.instructions.length;
  const aside = h(
    'section',
    { class: 'redline-area__instructions card', attrs: { 'aria-labelledby': instructionsId } },
    h('h2', { class: 'redline-area__title', attrs: { id: instructionsId } }, options.instructionsTitle, ' ', h('span', { class: 'count-pill' }, String(n))),
    h('p', { class: 'help-text' }, `Line numbers of ${options.leftLabel}, ${options.redline.width} characters a line.`),
    renderInstructions(options.instructions, {
      empty: options.noInstructions,
      onSelect: (instruction) => {
        if (!goToLine(textHost, instruction.fromLine || 1) && changesOnly.checked) {
          changesOnly.checked = false;
          draw();
          goToLine(textHost, instruction.fromLine || 1);
        }
      },
    }),
  );
  draw();
  return h(
    'div',
    { class: 'redline-area' },
    h(
      'div',
      { class: 'redline-area__bar' },
      h(
        'div',
        { class: 'redline-area__controls' },
        h('fieldset', { class: 'segmented' }, h('legend', { class: 'visually-hidden' }, 'Layout'), choice('inline', 'Inline'), choice('side', 'Side by side')),
        h('label', { class: 'check', attrs: { for: changesId } }, changesOnly, h('span', {}, 'Changes only')),
      ),
      h('p', { class: 'redline-area__legend', attrs: { 'aria-hidden': 'true' } }, h('del', { class: 'rl-del' }, 'struck'), ' ', h('ins', { class: 'rl-ins' }, 'inserted')),
    ),
    h('div', { class: 'redline-area__body' }, aside, h('div', { class: 'redline-area__main card' }, textHost)),
  );
}
