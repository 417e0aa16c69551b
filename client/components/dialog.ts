import { h, uniqueId, type Child } from '../dom';

/**
 * A modal confirmation built on the native `<dialog>`: the browser traps focus
 * inside it, Escape cancels, and focus returns to where it was. The dialog is
 * labelled by its title and described by its body.
 */

export interface ConfirmOptions {
  title: string;
  /** What will happen, in plain words. */
  body: Child[];
  confirmLabel: string;
  cancelLabel?: string;
  /** Styles the confirm button as a destructive action (withdraw, fail). */
  danger?: boolean;
  /** Adds an optional note field (e.g. why staff record an outcome). */
  noteLabel?: string;
}

/** What the person chose: null when cancelled, else the note (empty when none was asked for or given). */
export type ConfirmResult = { note: string } | null;

/** Shows a confirmation dialog and resolves when it closes. */
export function confirmDialog(options: ConfirmOptions): Promise<ConfirmResult> {
  const titleId = uniqueId('dialog-title');
  const bodyId = uniqueId('dialog-body');
  const noteId = uniqueId('dialog-note');
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const note = options.noteLabel ? h('textarea', { class: 'input dialog__note', attrs: { id: noteId, rows: 3, maxlength: 2000 } }) : null;
  const confirm = h('button', { class: `btn ${options.danger ? 'btn--danger' : 'btn--primary'}`, attrs: { type: 'submit', value: 'confirm' } }, options.confirmLabel);
  const cancel = h('button', { class: 'btn btn--secondary', attrs: { type: 'button' } }, options.cancelLabel ?? 'Cancel');
  const form = h(
    'form',
    { class: 'dialog__form', attrs: { method: 'dialog' } },
    h('h2', { class: 'dialog__title', attrs: { id: titleId } }, options.title),
    h('div', { class: 'dialog__body', attrs: { id: bodyId } }, ...options.body),
    note ? h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: noteId } }, options.noteLabel!), note) : null,
    h('div', { class: 'dialog__buttons' }, cancel, confirm),
  );
  const dialog = h('dialog', { class: 'dialog', attrs: { 'aria-labelledby': titleId, 'aria-describedby': bodyId } }, form);
  document.body.appendChild(dialog);
  return new Promise<ConfirmResult>((resolve) => {
    let result: ConfirmResult = null;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', () => {
      result = { note: note?.value.trim() ?? '' };
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      previous?.focus({ preventScroll: true });
      resolve(result);
    });
    dialog.showModal();
    // Start on the safe choice for destructive actions, on the action otherwise.
    (note ?? (options.danger ? cancel : confirm)).focus();
  });
}
