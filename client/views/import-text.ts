import { ApiError } from '../api';
import type { DocumentSummary } from '../api-types';
import type { AppContext } from '../app-context';
import { announce } from '../announce';
import { fileDrop, type FileDrop } from '../components/file-drop';
import { h, replaceChildren, uniqueId } from '../dom';
import { icon } from '../icons';
import { href } from '../router';

/** What the import routes answer: the new draft and what was left out of the file. */
export type ImportedDraft = DocumentSummary & {
  warnings: string[];
  applied?: number;
  unmatched?: { original: string; changed: string; reason: string }[];
};

/** The file endings the text import reads (server/import/read-text.ts). */
const TEXT_ACCEPT = '.docx,.md,.markdown,.txt,.html,.htm';

/**
 * The outcome of an import, shown in place: the draft's link, then each
 * warning (what the file held that a Plenary text does not) and each tracked
 * change that did not match the base. Focus moves here so that keyboard and
 * screen-reader users hear it.
 */
export function importResult(created: ImportedDraft, what: string): HTMLElement {
  const headingId = uniqueId('import-result');
  const problems = [...created.warnings];
  const unmatched = created.unmatched ?? [];
  const element = h(
    'section',
    { class: `alert ${problems.length || unmatched.length ? 'alert--warning' : 'alert--info'} import-result`, attrs: { 'aria-labelledby': headingId, tabindex: '-1' } },
    icon(problems.length || unmatched.length ? 'alert' : 'check'),
    h(
      'div',
      {},
      h('h3', { class: 'import-result__title', attrs: { id: headingId } }, `Imported “${created.title}” as ${what}.`),
      problems.length ? h('ul', { class: 'import-result__warnings' }, ...problems.map((warning) => h('li', {}, warning))) : null,
      unmatched.length
        ? h(
            'div',
            {},
            h('p', {}, h('strong', {}, 'Not applied: '), 'these tracked changes do not match the text, so they were left out. Make them in the editor if they still apply.'),
            h('ul', { class: 'import-result__unmatched' }, ...unmatched.map((change) => h('li', {}, h('span', { class: 'import-result__was' }, change.original || '(new paragraph)'), ' → ', h('span', {}, change.changed || '(struck)')))),
          )
        : null,
      h('p', {}, h('a', { class: 'btn btn--primary btn--small', attrs: { href: href(`/documents/${encodeURIComponent(created.id)}`) } }, 'Open the draft')),
    ),
  );
  return element;
}

/** Shows an import's result or error in `slot`, moving focus to it. */
export function showImportOutcome(slot: HTMLElement, outcome: { created: ImportedDraft; what: string } | { error: unknown }): void {
  if ('created' in outcome) {
    const result = importResult(outcome.created, outcome.what);
    replaceChildren(slot, result);
    result.focus();
    announce(`Imported “${outcome.created.title}”.${outcome.created.warnings.length ? ` ${outcome.created.warnings.length} notes about what was left out.` : ''}`);
    return;
  }
  const message = outcome.error instanceof ApiError || outcome.error instanceof Error ? outcome.error.message : 'The file could not be imported.';
  replaceChildren(slot, h('div', { class: 'alert alert--error', attrs: { role: 'alert' } }, icon('alert'), h('span', {}, message)));
}

/** What one import form sends: its chosen file, its filled-in fields, where, and how its button reads meanwhile. */
export interface ImportRequest {
  drop: FileDrop;
  submit: HTMLButtonElement;
  outcome: HTMLElement;
  /** The import route. */
  path: string;
  /** Form fields; empty or undefined ones are left out. */
  fields: Record<string, string | undefined>;
  /** What the result is, in words ("a draft", "an amendment to CR01"). */
  what: string;
  /** Said when no file was chosen. */
  noFile: string;
  /** The button's text while the file is sent (unchanged when not given). */
  busyLabel?: string;
}

/**
 * Sends an import form's file and fields as multipart and shows the outcome:
 * the new draft, or the server's reason. Without a file it says so and moves
 * focus to the file picker; the button is disabled while the file is sent.
 */
export async function sendImport(app: AppContext, request: ImportRequest): Promise<void> {
  const { drop, submit, outcome } = request;
  const file = drop.file();
  if (!file) {
    showImportOutcome(outcome, { error: new Error(request.noFile) });
    drop.input.focus();
    return;
  }
  const body = new FormData();
  for (const [name, value] of Object.entries(request.fields)) if (value) body.append(name, value);
  body.append('file', file, file.name);
  const idleLabel = submit.textContent;
  submit.disabled = true;
  if (request.busyLabel) submit.textContent = request.busyLabel;
  try {
    const created = await app.api.request<ImportedDraft>('POST', request.path, body);
    showImportOutcome(outcome, { created, what: request.what });
  } catch (error) {
    showImportOutcome(outcome, { error });
  } finally {
    submit.disabled = false;
    submit.textContent = idleLabel;
  }
}

/**
 * "Import a text": a collapsible form on the documents page that starts a
 * draft from a Word, Markdown, plain-text or HTML file. Only shown to
 * drafters (caucus or committee members); a committee member may also start a
 * consensus text. The draft opens from the result, which lists what the file
 * held that a Plenary text does not.
 */
export function importTextPanel(app: AppContext): HTMLElement | null {
  const user = app.session.user;
  const caucuses = user?.caucuses ?? [];
  if (caucuses.length === 0) return null;
  const committees = caucuses.filter((c) => c.kind === 'committee');
  const titleId = uniqueId('import-title');
  const kindId = uniqueId('import-kind');
  const caucusId = uniqueId('import-caucus');
  const drop = fileDrop({ label: 'File', accept: TEXT_ACCEPT, help: 'Word (.docx), Markdown (.md), plain text (.txt) or a web page (.html), up to 10 MB.' });
  const title = h('input', { class: 'input', attrs: { id: titleId, name: 'title', maxlength: 300, autocomplete: 'off' } });
  const kind = h('select', { class: 'input', attrs: { id: kindId } }, h('option', { attrs: { value: 'resolution' } }, 'Resolution'), h('option', { attrs: { value: 'consensus' } }, 'Consensus text (committee)'));
  const caucus = h('select', { class: 'input', attrs: { id: caucusId } }, ...caucuses.map((c) => h('option', { attrs: { value: c.id } }, c.name)));
  const outcome = h('div', { class: 'import-outcome' });
  const submit = h('button', { class: 'btn btn--primary', attrs: { type: 'submit' } }, 'Import');
  const form = h(
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
    h('p', { class: 'help-text' }, 'The title, headings, “Whereas” and “Resolved” clauses, lists, bold and italic are kept. The new text is a private draft of your caucus.'),
    drop.element,
    h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: titleId } }, 'Title ', h('span', { class: 'help-text' }, '(optional: else the file’s own)')), title),
    committees.length ? h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: kindId } }, 'Kind of text'), kind) : null,
    caucuses.length > 1 ? h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: caucusId } }, 'Drafted by'), caucus) : null,
    h('div', { class: 'import-form__buttons' }, submit),
    outcome,
  );

  const send = () =>
    sendImport(app, {
      drop,
      submit,
      outcome,
      path: '/api/documents/import',
      fields: {
        title: title.value.trim(),
        kind: committees.length ? kind.value : undefined,
        caucusId: caucuses.length > 1 ? caucus.value : undefined,
      },
      what: 'a draft',
      noFile: 'Choose a file to import first.',
      busyLabel: 'Importing…',
    });

  return h('details', { class: 'import-panel card' }, h('summary', { class: 'import-panel__summary' }, 'Import a text'), form);
}
