import type { Page } from 'playwright-core';
import { newDevice, signIn, type BrowserSuite } from './browser';
import type { DocumentSummary } from '../../shared/api';
import { documentsOf, sendJson } from './api';
import { login } from './server';
import { appendParagraph, connect, synced, until } from './yclient';

/**
 * Every view of the app, each as a person who sees it: where to go and what
 * to wait for before the view counts as shown. The accessibility and phone
 * width suites walk this one list, so a view added here is checked by both.
 */
export interface ViewCase {
  /** What the view is, e.g. "redline (delegate)". */
  name: string;
  /** Who looks at it (demo account); null: signed out. */
  email: string | null;
  /** The hash route, e.g. `#/documents/ID/redline`. */
  hash: string;
  /** Waits for what makes the view complete (its text, its panel), after the page's heading. */
  ready(page: Page): Promise<void>;
  /** Something to do once shown, e.g. open the export menu. */
  open?(page: Page): Promise<void>;
}

/** How long a view may take to settle on a loaded machine. */
const READY_TIMEOUT_MS = 20_000;

/** Waits until the page has a heading and nothing is marked busy. */
export async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor({ timeout: READY_TIMEOUT_MS });
  await page.waitForFunction(() => document.querySelector('main [aria-busy="true"]') === null, undefined, { timeout: READY_TIMEOUT_MS });
}

function visible(selector: string): (page: Page) => Promise<void> {
  return async (page) => {
    await page.locator(selector).first().waitFor({ timeout: READY_TIMEOUT_MS });
  };
}

function byCode(docs: readonly DocumentSummary[], code: string): DocumentSummary {
  const doc = docs.find((d) => d.code === code);
  if (!doc) throw new Error(`the demo convention has no ${code}`);
  return doc;
}

const id = (doc: DocumentSummary) => encodeURIComponent(doc.id);

/** The Sign on panel's tally, once loaded. */
const TALLY = '[data-extension="signatures"] [data-testid="tally-count"]';

/** Opens the first export menu of the page. */
async function openExportMenu(page: Page): Promise<void> {
  const summary = page.locator('.export-menu > summary').first();
  await summary.waitFor({ timeout: READY_TIMEOUT_MS });
  await summary.click();
  await page.locator('.export-menu[open] button').first().waitFor();
}

/** The views, built from the demo convention's documents on `baseUrl` (with CR01 at v2: `publishSecondVersion`). */
export async function viewCases(baseUrl: string): Promise<ViewCase[]> {
  const delegateDocs = await documentsOf(baseUrl, await login(baseUrl, 'delegate@demo.test'));
  const drafterDocs = await documentsOf(baseUrl, await login(baseUrl, 'drafter@demo.test'));
  const cr01 = byCode(delegateDocs, 'CR01');
  const a05 = byCode(delegateDocs, 'CR01-A05');
  const a07 = byCode(delegateDocs, 'CR01-A07');
  const r01 = byCode(delegateDocs, 'R01');
  const draft = drafterDocs.find((d) => d.kind === 'amendment' && d.status === 'draft');
  if (!draft) throw new Error('the demo convention has no draft amendment of drafter@demo.test');
  const delegate = 'delegate@demo.test';
  const staff = 'staff@demo.test';
  const editor = visible('.ProseMirror');
  return [
    { name: 'login (signed out)', email: null, hash: '#/login', ready: visible('form') },
    { name: 'documents (delegate)', email: delegate, hash: '#/documents', ready: visible('main a[href*="#/documents/"]') },
    { name: 'documents (staff)', email: staff, hash: '#/documents', ready: visible('main a[href*="#/documents/"]') },
    { name: 'reading view of CR01 (delegate)', email: delegate, hash: `#/documents/${id(cr01)}`, ready: editor },
    { name: 'reading view of R01 with sign-on (member)', email: 'member@demo.test', hash: `#/documents/${id(r01)}`, ready: visible(TALLY) },
    { name: 'amendment with sign-on and tally (delegate)', email: delegate, hash: `#/documents/${id(a05)}`, ready: visible(TALLY) },
    { name: 'amendment, not eligible to sign (lapsed)', email: 'lapsed@demo.test', hash: `#/documents/${id(a05)}`, ready: visible(TALLY) },
    { name: 'redline (delegate)', email: delegate, hash: `#/documents/${id(a05)}/redline`, ready: visible('.rl') },
    { name: 'compare side by side (delegate)', email: delegate, hash: `#/compare?left=${id(a05)}&right=${id(a07)}&layout=side`, ready: visible('.rl--side') },
    { name: 'compare inline (delegate)', email: delegate, hash: `#/compare?left=${id(a05)}&right=${id(a07)}&layout=inline`, ready: visible('.rl--inline') },
    { name: 'an older version of CR01, with the Versions panel (delegate)', email: delegate, hash: `#/documents/${id(cr01)}?version=1`, ready: visible('.version-chip') },
    { name: 'conflict map (delegate)', email: delegate, hash: `#/documents/${id(cr01)}/conflicts`, ready: visible('.cm') },
    { name: 'exports menu (delegate)', email: delegate, hash: `#/documents/${id(a05)}/redline`, ready: visible('.rl'), open: openExportMenu },
    { name: 'editor of a draft amendment (drafter)', email: 'drafter@demo.test', hash: `#/documents/${id(draft)}`, ready: editor },
    { name: 'propose an amendment (drafter)', email: 'drafter@demo.test', hash: `#/documents/${id(cr01)}/amend`, ready: visible('main form, main button') },
    { name: 'committee text (committee)', email: 'committee@demo.test', hash: `#/documents/${id(cr01)}`, ready: editor },
    { name: 'amendment with outcomes (staff)', email: staff, hash: `#/documents/${id(a05)}`, ready: visible(TALLY) },
    { name: 'staff signatures (staff)', email: staff, hash: `#/staff/signatures?doc=${id(a05)}`, ready: visible('.staff-tally') },
    { name: 'final text (staff)', email: staff, hash: `#/documents/${id(cr01)}/final`, ready: visible('main button, main .rl') },
  ];
}

/**
 * Shows `view` on `page`, which is already signed in as `view.email` (or
 * signed out for the login page), and waits until it is complete.
 */
export async function show(page: Page, baseUrl: string, view: ViewCase): Promise<void> {
  await page.goto(`${baseUrl}/${view.hash}`);
  await settled(page);
  await view.ready(page);
  await settled(page);
  await view.open?.(page);
}

/** A signed-in device of `visitEachView`. */
export type ViewDevice = Awaited<ReturnType<typeof newDevice>>;

/**
 * Shows every view in turn at `viewport` and hands it to `visit`: one device
 * per account, signed in on first use and kept for that account's next views,
 * all closed at the end (also when `visit` throws).
 */
export async function visitEachView(
  suite: BrowserSuite,
  views: ViewCase[],
  viewport: { width: number; height: number },
  visit: (device: ViewDevice, view: ViewCase) => Promise<void>,
): Promise<void> {
  const devices = new Map<string | null, ViewDevice>();
  try {
    for (const view of views) {
      let device = devices.get(view.email);
      if (!device) {
        device = await newDevice(suite.browser, { viewport });
        if (view.email) await signIn(device.page, suite.server.url, view.email);
        devices.set(view.email, device);
      }
      await show(device.page, suite.server.url, view);
      await visit(device, view);
    }
  } finally {
    for (const device of devices.values()) await device.context.close();
  }
}

/**
 * Opens every disclosure of the page (side panels, chapter lists, "more"
 * markers), so what a reader can expand is checked too, not only what shows
 * first.
 */
export async function expandAll(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true;
  });
}

/**
 * Makes CR01 a text with two published versions, as its committee would: a
 * paragraph added to the working copy over the sync socket, then v2 published.
 * Readers then see v2, and `?version=1` shows the Versions panel with a
 * chip per version. Returns CR01's id.
 */
export async function publishSecondVersion(server: { url: string; wsUrl: string }): Promise<string> {
  const token = await login(server.url, 'committee@demo.test');
  const cr01 = byCode(await documentsOf(server.url, token), 'CR01');
  const client = connect(server.wsUrl, cr01.id, token);
  try {
    await synced(client);
    appendParagraph(client.doc, 'The Committee adds a paragraph in its second version.');
    // The server answers 409 "nothing to publish" until the paragraph has reached it.
    let status = 0;
    await until(async () => {
      status = (await sendJson(server.url, 'POST', `/api/documents/${id(cr01)}/versions`, undefined, token)).status;
      return status !== 409;
    }, 'the new paragraph to reach the server');
    if (status !== 201) throw new Error(`publishing CR01 v2 answered ${status}`);
  } finally {
    client.destroy();
  }
  return cr01.id;
}
