import { numberLines, type LineMap } from '../../shared/redline/lines';
import { SETTLED_STATUSES } from '../../shared/workflow';
import { ApiError } from '../api';
import type { ConflictMapResponse, DocumentSummary } from '../api-types';
import type { View } from '../app-context';
import { compareHref } from '../components/doc-tabs';
import { documentPageHeader, loadingPage, pageError } from '../components/page-header';
import { viewToolbar } from '../components/view-toolbar';
import { h, uniqueId, type Child } from '../dom';
import { statusBadge } from '../format';
import { icon } from '../icons';
import { goToLine, linesLabel } from '../redline/render';
import { href } from '../router';
import { lineWidthOf, versionText, versionsOf } from '../texts';

/**
 * The conflict map of a text: its lines as numbered at the convention's width,
 * with the codes of the amendments that touch them in the margin (each opens
 * that amendment's redline), and the pairs of amendments that touch the same
 * lines (each opens the two side by side). Lines are grouped into runs touched
 * by the same amendments, and each run gets one marker cell, so the page stays
 * light with hundreds of amendments; a run with many shows the first few and
 * folds the rest.
 */

/** Markers shown in one margin cell before the rest fold under "+N more". */
const MARKERS_SHOWN = 6;

type Amendment = ConflictMapResponse['amendments'][number];

/** A run of consecutive lines touched by the same amendments. */
interface Run {
  from: number;
  to: number;
  ids: string[];
}

function runsOf(data: ConflictMapResponse): Run[] {
  const byLine = new Map<number, string[]>();
  for (const entry of data.lines) byLine.set(entry.line, entry.amendments);
  const runs: Run[] = [];
  for (let line = 1; line <= data.lineCount; line++) {
    const ids = byLine.get(line) ?? [];
    const key = ids.join(' ');
    const last = runs[runs.length - 1];
    if (last && last.to === line - 1 && last.ids.join(' ') === key) last.to = line;
    else runs.push({ from: line, to: line, ids });
  }
  return runs;
}

/** Longest title shown for an amendment that has no code yet (a draft). */
const DRAFT_NAME_CHARS = 18;

/** The name an amendment goes by on the map: its code, or for a draft "Draft: " and the start of its title. */
function shortName(amendment: Amendment | undefined): string {
  if (!amendment) return 'Draft';
  if (amendment.code) return amendment.code;
  const title = amendment.title.length > DRAFT_NAME_CHARS ? `${amendment.title.slice(0, DRAFT_NAME_CHARS - 1)}…` : amendment.title;
  return `Draft: ${title}`;
}

function marker(amendment: Amendment | undefined, id: string): HTMLElement {
  const code = shortName(amendment);
  return h(
    'a',
    {
      class: `cm-marker${amendment?.code ? '' : ' cm-marker--draft'}`,
      attrs: { href: href(`/documents/${encodeURIComponent(id)}/redline`), title: amendment ? `${code}: ${amendment.title}${amendment.caucusName ? ` (${amendment.caucusName})` : ''}` : code, 'aria-label': `${code}, ${amendment?.title ?? ''}: open its redline` },
    },
    code,
  );
}

function markerCell(run: Run, byId: Map<string, Amendment>): HTMLElement {
  const shown = run.ids.slice(0, MARKERS_SHOWN);
  const rest = run.ids.slice(MARKERS_SHOWN);
  return h(
    'div',
    { class: 'cm-markers' },
    h('span', { class: 'visually-hidden' }, `${linesLabel(run.from, run.to)}: ${run.ids.length} ${run.ids.length === 1 ? 'amendment' : 'amendments'}`),
    ...shown.map((id) => marker(byId.get(id), id)),
    rest.length
      ? h('details', { class: 'cm-more' }, h('summary', {}, `+${rest.length} more`), h('div', { class: 'cm-more__list' }, ...rest.map((id) => marker(byId.get(id), id))))
      : null,
  );
}

function lineRow(lines: LineMap, number: number): HTMLElement {
  const line = lines.line(number);
  const block = lines.blocks[line.block];
  const first = lines.firstLineOf(line.block) === number;
  const classes = ['cm-line', `cm-line--${block.kind}`];
  if (first) classes.push('cm-line--first');
  if (block.kind === 'heading') classes.push(`cm-line--h${block.level ?? 2}`);
  return h(
    'div',
    { class: classes.join(' '), attrs: { 'data-line': number, tabindex: -1 } },
    // The run's label says its lines; a number before every line would cut the text up for screen readers.
    h('span', { class: 'rl-ln', attrs: { 'aria-hidden': 'true' } }, String(number)),
    h('span', { class: 'cm-text' }, line.text),
  );
}

function mapBody(lines: LineMap, runs: Run[], byId: Map<string, Amendment>): HTMLElement {
  const children: Child[] = runs.map((run) => {
    const rows: HTMLElement[] = [];
    for (let n = run.from; n <= run.to; n++) rows.push(lineRow(lines, n));
    if (run.ids.length === 0) {
      return h('div', { class: 'cm-run cm-run--quiet' }, h('p', { class: 'cm-gap' }, `${linesLabel(run.from, run.to)}: no amendments`), h('div', { class: 'cm-lines' }, ...rows));
    }
    const conflict = run.ids.length > 1;
    return h(
      'div',
      { class: `cm-run cm-run--touched${conflict ? ' cm-run--conflict' : ''}`, dataset: { amendments: String(run.ids.length) } },
      markerCell(run, byId),
      h('div', { class: 'cm-lines' }, ...rows),
    );
  });
  return h('div', { class: 'cm' }, ...children);
}

/**
 * Says which live amendments of `baseId` this map of `version` leaves out because they
 * are drafted against another version (their caucus has not accepted the rebase yet),
 * with a link to each of those maps; null when there are none.
 */
function elsewhereNotice(documents: readonly DocumentSummary[], baseId: string, version: number, mapOf: (version: number) => string): HTMLElement | null {
  const counts = new Map<number, number>();
  for (const doc of documents) {
    if (doc.baseId !== baseId || doc.baseVersion === null || doc.baseVersion === version || SETTLED_STATUSES.has(doc.status)) continue;
    counts.set(doc.baseVersion, (counts.get(doc.baseVersion) ?? 0) + 1);
  }
  if (counts.size === 0) return null;
  return h(
    'div',
    { class: 'alert alert--info cm-elsewhere' },
    icon('alert'),
    h(
      'p',
      {},
      `Not on this map: `,
      ...[...counts]
        .sort((a, b) => a[0] - b[0])
        .flatMap(([other, n], i) => [i > 0 ? '; ' : '', `${n} ${n === 1 ? 'amendment' : 'amendments'} drafted against v${other} `, h('a', { attrs: { href: mapOf(other) } }, `(see the map of v${other})`)]),
      '.',
    ),
  );
}

export const conflictsView: View = ({ app, params, query, signal }) => {
  const id = params.id;
  const askedVersion = Number(query.get('version')) || undefined;
  const page = loadingPage('view-page conflicts-page', 'Loading the conflict map…');

  const load = async () => {
    let doc: DocumentSummary;
    try {
      doc = await app.api.document(id);
      const [data, versions, width, documents] = await Promise.all([
        app.api.request<ConflictMapResponse>('GET', `/api/documents/${encodeURIComponent(id)}/conflicts${askedVersion ? `?version=${askedVersion}` : ''}`),
        versionsOf(app.api, id),
        lineWidthOf(app),
        app.api.documents(),
      ]);
      const text = await versionText(app.api, id, data.version);
      if (signal.aborted) return;
      const lines = numberLines(text.blocks, width);
      const byId = new Map(data.amendments.map((a) => [a.id, a]));
      const runs = runsOf(data);
      const touchedLines = data.lines.length;
      const name = `${doc.code ?? 'Draft'} v${data.version}`;

      const pairsId = uniqueId('pairs');
      const legendId = uniqueId('legend');
      const pairs = h(
        'section',
        { class: 'cm-section card', attrs: { 'aria-labelledby': pairsId } },
        h('h2', { class: 'cm-section__title', attrs: { id: pairsId } }, 'Conflicting pairs ', h('span', { class: 'count-pill' }, String(data.conflicts.length))),
        data.conflicts.length === 0
          ? h('p', { class: 'help-text' }, 'No two amendments touch the same lines.')
          : h(
              'ul',
              { class: 'cm-pairs' },
              ...data.conflicts.map((pair) => {
                const a = byId.get(pair.a);
                const b = byId.get(pair.b);
                const where = pair.lines.map((r) => linesLabel(r.from, r.to).toLowerCase()).join(', ');
                return h(
                  'li',
                  { class: 'cm-pair' },
                  h(
                    'a',
                    { class: 'cm-pair__link', attrs: { href: compareHref({ left: pair.a, right: pair.b, layout: 'side' }) } },
                    h('span', { class: 'code-chip' }, shortName(a)),
                    h('span', { class: 'cm-pair__vs' }, 'and'),
                    h('span', { class: 'code-chip' }, shortName(b)),
                    h('span', { class: 'cm-pair__action' }, 'Compare side by side'),
                  ),
                  h('button', { class: 'cm-pair__where', attrs: { type: 'button' }, on: { click: () => goToLine(body, pair.lines[0]?.from ?? 1) } }, `Both change ${where}`),
                );
              }),
            ),
      );
      const mapOf = (version: number) => href(`/documents/${encodeURIComponent(id)}/conflicts`, { version: String(version) });
      const legend = h(
        'section',
        { class: 'cm-section card', attrs: { 'aria-labelledby': legendId } },
        h('h2', { class: 'cm-section__title', attrs: { id: legendId } }, 'Amendments ', h('span', { class: 'count-pill' }, String(data.amendments.length))),
        elsewhereNotice(documents, id, data.version, mapOf),
        data.amendments.length === 0
          ? h(
              'p',
              { class: 'help-text' },
              `No amendments to ${name}.`,
              ...versions
                .filter((v) => v.version !== data.version)
                .slice(0, 3)
                .map((v) => h('span', {}, ' ', h('a', { attrs: { href: mapOf(v.version) } }, `See the map of v${v.version}`))),
            )
          : h(
              'ul',
              { class: 'cm-legend' },
              ...data.amendments.map((a) =>
                h(
                  'li',
                  { class: 'cm-legend__item' },
                  h('a', { class: 'cm-legend__link', attrs: { href: href(`/documents/${encodeURIComponent(a.id)}/redline`) } }, h('span', { class: a.code ? 'code-chip' : 'code-chip code-chip--draft' }, a.code ?? 'Draft'), h('span', { class: 'cm-legend__title' }, a.title)),
                  h(
                    'span',
                    { class: 'cm-legend__meta' },
                    statusBadge(a.status),
                    a.caucusName ? h('span', {}, a.caucusName) : null,
                    ...a.ranges.map((r) => h('button', { class: 'cm-legend__lines', attrs: { type: 'button', 'aria-label': `Go to ${linesLabel(r.from, r.to).toLowerCase()}` }, on: { click: () => goToLine(body, r.from) } }, linesLabel(r.from, r.to))),
                  ),
                ),
              ),
            ),
      );

      const onlyId = uniqueId('only-touched');
      const only = h('input', { attrs: { id: onlyId, type: 'checkbox' } });
      const body = h('div', { class: 'cm-text-host' }, mapBody(lines, runs, byId));
      only.addEventListener('change', () => body.classList.toggle('cm-text-host--touched-only', only.checked));
      const versionPicker =
        versions.length > 1
          ? h(
              'label',
              { class: 'cm-version' },
              'Version ',
              h(
                'select',
                {
                  class: 'input input--small',
                  on: { change: (event) => (window.location.hash = href(`/documents/${encodeURIComponent(id)}/conflicts`, { version: (event.target as HTMLSelectElement).value })) },
                },
                ...versions.map((v) => h('option', { attrs: { value: v.version, selected: v.version === data.version } }, `v${v.version}`)),
              ),
            )
          : null;

      page.show(
        documentPageHeader({
          doc,
          user: app.session.user,
          current: 'conflicts',
          heading: `Conflict map of ${doc.code ?? 'this draft'}`,
          crumb: 'Conflict map',
          lede: [
            h('span', { class: 'meta-item' }, `v${data.version}`),
            h('span', { class: 'meta-item meta-item--muted' }, `${data.amendments.length} ${data.amendments.length === 1 ? 'amendment touches' : 'amendments touch'} ${touchedLines} of ${data.lineCount} lines`),
          ],
          toolbar: viewToolbar('conflicts', { document: doc.id, version: data.version }),
        }),
        h('div', { class: 'cm-layout' },
          h('div', { class: 'cm-side' }, pairs, legend),
          h(
            'section',
            { class: 'cm-main card', attrs: { 'aria-label': `${name} with the amendments that touch each line` } },
            h('div', { class: 'cm-main__bar' },
              h('label', { class: 'check', attrs: { for: onlyId } }, only, h('span', {}, 'Only lines with amendments')),
              versionPicker,
              h('span', { class: 'cm-key', attrs: { 'aria-hidden': 'true' } }, h('span', { class: 'cm-key__one' }, 'one amendment'), h('span', { class: 'cm-key__many' }, 'conflict')),
            ),
            body,
          ),
        ),
      );
    } catch (caught) {
      if (signal.aborted) return;
      const conflict = caught instanceof ApiError && caught.status === 409;
      page.show(pageError(conflict ? 'Nothing to map yet' : 'Could not show the conflict map', caught instanceof Error ? caught.message : 'The conflict map could not be loaded.'));
    }
  };
  void load();
  return { element: page.element, title: 'Conflict map', wide: true };
};
