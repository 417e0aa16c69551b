import { announce } from '../announce';
import { h } from '../dom';

/** How long a copy button says it copied before it reads as before. */
const COPIED_FOR_MS = 2000;

/**
 * A button that copies `text()` (read when clicked) to the clipboard and says so
 * for a moment. Where the browser refuses (no clipboard outside a secure
 * context, or permission denied) it shows the text in a prompt, selected, to
 * copy by hand.
 */
export function copyButton(label: string, copiedLabel: string, text: () => string): HTMLButtonElement {
  const button = h('button', { class: 'btn btn--secondary btn--small', attrs: { type: 'button' } }, label);
  button.addEventListener('click', () => {
    const value = text();
    const done = () => {
      button.textContent = copiedLabel;
      announce(copiedLabel);
      window.setTimeout(() => (button.textContent = label), COPIED_FOR_MS);
    };
    const byHand = () => window.prompt(label, value);
    if (navigator.clipboard) void navigator.clipboard.writeText(value).then(done, byHand);
    else byHand();
  });
  return button;
}
