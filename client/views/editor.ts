import type { EditorView } from 'prosemirror-view';
import { ApiError } from '../api';
import type { DocumentSummary, User, VersionSummary } from '../api-types';
import type { AppContext, View } from '../app-context';
import { h, replaceChildren, uniqueId } from '../dom';
import { loadingPage, pageError } from '../components/page-header';
import { KIND_LABELS, codeChip, statusBadge } from '../format';
import { icon } from '../icons';
import { cachedDocument, cachedNewestVersion, rememberDocument, rememberNewestVersion } from '../offline-cache';
import { href } from '../router';
import { versionText, versionsOf } from '../texts';
import { documentTabs, textHref } from '../components/doc-tabs';
import { viewToolbar } from '../components/view-toolbar';
import type { CollabSession } from '../editor/collab';
import { loadLiveEditor, prefetchLiveEditor, type LiveEditor } from '../editor/load-live';
import { EDITOR_EXTENSIONS } from '../editor/editor-extensions';
import type { EditorContext, ShownVersion, TextSurface } from '../editor/extensions';
import { StaticText } from '../reader/static-text';
import { attachExportMenu } from './export-menu';

/**
 * The editor page: the document's header (code, kind, status, caucus, access),
 * a bar with the toolbar, connection status and presence, then the text on a
 * sheet with a gutter to its left and the side panel to its right (below on
 * phones). Editor extensions fill the gutter and the panel.
 *
 * What it shows: `?version=N` shows that published version, read only, with its
 * own line numbers. Without it, a reader who cannot edit a submitted text sees
 * its newest published version (what every instruction and export numbers
 * by), never the live working copy a committee may be revising; those who can
 * edit, and a caucus on its draft, work on the live text.
 *
 * How: a published version is drawn once from its JSON (`StaticText`), with
 * no editor code; the live text loads the editor's chunk (`loadLiveEditor`:
 * ProseMirror, Yjs, the sync socket with presence), so only a text that can
 * still change costs it.
 */

/** A `?version=` that names a version: a positive integer, else null. */
function versionParam(value: string | null): number | null {
  if (value === null || !/^[1-9][0-9]{0,8}$/.test(value)) return null;
  return Number(value);
}

/** The published version asked for does not exist. */
class NoSuchVersion extends Error {}

/** Offline, and this device does not know the published version to show (it never opened this text). */
class NotOnThisDevice extends Error {}

/**
 * The published version the page shows: `asked`, or (when null) the newest,
 * for a reader of a submitted text; null to show the live text (nothing
 * published yet). Offline, the newest version this device was told of.
 */
async function chooseVersion(app: AppContext, user: User, doc: DocumentSummary, asked: number | null, listed: Promise<VersionSummary[]> = versionsOf(app.api, doc.id)): Promise<ShownVersion | null> {
  let versions: VersionSummary[];
  try {
    versions = await listed;
  } catch (caught) {
    if (!(caught instanceof ApiError && caught.isNetwork)) throw caught;
    const newest = cachedNewestVersion(user.id, doc.id);
    // Never the live text instead: a reader of a submitted text is not given it (a consensus text's working copy).
    if (newest === null || (asked !== null && asked > newest)) {
      throw new NotOnThisDevice(`${doc.code ?? 'This text'} is not saved on this device yet. Open it again when the connection returns.`);
    }
    return { version: asked ?? newest, newest, publishedAt: null };
  }
  const newest = versions[0]?.version ?? null;
  if (newest !== null) rememberNewestVersion(user.id, doc.id, newest);
  if (asked === null) return newest === null ? null : { version: newest, newest, publishedAt: versions[0].createdAt };
  const found = versions.find((v) => v.version === asked);
  if (!found || newest === null) throw new NoSuchVersion(`${doc.code ?? 'This text'} has no published version ${asked}${newest === null ? '' : `; its newest is v${newest}`}.`);
  return { version: asked, newest, publishedAt: found.createdAt, baseVersion: found.baseVersion };
}

/** The header's line naming the published version shown, linking to the newest when it is an older one. */
function versionLine(doc: DocumentSummary, shown: ShownVersion): HTMLElement {
  const name = doc.code ?? 'this text';
  const working = doc.canEdit ? h('a', { attrs: { href: textHref(doc.id) } }, 'Edit the working copy') : null;
  if (shown.version === shown.newest) {
    return h('p', { class: 'doc-header__version', dataset: { version: String(shown.version) } }, h('span', {}, h('strong', {}, `v${shown.version} of ${shown.newest}`), `, the newest published version of ${name}.`), working);
  }
  return h(
    'p',
    { class: 'doc-header__version doc-header__version--older', dataset: { version: String(shown.version) } },
    icon('alert'),
    h('span', {}, h('strong', {}, `v${shown.version} of ${shown.newest}`), `: an earlier version of ${name}; the newest is v${shown.newest}.`),
    h('a', { attrs: { href: textHref(doc.id, shown.newest) } }, `Read v${shown.newest}`),
    working,
  );
}

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

/** The header's facts line: code, kind, status, caucus and whether the reader may edit (what is shown: a published version never). */
function headerMeta(doc: DocumentSummary, editable = doc.canEdit): HTMLElement {
  const kind = doc.kind === 'amendment' && doc.baseVersion !== null ? `${KIND_LABELS.amendment.one} to v${doc.baseVersion}` : KIND_LABELS[doc.kind].one;
  return h(
    'div',
    { class: 'doc-header__meta' },
    codeChip(doc),
    h('span', { class: 'meta-item' }, kind),
    statusBadge(doc.status),
    doc.caucusName ? h('span', { class: 'meta-item' }, doc.caucusName) : null,
    editable
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

function documentHeader(doc: DocumentSummary, headingId: string, user: User, shown: ShownVersion | null): HTMLElement {
  return h(
    'div',
    { class: 'doc-header' },
    breadcrumb(doc),
    h('h1', { class: 'doc-header__title', attrs: { id: headingId, tabindex: '-1' } }, doc.title || 'Untitled'),
    headerMeta(doc, doc.canEdit && !shown),
    shown ? versionLine(doc, shown) : null,
    // The views of this text, its actions (extensions add e.g. "Propose an amendment") and the toolbar seam (exports, of the version shown).
    h('div', { class: 'doc-header__bar' }, documentTabs(doc, 'text', user), h('div', { class: 'doc-header__actions' }), viewToolbar('text', { document: doc.id, version: shown?.version, workingCopy: !shown && doc.canEdit && doc.status !== 'draft' ? 'true' : null })),
  );
}

/** Shows a changed summary in a header built by `documentHeader` (its actions and toolbar stay). */
function refreshHeader(header: Element, doc: DocumentSummary, user: User): void {
  header.querySelector('.breadcrumb')?.replaceWith(breadcrumb(doc));
  header.querySelector('.doc-header__meta')?.replaceWith(headerMeta(doc));
  header.querySelector('.doc-tabs')?.replaceWith(documentTabs(doc, 'text', user));
  document.title = pageTitle(doc);
}

function pageTitle(doc: DocumentSummary, shown: ShownVersion | null = null): string {
  const older = shown && shown.version !== shown.newest ? ` v${shown.version}` : '';
  return `${doc.code ?? 'Draft'}${older} · ${doc.title} · Plenary`;
}

/** The editor page for `/documents/:id`. */
export const editorView: View = ({ app, params, query, signal }) => {
  const documentId = params.id;
  const rawVersion = query.get('version');
  const askedVersion = versionParam(rawVersion);
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
    // Asked for at once with the summary (not after it): a reader's text waits on the versions, and each round trip counts on a slow link.
    const listed = versionsOf(app.api, documentId);
    listed.catch(() => undefined);
    // A text this device last saw as editable opens in the editor: fetch it alongside (from the cache, if the list prefetched it).
    if (rawVersion === null && cachedDocument(user.id, documentId)?.canEdit) prefetchLiveEditor();
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
    // A published version, read only: the one asked for, or the newest for a reader of a submitted text.
    let shown: ShownVersion | null = null;
    document.title = pageTitle(doc);
    if (askedVersion === null && rawVersion !== null) {
      fail('Version not found', `“${rawVersion}” is not a version number: the versions of ${doc.code ?? 'a text'} are v1, v2 and so on.`);
      return;
    }
    if (askedVersion !== null || (!doc.canEdit && doc.status !== 'draft')) {
      try {
        shown = await chooseVersion(app, user, doc, askedVersion, listed);
      } catch (caught) {
        if (signal.aborted) return;
        const title = caught instanceof NoSuchVersion ? 'Version not found' : caught instanceof NotOnThisDevice ? 'Not on this device yet' : 'Could not open the document';
        fail(title, caught instanceof Error ? caught.message : 'The versions could not be loaded.');
        return;
      }
      if (signal.aborted) return;
    }
    // An earlier version of a rebased amendment is read against the base version it was drafted on.
    if (shown?.baseVersion != null && shown.baseVersion !== doc.baseVersion) doc = { ...doc, baseVersion: shown.baseVersion };
    // An amendment's gutter numbers by its base: ask for the base (kept in memory, never changes) with the text, not after it.
    if (doc.kind === 'amendment' && doc.baseId !== null && doc.baseVersion !== null) versionText(app.api, doc.baseId, doc.baseVersion).catch(() => undefined);
    document.title = pageTitle(doc, shown);

    let editable = doc.canEdit && shown === null;
    /** Mounts the extensions afresh for a changed summary, once the editor exists. */
    let remountExtensions: ((summary: DocumentSummary) => void) | null = null;
    const editorLabel = shown ? `Text of ${doc.code ?? doc.title}, v${shown.version}` : `Text of ${doc.code ?? doc.title}`;
    // Only a text that can still change needs the live editor (and its chunk); a published version is drawn without it.
    let live: LiveEditor | null = null;
    if (!shown) {
      try {
        live = await loadLiveEditor();
      } catch {
        if (!signal.aborted) fail('Could not open the editor', "The editor could not be loaded. Check your connection and reload the page.");
        return;
      }
      if (signal.aborted) return;
    }
    const collab = live ? new live.CollabSession({ documentId: doc.id, token, user: { id: user.id, name: user.name, color: live.colorForUser(user.id), readOnly: !editable } }) : null;
    session = collab;

    const editorId = uniqueId('editor');
    const mount = h('div', { class: 'editor-mount', attrs: { id: editorId } }, h('p', { class: 'loading' }, 'Loading the text…'));
    const toolbar = live && editable ? live.createToolbar(() => view, editorId) : null;
    const gutter = h('div', { class: 'editor-gutter', attrs: { 'aria-hidden': 'true', 'data-seam': 'gutter' } });
    const side = h('aside', { class: 'editor-side', attrs: { 'aria-label': 'Document tools', 'data-seam': 'side-panel' } });

    const readOnlyNote = shown
      ? h('p', { class: 'readonly-note' }, icon('lock'), h('span', {}, h('strong', {}, 'Read only. '), `v${shown.version} as published: it never changes.`))
      : h('p', { class: 'readonly-note' }, icon('lock'), h('span', {}, h('strong', {}, 'Read only. '), 'You see changes as they happen but cannot edit this text.'));
    const barLead = toolbar ? toolbar.element : readOnlyNote;
    const barStatus = h('div', { class: 'editor-bar__status' });
    const bar = h('div', { class: 'editor-bar' }, barLead, barStatus);
    page.show(
      documentHeader(doc, headingId, user, shown),
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

    let loadedContent: unknown = null;
    if (collab && live) {
      const editorModule = live;
      const status = editorModule.createConnectionStatus(!editable);
      status.set(collab.state);
      cleanups.push(collab.onState((state) => {
        status.set(state);
        // The app then shows the sign-in page; edits made here stay in IndexedDB and sync after signing in.
        if (state === 'unauthenticated') app.session.end('expired');
      }));
      const presence = editorModule.createPresenceList(collab.awareness, user.id);
      cleanups.push(() => presence.destroy());
      barStatus.append(status.element, presence.element);

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
          if (view) editorModule.makeReadOnly(view, editorLabel);
          element.classList.add('editor-page--readonly');
          const banner = editorModule.refusedBanner(collab, () => view);
          // The banner goes above the bar, and the drafter's place stays where it is on screen. Browsers keep it
          // themselves (scroll anchoring), except at the very top of the page: there the banner would push the
          // text and the bar below the screen of a phone.
          const barWasAt = window.scrollY === 0 ? bar.getBoundingClientRect().top : null;
          element.insertBefore(banner, bar);
          if (barWasAt !== null) window.scrollBy(0, bar.getBoundingClientRect().top - barWasAt);
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
    } else if (shown) {
      const number = shown.version;
      try {
        loadedContent = (await versionText(app.api, doc.id, number)).content;
      } catch (caught) {
        if (signal.aborted) return;
        const offline = caught instanceof ApiError && caught.isNetwork;
        // The list of versions may be on this device (kept from another page) without the text itself.
        const name = askedVersion === null ? (doc.code ?? 'This text') : `v${number} of ${doc.code ?? 'this text'}`;
        if (offline) fail('Not on this device yet', `${name} is not saved on this device yet. Open it again when the connection returns.`);
        else fail('Could not open the document', caught instanceof Error ? caught.message : `v${number} could not be loaded.`);
        return;
      }
    }
    if (signal.aborted) return;

    const extensions = EDITOR_EXTENSIONS.filter((extension) => extension.appliesTo?.(doc) ?? true);
    const changeListeners = new Set<(view: TextSurface) => void>();
    replaceChildren(mount);
    let editor: TextSurface;
    if (collab && live) {
      const liveView = live.createEditor({
        mount,
        session: collab,
        editable,
        label: editorLabel,
        extraPlugins: extensions.flatMap((extension) => extension.plugins?.(doc) ?? []),
        onUpdate(current, transaction) {
          toolbar?.update();
          if (transaction.docChanged) for (const listener of changeListeners) listener(current);
        },
        onFocusToolbar: toolbar ? () => toolbar.focus() : undefined,
      });
      view = liveView;
      toolbar?.update();
      cleanups.push(() => liveView.destroy());
      editor = liveView;
    } else {
      let staticText: StaticText;
      try {
        staticText = new StaticText(mount, loadedContent, editorLabel);
      } catch (caught) {
        fail('Could not open the document', caught instanceof Error ? caught.message : 'The text could not be shown.');
        return;
      }
      cleanups.push(() => staticText.destroy());
      editor = staticText;
    }
    const liveModule = live;
    const liveEditorView = view;
    // A text usually opens with its own title; don't show it twice (the page heading stays for screen readers).
    const heading = element.querySelector<HTMLElement>(`#${headingId}`);
    heading?.classList.toggle('visually-hidden', editor.state.doc.firstChild?.textContent.trim() === doc.title.trim());

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
        shown,
        stateVector: () => (collab && liveModule ? liveModule.stateVectorOf(collab.ydoc) : null),
        view: editor,
        placeCursor: liveEditorView && liveModule ? (pos) => liveModule.placeCursor(liveEditorView, pos) : undefined,
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
