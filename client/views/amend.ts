import { ApiError } from '../api';
import type { Convention, DocumentSummary, VersionSummary } from '../api-types';
import type { View } from '../app-context';
import { loadingPage, pageError } from '../components/page-header';
import { h, replaceChildren, uniqueId } from '../dom';
import { codeChip, statusBadge } from '../format';
import { icon } from '../icons';
import { href, navigate } from '../router';
import { conventionOf, versionsOf } from '../texts';
import { deadlineWords } from '../editor/workflow-panel';
import { announce } from '../announce';
import { importAmendmentPanel } from './import-amendment';

/**
 * "Propose an amendment": the form that starts an amendment (or, on a
 * submitted amendment, a secondary amendment) as a private draft of the
 * drafter's caucus, seeded with a published version of the text. On success
 * the new draft opens in the editor.
 */
export const amendView: View = ({ app, params, query, signal }) => {
  const id = params.id;
  const page = loadingPage('page amend-page', 'Loading…');

  const build = (doc: DocumentSummary, versions: VersionSummary[], convention: Convention | null) => {
    const user = app.session.user;
    const caucuses = user?.caucuses ?? [];
    const secondary = doc.kind === 'amendment';
    const what = secondary ? 'secondary amendment' : 'amendment';
    const titleId = uniqueId('title');
    const rationaleId = uniqueId('rationale');
    const rationaleHelp = uniqueId('rationale-help');
    const versionId = uniqueId('version');
    const caucusId = uniqueId('caucus');
    const errorId = uniqueId('error');
    const title = h('input', { class: 'input', attrs: { id: titleId, name: 'title', required: true, maxlength: 300, autocomplete: 'off' } });
    const rationale = h('textarea', { class: 'input', attrs: { id: rationaleId, name: 'rationale', rows: 6, maxlength: 20000, 'aria-describedby': rationaleHelp } });
    const version = h('select', { class: 'input', attrs: { id: versionId } }, ...versions.map((v, i) => h('option', { attrs: { value: v.version, selected: i === 0 } }, `v${v.version}${i === 0 ? ' (newest)' : ''}, published by ${v.createdByName ?? 'staff'}`)));
    const caucus = h('select', { class: 'input', attrs: { id: caucusId } }, ...caucuses.map((c) => h('option', { attrs: { value: c.id } }, c.name)));
    const error = h('div', { attrs: { id: errorId } });
    const submit = h('button', { class: 'btn btn--primary', attrs: { type: 'submit' } }, `Start the ${what}`);
    const form = h(
      'form',
      {
        class: 'form amend-form card',
        attrs: { novalidate: true },
        on: {
          submit: (event) => {
            event.preventDefault();
            void start();
          },
        },
      },
      h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: titleId } }, 'Title of the amendment'), title, h('p', { class: 'help-text' }, 'What it does, in a few words, e.g. “Workplace delegations”.')),
      h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: rationaleId } }, 'Rationale ', h('span', { class: 'help-text' }, '(optional)')), rationale, h('p', { class: 'help-text', attrs: { id: rationaleHelp } }, 'Why delegates should support it. Shown with the amendment; it is not part of the text.')),
      versions.length > 1 ? h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: versionId } }, 'Amend version'), version) : null,
      caucuses.length > 1 ? h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: caucusId } }, 'Drafted by'), caucus) : null,
      error,
      h('div', { class: 'amend-form__buttons' }, submit, h('a', { class: 'btn btn--secondary', attrs: { href: href(`/documents/${encodeURIComponent(doc.id)}`) } }, 'Cancel')),
    );

    const showError = (message: string) => {
      replaceChildren(error, h('div', { class: 'alert alert--error', attrs: { role: 'alert' } }, icon('alert'), h('span', {}, message)));
    };

    const start = async () => {
      const text = title.value.trim();
      if (!text) {
        title.setAttribute('aria-invalid', 'true');
        title.setAttribute('aria-describedby', errorId);
        showError('Give the amendment a title.');
        title.focus();
        return;
      }
      title.removeAttribute('aria-invalid');
      submit.disabled = true;
      submit.textContent = 'Starting…';
      try {
        const body: Record<string, unknown> = { title: text, rationale: rationale.value.trim() };
        if (versions.length > 0) body.version = Number(version.value);
        if (caucuses.length > 1) body.caucusId = caucus.value;
        const created = await app.api.request<DocumentSummary>('POST', `/api/documents/${encodeURIComponent(doc.id)}/amendments`, body);
        announce(`Started “${created.title}”. Edit the text; the redline follows.`);
        navigate(`/documents/${encodeURIComponent(created.id)}`);
      } catch (caught) {
        submit.disabled = false;
        submit.textContent = `Start the ${what}`;
        if (caught instanceof ApiError && caught.code === 'DEADLINE_PASSED') showError('The deadline for amendments has passed, so no new amendment can be started.');
        else showError(caught instanceof Error ? caught.message : 'The amendment could not be started.');
      }
    };

    const fromWord = importAmendmentPanel(app, doc, {
      version: () => (versions.length > 0 ? Number(version.value) : undefined),
      caucusId: () => (caucuses.length > 1 ? caucus.value : undefined),
    });
    page.show(
      h(
        'div',
        { class: 'page-header' },
        h('nav', { class: 'breadcrumb', attrs: { 'aria-label': 'Breadcrumb' } }, h('ol', {}, h('li', {}, h('a', { attrs: { href: href('/documents') } }, icon('arrowLeft'), 'Documents')), h('li', {}, h('a', { attrs: { href: href(`/documents/${encodeURIComponent(doc.id)}`) } }, doc.code ?? 'Draft')), h('li', { attrs: { 'aria-current': 'page' } }, 'New amendment'))),
        h('h1', { class: 'page-title', attrs: { tabindex: '-1' } }, `Propose ${secondary ? 'a secondary amendment' : 'an amendment'} to ${doc.code}`),
        h('p', { class: 'amend-page__base' }, codeChip(doc), ' ', h('span', {}, doc.title), ' ', statusBadge(doc.status)),
        h(
          'p',
          { class: 'page-lede' },
          `The amendment starts as a copy of ${doc.code}${versions.length ? ` v${versions[0].version}` : ''}, private to your caucus. Edit it freely: the redline and the formal instructions follow as you type. Nobody else sees it until you submit it.`,
        ),
        convention?.submissionDeadline ? h('p', { class: 'help-text' }, h('strong', {}, 'Submission deadline: '), deadlineWords(convention.submissionDeadline, convention)) : null,
      ),
      form,
      fromWord,
    );
    // Arriving by "Import amendment from Word": start at its file picker.
    if (query.get('from') === 'word') fromWord.querySelector<HTMLInputElement>('input[type="file"]')?.focus();
  };

  const load = async () => {
    try {
      const [doc, versions, convention] = await Promise.all([app.api.document(id), versionsOf(app.api, id), conventionOf(app).catch(() => null)]);
      if (signal.aborted) return;
      if (!app.session.user?.caucuses.length) {
        page.show(pageError('Only caucus drafters propose amendments', 'Ask a drafter of your caucus to start it, or sign in with a drafter account.', { label: 'Back to the text', target: href(`/documents/${encodeURIComponent(id)}`) }));
      } else if (doc.status === 'draft' || !doc.code) {
        page.show(pageError('Not open for amendments yet', 'Only a submitted or published text can be amended.', { label: 'Back to the text', target: href(`/documents/${encodeURIComponent(id)}`) }));
      } else {
        build(doc, versions, convention);
      }
    } catch (caught) {
      if (signal.aborted) return;
      page.show(pageError('Could not open the text', caught instanceof Error ? caught.message : 'Try again.'));
    }
  };
  void load();
  return { element: page.element, title: 'Propose an amendment' };
};
