import { amendmentInstructions } from '../../shared/redline/instructions';
import { buildRedline } from '../../shared/redline/redline';
import type { DocumentSummary } from '../api-types';
import type { View } from '../app-context';
import { compareHref } from '../components/doc-tabs';
import { viewToolbar } from '../components/view-toolbar';
import { copyButton } from '../components/copy-button';
import { h, replaceChildren, uniqueId } from '../dom';
import { KIND_LABELS, statusBadge } from '../format';
import { icon } from '../icons';
import { changeCount, redlineArea, type RedlineLayout } from '../redline/redline-area';
import { currentLocation, href } from '../router';
import { lineWidthOf, loadText, textLabel, versionsOf, type LoadedText } from '../texts';
import { compareDocuments } from './document-tree';

/**
 * Compare any two texts or versions: base and amendment, two competing
 * amendments, v1 and v2. The choice lives in the URL
 * (`#/compare?left=ID&right=ID&leftVersion=N&rightVersion=N&layout=inline|side`),
 * so a delegate can share exactly what they see. The redline is computed in
 * the browser from the two texts with the same engine the server uses, and is
 * numbered by the left text.
 */

interface Side {
  id: string;
  version: number | null;
}

function parseVersion(value: string | null): number | null {
  const n = Number(value);
  return value && Number.isInteger(n) && n >= 1 ? n : null;
}

/** The option text for a document: code and title, shortened. */
function documentOption(doc: DocumentSummary): string {
  const title = doc.title.length > 70 ? `${doc.title.slice(0, 68)}…` : doc.title;
  return `${doc.code ?? 'Draft'} · ${title}`;
}

/** One side of the picker: which text, which version. */
function textPicker(legend: string, documents: readonly DocumentSummary[], initial: Side, api: Parameters<typeof versionsOf>[0]) {
  const docId = uniqueId('text');
  const versionId = uniqueId('version');
  const groups = (['consensus', 'resolution', 'amendment'] as const).map((kind) => {
    const docs = documents.filter((doc) => doc.kind === kind).sort(compareDocuments);
    return docs.length
      ? h('optgroup', { attrs: { label: KIND_LABELS[kind].many } }, ...docs.map((doc) => h('option', { attrs: { value: doc.id, selected: doc.id === initial.id } }, documentOption(doc))))
      : null;
  });
  const docSelect = h('select', { class: 'input', attrs: { id: docId, name: `${legend.toLowerCase()}-text`, required: true } }, h('option', { attrs: { value: '', selected: !initial.id } }, 'Choose a text…'), ...groups);
  const versionSelect = h('select', { class: 'input', attrs: { id: versionId } });
  let token = 0;
  const loadVersions = async (wanted: number | null) => {
    const mine = ++token;
    replaceChildren(versionSelect, h('option', { attrs: { value: '' } }, 'Current text'));
    if (!docSelect.value) return;
    try {
      const versions = await versionsOf(api, docSelect.value);
      if (mine !== token) return;
      for (const v of versions) versionSelect.appendChild(h('option', { attrs: { value: v.version, selected: v.version === wanted } }, `v${v.version}${v === versions[0] ? ' (newest)' : ''}`));
    } catch {
      // Versions are optional; "Current text" still works.
    }
  };
  void loadVersions(initial.version);
  const element = h(
    'fieldset',
    { class: 'text-picker' },
    h('legend', { class: 'text-picker__legend' }, legend),
    h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: docId } }, 'Text'), docSelect),
    h('div', { class: 'field text-picker__version' }, h('label', { class: 'label', attrs: { for: versionId } }, 'Version'), versionSelect),
  );
  return {
    element,
    docSelect,
    get value(): Side {
      return { id: docSelect.value, version: parseVersion(versionSelect.value) };
    },
    set(side: Side) {
      docSelect.value = side.id;
      void loadVersions(side.version);
    },
    onChange(listener: () => void) {
      docSelect.addEventListener('change', () => {
        void loadVersions(null);
        listener();
      });
    },
  };
}

export const compareView: View = ({ app, query, signal }) => {
  const left: Side = { id: query.get('left') ?? '', version: parseVersion(query.get('leftVersion')) };
  const right: Side = { id: query.get('right') ?? '', version: parseVersion(query.get('rightVersion')) };
  let layout: RedlineLayout = query.get('layout') === 'side' ? 'side' : 'inline';
  const toolbar = viewToolbar('compare', { left: left.id, right: right.id, leftVersion: left.version, rightVersion: right.version, layout });
  const pickerHost = h('div', { class: 'compare-picker-host' }, h('p', { class: 'loading' }, 'Loading the texts you can compare…'));
  const status = h('p', { class: 'visually-hidden', attrs: { role: 'status' } });
  const results = h('div', { class: 'compare-results', attrs: { 'aria-live': 'off' } });
  const copy = copyButton('Copy link', 'Link copied', () => window.location.href);
  const element = h(
    'div',
    { class: 'view-page compare-page' },
    h(
      'div',
      { class: 'page-header view-header' },
      h('h1', { class: 'page-title', attrs: { tabindex: '-1' } }, 'Compare texts'),
      h('p', { class: 'page-lede' }, 'Any two texts or versions, inline or side by side, numbered by the left text.'),
      h('div', { class: 'doc-header__bar' }, h('div', { class: 'doc-header__actions' }, left.id && right.id ? copy : null), toolbar),
    ),
    pickerHost,
    status,
    results,
  );

  const buildPicker = (documents: DocumentSummary[]) => {
    const leftPicker = textPicker('Left', documents, left, app.api);
    const rightPicker = textPicker('Right', documents, right, app.api);
    // Choosing an amendment on the right with nothing on the left compares it with its base.
    rightPicker.onChange(() => {
      const chosen = documents.find((doc) => doc.id === rightPicker.value.id);
      if (!leftPicker.value.id && chosen?.baseId) leftPicker.set({ id: chosen.baseId, version: chosen.baseVersion });
    });
    leftPicker.onChange(() => undefined);
    const swap = h(
      'button',
      {
        class: 'btn btn--quiet btn--small compare-picker__swap',
        attrs: { type: 'button', 'aria-label': 'Swap left and right', title: 'Swap left and right' },
        on: {
          click: () => {
            const a = leftPicker.value;
            const b = rightPicker.value;
            leftPicker.set(b);
            rightPicker.set(a);
          },
        },
      },
      '⇄',
    );
    const form = h(
      'form',
      {
        class: 'compare-picker card',
        attrs: { 'aria-label': 'Choose what to compare' },
        on: {
          submit: (event) => {
            event.preventDefault();
            const a = leftPicker.value;
            const b = rightPicker.value;
            if (!a.id || !b.id) {
              (a.id ? rightPicker : leftPicker).docSelect.focus();
              status.textContent = 'Choose two texts to compare.';
              return;
            }
            window.location.hash = compareHref({ left: a.id, leftVersion: a.version, right: b.id, rightVersion: b.version, layout });
          },
        },
      },
      h('div', { class: 'compare-picker__sides' }, leftPicker.element, swap, rightPicker.element),
      h('div', { class: 'compare-picker__bottom' }, h('button', { class: 'btn btn--primary', attrs: { type: 'submit' } }, 'Compare')),
    );
    replaceChildren(pickerHost, form);
  };

  /**
   * Writes the versions shown into the address, so a shared link keeps showing them
   * after a text gets a new version (a rebase, a revision); a draft has none and stays live.
   */
  const pinVersions = (leftVersion: number | null, rightVersion: number | null) => {
    const { path, query: current } = currentLocation();
    if (leftVersion !== null) current.set('leftVersion', String(leftVersion));
    if (rightVersion !== null) current.set('rightVersion', String(rightVersion));
    history.replaceState(null, '', href(path, Object.fromEntries(current)));
  };

  const compare = async (documents: DocumentSummary[]) => {
    if (!left.id || !right.id) {
      replaceChildren(results, h('div', { class: 'empty' }, h('p', { class: 'empty__title' }, 'Choose two texts'), h('p', {}, 'Pick a text on each side, for example a consensus text and an amendment to it, or two amendments that touch the same lines.')));
      return;
    }
    results.setAttribute('aria-busy', 'true');
    replaceChildren(results, h('p', { class: 'loading' }, 'Comparing…'));
    const summary = (id: string) => documents.find((doc) => doc.id === id);
    let a: LoadedText;
    let b: LoadedText;
    let width: number;
    try {
      [a, b, width] = await Promise.all([loadText(app.api, { documentId: left.id, version: left.version }, summary(left.id)), loadText(app.api, { documentId: right.id, version: right.version }, summary(right.id)), lineWidthOf(app)]);
    } catch (caught) {
      if (signal.aborted) return;
      results.setAttribute('aria-busy', 'false');
      replaceChildren(results, h('div', { class: 'alert alert--error', attrs: { role: 'alert' } }, icon('alert'), h('span', {}, caught instanceof Error ? caught.message : 'The texts could not be loaded.')));
      return;
    }
    if (signal.aborted) return;
    const redline = buildRedline(a.blocks, b.blocks, width);
    const instructions = amendmentInstructions(redline.diff, redline.base);
    const leftLabel = textLabel(a.document, a.version);
    const rightLabel = textLabel(b.document, b.version);
    toolbar.dataset.leftVersion = a.version === null ? '' : String(a.version);
    toolbar.dataset.rightVersion = b.version === null ? '' : String(b.version);
    pinVersions(a.version, b.version);
    const n = changeCount(redline);
    const textLink = (loaded: LoadedText, label: string) =>
      h('a', { class: 'compare-heading__text', attrs: { href: href(`/documents/${encodeURIComponent(loaded.document.id)}`) } }, h('span', { class: 'compare-heading__code' }, label), ' ', statusBadge(loaded.document.status));
    replaceChildren(
      results,
      h(
        'div',
        { class: 'compare-heading' },
        h('h2', { class: 'compare-heading__title' }, textLink(a, leftLabel), h('span', { class: 'compare-heading__arrow' }, ' compared with '), textLink(b, rightLabel)),
        h('p', { class: 'help-text' }, n === 0 ? 'The two texts are the same.' : `${n} changed ${n === 1 ? 'passage' : 'passages'}; ${instructions.length} ${instructions.length === 1 ? 'instruction turns' : 'instructions turn'} the left text into the right.`),
      ),
      redlineArea({
        redline,
        instructions,
        leftLabel,
        rightLabel,
        layout,
        instructionsTitle: 'Instructions',
        noInstructions: 'None: the two texts are the same.',
        onLayout(next) {
          layout = next;
          toolbar.dataset.layout = next;
          const { path, query: current } = currentLocation();
          current.set('layout', next);
          history.replaceState(null, '', href(path, Object.fromEntries(current)));
        },
      }),
    );
    results.setAttribute('aria-busy', 'false');
    status.textContent = `Showing ${leftLabel} compared with ${rightLabel}: ${n} changed ${n === 1 ? 'passage' : 'passages'}.`;
  };

  void app.api.documents().then(
    (documents) => {
      if (signal.aborted) return;
      buildPicker(documents);
      void compare(documents);
    },
    (caught: unknown) => {
      if (signal.aborted) return;
      replaceChildren(pickerHost, h('div', { class: 'alert alert--error', attrs: { role: 'alert' } }, icon('alert'), h('span', {}, caught instanceof Error ? caught.message : 'The texts could not be listed.')));
      void compare([]);
    },
  );

  return { element, title: 'Compare texts', wide: true };
};
