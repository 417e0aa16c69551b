/**
 * The reader's first load, in real Chromium over a throttled link (CDP network
 * emulation: 1.6 Mbps down, 750 kbps up, 150 ms round trip, the congested
 * convention Wi-Fi of issue 18), against a real server with the demo
 * convention:
 *
 * - bytes on the wire (headers and bodies, as Chromium counts them) for a new
 *   delegate's sign-in, the documents list and the CR01 reading view, cold;
 * - time from opening CR01 (signed in) to its first line-numbered line, with a
 *   cold cache and on a repeat visit;
 * - the same for a 10,000-word text with 200 amendment markers: an amendment
 *   changing 200 clauses of a generated 10,000-word resolution (the text of
 *   `bench/redline.ts`), read with its gutter marks and its redline panel.
 *
 * Needs the built client (`npx vite build`) and Chromium (`CHROMIUM_PATH`,
 * default /usr/bin/chromium). Run with `npm run bench` or
 * `npx tsx bench/reader.ts`. Figures vary with the machine's load.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadDemoConvention, type DemoDocument } from '../fixtures/index';
import { build } from '../server/app';
import { openDatabase } from '../server/db';
import { sqliteStorage } from '../server/storage';
import { seedDemoConvention } from '../server/seed';
import { blocksToMarkdown, type TextBlock } from '../shared/text';
import { generate } from './redline';

/** The link the issue measures on. */
const LINK = { downloadBitsPerSecond: 1_600_000, uploadBitsPerSecond: 750_000, latencyMs: 150 };
/** Goals from issue 18. */
const GOALS = {
  cr01Bytes: 100 * 1024,
  cr01ColdMs: 2500,
  cr01WarmMs: 1000,
  bigBytes: 150 * 1024,
  bigColdMs: 3500,
};
/** Clauses the big amendment changes: one marker each in the gutter and one instruction each. */
const MARKERS = 200;
/** How long one page may take before the benchmark gives up. */
const PAGE_TIMEOUT_MS = 60_000;
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const CLIENT_INDEX = new URL('../dist/client/index.html', import.meta.url);

/** The generated 10,000-word resolution and an amendment changing `MARKERS` of its clauses, as demo documents. */
function bigTexts(): DemoDocument[] {
  const { base } = generate();
  const amended: TextBlock[] = base.map((block) => ({ ...block }));
  const body = amended.map((block, index) => ({ block, index })).filter(({ block }) => block.kind !== 'title' && block.kind !== 'heading' && block.text.split(' ').length > 6);
  const step = body.length / MARKERS;
  for (let n = 0; n < MARKERS; n++) {
    const { block } = body[Math.floor(n * step)];
    const words = block.text.split(' ');
    words.splice(3, 1, 'democratically');
    block.text = words.join(' ');
  }
  const common = { kind: 'resolution' as const, status: 'submitted' as const, caucusKey: 'international-committee', createdBy: 'committee@demo.test', version: 1 };
  return [
    { ...common, key: 'BIG', code: 'R90', title: base[0].text, markdown: blocksToMarkdown(base), blocks: base },
    { ...common, key: 'BIG-A01', code: 'R90-A01', kind: 'amendment', title: 'Democratise the long text', baseKey: 'BIG', baseVersion: 1, markdown: blocksToMarkdown(amended), blocks: amended },
  ];
}

interface Wire {
  bytes: number;
  requests: number;
}

/** A fresh device on the throttled link, counting every byte Chromium receives. */
async function throttledDevice(browser: Browser): Promise<{ context: BrowserContext; page: Page; wire: Wire }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: LINK.latencyMs,
    downloadThroughput: LINK.downloadBitsPerSecond / 8,
    uploadThroughput: LINK.uploadBitsPerSecond / 8,
  });
  const wire: Wire = { bytes: 0, requests: 0 };
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    wire.bytes += event.encodedDataLength;
    wire.requests += 1;
  });
  return { context, page, wire };
}

/** Waits for the text's first line number in the gutter: the text is readable, numbered. */
async function firstNumberedLine(page: Page): Promise<void> {
  await page.locator('.editor-gutter .ln__from', { hasText: /^1$/ }).first().waitFor({ timeout: PAGE_TIMEOUT_MS });
}

/** Signs in through the form and opens the text: the whole first visit of a new delegate. */
async function firstVisitBytes(browser: Browser, url: string, documentId: string): Promise<Wire> {
  const { context, page, wire } = await throttledDevice(browser);
  try {
    await page.goto(`${url}/#/login`);
    await page.getByLabel('Email').fill('delegate@demo.test');
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor({ timeout: PAGE_TIMEOUT_MS });
    await page.locator('.doc-card').first().waitFor({ timeout: PAGE_TIMEOUT_MS });
    await page.goto(`${url}/#/documents/${documentId}`);
    await firstNumberedLine(page);
    // Whatever the view still fetches (panels, the tally) counts too.
    await page.waitForLoadState('networkidle');
    return { ...wire };
  } finally {
    await context.close();
  }
}

/** Milliseconds from opening the text (signed in) to its first numbered line: cold, then on a repeat visit of the same device. */
async function timeToText(browser: Browser, url: string, documentId: string, session: { token: string; user: unknown }): Promise<{ coldMs: number; warmMs: number }> {
  const { context, page } = await throttledDevice(browser);
  try {
    await context.addInitScript(({ token, user }) => {
      localStorage.setItem('plenary.token', token);
      localStorage.setItem('plenary.user', JSON.stringify(user));
    }, session);
    const open = async () => {
      const started = performance.now();
      await page.goto(`${url}/#/documents/${documentId}`);
      await firstNumberedLine(page);
      return performance.now() - started;
    };
    const coldMs = await open();
    await page.waitForLoadState('networkidle');
    await page.goto('about:blank');
    const warmMs = await open();
    return { coldMs, warmMs };
  } finally {
    await context.close();
  }
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function line(label: string, value: string, goal: string, met: boolean): void {
  console.log(`  ${label.padEnd(52)} ${value.padStart(10)}   goal ${goal.padEnd(9)} ${met ? 'met' : 'MISSED'}`);
}

/** Runs the benchmark and prints each figure beside its goal. */
export async function run(): Promise<void> {
  console.log(`\nReader's first load, Chromium at 360 px over ${LINK.downloadBitsPerSecond / 1e6} Mbps down / ${LINK.uploadBitsPerSecond / 1e3} kbps up / ${LINK.latencyMs} ms RTT (CDP throttling)`);
  if (!existsSync(CLIENT_INDEX)) {
    console.log('  skipped: dist/client is missing; run "npx vite build" first');
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'plenary-bench-reader-'));
  const demo = loadDemoConvention();
  demo.documents.push(...bigTexts());
  const storage = sqliteStorage(openDatabase(dataDir));
  await seedDemoConvention(storage, demo);
  await storage.close();
  const app = await build({ demo: false, dataDir, logger: false, loginAttemptsPerMinute: 1000, loginAttemptsPerAddressPerMinute: 10_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const login = (await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'delegate@demo.test', password: 'demo' }) })).json()) as { token: string; user: unknown };
    const documents = (await (await fetch(`${url}/api/documents`, { headers: { authorization: `Bearer ${login.token}` } })).json()) as { id: string; code: string | null }[];
    const idOf = (code: string) => {
      const found = documents.find((doc) => doc.code === code);
      if (!found) throw new Error(`the bench convention has no ${code}`);
      return found.id;
    };
    const cr01 = idOf('CR01');
    const big = idOf('R90-A01');

    const cr01Wire = await firstVisitBytes(browser, url, cr01);
    const cr01Time = await timeToText(browser, url, cr01, login);
    const bigWire = await firstVisitBytes(browser, url, big);
    const bigTime = await timeToText(browser, url, big, login);

    line('CR01: sign-in + documents + reading view, on the wire', kb(cr01Wire.bytes), `<= ${kb(GOALS.cr01Bytes)}`, cr01Wire.bytes <= GOALS.cr01Bytes);
    console.log(`    (${cr01Wire.requests} requests)`);
    line('CR01: first numbered line, cold cache', `${Math.round(cr01Time.coldMs)} ms`, `< ${GOALS.cr01ColdMs} ms`, cr01Time.coldMs < GOALS.cr01ColdMs);
    line('CR01: first numbered line, repeat visit', `${Math.round(cr01Time.warmMs)} ms`, `< ${GOALS.cr01WarmMs} ms`, cr01Time.warmMs < GOALS.cr01WarmMs);
    line(`10,000 words, ${MARKERS} markers: sign-in + documents + text, wire`, kb(bigWire.bytes), `<= ${kb(GOALS.bigBytes)}`, bigWire.bytes <= GOALS.bigBytes);
    console.log(`    (${bigWire.requests} requests)`);
    line(`10,000 words, ${MARKERS} markers: first numbered line, cold`, `${Math.round(bigTime.coldMs)} ms`, `< ${GOALS.bigColdMs} ms`, bigTime.coldMs < GOALS.bigColdMs);
    line(`10,000 words, ${MARKERS} markers: first numbered line, repeat`, `${Math.round(bigTime.warmMs)} ms`, '(no goal)', true);
  } finally {
    await browser.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
