import { buildRedline } from '../../shared/redline/redline';
import { announce } from '../announce';
import type { RebaseProposal } from '../api-types';
import { h, uniqueId } from '../dom';
import { icon } from '../icons';
import { linesLabel, renderHunks } from '../redline/render';
import { reload } from '../router';
import { lineWidthOf } from '../texts';
import type { EditorExtension } from './extensions';
import { editorBlocks } from './live-redline';
import { pageBanner } from './page-banner';
import { inOwningCaucus } from './workflow-panel';

/**
 * The revised-base banner: when the base text got a new version and the
 * server rebased this amendment onto it, the amendment's drafters see, above
 * the text, what accepting would change (the rebased text's redline against
 * their current text) and which of their changes could not be carried over
 * (with the old base's lines), and accept or dismiss it.
 */
export const rebaseBanner: EditorExtension = {
  id: 'rebase',
  appliesTo: (doc) => doc.kind === 'amendment' && doc.baseId !== null && doc.status !== 'withdrawn' && doc.status !== 'failed',
  mount(context, { gutter }) {
    const { app, user, document: doc, view } = context;
    if (!inOwningCaucus(user, doc)) return;
    // An earlier version shown for reading is not the text a rebase would replace.
    if (context.shown && context.shown.version !== context.shown.newest) return;
    // Placed only when there is a pending rebase.
    const slot = pageBanner(gutter, 'info', 'rebase');
    if (!slot) return;
    const banner = slot.element;
    let destroyed = false;
    let busy = false;

    const decide = async (proposal: RebaseProposal, decision: 'accept' | 'dismiss') => {
      if (busy) return;
      busy = true;
      for (const button of banner.querySelectorAll('button')) button.disabled = true;
      try {
        await app.api.request('POST', `/api/documents/${encodeURIComponent(doc.id)}/rebase/${decision}`);
        announce(decision === 'accept' ? `Rebased onto v${proposal.toVersion}.` : 'Rebase dismissed.');
        if (decision === 'accept') reload();
        else banner.remove();
      } catch (caught) {
        busy = false;
        for (const button of banner.querySelectorAll('button')) button.disabled = false;
        banner.querySelector('.rebase-banner__error')?.remove();
        banner.appendChild(h('p', { class: 'alert alert--error rebase-banner__error', attrs: { role: 'alert' } }, icon('alert'), h('span', {}, caught instanceof Error ? caught.message : 'That did not work.')));
      }
    };

    const show = async (proposal: RebaseProposal) => {
      const width = await lineWidthOf(app);
      if (destroyed) return;
      const redline = buildRedline(editorBlocks(view), proposal.blocks, width);
      const detailsId = uniqueId('rebase-details');
      const unapplied = proposal.unapplied.length
        ? h(
            'div',
            { class: 'rebase-banner__unapplied' },
            h('h3', { class: 'panel-subhead' }, `${proposal.unapplied.length} of your changes could not be carried over`),
            h(
              'ul',
              {},
              ...proposal.unapplied.map((change) =>
                h(
                  'li',
                  {},
                  h('span', { class: 'instruction__lines' }, `${linesLabel(change.fromLine, change.toLine)} of v${proposal.fromVersion}:`),
                  ...(change.struck ? [' you struck ', h('del', { class: 'rl-del' }, change.struck)] : []),
                  change.struck && change.inserted ? ' and' : null,
                  ...(change.inserted ? [' inserted ', h('ins', { class: 'rl-ins' }, change.inserted)] : []),
                ),
              ),
            ),
          )
        : h('p', {}, 'All of your changes carry over.');
      slot.show({
        icon: 'refresh',
        title: `The base text has a new version (v${proposal.toVersion})`,
        body: [
          h('p', {}, `This amendment was drafted on v${proposal.fromVersion}. Plenary has carried your changes over to v${proposal.toVersion}. Accepting replaces the text below with the rebased text.`),
          doc.status === 'draft'
            ? null
            : h('p', {}, h('strong', {}, 'It is already submitted: '), 'accepting makes the rebased text its new version, the one delegates then read and sign; signatures already given stay with it.'),
        ],
        more: [
          unapplied,
          h('details', { class: 'rebase-banner__details' },
            h('summary', { attrs: { id: detailsId } }, 'What accepting would change in your text'),
            h('p', { class: 'help-text' }, 'Numbered by the lines of your text as it is now.'),
            renderHunks(redline.blocks, { empty: 'Your text stays the same; only its base version changes.' }),
          ),
        ],
        buttons: [
          h('button', { class: 'btn btn--primary', attrs: { type: 'button' }, on: { click: () => void decide(proposal, 'accept') } }, `Accept the rebase onto v${proposal.toVersion}`),
          h('button', { class: 'btn btn--secondary', attrs: { type: 'button' }, on: { click: () => void decide(proposal, 'dismiss') } }, 'Dismiss'),
        ],
      });
    };

    void app.api.request<RebaseProposal | null>('GET', `/api/documents/${encodeURIComponent(doc.id)}/rebase`).then(
      (proposal) => {
        if (destroyed || !proposal || proposal.status !== 'pending') return;
        void show(proposal);
      },
      () => undefined,
    );
    return () => {
      destroyed = true;
      banner.remove();
    };
  },
};
