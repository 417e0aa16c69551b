import { h } from '../dom';

/** A line under a document's title that leads to one of its side panels. */
export interface PanelJump {
  /** Shows the line with `text` (a count, say) before its button. */
  show(text: string): void;
  /** Takes the line out of the page (when the panel goes). */
  remove(): void;
}

/**
 * Where the side panels stack below a long text (phones, narrow windows), a
 * line under the title with what the panel holds and a button that opens the
 * panel, scrolls to it and puts focus on its first control. Wide layouts,
 * where the panel is beside the text, hide the line (see `.panel-jump`).
 */
export function panelJump(panel: HTMLElement, buttonLabel: string): PanelJump {
  const go = () => {
    const details = panel.closest('details');
    if (details) details.open = true;
    panel.scrollIntoView({ block: 'start' });
    panel.querySelector<HTMLElement>('button, a, input')?.focus({ preventScroll: true });
  };
  const text = h('span', { class: 'panel-jump__text' });
  const line = h('p', { class: 'panel-jump', attrs: { hidden: true } }, text, h('button', { class: 'btn btn--secondary btn--small', attrs: { type: 'button' }, on: { click: go } }, buttonLabel));
  panel.closest('.editor-page')?.querySelector('.doc-header')?.appendChild(line);
  return {
    show(words) {
      line.hidden = false;
      text.textContent = words;
    },
    remove: () => line.remove(),
  };
}
