import '../styles/exports.css';
import { announce } from '../announce';
import { ApiError } from '../api';
import type { AppContext } from '../app-context';
import { h, replaceChildren, uniqueId } from '../dom';

/**
 * Export controls, reusable by every view that shows a text:
 * - `exportMenu`: a disclosure ("Export") listing the formats of a text, an
 *   amendment's redline or a comparison (PDF, Word with tracked changes,
 *   HTML, Markdown). Each downloads the file with the session's token.
 * - `packetPanel`: staff's convention packet (PDF or Word) as a background
 *   job, with a progress bar and a download when done, and the OpenSlides file.
 *
 * A view places the menu in its toolbar seam (components/view-toolbar.ts)
 * with `attachExportMenu(app, toolbar)`, which reads what the view shows from
 * the toolbar's data attributes; the staff page shows `packetPanel`.
 */

/** What to export. */
export type ExportTarget =
  | { kind: 'text'; documentId: string; version?: number; publishedOnly?: boolean }
  | { kind: 'redline'; documentId: string; sideBySide?: boolean }
  | { kind: 'compare'; left: string; right: string; leftVersion?: number; rightVersion?: number; sideBySide?: boolean };

const FORMATS: { format: 'pdf' | 'docx' | 'html' | 'md'; label: string }[] = [
  { format: 'pdf', label: 'PDF (line-numbered)' },
  { format: 'docx', label: 'Word' },
  { format: 'html', label: 'Web page (HTML)' },
  { format: 'md', label: 'Markdown' },
];

/** How often a running packet job is asked how far it is. */
const POLL_MS = 500;

/** The API path of an export of `target` in `format`. */
export function exportPath(target: ExportTarget, format: string): string {
  const id = (value: string) => encodeURIComponent(value);
  if (target.kind === 'text') return `/api/documents/${id(target.documentId)}/export.${format}${target.version ? `?version=${target.version}` : ''}`;
  // Side by side applies to the HTML and Markdown files; PDF and Word are always inline.
  const side = target.sideBySide && (format === 'html' || format === 'md');
  if (target.kind === 'redline') return `/api/documents/${id(target.documentId)}/redline.${format}${side ? '?layout=side-by-side' : ''}`;
  const query = new URLSearchParams({ left: target.left, right: target.right });
  if (target.leftVersion) query.set('leftVersion', String(target.leftVersion));
  if (target.rightVersion) query.set('rightVersion', String(target.rightVersion));
  if (side) query.set('layout', 'side-by-side');
  return `/api/compare.${format}?${query.toString()}`;
}

/** Downloads an authenticated file: fetched with the bearer token, saved under the server's (safe) file name. */
export async function downloadFile(app: AppContext, path: string, fallbackName: string): Promise<void> {
  const token = app.session.getToken();
  let response: Response;
  try {
    response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError(0, 'network', "Can't reach the Plenary server to export. Check your connection and try again.");
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiError(response.status, `http_${response.status}`, body?.error?.message ?? `The export failed (error ${response.status}).`);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { attrs: { href: url, download: name, hidden: true } });
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function errorText(caught: unknown): string {
  return caught instanceof Error ? caught.message : 'The export did not work; try again.';
}

/**
 * An "Export" disclosure with one button per format. `label` names what is
 * exported for screen readers ("Export CR01-A03's redline").
 */
export function exportMenu(app: AppContext, target: ExportTarget, label = target.kind === 'redline' ? 'Export redline' : target.kind === 'compare' ? 'Export comparison' : 'Export'): HTMLElement {
  const status = h('span', { class: 'visually-hidden', attrs: { role: 'status' } });
  const buttons = FORMATS.map(({ format, label: formatLabel }) => {
    const button = h('button', { class: 'btn btn--quiet btn--small', attrs: { type: 'button' } }, format === 'docx' && target.kind !== 'text' ? 'Word (tracked changes)' : formatLabel);
    button.addEventListener('click', () => {
      button.disabled = true;
      status.textContent = 'Preparing the file…';
      void downloadFile(app, exportPath(target, format), `export.${format}`)
        .then(() => {
          status.textContent = 'Downloaded.';
        })
        .catch((caught) => announce(errorText(caught)))
        .finally(() => {
          button.disabled = false;
        });
    });
    return h('li', {}, button);
  });
  // On a working copy under revision, the server exports what readers read: the newest published version.
  const note = target.kind === 'text' && target.publishedOnly ? h('li', { class: 'export-menu__note help-text' }, 'Exports the newest published version; unpublished changes are not in it.') : null;
  const list = h('ul', { class: 'export-menu__list', attrs: { role: 'list' } }, note, ...buttons);
  const menu = h('details', { class: 'export-menu' }, h('summary', { class: 'btn btn--secondary btn--small' }, label), list, status);
  menu.addEventListener('toggle', () => {
    if (!menu.open) return;
    menu.classList.remove('export-menu--end');
    if (list.getBoundingClientRect().right > document.documentElement.clientWidth) menu.classList.add('export-menu--end');
  });
  return menu;
}

/** A positive version number from a data attribute, or undefined. */
function versionOf(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * What a view toolbar (components/view-toolbar.ts) shows, from its data
 * attributes: a text, an amendment's redline or a comparison; null for views
 * with nothing to export (the conflict map).
 */
export function targetOfToolbar(data: DOMStringMap): ExportTarget | null {
  const sideBySide = data.layout === 'side';
  if ((data.view === 'text' || data.view === 'final') && data.document) return { kind: 'text', documentId: data.document, version: versionOf(data.version), publishedOnly: data.workingCopy === 'true' };
  if (data.view === 'redline' && data.document) return { kind: 'redline', documentId: data.document, sideBySide };
  if (data.view === 'compare' && data.left && data.right) return { kind: 'compare', left: data.left, right: data.right, leftVersion: versionOf(data.leftVersion), rightVersion: versionOf(data.rightVersion), sideBySide };
  return null;
}

/** Puts the export menu for what a view shows into its toolbar seam (no-op for a view with nothing to export, or no toolbar). */
export function attachExportMenu(app: AppContext, toolbar: HTMLElement | null): void {
  const target = toolbar ? targetOfToolbar(toolbar.dataset) : null;
  if (toolbar && target) toolbar.append(exportMenu(app, target));
}

interface JobState {
  jobId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  message: string;
  fileName: string | null;
  downloadUrl: string | null;
  error: string | null;
}

/**
 * Staff's packet export: start the packet as PDF or Word, watch its progress,
 * download it when done; and the OpenSlides motion import file. Polling stops
 * when `signal` aborts (the user left the page).
 */
export function packetPanel(app: AppContext, signal: AbortSignal): HTMLElement {
  const progressId = uniqueId('packet-progress');
  const bar = h('progress', { attrs: { id: progressId, max: 1, value: 0, hidden: true } });
  const note = h('p', { class: 'help-text', attrs: { role: 'status', 'aria-live': 'polite' } });
  const result = h('div', {});
  const starters: HTMLButtonElement[] = [];

  const poll = async (jobId: string): Promise<void> => {
    while (!signal.aborted) {
      const state = await app.api.request<JobState>('GET', `/api/exports/jobs/${encodeURIComponent(jobId)}`);
      bar.value = state.progress;
      note.textContent = `${Math.round(state.progress * 100)}%: ${state.message}`;
      if (state.status === 'done' && state.downloadUrl) {
        const url = state.downloadUrl;
        note.textContent = 'The packet is ready.';
        replaceChildren(
          result,
          h('button', { class: 'btn btn--primary btn--small', attrs: { type: 'button' }, on: { click: () => void downloadFile(app, url, state.fileName ?? 'packet').catch((caught) => announce(errorText(caught))) } }, `Download ${state.fileName ?? 'the packet'}`),
        );
        return;
      }
      if (state.status === 'failed') throw new Error(state.error ?? 'The packet export failed.');
      await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
    }
  };

  const start = async (format: 'pdf' | 'docx') => {
    for (const button of starters) button.disabled = true;
    replaceChildren(result);
    bar.hidden = false;
    bar.value = 0;
    note.textContent = 'Starting…';
    try {
      const job = await app.api.request<JobState>('POST', '/api/exports/packet', { format });
      await poll(job.jobId);
    } catch (caught) {
      note.textContent = errorText(caught);
      announce(errorText(caught));
    } finally {
      for (const button of starters) button.disabled = false;
    }
  };

  for (const [format, label] of [
    ['pdf', 'Convention packet (PDF)'],
    ['docx', 'Convention packet (Word)'],
  ] as const) {
    starters.push(h('button', { class: 'btn btn--secondary btn--small', attrs: { type: 'button', 'aria-describedby': progressId }, on: { click: () => void start(format) } }, label));
  }
  const openSlides = h(
    'button',
    { class: 'btn btn--secondary btn--small', attrs: { type: 'button' }, on: { click: () => void downloadFile(app, '/api/exports/openslides.csv', 'openslides-motions.csv').catch((caught) => announce(errorText(caught))) } },
    'OpenSlides motions (CSV)',
  );
  return h(
    'div',
    { class: 'packet-panel' },
    h('p', { class: 'help-text' }, 'Everything submitted, with a table of contents, the texts with line numbers, every amendment with its instructions and redline, and the tallies. A large convention takes a minute; you can keep working meanwhile.'),
    h('div', { class: 'staff-exports' }, ...starters, openSlides),
    bar,
    note,
    result,
  );
}
