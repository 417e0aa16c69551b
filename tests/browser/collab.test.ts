import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fixtures from '../../fixtures/convention.json';
import { getJson } from '../helpers/api';
import {
  closeBrowserSuite,
  DESKTOP_VIEWPORT,
  horizontalOverflow,
  newDevice,
  openDocument,
  PHONE_VIEWPORT,
  screenshot,
  SCREENSHOT_DIR,
  SCREENSHOTS,
  signIn,
  startBrowserSuite,
} from '../helpers/browser';
import { login, type TestServer } from '../helpers/server';
import { connect, setCursor, synced, until, type Client } from '../helpers/yclient';
import { PROSEMIRROR_FRAGMENT } from '../../shared/schema';
import * as Y from 'yjs';

/**
 * The browser app against a real server: two drafters of one caucus edit the
 * same draft in two separate browser contexts (two devices) and see each
 * other's text, cursor and presence; the document list and the editor fit a
 * 360 px phone. With SCREENSHOTS=1 it also writes docs/screenshots/*.png.
 * Needs the built client (`npx vite build`, which `npm test` runs first).
 */

/** How long a change may take to reach the other device. */
const SYNC_TIMEOUT_MS = 10_000;

const FIRST_DRAFTER = 'drafter@demo.test';

interface Account {
  email: string;
  name: string;
  caucusKeys: string[];
}

/** Another drafter in the first drafter's caucus, from the demo fixtures. */
function caucusColleague(): Account {
  const accounts = (fixtures as { accounts: Account[] }).accounts;
  const first = accounts.find((account) => account.email === FIRST_DRAFTER);
  if (!first) throw new Error(`${FIRST_DRAFTER} is not in fixtures/convention.json`);
  const colleague = accounts.find((account) => account.email !== FIRST_DRAFTER && account.caucusKeys.some((key) => first.caucusKeys.includes(key)));
  if (!colleague) throw new Error(`no second drafter shares a caucus with ${FIRST_DRAFTER}`);
  return colleague;
}

interface ListedDocument {
  id: string;
  status: string;
  canEdit: boolean;
}

async function documentsOf(baseUrl: string, email: string): Promise<ListedDocument[]> {
  const token = await login(baseUrl, email);
  const response = await fetch(`${baseUrl}/api/documents`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as ListedDocument[];
}

/** Puts the cursor at the end of the `index`th block matching `selector` in the editor. */
async function placeCursorAtEnd(page: Page, selector: string, index = 0): Promise<void> {
  const block = page.locator(`.ProseMirror > ${selector}`).nth(index);
  await block.click();
  await block.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    range.collapse(false);
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  });
  // ProseMirror reads the DOM selection on the next selectionchange event.
  await page.waitForTimeout(100);
}

/** Whether the element is (at least partly) inside the viewport. */
async function isInViewport(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const height = await locator.page().evaluate(() => window.innerHeight);
  return box !== null && box.y + box.height > 0 && box.y < height;
}

/** The narrowest phone still in use (an iPhone SE's 320 px); the header must not break there either. */
const NARROWEST_PHONE_WIDTH = 320;

interface HeaderPart {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the header draws the brand, each navigation link, the user's name and the sign-out button. */
function headerParts(page: Page): Promise<HeaderPart[]> {
  return page.locator('.site-header .brand, .site-header .site-nav__link, .site-header .account__name, .site-header .account .btn').evaluateAll((elements) =>
    elements.map((element) => {
      const { x, y, width, height } = element.getBoundingClientRect();
      return { name: (element as HTMLElement).innerText, x, y, width, height };
    }),
  );
}

/** Whether two boxes share any area (boxes that only touch do not). */
function overlaps(a: HeaderPart, b: HeaderPart): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function waitConnected(page: Page): Promise<void> {
  await page.locator('.connection[data-state="connected"]').waitFor({ timeout: SYNC_TIMEOUT_MS });
}

describe('browser app', () => {
  let server: TestServer;
  let browser: Browser;
  let draftId: string;
  const colleague = caucusColleague();
  const firstName = (fixtures as { accounts: Account[] }).accounts.find((a) => a.email === FIRST_DRAFTER)!.name;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
    const mine = await documentsOf(server.url, FIRST_DRAFTER);
    const theirs = new Set((await documentsOf(server.url, colleague.email)).filter((doc) => doc.canEdit).map((doc) => doc.id));
    const shared = mine.find((doc) => doc.canEdit && doc.status === 'draft' && theirs.has(doc.id));
    if (!shared) throw new Error(`no draft that both ${FIRST_DRAFTER} and ${colleague.email} can edit`);
    draftId = shared.id;
  });

  afterAll(() => closeBrowserSuite({ server, browser }));

  /** Opens the shared draft on device `a` as the first drafter, with the colleague beside it as a Yjs client; both synced. */
  async function openBeside(a: { page: Page }): Promise<Client> {
    const peer = connect(server.wsUrl, draftId, await login(server.url, colleague.email));
    try {
      await signIn(a.page, server.url, FIRST_DRAFTER);
      await openDocument(a.page, server.url, draftId);
      await waitConnected(a.page);
      await synced(peer);
      return peer;
    } catch (error) {
      peer.destroy();
      throw error;
    }
  }

  it('opens a co-drafter’s name flag to the left at the right edge of a phone’s text, and to the right elsewhere', async () => {
    const a = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    let opened: Client | undefined;
    try {
      const peer = (opened = await openBeside(a));
      peer.provider.awareness.setLocalStateField('user', { id: 'peer', name: 'Peer With A Long Name', color: '#1d5fa8' });
      // The first top-level clause (the editor's top-level blocks are the shared text's, in order), and in it the
      // character offset whose caret stands furthest right on this screen.
      const { index, right } = await a.page.locator('.ProseMirror').evaluate((editor) => {
        const blocks = [...editor.children];
        const index = blocks.findIndex((block) => block.matches('p'));
        const walker = document.createTreeWalker(blocks[index], NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let passed = 0;
        let right = 0;
        let rightmost = -Infinity;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (let offset = 0; offset < node.textContent!.length; offset++) {
            range.setStart(node, offset);
            range.setEnd(node, offset);
            const x = range.getBoundingClientRect().left;
            if (x > rightmost) [rightmost, right] = [x, passed + offset];
          }
          passed += node.textContent!.length;
        }
        return { index, right };
      });
      const text = (peer.doc.getXmlFragment(PROSEMIRROR_FRAGMENT).get(index) as Y.XmlElement).get(0) as Y.XmlText;
      const cursor = a.page.locator('.pl-cursor');
      const flagStaysInside = () =>
        a.page.evaluate(() => {
          const flag = document.querySelector('.pl-cursor__name')!.getBoundingClientRect();
          const editor = document.querySelector('.ProseMirror')!.getBoundingClientRect();
          return flag.left >= editor.left - 1 && flag.right <= editor.right + 1;
        });

      // Two characters back from the rightmost caret: at a line's very end the caret also stands at the next line's start.
      setCursor(peer, text, right - 2);
      await cursor.waitFor({ timeout: SYNC_TIMEOUT_MS });
      await expect.poll(() => cursor.evaluate((element) => element.classList.contains('pl-cursor--flip')), { timeout: SYNC_TIMEOUT_MS }).toBe(true);
      expect(await flagStaysInside()).toBe(true);
      expect(await horizontalOverflow(a.page)).toBe(0);

      setCursor(peer, text, 1);
      await expect.poll(() => cursor.evaluate((element) => element.classList.contains('pl-cursor--flip')), { timeout: SYNC_TIMEOUT_MS }).toBe(false);
      expect(await flagStaysInside()).toBe(true);
      expect(a.errors).toEqual([]);
    } finally {
      opened?.destroy();
      await a.context.close();
    }
  });

  it('sends the server only its own presence, not back every cursor move it is shown of the others', async () => {
    const a = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    // Counts the y-websocket awareness messages (type 1) the page sends.
    await a.context.addInitScript(() => {
      const send = WebSocket.prototype.send;
      (window as unknown as { awarenessSent: number }).awarenessSent = 0;
      WebSocket.prototype.send = function (this: WebSocket, data: Parameters<WebSocket['send']>[0]) {
        const first = data instanceof Uint8Array ? data[0] : data instanceof ArrayBuffer ? new Uint8Array(data)[0] : undefined;
        if (first === 1) (window as unknown as { awarenessSent: number }).awarenessSent++;
        return send.call(this, data);
      };
    });
    let opened: Client | undefined;
    try {
      const peer = (opened = await openBeside(a));
      const user = { id: 'peer', name: 'Peer Moving', color: '#1d5fa8' };
      peer.provider.awareness.setLocalStateField('user', user);
      const people = a.page.getByRole('region', { name: 'People here' });
      await expect.poll(() => people.innerText(), { timeout: SYNC_TIMEOUT_MS }).toContain(user.name);
      const sentBefore = await a.page.evaluate(() => (window as unknown as { awarenessSent: number }).awarenessSent);

      // The co-drafter moves its cursor through the first clause twenty times, then renames itself so the page shows it has them all.
      const text = (peer.doc.getXmlFragment(PROSEMIRROR_FRAGMENT).get(1) as Y.XmlElement).get(0) as Y.XmlText;
      for (let i = 0; i < 20; i++) {
        setCursor(peer, text, i);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      peer.provider.awareness.setLocalStateField('user', { ...user, name: 'Peer Done' });
      await expect.poll(() => people.innerText(), { timeout: SYNC_TIMEOUT_MS }).toContain('Peer Done');
      await a.page.locator('.ProseMirror-yjs-cursor', { hasText: 'Peer' }).waitFor({ timeout: SYNC_TIMEOUT_MS });

      // The page did not move meanwhile: it had nothing of its own to say (stock y-websocket sent each of the 21 back).
      expect(await a.page.evaluate(() => (window as unknown as { awarenessSent: number }).awarenessSent) - sentBefore).toBe(0);
      // Its own presence still goes out: the peer sees this drafter, and sees the cursor once the drafter clicks into the text.
      /** Whether the peer holds a presence of the drafter (with a cursor, if asked). */
      const drafterAtPeer = (withCursor = false) =>
        [...peer.provider.awareness.getStates().values()].some((state) => (state.user as { name?: string } | undefined)?.name === firstName && (!withCursor || state.cursor != null));
      await until(() => drafterAtPeer(), 'the drafter in the peer’s presence');
      await placeCursorAtEnd(a.page, '.pl-whereas', 0);
      await until(() => drafterAtPeer(true), 'the drafter’s cursor at the peer');
      expect(a.errors).toEqual([]);
    } finally {
      opened?.destroy();
      await a.context.close();
    }
  });

  it('shows one drafter’s typing and named cursor to a second drafter on another device', async () => {
    const a = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    const b = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    try {
      await signIn(a.page, server.url, FIRST_DRAFTER);
      await signIn(b.page, server.url, colleague.email);
      await openDocument(a.page, server.url, draftId);
      await openDocument(b.page, server.url, draftId);
      await Promise.all([waitConnected(a.page), waitConnected(b.page)]);

      // A adds a preamble clause: Enter at the end of a clause starts the next one with "Whereas".
      const fromA = 'our members read, argue and organise in more than a dozen languages;';
      await placeCursorAtEnd(a.page, '.pl-whereas', 0);
      await a.page.keyboard.press('Enter');
      await a.page.keyboard.type(fromA, { delay: 5 });
      await expect.poll(() => b.page.locator('.ProseMirror').innerText(), { timeout: SYNC_TIMEOUT_MS }).toContain(`Whereas ${fromA}`);

      // B sees A's cursor, labelled with A's name, and A in the presence list.
      const cursor = b.page.locator('.ProseMirror-yjs-cursor', { hasText: firstName });
      await cursor.waitFor({ timeout: SYNC_TIMEOUT_MS });
      await expect.poll(() => b.page.getByRole('region', { name: 'People here' }).innerText()).toContain(firstName);

      // And the other way round.
      const fromB = ' and in the languages of the movements we work with';
      await placeCursorAtEnd(b.page, '.pl-whereas', 2);
      await b.page.keyboard.press('ArrowLeft');
      await b.page.keyboard.type(fromB, { delay: 5 });
      await expect.poll(() => a.page.locator('.ProseMirror').innerText(), { timeout: SYNC_TIMEOUT_MS }).toContain(fromB.trim());
      await a.page.locator('.ProseMirror-yjs-cursor', { hasText: colleague.name }).waitFor({ timeout: SYNC_TIMEOUT_MS });

      if (SCREENSHOTS) {
        await a.page.mouse.move(0, 0);
        await a.page.locator('.ProseMirror > .pl-heading').first().evaluate((heading) => {
          const bar = document.querySelector('.editor-bar');
          window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - (bar?.clientHeight ?? 0) - 24);
        });
        await screenshot(a.page, `${SCREENSHOT_DIR}editor.png`);
      }
      expect(a.errors).toEqual([]);
      expect(b.errors).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  it('moves "Last change" in the About panel when a co-drafter edits, and keeps its wording current', async () => {
    const a = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    const b = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    try {
      // B's clock runs as usual but can jump ahead, as when the tab stays open for a while.
      await b.page.clock.install();
      await signIn(a.page, server.url, FIRST_DRAFTER);
      await signIn(b.page, server.url, colleague.email);
      await openDocument(a.page, server.url, draftId);
      await openDocument(b.page, server.url, draftId);
      await Promise.all([waitConnected(a.page), waitConnected(b.page)]);
      const lastChange = b.page.locator('[data-extension="about"] time');

      await b.page.clock.fastForward('20:00');
      await expect.poll(() => lastChange.innerText(), { timeout: SYNC_TIMEOUT_MS }).toMatch(/^(20|21) minutes ago$/);

      await placeCursorAtEnd(a.page, '.pl-whereas', 0);
      await a.page.keyboard.type(' together', { delay: 5 });
      await expect.poll(() => lastChange.innerText(), { timeout: SYNC_TIMEOUT_MS }).toBe('just now');
      expect(b.errors).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  it('keeps edits typed without a connection across reloads and merges them when it returns', async () => {
    const a = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    const b = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    try {
      await signIn(a.page, server.url, FIRST_DRAFTER);
      await signIn(b.page, server.url, colleague.email);
      await openDocument(a.page, server.url, draftId);
      await openDocument(b.page, server.url, draftId);
      await waitConnected(a.page);
      await waitConnected(b.page);

      // Cut A off from the sync server (HTTP still works, so the page can reload).
      let cutOff = true;
      await a.context.routeWebSocket(/\/sync\//, (socket) => {
        if (cutOff) socket.close();
        else socket.connectToServer();
      });
      await a.page.reload();
      await a.page.locator('.ProseMirror').waitFor();
      await a.page.locator('.connection[data-state="offline"]').waitFor({ timeout: SYNC_TIMEOUT_MS });
      expect(await a.page.getByRole('status').filter({ hasText: 'Offline' }).innerText()).toContain('your edits are kept and will merge');

      const offline = `Written on the train without a signal ${Date.now()}.`;
      await placeCursorAtEnd(a.page, 'p:not([class])', 0);
      await a.page.keyboard.type(` ${offline}`, { delay: 5 });
      // IndexedDB writes each keystroke in a transaction of its own; a reload within milliseconds can abort the last.
      await a.page.waitForTimeout(500);
      await a.page.reload();
      await a.page.locator('.ProseMirror').waitFor();
      await expect.poll(() => a.page.locator('.ProseMirror').innerText()).toContain(offline);
      expect(await b.page.locator('.ProseMirror').innerText()).not.toContain(offline);

      cutOff = false;
      await expect.poll(() => b.page.locator('.ProseMirror').innerText(), { timeout: SYNC_TIMEOUT_MS * 2 }).toContain(offline);
      await waitConnected(a.page);
      expect(a.errors).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  it('shows Connected again after a network flap that never closed the sync socket, and the edits typed meanwhile reach the server', async () => {
    const a = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    try {
      await signIn(a.page, server.url, FIRST_DRAFTER);
      let socketsOpened = 0;
      a.page.on('websocket', (socket) => {
        if (socket.url().includes('/sync/')) socketsOpened += 1;
      });
      await openDocument(a.page, server.url, draftId);
      await waitConnected(a.page);

      // A brief Wi-Fi flap: the browser says offline, then online, but the socket stays open.
      await a.context.setOffline(true);
      await a.page.locator('.connection[data-state="offline"]').waitFor({ timeout: SYNC_TIMEOUT_MS });
      const flapped = `Typed while the Wi-Fi flapped ${Date.now()}.`;
      await placeCursorAtEnd(a.page, 'p:not([class])', 0);
      await a.page.keyboard.type(` ${flapped}`, { delay: 5 });
      await a.page.locator('.ProseMirror').getByText(flapped).waitFor({ timeout: SYNC_TIMEOUT_MS });
      await a.context.setOffline(false);

      // The badge follows the socket, not the browser's word: back to Connected on the same socket, not stuck on "Reconnecting…".
      await a.page.locator('.connection[data-state="connected"]').waitFor({ timeout: SYNC_TIMEOUT_MS });
      expect(await a.page.getByRole('status').filter({ hasText: 'Connected' }).count()).toBe(1);
      expect(socketsOpened).toBe(1);
      const token = await login(server.url, FIRST_DRAFTER);
      await expect
        .poll(async () => JSON.stringify((await getJson<{ content: unknown }>(server.url, `/api/documents/${draftId}/text`, token)).body.content), { timeout: SYNC_TIMEOUT_MS })
        .toContain(flapped);
      expect(a.errors).toEqual([]);
    } finally {
      await a.context.close();
    }
  });

  it('sends the last words typed to the server when the drafter leaves the text at once, for another page of the app or another site', async () => {
    const a = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    try {
      await signIn(a.page, server.url, FIRST_DRAFTER);
      const token = await login(server.url, FIRST_DRAFTER);
      const serverText = async () => JSON.stringify((await getJson<{ content: unknown }>(server.url, `/api/documents/${draftId}/text`, token)).body.content);
      for (const leave of ['app', 'site'] as const) {
        await openDocument(a.page, server.url, draftId);
        await waitConnected(a.page);
        await placeCursorAtEnd(a.page, 'p:not([class])', 0);
        const last = `Typed just before leaving for another ${leave} ${Date.now()}.`;
        // Typed and left at once: for another page of the app in the same task, before the page draws the
        // keystroke's frame; for another site as soon as the words are in (Playwright's evaluate must
        // return before the page goes, or it can wait for ever).
        await a.page.evaluate(
          async ([text, where]) => {
            document.execCommand('insertText', false, ` ${text}`);
            // ProseMirror reads the change (a microtask) before the page leaves.
            await Promise.resolve();
            if (where === 'app') window.location.hash = '#/';
          },
          [last, leave] as const,
        );
        if (leave === 'site') await a.page.goto('about:blank');
        await expect.poll(serverText, { timeout: SYNC_TIMEOUT_MS, message: `the words typed before leaving for another ${leave}` }).toContain(last);
      }
      expect(a.errors).toEqual([]);
    } finally {
      await a.context.close();
    }
  });

  it('tells a drafter whose text was submitted meanwhile that what they typed since was not saved, and shows the saved text on request', async () => {
    const token = await login(server.url, FIRST_DRAFTER);
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    const created = await api('POST', '/api/documents', { kind: 'resolution', title: 'On childcare at every convention session' });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const a = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(a.page, server.url, FIRST_DRAFTER);
      await openDocument(a.page, server.url, id);
      await waitConnected(a.page);
      await placeCursorAtEnd(a.page, '.pl-title', 0);
      await a.page.keyboard.press('Enter');
      const saved = 'Resolved, that childcare is provided at every session.';
      await a.page.keyboard.type(saved, { delay: 5 });
      await a.page.waitForTimeout(500);

      // Submitted from another device while this one stays open.
      expect((await api('POST', `/api/documents/${id}/submit`)).status).toBe(200);
      // One more word, typed at the top of the page (where browsers do not keep one's place as content comes above it).
      await a.page.evaluate(() => window.scrollTo(0, 0));
      await a.page.keyboard.type(' Typed', { delay: 5 });

      const banner = a.page.getByRole('region', { name: 'Your latest changes were not saved' });
      await banner.waitFor({ timeout: SYNC_TIMEOUT_MS });
      // Typing stops at the refusal; what got in before it is still shown, on this device only.
      expect(await a.page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');
      expect(await a.page.locator('.ProseMirror').getAttribute('aria-readonly')).toBe('true');
      const clause = a.page.locator('.ProseMirror > p', { hasText: saved });
      expect((await clause.innerText()).length).toBeGreaterThan(saved.length);
      expect(await horizontalOverflow(a.page)).toBe(0);

      // The page no longer claims it is an editable draft: the header and the panels show the submitted text.
      const meta = a.page.locator('.doc-header__meta');
      await expect.poll(() => meta.innerText(), { timeout: SYNC_TIMEOUT_MS }).toMatch(/submitted/i);
      expect(await meta.innerText()).toMatch(/read only/i);
      await a.page.locator('[data-extension="signatures"]').waitFor();
      expect(await a.page.getByRole('navigation', { name: /^Views of/ }).getByRole('link', { name: 'Conflict map' }).count()).toBe(1);
      expect(await a.page.locator('[data-extension="workflow"]').getByRole('button', { name: /^Submit/ }).count()).toBe(0);

      // The sticky bar says so where the drafter is typing; its button brings up the banner above.
      const note = a.page.getByRole('alert').filter({ hasText: 'Not saved.' });
      // The submitted text's panels are still arriving above the text, so the page may settle (and scroll) for a moment.
      await expect.poll(() => isInViewport(note), { timeout: SYNC_TIMEOUT_MS }).toBe(true);
      await note.getByRole('button', { name: 'What now?' }).click();
      expect(await isInViewport(banner)).toBe(true);
      expect(await a.page.evaluate(() => document.activeElement?.textContent)).toBe('Your latest changes were not saved');
      await banner.getByRole('button', { name: 'Show the saved text' }).click();
      await expect.poll(() => clause.innerText(), { timeout: SYNC_TIMEOUT_MS }).toBe(saved);
      expect(await banner.count()).toBe(0);
      expect(a.errors).toEqual([]);
    } finally {
      await a.context.close();
    }
  });

  it('fits a 360 px phone: no horizontal scrolling on the document list or in the editor', async () => {
    const phone = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(phone.page, server.url, FIRST_DRAFTER);
      await phone.page.locator('.doc-card').first().waitFor();
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
      expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);

      await openDocument(phone.page, server.url, draftId);
      await waitConnected(phone.page);
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });

  it('keeps the header’s brand, links, name and sign-out apart on 360 and 320 px phones, for staff (the most links) and the other roles', async () => {
    for (const email of ['staff@demo.test', FIRST_DRAFTER, 'delegate@demo.test']) {
      for (const width of [PHONE_VIEWPORT.width, NARROWEST_PHONE_WIDTH]) {
        const phone = await newDevice(browser, { viewport: { ...PHONE_VIEWPORT, width } });
        try {
          await signIn(phone.page, server.url, email);
          const parts = await headerParts(phone.page);
          expect(parts.map((part) => part.name)).toContain('Sign out');
          for (const part of parts) {
            expect(part.width, `${email} at ${width} px: ${part.name} is shown`).toBeGreaterThan(0);
            expect(part.x + part.width, `${email} at ${width} px: ${part.name} is on screen`).toBeLessThanOrEqual(width);
          }
          for (const [i, a] of parts.entries()) {
            for (const b of parts.slice(i + 1)) expect(overlaps(a, b), `${email} at ${width} px: “${a.name}” overlaps “${b.name}”`).toBe(false);
          }
          expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);
          expect(phone.errors).toEqual([]);
        } finally {
          await phone.context.close();
        }
      }
    }
  });

  it.runIf(SCREENSHOTS)('writes screenshots of the document list when SCREENSHOTS=1', async () => {
    const device = await newDevice(browser, { viewport: DESKTOP_VIEWPORT });
    try {
      await signIn(device.page, server.url, FIRST_DRAFTER);
      await device.page.locator('.doc-card').first().waitFor();
      await device.page.mouse.move(0, 0);
      await screenshot(device.page, `${SCREENSHOT_DIR}documents.png`);
    } finally {
      await device.context.close();
    }
  });
});
