import { numberLines, type LineMap } from '../../shared/redline/lines';
import { buildRedline } from '../../shared/redline/redline';
import { blocksToMarkdown } from '../../shared/text';
import { announce } from '../announce';
import { ApiError } from '../api';
import type { ConflictMapResponse, DocumentSummary, FinalPreview, VersionSummary } from '../api-types';
import type { View } from '../app-context';
import { confirmDialog } from '../components/dialog';
import { compareHref } from '../components/doc-tabs';
import { documentPageHeader, loadingPage, pageError } from '../components/page-header';
import { viewToolbar } from '../components/view-toolbar';
import { h, replaceChildren, uniqueId } from '../dom';
import { STATUS_LABELS, formatExact, formatWhen, statusBadge } from '../format';
import { icon } from '../icons';
import { redlineArea, type RedlineLayout } from '../redline/redline-area';
import { linesLabel } from '../redline/render';
import { href, reload } from '../router';
import { lineWidthOf, versionText, versionsOf } from '../texts';
import { compareDocuments } from './document-tree';

/**
 * The final text (staff): pick the adopted amendments (conflicting pairs are
 * flagged as you tick them), preview the merged text as a redline against the
 * newest version with the collisions the merge could not settle, resolve them
 * by hand in Markdown if needed, and store it as the final version. A text
 * that is already final shows its final version.
 */

/** Statuses of amendments that can still be merged. */
const MERGEABLE = new Set(['submitted', 'qualified', 'adopted']);

/** Why an amendment cannot be picked, or null when it can. */
function notMergeable(amendment: DocumentSummary, version: number): string | null {
  if (!MERGEABLE.has(amendment.status)) return `${STATUS_LABELS[amendment.status]}: cannot be merged`;
  if (amendment.baseVersion !== version) return `Drafted on v${amendment.baseVersion}; its caucus must accept the rebase onto v${version} first`;
  return null;
}

/** A text as numbered lines (read only). */
export function numberedText(lines: LineMap, label: string): HTMLElement {
  const rows: HTMLElement[] = lines.lines.map((line) => {
    const block = lines.blocks[line.block];
    const first = lines.firstLineOf(line.block) === line.number;
    return h(
      'div',
      { class: `cm-line cm-line--${block.kind}${first ? ' cm-line--first' : ''}${block.kind === 'heading' ? ` cm-line--h${block.level ?? 2}` : ''}`, attrs: { 'data-line': line.number } },
      h('span', { class: 'rl-ln' }, h('span', { class: 'visually-hidden' }, 'Line '), String(line.number)),
      h('span', { class: 'cm-text' }, line.text),
    );
  });
  return h('div', { class: 'cm numbered-text', attrs: { role: 'region', 'aria-label': label } }, h('div', { class: 'cm-lines' }, ...rows));
}

export const finalTextView: View = ({ app, params, signal }) => {
  const id = params.id;
  const page = loadingPage('view-page final-page', 'Loading…');

  const showFinal = async (doc: DocumentSummary, versions: VersionSummary[], width: number) => {
    const final = versions[0];
    const text = await versionText(app.api, doc.id, final.version);
    if (signal.aborted) return;
    const previous = versions[1];
    page.show(
      documentPageHeader({
        doc,
        user: app.session.user,
        current: 'final',
        heading: `Final text of ${doc.code ?? 'this text'}`,
        crumb: 'Final text',
        lede: [h('span', { class: 'meta-item' }, `v${final.version}`), h('span', { class: 'meta-item meta-item--muted' }, 'Stored by ', final.createdByName ?? 'staff', ' ', h('time', { attrs: { datetime: final.createdAt, title: formatExact(final.createdAt) } }, formatWhen(final.createdAt)))],
        toolbar: viewToolbar('final', { document: doc.id, version: final.version }),
      }),
      h(
        'div',
        { class: 'alert alert--info final-done', attrs: { role: 'status' } },
        icon('check'),
        h('div', {}, h('p', {}, h('strong', {}, `${doc.code} is final. `), `The adopted text is stored as v${final.version}.`), previous ? h('p', {}, h('a', { attrs: { href: compareHref({ left: doc.id, leftVersion: previous.version, right: doc.id, rightVersion: final.version, layout: 'inline' }) } }, `Compare the final text with v${previous.version}`)) : null),
      ),
      h('div', { class: 'card final-text' }, numberedText(numberLines(text.blocks, width), `Final text of ${doc.code}`)),
    );
  };

  const load = async () => {
    try {
      const doc = await app.api.document(id);
      if (doc.kind === 'amendment') {
        page.show(pageError('Not a base text', 'Amendments are merged into the text they amend. Open that text to make its final version.'));
        return;
      }
      const [versions, width] = await Promise.all([versionsOf(app.api, id), lineWidthOf(app)]);
      if (signal.aborted) return;
      if (versions.length === 0) {
        page.show(pageError('Nothing to merge into', `${doc.code ?? 'This text'} has no published version yet.`));
        return;
      }
      if (doc.status === 'final') {
        await showFinal(doc, versions, width);
        return;
      }
      const version = versions[0].version;
      const [amendments, conflictMap, base] = await Promise.all([
        app.api.request<DocumentSummary[]>('GET', `/api/documents/${encodeURIComponent(id)}/amendments`),
        app.api.request<ConflictMapResponse>('GET', `/api/documents/${encodeURIComponent(id)}/conflicts?version=${version}`).catch(() => null),
        versionText(app.api, id, version),
      ]);
      if (signal.aborted) return;
      buildPicker(doc, version, amendments.sort(compareDocuments), conflictMap, base.blocks, width);
    } catch (caught) {
      if (signal.aborted) return;
      page.show(pageError(caught instanceof ApiError && caught.status === 404 ? 'Text not found' : 'Could not open the final text', caught instanceof Error ? caught.message : 'Try again.'));
    }
  };

  const buildPicker = (doc: DocumentSummary, version: number, amendments: DocumentSummary[], conflictMap: ConflictMapResponse | null, baseBlocks: Parameters<typeof buildRedline>[0], width: number) => {
    const partners = new Map<string, { other: string; lines: string }[]>();
    for (const pair of conflictMap?.conflicts ?? []) {
      const where = pair.lines.map((r) => linesLabel(r.from, r.to).toLowerCase()).join(', ');
      for (const [a, b] of [[pair.a, pair.b], [pair.b, pair.a]]) {
        const list = partners.get(a) ?? [];
        list.push({ other: b, lines: where });
        partners.set(a, list);
      }
    }
    const codeOf = (amendmentId: string) => amendments.find((a) => a.id === amendmentId)?.code ?? 'a draft';
    const boxes = new Map<string, HTMLInputElement>();
    const flags = new Map<string, HTMLElement>();
    const result = h('div', { class: 'final-result', attrs: { 'aria-live': 'off' } });
    const status = h('p', { class: 'visually-hidden', attrs: { role: 'status' } });
    let handMarkdown: string | null = null;
    let preview: FinalPreview | null = null;
    let layout: RedlineLayout = 'inline';
    let busy = false;

    const chosen = () => [...boxes].filter(([, box]) => box.checked).map(([amendmentId]) => amendmentId);
    const updateFlags = () => {
      const picked = new Set(chosen());
      for (const [amendmentId, flag] of flags) {
        const clashes = picked.has(amendmentId) ? (partners.get(amendmentId) ?? []).filter((p) => picked.has(p.other)) : [];
        flag.hidden = clashes.length === 0;
        replaceChildren(flag, icon('alert'), `Conflicts with ${clashes.map((c) => `${codeOf(c.other)} (${c.lines})`).join('; ')}`);
      }
      previewButton.disabled = busy;
      count.textContent = `${picked.size} selected`;
    };

    const rows = amendments.map((amendment) => {
      const why = notMergeable(amendment, version);
      const boxId = uniqueId('adopt');
      const flagId = uniqueId('clash');
      const box = h('input', { attrs: { id: boxId, type: 'checkbox', disabled: why !== null, checked: why === null && amendment.status === 'adopted', 'aria-describedby': flagId } });
      box.addEventListener('change', () => {
        handMarkdown = null;
        updateFlags();
      });
      if (why === null) boxes.set(amendment.id, box);
      const flag = h('span', { class: 'final-pick__clash', attrs: { id: flagId, hidden: true } });
      flags.set(amendment.id, flag);
      const known = partners.get(amendment.id);
      return h(
        'li',
        { class: `final-pick${why ? ' final-pick--disabled' : ''}` },
        box,
        h(
          'label',
          { class: 'final-pick__label', attrs: { for: boxId } },
          h('span', { class: 'code-chip' }, amendment.code ?? 'Draft'),
          h('span', { class: 'final-pick__title' }, amendment.title),
        ),
        h(
          'span',
          { class: 'final-pick__meta' },
          statusBadge(amendment.status),
          why ? h('span', { class: 'help-text' }, why) : null,
          known && !why ? h('span', { class: 'final-pick__known' }, `Touches the same lines as ${known.map((k) => codeOf(k.other)).join(', ')}`) : null,
          h('a', { attrs: { href: href(`/documents/${encodeURIComponent(amendment.id)}/redline`) } }, 'Redline'),
        ),
        flag,
      );
    });

    const count = h('span', { class: 'final-picker__count' });
    const previewButton = h('button', { class: 'btn btn--primary', attrs: { type: 'submit' } }, 'Preview the final text');
    const pickerId = uniqueId('picker');
    const picker = h(
      'form',
      { class: 'final-picker card', attrs: { 'aria-labelledby': pickerId }, on: { submit: (event) => { event.preventDefault(); void runPreview(); } } },
      h('h2', { class: 'cm-section__title', attrs: { id: pickerId } }, 'Adopted amendments'),
      h('p', { class: 'help-text' }, `Tick the amendments the convention adopted. They are merged into v${version}; amendments that touch the same lines are flagged.`),
      amendments.length ? h('ul', { class: 'final-picks' }, ...rows) : h('p', { class: 'empty' }, 'This text has no amendments.'),
      h('div', { class: 'final-picker__bar' }, count, previewButton),
    );

    const runPreview = async (markdown?: string) => {
      if (busy) return;
      busy = true;
      previewButton.disabled = true;
      result.setAttribute('aria-busy', 'true');
      try {
        const body = markdown === undefined ? { amendmentIds: chosen() } : { amendmentIds: chosen(), markdown };
        preview = await app.api.request<FinalPreview>('POST', `/api/documents/${encodeURIComponent(id)}/final/preview`, body);
        handMarkdown = markdown ?? null;
        if (signal.aborted) return;
        showPreview();
        status.textContent = preview.conflicts.length ? `Preview ready, with ${preview.conflicts.length} ${preview.conflicts.length === 1 ? 'collision' : 'collisions'} to resolve.` : 'Preview ready.';
      } catch (caught) {
        replaceChildren(result, h('div', { class: 'alert alert--error', attrs: { role: 'alert' } }, icon('alert'), h('span', {}, caught instanceof Error ? caught.message : 'The preview failed.')));
      }
      busy = false;
      previewButton.disabled = false;
      result.setAttribute('aria-busy', 'false');
    };

    const store = async () => {
      if (busy || !preview) return;
      const ids = chosen();
      const choice = await confirmDialog({
        title: `Store the final text of ${doc.code}?`,
        body: [
          h('p', {}, `The ${handMarkdown !== null ? 'hand-resolved' : 'merged'} text becomes v${version + 1}, the final version, and ${doc.code} is marked final. ${ids.length} ${ids.length === 1 ? 'amendment is' : 'amendments are'} marked adopted.`),
          h('p', {}, 'This cannot be undone.'),
        ],
        confirmLabel: 'Store the final text',
      });
      if (!choice || signal.aborted) return;
      busy = true;
      try {
        await app.api.request<DocumentSummary>('POST', `/api/documents/${encodeURIComponent(id)}/final`, handMarkdown !== null ? { amendmentIds: ids, markdown: handMarkdown } : { amendmentIds: ids });
        announce(`${doc.code} is final.`);
        reload();
      } catch (caught) {
        busy = false;
        result.querySelector('.final-store__error')?.remove();
        result.prepend(h('div', { class: 'alert alert--error final-store__error', attrs: { role: 'alert' } }, icon('alert'), h('span', {}, caught instanceof Error ? caught.message : 'The final text could not be stored.')));
      }
    };

    const showPreview = () => {
      if (!preview) return;
      const finalBlocks = preview.blocks;
      const redline = buildRedline(baseBlocks, finalBlocks, width);
      const conflicts = preview.conflicts;
      const textareaId = uniqueId('markdown');
      const textarea = h('textarea', { class: 'input final-markdown', attrs: { id: textareaId, rows: 16, spellcheck: 'true' } });
      textarea.value = handMarkdown ?? blocksToMarkdown(finalBlocks);
      const blocked = conflicts.length > 0 && handMarkdown === null;
      const headingId = uniqueId('preview');
      replaceChildren(
        result,
        h(
          'section',
          { class: 'final-preview', attrs: { 'aria-labelledby': headingId } },
          h('h2', { class: 'final-preview__title', attrs: { id: headingId, tabindex: -1 } }, handMarkdown !== null ? 'Preview of your resolved text' : 'Preview of the merged text'),
          h('p', { class: 'help-text' }, preview.merged.length ? `Merged: ${preview.merged.join(', ')}.` : 'No amendments merged.', ` Against v${preview.version}.`),
          conflicts.length
            ? h(
                'div',
                { class: 'alert alert--warning', attrs: { role: 'alert' } },
                icon('alert'),
                h(
                  'div',
                  {},
                  h('p', {}, h('strong', {}, `${conflicts.length} ${conflicts.length === 1 ? 'collision' : 'collisions'} the merge could not settle. `), handMarkdown !== null ? 'Your resolved text below replaces the merge.' : conflicts.length === 1 ? 'Resolve it by hand below, or leave one of the two out.' : 'Resolve them by hand below, or leave one of each pair out.'),
                  h('ul', {}, ...conflicts.map((c) => h('li', {}, `${c.amendment} collides with ${c.conflictsWith} on ${linesLabel(c.fromLine, c.toLine).toLowerCase()}`))),
                ),
              )
            : null,
          redlineArea({
            redline,
            instructions: preview.redline.instructions,
            leftLabel: `${doc.code} v${preview.version}`,
            rightLabel: 'Final text',
            layout,
            instructionsTitle: 'Changes to the text',
            changesOnly: true,
            onLayout(next) {
              layout = next;
            },
          }),
          h(
            'details',
            { class: 'final-resolve card', attrs: { open: blocked || handMarkdown !== null } },
            h('summary', {}, 'Resolve conflicts by hand'),
            h('p', { class: 'help-text' }, 'Edit the merged text as Markdown (# title, ## headings, blank lines between clauses), then preview it. Storing then uses your text.'),
            h('label', { class: 'label', attrs: { for: textareaId } }, 'Final text (Markdown)'),
            textarea,
            h('div', { class: 'final-resolve__buttons' },
              h('button', { class: 'btn btn--secondary', attrs: { type: 'button' }, on: { click: () => void runPreview(textarea.value) } }, 'Preview my text'),
              handMarkdown !== null ? h('button', { class: 'btn btn--quiet', attrs: { type: 'button' }, on: { click: () => void runPreview() } }, 'Back to the merged text') : null,
            ),
          ),
          h(
            'div',
            { class: 'final-store' },
            h('button', { class: 'btn btn--primary', attrs: { type: 'button', disabled: blocked }, on: { click: () => void store() } }, icon('check'), 'Store the final text'),
            blocked ? h('p', { class: 'help-text' }, 'Resolve the collisions first (or leave an amendment out).') : null,
          ),
        ),
      );
      result.querySelector<HTMLElement>(`#${headingId}`)?.focus();
    };

    page.show(
      documentPageHeader({
        doc,
        user: app.session.user,
        current: 'final',
        heading: `Final text of ${doc.code ?? 'this text'}`,
        crumb: 'Final text',
        lede: [h('span', { class: 'meta-item' }, `Merging into v${version}`)],
        toolbar: viewToolbar('final', { document: doc.id, version }),
      }),
      picker,
      status,
      result,
    );
    updateFlags();
  };

  void load();
  return { element: page.element, title: 'Final text', wide: true };
};
