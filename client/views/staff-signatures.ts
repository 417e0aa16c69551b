import type { Convention, SignatureRule } from '../../shared/api';
import type {
  AuditVerification,
  ConventionTally,
  ConventionTallyRow,
  DocumentTally,
  RosterErrorBody,
  RosterImportReport,
  RosterSummary,
  SignatureEntry,
  SignatureList,
  TallyChange,
} from '../../shared/signatures-api';
import { formatInZone, instantToZonedTime } from '../../shared/signatures/zoned-time';
import { formatAnchor, parseAnchor } from '../../shared/signatures/audit-chain';
import { announce } from '../announce';
import { copyButton } from '../components/copy-button';
import { ApiError } from '../api';
import type { AppContext, View } from '../app-context';
import { h, replaceChildren, uniqueId } from '../dom';
import { KIND_LABELS, codeChip, formatExact, statusBadge } from '../format';
import { icon } from '../icons';
import { currentLocation, href } from '../router';
import { chapterBreakdown, countWords, LiveTally, overTimeChart, signersWords, tallyProgress } from './tally';
import { packetPanel } from './export-menu';
import { throttledStatus } from '../throttled-status';

/** Signature rows shown at once in a document's list; the filter finds the rest. */
const ROWS_SHOWN = 50;
/** How long live changes are gathered before the open document's details are re-read. */
const DETAIL_REFRESH_MS = 400;

/** What staff may do to one signature, each with a reason that goes into the log. */
const SIGNATURE_ACTIONS = {
  strike: { verb: 'Strike', label: 'Reason for striking', submit: 'Strike signature', done: 'Struck the signature of' },
  restore: { verb: 'Restore', label: 'Reason for restoring', submit: 'Restore signature', done: 'Restored the signature of' },
} as const;

/** Who signed, as staff see them: the roster's name, else the member id. */
const signerName = (row: SignatureEntry): string => row.name ?? row.memberId;

/** A section with a heading, for the page's outline. */
function section(title: string, ...children: (Node | null)[]): HTMLElement {
  const id = uniqueId('staff-section');
  return h('section', { class: 'staff-section card', attrs: { 'aria-labelledby': id } }, h('h2', { class: 'staff-section__title', attrs: { id } }, title), ...children);
}

/** A status line for a form: errors as alerts, results as status. */
function message(kind: 'error' | 'success' | 'info', text: string, ...extra: (Node | null)[]): HTMLElement {
  return h(
    'div',
    { class: `alert alert--${kind === 'error' ? 'error' : 'info'}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } },
    icon(kind === 'error' ? 'alert' : 'check'),
    h('div', {}, h('p', {}, text), ...extra),
  );
}

function errorText(caught: unknown): string {
  return caught instanceof Error ? caught.message : 'That did not work; try again.';
}

/** Downloads an authenticated export as a file. */
async function download(app: AppContext, path: string, fallbackName: string): Promise<void> {
  const token = app.session.getToken();
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, `The export failed (error ${response.status}).`);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { attrs: { href: url, download: name, hidden: true } });
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Staff's Signatures page: every text's live tally with its chart over time,
 * its signatures (strike with a reason, enter paper forms), the exports, the
 * signature rules and deadlines, the roster import, and the audit log check.
 */
export const staffSignaturesView: View = ({ app, query, signal }) => {
  let rows: ConventionTallyRow[] = [];
  let selected = query.get('doc');
  let convention: Convention | null = null;
  /** Times on this page read in the convention's time zone, named, like its deadlines and the paper-signature form (the browser's own zone until the convention is loaded). */
  const conventionTime = (iso: string): string => (convention ? formatInZone(iso, convention.timezone) : formatExact(iso));
  const signaturesClosed = (): boolean => convention?.signatureDeadline != null && Date.parse(convention.signatureDeadline) < Date.now();
  const cleanups: (() => void)[] = [];

  // ---- Tallies -------------------------------------------------------------
  const tallyList = h('ul', { class: 'staff-tallies', attrs: { 'aria-busy': 'true' } }, h('li', { class: 'loading' }, 'Loading tallies…'));
  const detail = h('div', { class: 'staff-detail', attrs: { 'aria-live': 'off' } });
  // The visible line follows every change; screen readers hear it politely, at most every few seconds.
  const liveNote = h('p', { class: 'help-text staff-live' });
  const liveStatus = throttledStatus();

  const renderList = () => {
    tallyList.setAttribute('aria-busy', 'false');
    if (rows.length === 0) {
      replaceChildren(tallyList, h('li', { class: 'empty' }, 'No submitted texts collect signatures yet.'));
      return;
    }
    replaceChildren(
      tallyList,
      ...rows.map((row) => {
        const isOpen = row.documentId === selected;
        return h(
          'li',
          { class: `staff-tally${isOpen ? ' staff-tally--open' : ''}`, dataset: { documentId: row.documentId } },
          h(
            'div',
            { class: 'staff-tally__head' },
            codeChip(row),
            h('span', { class: 'staff-tally__title' }, row.title || 'Untitled'),
            statusBadge(row.status),
          ),
          tallyProgress(row, `Signatures for ${row.code ?? row.title}`, signaturesClosed()),
          h(
            'p',
            { class: 'staff-tally__facts help-text' },
            `${KIND_LABELS[row.kind].one}, ${signersWords(row.signers)}.`,
            row.withdrawn ? ` ${row.withdrawn} withdrawn.` : '',
            row.struck ? ` ${row.struck} struck.` : '',
            row.ineligible ? ` ${row.ineligible} no longer eligible.` : '',
          ),
          h(
            'div',
            { class: 'staff-tally__actions' },
            h(
              'a',
              { class: 'btn btn--secondary btn--small', attrs: { href: href('/staff/signatures', isOpen ? undefined : { doc: row.documentId }), 'aria-expanded': isOpen ? 'true' : 'false' } },
              isOpen ? 'Close details' : 'Details',
            ),
            h(
              'button',
              {
                class: 'btn btn--quiet btn--small',
                attrs: { type: 'button', 'aria-label': `Signatures CSV of ${row.code ?? row.title}` },
                on: { click: () => void download(app, `/api/documents/${encodeURIComponent(row.documentId)}/signatures.csv`, 'signatures.csv').catch((e) => announce(errorText(e))) },
              },
              'Signatures CSV',
            ),
          ),
          isOpen ? detail : null,
        );
      }),
    );
  };

  /** Loads and shows the tallies; says whether that worked. */
  const loadTallies = async (): Promise<boolean> => {
    try {
      const tally = await app.api.request<ConventionTally>('GET', '/api/tallies');
      if (signal.aborted) return false;
      rows = tally.documents;
      renderList();
      return true;
    } catch (caught) {
      if (signal.aborted) return false;
      replaceChildren(tallyList, h('li', {}, message('error', errorText(caught))));
      return false;
    }
  };

  // ---- One document's details ---------------------------------------------
  let detailTimer = 0;
  let filterText = '';
  let showAll = false;
  let detailNotice: HTMLElement | null = null;
  let detailData: { tally: DocumentTally; signatures: SignatureEntry[] } | null = null;

  const loadDetail = async () => {
    const id = selected;
    if (!id) return;
    try {
      const [tally, list] = await Promise.all([
        app.api.request<DocumentTally>('GET', `/api/documents/${encodeURIComponent(id)}/tally`),
        app.api.request<SignatureList>('GET', `/api/documents/${encodeURIComponent(id)}/signatures`),
      ]);
      if (signal.aborted || id !== selected) return;
      detailData = { tally, signatures: list.signatures };
      renderDetail();
    } catch (caught) {
      if (!signal.aborted) replaceChildren(detail, message('error', errorText(caught)));
    }
  };

  const reasonForm = (row: SignatureEntry, documentId: string, action: keyof typeof SIGNATURE_ACTIONS): HTMLElement => {
    const words = SIGNATURE_ACTIONS[action];
    const who = signerName(row);
    const reasonId = uniqueId('reason');
    const reason = h('input', { class: 'input', attrs: { id: reasonId, required: true, minlength: 3, maxlength: 500, autocomplete: 'off' } });
    const form = h(
      'form',
      { class: 'reason-form' },
      h('label', { class: 'label', attrs: { for: reasonId } }, `${words.label} ${who}`),
      reason,
      h('div', { class: 'reason-form__buttons' }, h('button', { class: 'btn btn--primary btn--small', attrs: { type: 'submit' } }, words.submit), h('button', { class: 'btn btn--quiet btn--small', attrs: { type: 'button' }, on: { click: () => renderDetail() } }, 'Cancel')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await app.api.request('POST', `/api/documents/${encodeURIComponent(documentId)}/signatures/${encodeURIComponent(row.memberId)}/${action}`, { reason: reason.value.trim() });
        detailNotice = message('success', `${words.done} ${who}.`);
        announce(`${words.done} ${who}`);
        await loadDetail();
      } catch (caught) {
        detailNotice = message('error', errorText(caught));
        renderDetail();
      }
    });
    window.setTimeout(() => reason.focus(), 0);
    return form;
  };

  const signatureItem = (row: SignatureEntry, documentId: string): HTMLElement => {
    const state = row.struckAt ? `Struck: ${row.struckReason}` : row.withdrawnAt ? 'Withdrawn' : row.counted ? 'Counted' : 'Not counted (no longer eligible)';
    const item = h(
      'li',
      { class: `signature-row${row.counted ? '' : ' signature-row--void'}` },
      h(
        'div',
        { class: 'signature-row__who' },
        h('strong', {}, row.name ?? 'Not on the roster'),
        h('span', { class: 'meta-item' }, ` ${row.memberId}`),
        h('span', { class: 'meta-item meta-item--muted' }, row.chapter ? ` · ${row.chapter}` : ''),
      ),
      h(
        'div',
        { class: 'signature-row__meta help-text' },
        `${row.source === 'paper' ? `Paper${row.enteredBy ? `, entered by ${row.enteredBy}` : ''}` : 'Online'} · `,
        h('time', { attrs: { datetime: row.signedAt } }, conventionTime(row.signedAt)),
        ` · ${state}`,
        row.note ? ` · ${row.note}` : '',
      ),
      // Once a strike was undone, the row no longer shows it: its history from the log does.
      row.staffActions.some((action) => action.action === 'restore')
        ? h(
            'ul',
            { class: 'signature-row__history help-text', attrs: { 'aria-label': `Strikes and restores of ${signerName(row)}` } },
            ...row.staffActions.map((action) =>
              h(
                'li',
                {},
                `${action.action === 'strike' ? 'Struck' : 'Restored'} `,
                h('time', { attrs: { datetime: action.at } }, conventionTime(action.at)),
                action.by ? ` by ${action.by}` : '',
                action.reason ? `: ${action.reason}` : '',
              ),
            ),
          )
        : null,
    );
    // A counted signature may be struck; a struck one (not withdrawn before) restored, if striking it was a mistake.
    const action = row.counted ? 'strike' : row.struckAt && !row.withdrawnAt ? 'restore' : null;
    if (action) {
      const { verb } = SIGNATURE_ACTIONS[action];
      item.appendChild(
        h('button', { class: 'btn btn--quiet btn--small signature-row__action', attrs: { type: 'button', 'aria-label': `${verb} the signature of ${signerName(row)}` }, on: { click: () => item.replaceChildren(...item.childNodes, reasonForm(row, documentId, action)) } }, `${verb}…`),
      );
    }
    return item;
  };

  const paperForm = (documentId: string, timeZone: string): HTMLElement => {
    const ids = { member: uniqueId('paper-member'), when: uniqueId('paper-when'), note: uniqueId('paper-note') };
    const member = h('input', { class: 'input', attrs: { id: ids.member, required: true, maxlength: 64, autocomplete: 'off', spellcheck: 'false' } });
    const when = h('input', { class: 'input', attrs: { id: ids.when, type: 'datetime-local' } });
    const note = h('input', { class: 'input', attrs: { id: ids.note, maxlength: 500, autocomplete: 'off' } });
    const form = h(
      'form',
      { class: 'paper-form' },
      h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: ids.member } }, 'Member id'), member),
      h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: ids.when } }, `Signed on (${timeZone}; empty: now)`), when),
      h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: ids.note } }, 'Note (e.g. form number)'), note),
      h('button', { class: 'btn btn--primary', attrs: { type: 'submit' } }, 'Enter paper signature'),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body: Record<string, string> = { memberId: member.value.trim() };
      if (when.value) body.signedAt = when.value;
      if (note.value.trim()) body.note = note.value.trim();
      try {
        const next = await app.api.request<DocumentTally>('POST', `/api/documents/${encodeURIComponent(documentId)}/signatures/paper`, body);
        detailNotice = message('success', `Entered the paper signature of ${body.memberId}. ${countWords(next)}.`);
        announce(`Entered. ${countWords(next)}`);
        await loadDetail();
      } catch (caught) {
        detailNotice = message('error', errorText(caught));
        renderDetail();
      }
    });
    return form;
  };

  const renderDetail = () => {
    if (!detailData) return;
    const { tally, signatures } = detailData;
    const row = rows.find((r) => r.documentId === tally.documentId);
    const filterId = uniqueId('sig-filter');
    const filter = h('input', { class: 'input input--search', attrs: { id: filterId, type: 'search', value: filterText, placeholder: 'Name, member id or chapter', autocomplete: 'off' } });
    const words = filterText.toLowerCase().split(/\s+/).filter(Boolean);
    const matching = signatures.filter((s) => words.every((w) => `${s.name ?? ''} ${s.memberId} ${s.chapter ?? ''}`.toLowerCase().includes(w)));
    const shown = showAll ? matching : matching.slice(0, ROWS_SHOWN);
    const list = h('ul', { class: 'signature-list', attrs: { 'aria-label': 'Signatures, newest first' } }, ...shown.map((s) => signatureItem(s, tally.documentId)));
    filter.addEventListener('input', () => {
      filterText = filter.value;
      const position = filter.selectionStart;
      renderDetail();
      const again = detail.querySelector<HTMLInputElement>(`input[type="search"]`);
      again?.focus();
      if (again && position !== null) again.setSelectionRange(position, position);
    });
    replaceChildren(
      detail,
      h('h3', { class: 'staff-detail__title' }, `Signatures over time${row?.code ? ` · ${row.code}` : ''}`),
      overTimeChart(tally.overTime ?? [], { threshold: tally.threshold, deadline: tally.deadline, title: `Signatures over time for ${row?.code ?? 'this text'}`, width: detail.clientWidth || tallyList.clientWidth - 32 }),
      h('h3', { class: 'staff-detail__title' }, 'By chapter'),
      chapterBreakdown(tally.byChapter, { limit: 12 }),
      h('h3', { class: 'staff-detail__title' }, 'Enter a paper signature'),
      detailNotice,
      paperForm(tally.documentId, tally.timezone),
      h('h3', { class: 'staff-detail__title' }, `Signatures (${signatures.length})`),
      h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: filterId } }, 'Find a signature'), filter),
      list,
      matching.length > shown.length
        ? h('button', { class: 'btn btn--secondary btn--small', attrs: { type: 'button' }, on: { click: () => { showAll = true; renderDetail(); } } }, `Show all ${matching.length}`)
        : null,
    );
  };

  // ---- Rules and deadlines --------------------------------------------------
  const rulesBox = h('div', {}, h('p', { class: 'loading' }, 'Loading the rules…'));
  const renderRules = () => {
    if (!convention) return;
    const c = convention;
    const fields: { kind: string; signers: HTMLSelectElement; threshold: HTMLInputElement }[] = [];
    const kinds = ['resolution', 'amendment', 'consensus'] as const;
    const ruleRows = kinds.map((kind) => {
      const rule: SignatureRule = c.rules[kind] ?? { signers: 'members', threshold: 0 };
      const ids = { signers: uniqueId('signers'), threshold: uniqueId('threshold') };
      const signers = h(
        'select',
        { class: 'input', attrs: { id: ids.signers } },
        h('option', { attrs: { value: 'members', selected: rule.signers === 'members' } }, 'Members in good standing'),
        h('option', { attrs: { value: 'delegates', selected: rule.signers === 'delegates' } }, 'Delegates'),
      );
      const threshold = h('input', { class: 'input', attrs: { id: ids.threshold, type: 'number', min: 0, max: 1_000_000, step: 1, required: true, value: rule.threshold, inputmode: 'numeric' } });
      fields.push({ kind, signers, threshold });
      return h(
        'fieldset',
        { class: 'rule-fieldset' },
        h('legend', {}, KIND_LABELS[kind].many),
        h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: ids.signers } }, 'Who may sign'), signers),
        h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: ids.threshold } }, 'Threshold (0: no signatures)'), threshold),
      );
    });
    const ids = { submissions: uniqueId('submission-deadline'), deadline: uniqueId('deadline'), roster: uniqueId('roster-date') };
    const deadlineInput = (id: string, value: string | null) =>
      h('input', { class: 'input', attrs: { id, type: 'datetime-local', value: value ? instantToZonedTime(value, c.timezone) : '' } });
    const deadlineHelp = (value: string | null, meaning: string) =>
      h('p', { class: 'help-text' }, `${meaning} ${value ? `Now: ${formatInZone(value, c.timezone)}.` : 'No deadline set.'}`);
    const submissions = deadlineInput(ids.submissions, c.submissionDeadline);
    const deadline = deadlineInput(ids.deadline, c.signatureDeadline);
    const rosterDate = h('input', { class: 'input', attrs: { id: ids.roster, type: 'date', value: c.rosterDate ? instantToZonedTime(c.rosterDate, c.timezone).slice(0, 10) : '' } });
    const result = h('div', {});
    const form = h(
      'form',
      { class: 'form rules-form' },
      h('div', { class: 'rules-form__kinds' }, ...ruleRows),
      h(
        'div',
        { class: 'field' },
        h('label', { class: 'label', attrs: { for: ids.submissions } }, `Submission deadline (${c.timezone})`),
        submissions,
        deadlineHelp(c.submissionDeadline, 'Until then caucuses submit drafts and propose amendments; set it to now to close submissions.'),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { class: 'label', attrs: { for: ids.deadline } }, `Signature deadline (${c.timezone})`),
        deadline,
        deadlineHelp(c.signatureDeadline, 'Until then members and delegates sign on and withdraw.'),
      ),
      h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: ids.roster } }, 'Roster date (good standing is judged as of this day)'), rosterDate),
      result,
      h('button', { class: 'btn btn--primary', attrs: { type: 'submit' } }, 'Save rules'),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = {
        rules: Object.fromEntries(fields.map((f) => [f.kind, { signers: f.signers.value, threshold: Number(f.threshold.value) }])),
        submissionDeadline: submissions.value || null,
        signatureDeadline: deadline.value || null,
        rosterDate: rosterDate.value || null,
      };
      try {
        convention = await app.api.request<Convention>('PUT', '/api/convention/rules', body);
        renderRules();
        rulesBox.prepend(message('success', 'Rules saved. Tallies and statuses are recounted.'));
        announce('Rules saved');
        void loadTallies();
      } catch (caught) {
        replaceChildren(result, message('error', errorText(caught)));
      }
    });
    replaceChildren(rulesBox, form);
  };
  const loadRules = async () => {
    try {
      convention = await app.api.request<Convention>('GET', '/api/convention');
      if (!signal.aborted) renderRules();
    } catch (caught) {
      if (!signal.aborted) replaceChildren(rulesBox, message('error', errorText(caught)));
    }
  };

  // ---- Roster ---------------------------------------------------------------
  const rosterFacts = h('p', { class: 'help-text' });
  const rosterResult = h('div', { attrs: { 'aria-live': 'polite' } });
  const fileId = uniqueId('roster-file');
  const file = h('input', { class: 'input', attrs: { id: fileId, type: 'file', accept: '.csv,text/csv' } });
  const loadRosterFacts = async () => {
    try {
      const r = await app.api.request<RosterSummary>('GET', '/api/roster');
      if (!signal.aborted) {
        rosterFacts.textContent = `${r.members.toLocaleString()} members in ${r.chapters} chapters; ${r.inGoodStanding.toLocaleString()} in good standing; ${r.delegates.toLocaleString()} delegates; ${r.linkedUsers} accounts linked by email.${r.updatedAt ? ` Last changed ${conventionTime(r.updatedAt)}.` : ''}`;
      }
    } catch {
      rosterFacts.textContent = '';
    }
  };
  const importRoster = async (dryRun: boolean) => {
    const chosen = file.files?.[0];
    if (!chosen) {
      replaceChildren(rosterResult, message('error', 'Choose a CSV file first.'));
      file.focus();
      return;
    }
    replaceChildren(rosterResult, h('p', { class: 'loading' }, dryRun ? 'Checking the file…' : 'Importing…'));
    const token = app.session.getToken();
    try {
      const response = await fetch(`/api/roster${dryRun ? '?dryRun=true' : ''}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: await chosen.text(),
      });
      const body = (await response.json()) as RosterImportReport | RosterErrorBody;
      if ('error' in body) {
        const lines = body.error.lines ?? [];
        replaceChildren(
          rosterResult,
          message(
            'error',
            `Nothing was imported. ${lines.length} ${lines.length === 1 ? 'problem' : 'problems'}:`,
            h('ul', { class: 'roster-errors' }, ...lines.map((l) => h('li', {}, h('strong', {}, `Line ${l.line}: `), l.message))),
          ),
        );
        return;
      }
      const changed = body.changes.slice(0, 20).map((c) => h('li', {}, `${c.memberId} (line ${c.line}): ${c.kind === 'added' ? 'added' : `changed ${c.fields.join(', ')}`}`));
      replaceChildren(
        rosterResult,
        message(
          'success',
          `${dryRun ? 'The file is valid. Importing it would add' : 'Imported. Added'} ${body.added.toLocaleString()}, ${dryRun ? 'update' : 'updated'} ${body.updated.toLocaleString()}, ${body.unchanged.toLocaleString()} unchanged${body.notInFile ? `; ${body.notInFile.toLocaleString()} members on the roster are not in the file (kept)` : ''}.`,
          changed.length ? h('ul', { class: 'roster-changes' }, ...changed) : null,
          dryRun ? h('button', { class: 'btn btn--primary btn--small', attrs: { type: 'button' }, on: { click: () => void importRoster(false) } }, 'Import it now') : null,
        ),
      );
      if (!dryRun) {
        announce('Roster imported');
        void loadRosterFacts();
        void loadTallies();
      }
    } catch (caught) {
      replaceChildren(rosterResult, message('error', errorText(caught)));
    }
  };

  // ---- Audit ----------------------------------------------------------------
  const auditResult = h('div', { attrs: { 'aria-live': 'polite' } });
  const anchorInput = h('input', {
    class: 'input audit-form__anchor',
    attrs: { id: uniqueId('anchor'), type: 'text', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', placeholder: 'e.g. 1234:9f86d081…' },
  });
  /** The anchor to keep after an intact check: the entry to quote later, and a button to copy it. */
  const anchorToKeep = (report: AuditVerification): HTMLElement | null => {
    if (report.total === 0) return null;
    const anchor = formatAnchor({ seq: report.total, hash: report.headHash });
    return h(
      'div',
      { class: 'audit-anchor' },
      h('p', {}, 'Keep this anchor with the tallies or in the minutes: checked later, it shows whether anyone rewrote the log up to here.'),
      h('code', { class: 'audit-anchor__value' }, anchor),
      copyButton('Copy anchor', 'Anchor copied', () => anchor),
    );
  };
  const verify = async () => {
    const typed = anchorInput.value.trim();
    const anchor = typed ? parseAnchor(typed) : null;
    if (typed && !anchor) {
      anchorInput.setAttribute('aria-invalid', 'true');
      replaceChildren(auditResult, message('error', 'An anchor is an entry number, a colon and that entry’s 64-character hash, as a tally export or an earlier check gave it.'));
      anchorInput.focus();
      return;
    }
    anchorInput.removeAttribute('aria-invalid');
    replaceChildren(auditResult, h('p', { class: 'loading' }, 'Verifying the log…'));
    try {
      const query = anchor ? `?anchor=${encodeURIComponent(formatAnchor(anchor))}` : '';
      const report = await app.api.request<AuditVerification>('GET', `/api/audit/verify${query}`);
      replaceChildren(
        auditResult,
        report.ok
          ? message(
              'success',
              `The log is intact: ${report.total.toLocaleString()} entries, each linked to the one before.${report.anchor ? ` ${report.anchor.message}` : ''}`,
              anchorToKeep(report),
            )
          : message(
              'error',
              report.firstBroken
                ? `The log is broken at entry ${report.firstBroken.seq}: ${report.firstBroken.message}`
                : report.stateMismatches.length > 0
                  ? `The signatures table does not match the log in ${report.stateMismatches.length} places.`
                  : (report.anchor?.message ?? 'The log did not check out.'),
            ),
      );
    } catch (caught) {
      replaceChildren(auditResult, message('error', errorText(caught)));
    }
  };
  const auditForm = h(
    'form',
    { class: 'audit-form', attrs: { novalidate: true } },
    h(
      'div',
      { class: 'field' },
      h('label', { class: 'label', attrs: { for: anchorInput.id } }, 'Anchor recorded earlier (optional)'),
      anchorInput,
    ),
    h('div', {}, h('button', { class: 'btn btn--secondary', attrs: { type: 'submit' } }, 'Verify the log')),
  );
  auditForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void verify();
  });

  // ---- Live -----------------------------------------------------------------
  const live = new LiveTally<TallyChange>(
    '/api/tally/events',
    (change) => {
      const row = rows.find((r) => r.documentId === change.documentId);
      if (!row) {
        void loadTallies();
        return;
      }
      Object.assign(row, { count: change.count, threshold: change.threshold, qualified: change.qualified, status: change.status });
      liveNote.textContent = `Live: ${row.code ?? row.title} now has ${countWords(change)}.`;
      liveStatus.say(liveNote.textContent);
      if (change.documentId === selected) {
        window.clearTimeout(detailTimer);
        detailTimer = window.setTimeout(() => void loadDetail().then(renderList), DETAIL_REFRESH_MS);
      } else {
        renderList();
      }
    },
    () => void loadTallies(),
  );
  cleanups.push(() => live.close(), () => window.clearTimeout(detailTimer), () => liveStatus.stop());

  const onRoute = () => {
    const { path, query: q } = currentLocation();
    if (path !== '/staff/signatures') return;
    const next = q.get('doc');
    if (next === selected) return;
    selected = next;
    detailData = null;
    detailNotice = null;
    filterText = '';
    showAll = false;
    replaceChildren(detail, h('p', { class: 'loading' }, 'Loading signatures…'));
    renderList();
    void loadDetail();
  };
  window.addEventListener('hashchange', onRoute);
  cleanups.push(() => window.removeEventListener('hashchange', onRoute));

  // Times on this page are read in the convention's zone: what shows one waits for the convention.
  const rulesLoaded = loadRules();
  void rulesLoaded.finally(() => void loadRosterFacts());
  void Promise.all([loadTallies(), rulesLoaded]).then(([shown]) => {
    if (!shown) return;
    renderList(); // again, now that the convention says whether signatures are closed
    if (selected) {
      replaceChildren(detail, h('p', { class: 'loading' }, 'Loading signatures…'));
      void loadDetail();
    }
  });

  const element = h(
    'div',
    { class: 'page staff-signatures' },
    h(
      'div',
      { class: 'page-header' },
      h('h1', { class: 'page-title', attrs: { tabindex: '-1' } }, 'Signatures'),
      h('p', { class: 'page-lede' }, 'Live tallies, verification, rules, the roster and the audit log.'),
    ),
    section(
      'Tallies',
      liveNote,
      liveStatus.element,
      h(
        'div',
        { class: 'staff-exports' },
        h('button', { class: 'btn btn--secondary btn--small', attrs: { type: 'button' }, on: { click: () => void download(app, '/api/tallies.csv', 'tallies.csv').catch((e) => announce(errorText(e))) } }, 'Download tallies (CSV)'),
        h(
          'button',
          {
            class: 'btn btn--secondary btn--small',
            attrs: { type: 'button' },
            on: {
              click: () =>
                void app.api
                  .request<ConventionTally>('GET', '/api/tallies')
                  .then((tally) => {
                    const url = URL.createObjectURL(new Blob([JSON.stringify(tally, null, 2)], { type: 'application/json' }));
                    const link = h('a', { attrs: { href: url, download: 'tallies.json', hidden: true } });
                    document.body.appendChild(link);
                    link.click();
                    link.remove();
                    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
                  })
                  .catch((e) => announce(errorText(e))),
            },
          },
          'Download tallies (JSON)',
        ),
      ),
      tallyList,
    ),
    section('Convention packet and OpenSlides', packetPanel(app, signal)),
    section('Rules and deadlines', rulesBox),
    section(
      'Roster',
      rosterFacts,
      h('p', { class: 'help-text' }, 'A CSV with the columns member id, name, email, chapter, good standing, delegate. Members are updated in place by member id; a file with any bad line imports nothing.'),
      h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: fileId } }, 'Roster file'), file),
      h(
        'div',
        { class: 'staff-exports' },
        h('button', { class: 'btn btn--secondary', attrs: { type: 'button' }, on: { click: () => void importRoster(true) } }, 'Check the file'),
        h('button', { class: 'btn btn--primary', attrs: { type: 'button' }, on: { click: () => void importRoster(false) } }, 'Import'),
      ),
      rosterResult,
    ),
    section(
      'Audit log',
      h(
        'p',
        { class: 'help-text' },
        'Every signature, withdrawal, paper entry, strike and restore is kept in an append-only log where each entry carries the hash of the one before. To check that nobody rewrote the log since an earlier check or a tally export, give the anchor you kept from it.',
      ),
      auditForm,
      auditResult,
    ),
  );
  return {
    element,
    title: 'Signatures',
    destroy() {
      for (const cleanup of cleanups) cleanup();
    },
  };
};
