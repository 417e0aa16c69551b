import { OUTCOMES, correctsOutcome, nextStatuses } from '../../shared/workflow';
import { announce } from '../announce';
import { ApiError } from '../api';
import { importAmendmentLink } from '../views/import-amendment';
import type { Convention, DocumentStatus, DocumentSummary, User } from '../api-types';
import { confirmDialog } from '../components/dialog';
import { h, replaceChildren } from '../dom';
import { KIND_LABELS, STATUS_LABELS, codeChip, formatExact, formatWhen, statusBadge } from '../format';
import { icon } from '../icons';
import { href, reload } from '../router';
import { conventionOf } from '../texts';
import { formatInZone } from '../../shared/signatures/zoned-time';
import type { EditorExtension } from './extensions';

/**
 * The "Status" panel: where a text stands in the workflow and what the reader
 * may do next. Drafters of the owning caucus submit a draft (after a
 * confirmation that names the deadline in the convention's time zone) and
 * withdraw a submitted text; staff record outcomes (adopted, failed,
 * withdrawn, as `nextStatuses` allows). Any drafter may propose an amendment
 * to a submitted text. After an action the page is shown afresh (a submitted
 * text opens read only with its code) with a note of what happened.
 */

/** Notes to show once after the page is shown again, by document id. */
const notices = new Map<string, { kind: 'success' | 'error'; text: string }>();

/** Whether `user` drafts for the caucus that owns `doc`. */
export function inOwningCaucus(user: User, doc: DocumentSummary): boolean {
  return doc.caucusId !== null && user.caucuses.some((caucus) => caucus.id === doc.caucusId);
}

/** Whether `user` may start an amendment to `doc` (the server has the last word). */
export function canProposeAmendment(user: User, doc: DocumentSummary): boolean {
  return user.caucuses.length > 0 && doc.code !== null && (doc.status === 'submitted' || doc.status === 'qualified' || doc.status === 'adopted');
}

const UNTIL = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** How far away a deadline is: "in 21 days", "in 5 hours", "in 12 minutes". */
export function timeUntil(iso: string, now = Date.now()): string {
  const minutes = Math.round((Date.parse(iso) - now) / 60_000);
  if (Math.abs(minutes) < 60) return UNTIL.format(minutes, 'minute');
  if (Math.abs(minutes) < 48 * 60) return UNTIL.format(Math.round(minutes / 60), 'hour');
  return UNTIL.format(Math.round(minutes / (24 * 60)), 'day');
}

/** A deadline in the convention's time zone with how far away it is: "Dec 15, 2026, 11:59 PM CST (in 21 days)". */
export function deadlineWords(iso: string, convention: Convention): string {
  const when = formatInZone(iso, convention.timezone);
  const past = Date.parse(iso) < Date.now();
  return past ? `${when} (passed)` : `${when} (${timeUntil(iso)})`;
}

const OUTCOME_BUTTONS: Partial<Record<DocumentStatus, { label: string; danger: boolean; explain: string }>> = {
  adopted: { label: 'Record: adopted', danger: false, explain: 'The convention adopted this text.' },
  failed: { label: 'Record: failed', danger: true, explain: 'The convention voted this text down.' },
  withdrawn: { label: 'Record: withdrawn', danger: true, explain: 'The text is withdrawn and leaves the agenda.' },
};

export const workflowPanel: EditorExtension = {
  id: 'workflow',
  title: 'Status',
  mount(context, { panel }) {
    const { app, user, document: doc } = context;
    const kindWord = KIND_LABELS[doc.kind].one.toLowerCase();
    const name = doc.code ?? `this ${kindWord}`;
    const body = h('div', { class: 'workflow' });
    const notice = h('div', { class: 'workflow__notice' });
    panel.append(notice, body);
    let busy = false;
    let convention: Convention | null = app.convention;
    let destroyed = false;

    const showNotice = (kind: 'success' | 'error', text: string) => {
      replaceChildren(
        notice,
        h('div', { class: `alert alert--${kind === 'error' ? 'error' : 'info'}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } }, icon(kind === 'error' ? 'alert' : 'check'), h('span', {}, text)),
      );
    };
    const pending = notices.get(doc.id);
    if (pending) {
      notices.delete(doc.id);
      showNotice(pending.kind, pending.text);
    }

    // The one action everyone looks for on a submitted text goes under its title.
    const header = panel.closest('.editor-page')?.querySelector('.doc-header');
    const propose = canProposeAmendment(user, doc)
      ? h('a', { class: 'btn btn--primary btn--small doc-header__propose', attrs: { href: href(`/documents/${encodeURIComponent(doc.id)}/amend`) } }, icon('pencil'), doc.kind === 'amendment' ? 'Propose a secondary amendment' : 'Propose an amendment')
      : null;
    if (propose) header?.querySelector('.doc-header__actions')?.append(propose, importAmendmentLink(doc));

    const failure = (caught: unknown): string => {
      if (caught instanceof ApiError && caught.code === 'DEADLINE_PASSED') {
        const when = convention?.submissionDeadline ? ` on ${formatInZone(convention.submissionDeadline, convention.timezone)}` : '';
        return `The submission deadline passed${when}. Your draft is kept, but it can no longer be submitted; ask convention staff if you think that is wrong.`;
      }
      return caught instanceof Error ? caught.message : 'That did not work; try again.';
    };

    const submit = async () => {
      if (busy) return;
      const deadline = convention?.submissionDeadline ? deadlineWords(convention.submissionDeadline, convention) : null;
      const choice = await confirmDialog({
        title: `Submit ${doc.title ? `“${doc.title}”` : `this ${kindWord}`}?`,
        body: [
          h('p', {}, `Submitting freezes the text as it is now (as its first version) and gives it its code. Everyone signed in can then read it${doc.kind === 'amendment' ? ' and delegates can sign on' : ''}. Nobody can edit it afterwards.`),
          deadline ? h('p', { class: 'dialog__deadline' }, icon('alert'), h('span', {}, h('strong', {}, 'Submission deadline: '), deadline)) : null,
        ],
        confirmLabel: `Submit ${kindWord}`,
      });
      if (!choice || destroyed) return;
      busy = true;
      render();
      try {
        // The state vector lets the server refuse to freeze a text its last keystrokes have not reached yet.
        const stateVector = context.stateVector();
        const updated = await app.api.request<DocumentSummary>('POST', `/api/documents/${encodeURIComponent(doc.id)}/submit`, { stateVector: stateVector ?? undefined });
        const text = `Submitted as ${updated.code}. The text is now frozen and readable by everyone signed in.`;
        notices.set(doc.id, { kind: 'success', text });
        announce(text);
        reload();
      } catch (caught) {
        busy = false;
        if (destroyed) return;
        showNotice('error', failure(caught));
        render();
      }
    };

    const changeStatus = async (status: DocumentStatus, asStaff: boolean) => {
      if (busy) return;
      const spec = OUTCOME_BUTTONS[status];
      const withdrawing = status === 'withdrawn';
      const threshold = convention?.rules[doc.kind]?.threshold ?? 0;
      const short = status === 'adopted' && doc.status === 'submitted' && threshold > 0;
      const correcting = correctsOutcome(doc.status, status);
      const choice = await confirmDialog({
        title: withdrawing && !asStaff
          ? `Withdraw ${name}?`
          : correcting
            ? `Correct ${name} from ${STATUS_LABELS[doc.status].toLowerCase()} to ${STATUS_LABELS[status].toLowerCase()}?`
            : `Record ${name} as ${STATUS_LABELS[status].toLowerCase()}?`,
        body: [
          short ? h('p', { class: 'alert alert--warning' }, `${name} has not reached its threshold of ${threshold.toLocaleString()} signatures. Record it as adopted only if the convention took it up anyway (the floor suspended the rules).`) : null,
          h('p', {}, withdrawing && !asStaff ? 'The text leaves the agenda and stops collecting signatures. This cannot be undone.' : `${spec?.explain ?? ''} Everyone sees the new status at once.`),
        ],
        confirmLabel: withdrawing && !asStaff ? 'Withdraw' : `${correcting ? 'Correct to' : 'Record'} ${STATUS_LABELS[status].toLowerCase()}`,
        danger: spec?.danger ?? false,
        noteLabel: asStaff ? 'Note for the record (optional)' : undefined,
      });
      if (!choice || destroyed) return;
      busy = true;
      render();
      try {
        const updated = await app.api.request<DocumentSummary>('POST', `/api/documents/${encodeURIComponent(doc.id)}/status`, choice.note ? { status, note: choice.note } : { status });
        const text = `${updated.code ?? 'The text'} is now ${STATUS_LABELS[updated.status].toLowerCase()}.`;
        notices.set(doc.id, { kind: 'success', text });
        announce(text);
        reload();
      } catch (caught) {
        busy = false;
        if (destroyed) return;
        showNotice('error', failure(caught));
        render();
      }
    };

    const render = () => {
      const owning = inOwningCaucus(user, doc);
      const actions: HTMLElement[] = [];
      let deadlineLine: HTMLElement | null = null;
      if (doc.status === 'draft' && convention?.submissionDeadline) {
        const past = Date.parse(convention.submissionDeadline) < Date.now();
        deadlineLine = h('p', { class: `workflow__deadline${past ? ' workflow__deadline--past' : ''}` }, h('strong', {}, past ? 'Submissions closed ' : 'Submit by '), formatInZone(convention.submissionDeadline, convention.timezone), past ? '' : ` (${timeUntil(convention.submissionDeadline)})`);
      }
      if (doc.status === 'draft' && owning) {
        actions.push(h('button', { class: 'btn btn--primary btn--block', attrs: { type: 'button', disabled: busy }, on: { click: () => void submit() } }, icon('check'), busy ? 'Submitting…' : `Submit ${kindWord}`));
      }
      if (user.isStaff) {
        // In one order for every text (the workflow lists each status's edges in its own order).
        const allowed = nextStatuses(doc.status, 'staff');
        for (const status of OUTCOMES.filter((outcome) => allowed.includes(outcome))) {
          const spec = OUTCOME_BUTTONS[status]!;
          const label = correctsOutcome(doc.status, status) ? `Correct to: ${STATUS_LABELS[status].toLowerCase()}` : spec.label;
          actions.push(h('button', { class: `btn btn--small ${spec.danger ? 'btn--secondary' : 'btn--primary'}`, attrs: { type: 'button', disabled: busy }, on: { click: () => void changeStatus(status, true) } }, label));
        }
      } else if (owning && nextStatuses(doc.status, 'caucus').includes('withdrawn')) {
        actions.push(h('button', { class: 'btn btn--secondary btn--small', attrs: { type: 'button', disabled: busy }, on: { click: () => void changeStatus('withdrawn', false) } }, `Withdraw ${name}`));
      }
      const explain =
        doc.status === 'draft'
          ? owning
            ? 'A private draft of your caucus. Submitting it gives it a code and makes it public.'
            : 'A private draft.'
          : doc.status === 'final'
            ? 'The final adopted text.'
            : null;
      replaceChildren(
        body,
        h('div', { class: 'workflow__state' }, doc.code ? codeChip(doc) : null, statusBadge(doc.status)),
        explain ? h('p', { class: 'help-text' }, explain) : null,
        deadlineLine,
        actions.length ? h('div', { class: 'workflow__actions' }, ...actions) : null,
        user.isStaff && doc.kind !== 'amendment' && doc.status !== 'draft' && doc.status !== 'final'
          ? h('p', { class: 'workflow__link' }, h('a', { attrs: { href: href(`/documents/${encodeURIComponent(doc.id)}/final`) } }, 'Merge adopted amendments into the final text'))
          : null,
      );
    };
    render();
    if (!convention) {
      void conventionOf(app).then((loaded) => {
        convention = loaded;
        if (!destroyed) render();
      }, () => undefined);
    }
    return () => {
      destroyed = true;
      propose?.remove();
    };
  },
};

/** The "History" panel: every status change and version, newest first, with who and when. */
export const historyPanel: EditorExtension = {
  id: 'history',
  title: 'History',
  open: false,
  mount(context, { panel }) {
    const list = h('div', { class: 'history', attrs: { 'aria-busy': 'true' } }, h('p', { class: 'loading' }, 'Loading the history…'));
    panel.appendChild(list);
    let destroyed = false;
    void context.app.api
      .request<import('../api-types').DocumentEvent[]>('GET', `/api/documents/${encodeURIComponent(context.document.id)}/events`)
      .then(
        (events) => {
          if (destroyed) return;
          list.setAttribute('aria-busy', 'false');
          if (events.length === 0) {
            replaceChildren(list, h('p', { class: 'help-text' }, 'Nothing recorded yet.'));
            return;
          }
          replaceChildren(
            list,
            h(
              'ol',
              { class: 'history__list', attrs: { reversed: true } },
              ...[...events].reverse().map((event) =>
                h(
                  'li',
                  { class: 'history__item' },
                  h('span', { class: 'history__action' }, event.action.charAt(0).toUpperCase() + event.action.slice(1)),
                  h(
                    'span',
                    { class: 'history__meta' },
                    event.actorName ?? 'Plenary',
                    ' · ',
                    h('time', { attrs: { datetime: event.at, title: formatExact(event.at) } }, formatWhen(event.at)),
                  ),
                  event.note ? h('span', { class: 'history__note' }, event.note) : null,
                ),
              ),
            ),
          );
        },
        (caught: unknown) => {
          if (destroyed) return;
          list.setAttribute('aria-busy', 'false');
          replaceChildren(list, h('p', { class: 'help-text' }, caught instanceof Error ? caught.message : 'The history could not be loaded.'));
        },
      );
    return () => {
      destroyed = true;
    };
  },
};
