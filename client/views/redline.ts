import { buildRedline } from '../../shared/redline/redline';
import { ApiError } from '../api';
import type { CompareResponse, DocumentSummary } from '../api-types';
import type { View } from '../app-context';
import { compareHref, textHref } from '../components/doc-tabs';
import { documentPageHeader, loadingPage, pageError } from '../components/page-header';
import { viewToolbar } from '../components/view-toolbar';
import { attachExportMenu } from './export-menu';
import { h } from '../dom';
import { changeCount, redlineArea, type RedlineLayout } from '../redline/redline-area';
import { currentLocation, href } from '../router';
import { lineWidthOf, liveText, versionText } from '../texts';

/**
 * An amendment's redline against the base version it was drafted on
 * (`GET /api/documents/:id/redline`): inline or side by side, with the formal
 * instructions listed beside it, each leading to its line. The layout is in
 * the URL (`?layout=side`), so the link shows what the sender saw.
 */
export const redlineView: View = ({ app, params, query, signal }) => {
  const id = params.id;
  const layout: RedlineLayout = query.get('layout') === 'side' ? 'side' : 'inline';
  const page = loadingPage('view-page redline-page', 'Loading the redline…');

  const load = async () => {
    let doc: DocumentSummary;
    let compared: CompareResponse;
    try {
      doc = await app.api.document(id);
      if (doc.kind !== 'amendment' || !doc.baseId) {
        if (signal.aborted) return;
        page.show(pageError('Not an amendment', `${doc.code ?? 'This text'} is not an amendment, so it has no redline against a base. Compare it with another text instead.`, { label: 'Compare texts', target: compareHref({ left: doc.id }) }));
        return;
      }
      compared = await app.api.request<CompareResponse>('GET', `/api/documents/${encodeURIComponent(id)}/redline`);
      const [width, left, right] = await Promise.all([
        lineWidthOf(app),
        versionText(app.api, compared.left.documentId, compared.left.version!),
        compared.right.version === null ? liveText(app.api, doc.id) : versionText(app.api, doc.id, compared.right.version),
      ]);
      if (signal.aborted) return;
      const redline = buildRedline(left.blocks, right.blocks, width);
      const leftLabel = `${compared.left.code ?? 'Base'} v${compared.left.version}`;
      const rightLabel = doc.code ?? 'This draft';
      const n = compared.redline.instructions.length;
      const toolbar = viewToolbar('redline', { document: doc.id, left: compared.left.documentId, leftVersion: compared.left.version, right: doc.id, rightVersion: compared.right.version, layout });
      attachExportMenu(app, toolbar);
      const area = redlineArea({
        redline,
        instructions: compared.redline.instructions,
        leftLabel,
        rightLabel,
        layout,
        instructionsTitle: 'Instructions',
        onLayout(next) {
          toolbar.dataset.layout = next;
          const { path } = currentLocation();
          history.replaceState(null, '', href(path, next === 'side' ? { layout: 'side' } : undefined));
        },
      });
      page.show(
        documentPageHeader({
          doc,
          user: app.session.user,
          current: 'redline',
          heading: `Redline of ${doc.code ?? 'this draft'}: ${doc.title}`,
          crumb: 'Redline',
          lede: [
            h('span', { class: 'meta-item' }, 'Against ', h('a', { attrs: { href: textHref(compared.left.documentId, compared.left.version) } }, leftLabel)),
            doc.caucusName ? h('span', { class: 'meta-item' }, doc.caucusName) : null,
            h('span', { class: 'meta-item meta-item--muted' }, `${n} ${n === 1 ? 'instruction' : 'instructions'}, ${changeCount(redline)} changed ${changeCount(redline) === 1 ? 'passage' : 'passages'}`),
          ],
          toolbar,
        }),
        doc.rationale ? h('details', { class: 'rationale card' }, h('summary', {}, 'Rationale'), h('p', {}, doc.rationale)) : null,
        area,
      );
    } catch (caught) {
      if (signal.aborted) return;
      const notFound = caught instanceof ApiError && caught.status === 404;
      page.show(pageError(notFound ? 'Amendment not found' : 'Could not show the redline', caught instanceof Error ? caught.message : 'The redline could not be loaded.'));
    }
  };
  void load();
  return { element: page.element, title: 'Redline', wide: true };
};
