import type { DocumentSummary } from '../api-types';
import type { AppContext } from '../app-context';
import { fileDrop } from '../components/file-drop';
import { h, uniqueId } from '../dom';
import { href } from '../router';
import { sendImport } from './import-text';

/** Where the amendment import reads the rest of the amend form. */
export interface AmendChoices {
  /** The base version chosen (undefined: the newest). */
  version(): number | undefined;
  /** The caucus chosen (undefined: the drafter's only one). */
  caucusId(): string | undefined;
}

/**
 * "Import amendment from Word", on the amend page of a published text: a Word
 * file of this text with tracked changes becomes the caucus's amendment
 * draft, the base with the changes applied, so Plenary writes the formal
 * instructions as if it had been drafted here. Changes that do not match the
 * base version are listed in the result, not applied.
 */
export function importAmendmentPanel(app: AppContext, base: DocumentSummary, choices: AmendChoices): HTMLElement {
  const headingId = uniqueId('import-amendment');
  const titleId = uniqueId('import-amendment-title');
  const drop = fileDrop({ label: 'Word file with tracked changes', accept: '.docx', help: `A .docx of ${base.code} (for example Plenary’s own Word export) edited in Word with Track Changes on.` });
  const title = h('input', { class: 'input', attrs: { id: titleId, maxlength: 300, autocomplete: 'off' } });
  const outcome = h('div', { class: 'import-outcome' });
  const submit = h('button', { class: 'btn btn--secondary', attrs: { type: 'submit' } }, 'Import amendment from Word');
  const send = () =>
    sendImport(app, {
      drop,
      submit,
      outcome,
      path: `/api/documents/${encodeURIComponent(base.id)}/amendments/import`,
      fields: { title: title.value.trim(), version: choices.version()?.toString(), caucusId: choices.caucusId() },
      what: `an amendment to ${base.code}`,
      noFile: 'Choose the Word file first.',
    });
  return h(
    'section',
    { class: 'card import-amendment', attrs: { 'aria-labelledby': headingId } },
    h('h2', { class: 'import-amendment__heading', attrs: { id: headingId } }, 'Or import an amendment from Word'),
    h(
      'form',
      {
        class: 'form import-form',
        attrs: { novalidate: true },
        on: {
          submit: (event) => {
            event.preventDefault();
            void send();
          },
        },
      },
      drop.element,
      h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: titleId } }, 'Title of the amendment ', h('span', { class: 'help-text' }, '(optional: else the file name)')), title),
      h('div', { class: 'import-form__buttons' }, submit),
      outcome,
    ),
  );
}

/** The "Import amendment from Word" link beside "Propose an amendment" on a published text: the amend page, at its import form. */
export function importAmendmentLink(base: DocumentSummary): HTMLAnchorElement {
  return h('a', { class: 'btn btn--secondary btn--small doc-header__import', attrs: { href: href(`/documents/${encodeURIComponent(base.id)}/amend`, { from: 'word' }) } }, 'Import amendment from Word');
}
