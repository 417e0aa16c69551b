import { h, uniqueId } from '../dom';

/** A labelled file picker that also takes a dropped file. */
export interface FileDrop {
  element: HTMLElement;
  /** The native input (focus it to point the person at it). */
  input: HTMLInputElement;
  /** The chosen or dropped file, or null. */
  file(): File | null;
}

/**
 * A drop zone around a native file input: the input keeps the keyboard
 * (Tab to it, Enter or Space opens the picker) and the label names it for
 * screen readers; dropping a file anywhere on the zone chooses it, as if
 * picked. The chosen file's name is shown (and announced: it is a live region).
 */
export function fileDrop(options: { label: string; help: string; accept: string }): FileDrop {
  const inputId = uniqueId('file');
  const helpId = uniqueId('file-help');
  const input = h('input', { class: 'file-drop__input', attrs: { id: inputId, type: 'file', accept: options.accept, 'aria-describedby': helpId } });
  const chosen = h('p', { class: 'file-drop__chosen', attrs: { 'aria-live': 'polite' } });
  const zone = h(
    'div',
    { class: 'file-drop' },
    h('label', { class: 'label', attrs: { for: inputId } }, options.label),
    input,
    h('p', { class: 'help-text', attrs: { id: helpId } }, options.help, ' You can also drop the file here.'),
    chosen,
  );
  const show = () => {
    const file = input.files?.[0];
    chosen.textContent = file ? `Chosen: ${file.name}` : '';
  };
  input.addEventListener('change', show);
  zone.addEventListener('dragover', (event) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    zone.classList.add('file-drop--over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('file-drop--over'));
  zone.addEventListener('drop', (event) => {
    zone.classList.remove('file-drop--over');
    const files = event.dataTransfer?.files;
    if (!files || files.length === 0) return;
    event.preventDefault();
    input.files = files;
    show();
  });
  return { element: zone, input, file: () => input.files?.[0] ?? null };
}
