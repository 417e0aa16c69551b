import type { EditorView } from 'prosemirror-view';
import { ApiError } from '../api';
import type { DocumentSummary, User } from '../api-types';
import type { AppContext, View } from '../app-context';
import { h, replaceChildren, uniqueId } from '../dom';
import { loadingPage, pageError } from '../components/page-header';
import { KIND_LABELS, codeChip, statusBadge } from '../format';
import { icon } from '../icons';
import { cachedDocument, rememberDocument } from '../offline-cache';
import { href, reload } from '../router';
import { documentTabs } from '../components/doc-tabs';
import { viewToolbar } from '../components/view-toolbar';
import { CollabSession } from '../editor/collab';
import { createConnectionStatus } from '../editor/connection-status';
import { createEditor, makeReadOnly } from '../editor/create-editor';
import { EDITOR_EXTENSIONS } from '../editor/editor-extensions';
import type { EditorContext } from '../editor/extensions';
import { createPresenceList } from '../editor/presence';
import { createToolbar } from '../editor/toolbar';
import { colorForUser } from '../editor/user-color';
import { attachExportMenu } from './export-menu';

/**
 * The editor page: the document's header (code, kind, status, caucus, access),
 * a bar with the toolbar, connection status and presence, then the text on a
 * sheet with a gutter to its left and the side panel to its right (below on
 * phones). Editor extensions fill the gutter and the panel.
 */

/** Loads the summary, falling back to the offline cache when the server is unreachable. */
async function loadSummary(app: AppContext, user: User, id: string): Promise<DocumentSummary> {
  try {
    const doc = await app.api.document(id);
    rememberDocument(user.id, doc);
    return doc;
  } catch (caught) {
    const cached = caught instanceof ApiError && caught.isNetwork ? cachedDocument(user.id, id) : null;
    if (cached) return cached;
    throw caught;
  }
}

/** The header's facts line: code, kind, status, caucus and whether the reader may edit. */
function headerMeta(doc: DocumentSummary): HTMLElement {
  const kind = doc.kind === 'amendment' && doc.baseVersion !== null ? `${KIND_LABELS.amendment.one} to v${doc.baseVersion}` : KIND_LABELS[doc.kind].one;
  return h(
    'div',
    { class: 'doc-header__meta' },
    codeChip(doc),
    h('span', { class: 'meta-item' }, kind),
    statusBadge(doc.status),
    doc.caucusName ? h('span', { class: 'meta-item' }, doc.caucusName) : null,
    doc.canEdit
      ? h('span', { class: 'access access--edit' }, icon('pencil'), 'You can edit')
      : h('span', { class: 'readonly-label' }, icon('lock'), 'Read only'),
  );
}

function breadcrumb(doc: DocumentSummary): HTMLElement {
  return h(
    'nav',
    { class: 'breadcrumb', attrs: { 'aria-label': 'Breadcrumb' } },
    h('ol', {}, h('li', {}, h('a', { attrs: { href: href('/documents') } }, icon('arrowLeft'), 'Documents')), h('li', { attrs: { 'aria-current': 'page' } }, doc.code ?? 'Draft')),
  );
}

function documentHeader(doc: DocumentSummary, headingId: string, user: User): HTMLElement {
  return h(
    'div',
    { class: 'doc-header' },
    breadcrumb(doc),
    h('h1', { class: 'doc-header__title', attrs: { id: headingId, tabindex: '-1' } }, doc.title || 'Untitled'),
    headerMeta(doc),
    // The views of this text, its actions (extensions add e.g. "Propose an amendment") and the toolbar seam (exports).
    h('div', { class: 'doc-header__bar' }, documentTabs(doc, 'text', user), h('div', { class: 'doc-header__actions' }), viewToolbar('text', { document: doc.id })),
  );
}

/** Shows a changed summary in a header built by `documentHeader` (its actions and toolbar stay). */
function refreshHeader(header: Element, doc: DocumentSummary, user: User): void {
  header.querySelector('.breadcrumb')?.replaceWith(breadcrumb(doc));
  header.querySelector('.doc-header__meta')?.replaceWith(headerMeta(doc));
  header.querySelector('.doc-tabs')?.replaceWith(documentTabs(doc, 'text', user));
  document.title = pageTitle(doc);
}

function pageTitle(doc: DocumentSummary): string {
  return `${doc.code ?? 'Draft'} · ${doc.title} · Plenary`;
}

/**
 * The banner shown once the server refused this device's edits. The text below
 * still shows them (they are in this device's copy), so the banner says so and
 * offers to copy that version, or to throw it away and show the saved text.
 */
function refusedBanner(collab: CollabSession, currentView: () => EditorView | null): HTMLElement {
  const headingId = uniqueId('refused');
  const result = h('p', { class: 'refused-banner__result', attrs: { role: 'status' } });
  const copy = async () => {
    const view = currentView();
    const text = view ? view.state.doc.textBetween(0, view.state.doc.content.size, '\n\n') : '';
    try {
      await navigator.clipboard.writeText(text);
      result.textContent = 'Your version is on the clipboard: paste it into a message or a new draft.';
    } catch {
      result.textContent = 'This browser did not allow copying. Select the text below and copy it yourself.';
    }
  };
  const discard = async () => {
    await collab.discardLocalCopy();
    reload();
  };
  return h(
    'section',
    { class: 'banner banner--warning refused-banner', attrs: { 'aria-labelledby': headingId } },
    h('div', { class: 'banner__head' },
      icon('alert'),
      h('div', {},
        h('h2', { class: 'banner__title', attrs: { id: headingId, tabindex: '-1' } }, 'Your latest changes were not saved'),
        h('p', {}, 'This text can no longer be edited: it was submitted, withdrawn or frozen while you were editing, or while this device was offline. The text below still shows your unsaved changes; nobody else sees them.'),
      ),
    ),
    h('div', { class: 'banner__buttons' },
      h('button', { class: 'btn btn--secondary', attrs: { type: 'button' }, on: { click: () => void copy() } }, 'Copy my version'),
      h('button', { class: 'btn btn--primary', attrs: { type: 'button' }, on: { click: () => void discard() } }, 'Show the saved text'),
    ),
    result,
  );
}

/** The editor page for `/documents/:id`. */
export const editorView: View = ({ app, params, signal }) => {
  const documentId = params.id;
  const headingId = uniqueId('doc-heading');
  const page = loadingPage('editor-page', 'Opening the document…');
  const { element } = page;
  const cleanups: (() => void)[] = [];
  let session: CollabSession | null = null;
  let view: EditorView | null = null;

  const fail = (title: string, message: string) => page.show(pageError(title, message));

  const open = async () => {
    const user = app.session.user;
    const token = app.session.getToken();
    if (!user || !token) return;
    let doc: DocumentSummary;
    try {
      doc = await loadSummary(app, user, documentId);
    } catch (caught) {
      if (signal.aborted) return;
      const message = caught instanceof Error ? caught.message : 'The document could not be opened.';
      const notFound = caught instanceof ApiError && caught.status === 404;
      fail(notFound ? 'Document not found' : 'Could not open the document', notFound ? `${message} Drafts are visible only to their own caucus; check the link or ask a drafter to share it once submitted.` : message);
      return;
    }
    if (signal.aborted) return;
    document.title = pageTitle(doc);

    let editable = doc.canEdit;
    /** Mounts the extensions afresh for a changed summary, once the editor exists. */
    let remountExtensions: ((summary: DocumentSummary) => void) | null = null;
    const editorLabel = `Text of ${doc.code ?? doc.title}`;
    session = new CollabSession({ documentId: doc.id, token, user: { id: user.id, name: user.name, color: colorForUser(user.id), readOnly: !editable } });
    const collab = session;
    const status = createConnectionStatus(!editable);
    status.set(collab.state);
    cleanups.push(collab.onState((state) => {
      status.set(state);
      // The app then shows the sign-in page; edits made here stay in IndexedDB and sync after signing in.
      if (state === 'unauthenticated') app.session.end('expired');
    }));
    const presence = createPresenceList(collab.awareness, user.id);
    cleanups.push(() => presence.destroy());

    const editorId = uniqueId('editor');
    const mount = h('div', { class: 'editor-mount', attrs: { id: editorId } }, h('p', { class: 'loading' }, 'Loading the text…'));
    const toolbar = editable ? createToolbar(() => view, editorId) : null;
    const gutter = h('div', { class: 'editor-gutter', attrs: { 'aria-hidden': 'true', 'data-seam': 'gutter' } });
    const side = h('aside', { class: 'editor-side', attrs: { 'aria-label': 'Document tools', 'data-seam': 'side-panel' } });

    const barLead = toolbar ? toolbar.element : h('p', { class: 'readonly-note' }, icon('lock'), h('span', {}, h('strong', {}, 'Read only. '), 'You see changes as they happen but cannot edit this text.'));
    const bar = h(
      'div',
      { class: 'editor-bar' },
      barLead,
      h('div', { class: 'editor-bar__status' }, status.element, presence.element),
    );
    page.show(
      documentHeader(doc, headingId, user),
      bar,
      h(
        'div',
        { class: 'editor-layout' },
        h('div', { class: 'editor-main' }, h('div', { class: 'editor-sheet' }, gutter, mount)),
        side,
      ),
    );
    attachExportMenu(app, element.querySelector<HTMLElement>('[data-seam="toolbar"]'));
    element.classList.toggle('editor-page--readonly', !editable);
    // The side panel sticks just below the (sticky, wrapping) editor bar.
    const barSize = new ResizeObserver(() => element.style.setProperty('--editor-bar-height', `${bar.offsetHeight}px`));
    barSize.observe(bar);
    cleanups.push(() => barSize.disconnect());

    // Edits the server refused (the text was frozen meanwhile, or this device was offline when it was):
    // stop taking more, and say what was not saved and how to get it back.
    cleanups.push(
      collab.onRefused(() => {
        editable = false;
        // The text was most likely submitted or frozen meanwhile: the header and panels show where it stands now.
        void app.api.document(documentId).then(
          (fresh) => {
            if (signal.aborted) return;
            rememberDocument(user.id, fresh);
            doc = fresh;
            const header = element.querySelector('.doc-header');
            if (header) refreshHeader(header, fresh, user);
            remountExtensions?.(fresh);
          },
          // Offline or signed out: the banner says what matters; the rest catches up when the page is shown again.
          () => undefined,
        );
        if (view) makeReadOnly(view, editorLabel);
        element.classList.add('editor-page--readonly');
        const banner = refusedBanner(collab, () => view);
        element.insertBefore(banner, bar);
        // The (sticky) bar says so wherever the drafter is in the text; the banner above says what to do.
        const showBanner = () => {
          const heading = banner.querySelector<HTMLElement>('h2')!;
          banner.scrollIntoView({ block: 'start' });
          heading.focus({ preventScroll: true });
        };
        barLead.replaceWith(
          h(
            'p',
            { class: 'readonly-note readonly-note--refused', attrs: { role: 'alert' } },
            h('span', {}, icon('alert'), h('strong', {}, ' Not saved. '), 'This text can no longer be edited.'),
            h('button', { class: 'btn btn--small btn--secondary', attrs: { type: 'button' }, on: { click: showBanner } }, 'What now?'),
          ),
        );
      }),
    );

    const waiting = collab.onState((state) => {
      if (view || collab.fragment.length > 0) return;
      if (state === 'offline') {
        replaceChildren(mount, h('p', { class: 'empty' }, icon('cloudOff'), " This text isn't saved on this device yet. It opens as soon as the connection returns."));
      } else if (state !== 'forbidden' && state !== 'unauthenticated') {
        replaceChildren(mount, h('p', { class: 'loading' }, 'Loading the text…'));
      }
    });
    cleanups.push(waiting);
    try {
      await collab.ready();
    } catch {
      if (signal.aborted) return;
      if (collab.state === 'forbidden') fail('No access', 'You do not have permission to open this document. Drafts are visible to their caucus only.');
      return;
    }
    if (signal.aborted) return;

    const extensions = EDITOR_EXTENSIONS.filter((extension) => extension.appliesTo?.(doc) ?? true);
    const changeListeners = new Set<(view: EditorView) => void>();
    replaceChildren(mount);
    view = createEditor({
      mount,
      session: collab,
      editable,
      label: editorLabel,
      extraPlugins: extensions.flatMap((extension) => extension.plugins?.(doc) ?? []),
      onUpdate(current, transaction) {
        toolbar?.update(current);
        if (transaction.docChanged) for (const listener of changeListeners) listener(current);
      },
      onFocusToolbar: toolbar ? () => toolbar.focus() : undefined,
    });
    const editor = view;
    toolbar?.update(editor);
    // A text usually opens with its own title; don't show it twice (the page heading stays for screen readers).
    const heading = element.querySelector<HTMLElement>(`#${headingId}`);
    heading?.classList.toggle('visually-hidden', editor.state.doc.firstChild?.textContent.trim() === doc.title.trim());
    cleanups.push(() => editor.destroy());

    // The panels show the summary they were mounted with. When it changes (an edit was refused because
    // the text was submitted meanwhile) they are mounted afresh around the same editor, as they were open.
    let unmountExtensions = () => {};
    const mountExtensions = (summary: DocumentSummary) => {
      const wasOpen = new Map([...side.querySelectorAll<HTMLDetailsElement>('details[data-panel]')].map((details) => [details.dataset.panel, details.open]));
      unmountExtensions();
      replaceChildren(side);
      const context: EditorContext = {
        app,
        user,
        document: summary,
        ydoc: collab.ydoc,
        awareness: collab.awareness,
        view: editor,
        onDocChange(listener) {
          changeListeners.add(listener);
          return () => changeListeners.delete(listener);
        },
      };
      const mounted: (() => void)[] = [];
      for (const extension of EDITOR_EXTENSIONS.filter((candidate) => candidate.appliesTo?.(summary) ?? true)) {
        const panel = h('section', { class: 'side-panel', dataset: { extension: extension.id } });
        if (extension.title) {
          const titleId = uniqueId(`panel-${extension.id}`);
          const open = wasOpen.get(extension.id) ?? extension.open ?? true;
          const details = h('details', { class: 'side-panel__details', dataset: { panel: extension.id }, attrs: { open } }, h('summary', { class: 'side-panel__title', attrs: { id: titleId } }, extension.title), panel);
          panel.setAttribute('aria-labelledby', titleId);
          side.appendChild(details);
        }
        const cleanup = extension.mount?.(context, { gutter, panel });
        if (cleanup) mounted.push(cleanup);
      }
      unmountExtensions = () => {
        for (const cleanup of mounted.reverse()) cleanup();
      };
    };
    mountExtensions(doc);
    remountExtensions = mountExtensions;
    cleanups.push(() => unmountExtensions());
  };
  void open();

  return {
    element,
    title: 'Document',
    wide: true,
    destroy() {
      for (const cleanup of cleanups.reverse()) cleanup();
      session?.destroy();
    },
  };
};
