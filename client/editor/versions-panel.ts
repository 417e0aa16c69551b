import { announce } from '../announce';
import type { VersionSummary } from '../api-types';
import { confirmDialog } from '../components/dialog';
import { compareHref, textHref } from '../components/doc-tabs';
import { h, replaceChildren, uniqueId } from '../dom';
import { formatExact, formatWhen } from '../format';
import { icon } from '../icons';
import { versionsOf } from '../texts';
import type { EditorExtension } from './extensions';

/** Told of every version published from this tab, by document id. */
const publications = new EventTarget();

/** Calls `listener` with the version number whenever a version of `documentId` is published from this tab; returns the unsubscribe function. */
export function onPublished(documentId: string, listener: (version: number) => void): () => void {
  const handle = (event: Event) => listener((event as CustomEvent<number>).detail);
  publications.addEventListener(documentId, handle);
  return () => publications.removeEventListener(documentId, handle);
}

/**
 * The "Versions" panel: the published versions of a text with who published
 * each and when, a link to read each on the Text page (the one shown is
 * marked), a comparison of each with the one before, a picker to compare any
 * two, and, for those who can edit a submitted text (a consensus text under
 * revision), "Publish version" (a snapshot of the working copy as it is now;
 * amendments drafted on older versions are then offered a rebase). A draft is
 * published by submitting it.
 */
export const versionsPanel: EditorExtension = {
  id: 'versions',
  title: 'Versions',
  mount(context, { panel }) {
    const { app, document: doc, shown } = context;
    const body = h('div', { class: 'versions', attrs: { 'aria-busy': 'true' } }, h('p', { class: 'loading' }, 'Loading versions…'));
    const notice = h('div', { attrs: { role: 'status' } });
    panel.append(notice, body);
    let versions: VersionSummary[] = [];
    let busy = false;
    let destroyed = false;

    const publish = async () => {
      if (busy) return;
      // Another editor may have published meanwhile: the dialog names the number this publication will get.
      try {
        const loaded = await versionsOf(app.api, doc.id);
        if (destroyed) return;
        if (loaded[0]?.version !== versions[0]?.version) {
          const hadFocus = body.contains(document.activeElement);
          versions = loaded;
          render();
          if (hadFocus) body.querySelector<HTMLElement>('[data-action="publish"]')?.focus();
        }
      } catch {
        // Offline: publishing fails below with the reason.
      }
      const next = (versions[0]?.version ?? 0) + 1;
      const choice = await confirmDialog({
        title: `Publish v${next} of ${doc.code ?? 'this text'}?`,
        body: [
          h('p', {}, `v${next} is a snapshot of the text as it is now. It never changes afterwards; you can keep editing and publish again.`),
          versions.length > 0 ? h('p', {}, `Amendments drafted on an earlier version are offered a rebase onto v${next}; their drafters decide whether to accept it.`) : null,
        ],
        confirmLabel: `Publish v${next}`,
      });
      if (!choice || destroyed) return;
      busy = true;
      render();
      try {
        const published = await app.api.request<VersionSummary>('POST', `/api/documents/${encodeURIComponent(doc.id)}/versions`);
        versions = [published, ...versions.filter((v) => v.version !== published.version)];
        const text = `Published v${published.version}.`;
        replaceChildren(notice, h('p', { class: 'alert alert--info' }, icon('check'), h('span', {}, text)));
        announce(text);
        publications.dispatchEvent(new CustomEvent(doc.id, { detail: published.version }));
      } catch (caught) {
        replaceChildren(notice, h('p', { class: 'alert alert--error', attrs: { role: 'alert' } }, icon('alert'), h('span', {}, caught instanceof Error ? caught.message : 'The version could not be published.')));
      }
      busy = false;
      if (destroyed) return;
      render();
      // The button the dialog returned focus to was redrawn: keyboard users stay on it.
      if (document.activeElement === null || document.activeElement === document.body) body.querySelector<HTMLElement>('[data-action="publish"]')?.focus();
    };

    const picker = (): HTMLElement | null => {
      if (versions.length < 2) return null;
      const leftId = uniqueId('from-version');
      const rightId = uniqueId('to-version');
      const options = (selected: number) => versions.map((v) => h('option', { attrs: { value: v.version, selected: v.version === selected } }, `v${v.version}`));
      const left = h('select', { class: 'input input--small', attrs: { id: leftId } }, ...options(versions[1].version));
      const right = h('select', { class: 'input input--small', attrs: { id: rightId } }, ...options(versions[0].version));
      return h(
        'form',
        {
          class: 'versions__compare',
          on: {
            submit: (event) => {
              event.preventDefault();
              const target = compareHref({ left: doc.id, leftVersion: Number(left.value), right: doc.id, rightVersion: Number(right.value), layout: 'inline' });
              window.location.hash = target;
            },
          },
        },
        h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: leftId } }, 'Compare'), left),
        h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: rightId } }, 'with'), right),
        h('button', { class: 'btn btn--secondary btn--small', attrs: { type: 'submit' } }, 'Compare'),
      );
    };

    const render = () => {
      body.setAttribute('aria-busy', 'false');
      const items = versions.map((v, i) => {
        const older = versions[i + 1];
        const isShown = shown?.version === v.version;
        return h(
          'li',
          { class: `versions__item${isShown ? ' versions__item--shown' : ''}` },
          h('a', { class: 'version-chip', attrs: { href: textHref(doc.id, v.version), 'aria-current': isShown ? 'page' : null, 'aria-label': isShown ? `v${v.version}, shown` : `Read v${v.version}` } }, `v${v.version}`),
          h(
            'span',
            { class: 'versions__meta' },
            v.createdByName ?? 'Plenary',
            ' · ',
            h('time', { attrs: { datetime: v.createdAt, title: formatExact(v.createdAt) } }, formatWhen(v.createdAt)),
            isShown ? h('strong', {}, ' · shown') : null,
          ),
          older
            ? h('a', { class: 'versions__diff', attrs: { href: compareHref({ left: doc.id, leftVersion: older.version, right: doc.id, rightVersion: v.version, layout: 'inline' }) } }, `Changes since v${older.version}`)
            : null,
        );
      });
      replaceChildren(
        body,
        versions.length === 0
          ? h('p', { class: 'help-text' }, doc.status === 'draft' ? 'Not published yet. Submitting publishes the first version.' : 'No published versions.')
          : h('ol', { class: 'versions__list', attrs: { reversed: true } }, ...items),
        picker(),
        // A draft is published by submitting it (as v1); only a submitted text that is still editable (a consensus text) gets more versions,
        // from its working copy (not while a published version is shown).
        doc.canEdit && doc.status !== 'draft' && !shown
          ? h('button', { class: 'btn btn--secondary btn--small btn--block', dataset: { action: 'publish' }, attrs: { type: 'button', disabled: busy }, on: { click: () => void publish() } }, busy ? 'Publishing…' : 'Publish version')
          : null,
      );
    };

    void versionsOf(app.api, doc.id).then(
      (loaded) => {
        if (destroyed) return;
        versions = loaded;
        render();
      },
      (caught: unknown) => {
        if (destroyed) return;
        body.setAttribute('aria-busy', 'false');
        replaceChildren(body, h('p', { class: 'help-text' }, caught instanceof Error ? caught.message : 'The versions could not be loaded.'));
      },
    );
    return () => {
      destroyed = true;
    };
  },
};
