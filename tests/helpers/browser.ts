import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type TestServer } from './server';

/** Where Debian's Chromium lives; override with `CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a quiet, headless Chromium that works in containers and CI. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** The phone viewport the app must fit (no horizontal scrolling). */
export const PHONE_VIEWPORT = { width: 360, height: 740 };
/** A laptop viewport for screenshots. */
export const DESKTOP_VIEWPORT = { width: 1280, height: 860 };

/** Launches headless Chromium. Close it in `afterAll`. */
function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A fresh browser context (its own storage, cookies, IndexedDB), like a
 * separate device. Page errors are collected into `errors` so tests can assert
 * that none happened.
 */
export async function newDevice(
  browser: Browser,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP_VIEWPORT, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

/** Signs in through the sign-in form and waits for the document list. */
export async function signIn(page: Page, baseUrl: string, email: string, password = 'demo'): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/#\/documents/);
  await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
}

/** Opens a document's editor page and waits until its text is shown. */
export async function openDocument(page: Page, baseUrl: string, documentId: string): Promise<void> {
  await page.goto(`${baseUrl}/#/documents/${encodeURIComponent(documentId)}`);
  await page.locator('.ProseMirror').waitFor();
}

/** How far the page is wider than its viewport (0 means no horizontal overflow). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Whether screenshots were asked for (`SCREENSHOTS=1`). */
export const SCREENSHOTS = process.env.SCREENSHOTS === '1';

/** Where the README's screenshots are written (with a trailing slash). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

const CLIENT_INDEX = fileURLToPath(new URL('../../dist/client/index.html', import.meta.url));

/** Fails clearly when the browser app has not been built (`npm test` builds it first). */
function requireBuiltClient(): void {
  if (!existsSync(CLIENT_INDEX)) throw new Error('dist/client is missing: run "npx vite build" (npm test does) before the browser tests');
}

/** Writes a full-page PNG to `path`, creating its folder. */
export async function screenshot(page: Page, path: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: options.fullPage ?? false, animations: 'disabled' });
}

/** What a browser suite runs against: a fresh server and one Chromium. */
export interface BrowserSuite {
  server: TestServer;
  browser: Browser;
}

/**
 * Checks the client is built, then starts a server and Chromium for a suite (its
 * `beforeAll`). A suite signs the same accounts in on many fresh devices within a
 * minute, so the sign-in limits are raised (tests/api.test.ts checks them).
 */
export async function startBrowserSuite(): Promise<BrowserSuite> {
  requireBuiltClient();
  const server = await startServer({ loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
  try {
    return { server, browser: await launchBrowser() };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** Closes what `startBrowserSuite` started, whatever of it did start (a suite's `afterAll`). */
export async function closeBrowserSuite(suite: Partial<BrowserSuite>): Promise<void> {
  await suite.browser?.close();
  await suite.server?.close();
}

/**
 * Selects `text` (which must lie in one text node of the editor) and lets
 * ProseMirror read the selection. With `collapseAt`, puts the cursor at that
 * offset into `text` instead.
 */
export async function selectInEditor(page: Page, text: string, collapseAt?: number): Promise<void> {
  await page.locator('.ProseMirror').evaluate(
    (editor, { text, collapseAt }) => {
      const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(text);
        if (at < 0) continue;
        (node.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
        (editor as HTMLElement).focus();
        const range = document.createRange();
        if (collapseAt === undefined) {
          range.setStart(node, at);
          range.setEnd(node, at + text.length);
        } else {
          range.setStart(node, at + collapseAt);
          range.collapse(true);
        }
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
      throw new Error(`text not found in the editor: ${text}`);
    },
    { text, collapseAt },
  );
  // ProseMirror reads the DOM selection on the next selectionchange event.
  await page.waitForTimeout(150);
}
