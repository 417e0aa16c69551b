import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentsOf, getJson, sendJson } from '../helpers/api';
import { loadDemoConvention } from '../../fixtures/index';
import type { SignatureList } from '../../shared/signatures-api';
import { closeBrowserSuite, DESKTOP_VIEWPORT, newDevice, PHONE_VIEWPORT, startBrowserSuite, type BrowserSuite } from '../helpers/browser';
import { login } from '../helpers/server';
import { appendParagraph } from '../helpers/yclient';
import { PROSEMIRROR_FRAGMENT } from '../../shared/schema';
import * as Y from 'yjs';

/**
 * A delegate with a keyboard only (Tab, Enter, Space; no click anywhere):
 * signs in, opens an amendment from the documents list, reads its redline,
 * goes back to its text, signs on and withdraws. Every route change puts
 * focus on the new view's main heading, and wherever focus goes it is visibly
 * marked. Needs the built client.
 */

/** Most Tab presses to reach one control: past the header, the tabs and a panel, never a whole page of links. */
const MAX_TABS = 120;

/** How long a view or a signature may take on a loaded machine. */
const UI_TIMEOUT_MS = 15_000;

/** What has keyboard focus, and whether it is visibly marked. */
interface Focused {
  tag: string;
  text: string;
  /** An outline (at least 2 px) or a box shadow is drawn for it or its ::before / ::after. */
  marked: boolean;
  /** It matches `:focus-visible` (the browser's own "keyboard focus" state). */
  focusVisible: boolean;
}

function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    // The ring may be drawn on the element or on a pseudo-element covering it (a card whose whole area is the link).
    const marked = [null, '::before', '::after'].some((pseudo) => {
      const style = getComputedStyle(element, pseudo);
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
    });
    return {
      tag: element.tagName.toLowerCase(),
      text: (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60),
      marked,
      focusVisible: element.matches(':focus-visible'),
    };
  });
}

/** Every element focus passed through, with how it looked, to check in the end. */
type Trail = Focused[];

/**
 * Presses Tab until the focused element is the one `target` names (matched by
 * its tag and its text or label), recording every stop on the way.
 */
async function tabTo(page: Page, trail: Trail, target: { tag: string; text: RegExp }): Promise<void> {
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (!now) throw new Error(`focus fell to the page body while tabbing, after: ${trail.slice(-6).map((stop) => `${stop.tag} "${stop.text}"`).join(', ')}`);
    trail.push(now);
    if (now.tag === target.tag && target.text.test(now.text)) return;
  }
  throw new Error(`no ${target.tag} matching ${target.text} within ${MAX_TABS} Tab presses`);
}

/** Waits until the new view's main heading has focus; records it. */
async function headingFocused(page: Page, trail: Trail, name: RegExp): Promise<void> {
  await expect
    .poll(async () => {
      const now = await focused(page);
      return now && now.tag === 'h1' && name.test(now.text) ? 'heading' : JSON.stringify(now);
    }, { timeout: UI_TIMEOUT_MS })
    .toBe('heading');
  trail.push((await focused(page))!);
}

/** The stops where focus was not visibly marked, as readable lines. */
function unmarked(trail: Trail): string[] {
  return trail.filter((stop) => !stop.marked || !stop.focusVisible).map((stop) => `${stop.tag} "${stop.text}" (marked ${stop.marked}, :focus-visible ${stop.focusVisible})`);
}

describe('a delegate with the keyboard only', () => {
  let suite: BrowserSuite;
  let drafter: string;

  beforeAll(async () => {
    suite = await startBrowserSuite();
    drafter = await login(suite.server.url, 'drafter@demo.test');
  });

  /**
   * A new amendment of CR01 that strikes and inserts words in its first paragraph
   * and adds one, submitted by its caucus and signed by no one: each test signs its own.
   */
  async function freshAmendment(): Promise<{ id: string; code: string; count: number }> {
    const cr01 = (await documentsOf(suite.server.url, drafter)).find((d) => d.code === 'CR01')!;
    const draft = await sendJson<{ id: string }>(suite.server.url, 'POST', `/api/documents/${cr01.id}/amendments`, { title: 'An amendment for the keyboard' }, drafter);
    await suite.server.app.rooms.edit(draft.body.id, (doc, origin) =>
      doc.transact(() => {
        const first = (doc.getXmlFragment(PROSEMIRROR_FRAGMENT).get(1) as Y.XmlElement).get(0) as Y.XmlText;
        first.delete(0, 4);
        first.insert(0, 'Amended: ');
        appendParagraph(doc, 'Resolved, that a keyboard reaches every control.');
      }, origin),
    );
    const submitted = await sendJson<{ id: string; code: string | null }>(suite.server.url, 'POST', `/api/documents/${draft.body.id}/submit`, {}, drafter);
    if (submitted.status !== 200 || !submitted.body.code) throw new Error(`submitting a new amendment answered ${submitted.status}`);
    return { id: submitted.body.id, code: submitted.body.code, count: 0 };
  }

  afterAll(() => closeBrowserSuite(suite));

  for (const viewport of [DESKTOP_VIEWPORT, PHONE_VIEWPORT]) {
    it(`signs in, opens an amendment, reads its redline, signs on and withdraws at ${viewport.width} px`, async () => {
      const amendment = await freshAmendment();
      const { context, page, errors } = await newDevice(suite.browser, { viewport });
      const trail: Trail = [];
      const code = amendment.code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      try {
        await page.goto(`${suite.server.url}/#/login`);
        await page.getByRole('heading', { level: 1, name: 'Sign in to Plenary' }).waitFor();

        await tabTo(page, trail, { tag: 'input', text: /^$/ });
        await page.keyboard.type('delegate@demo.test');
        await page.keyboard.press('Tab');
        trail.push((await focused(page))!);
        await page.keyboard.type('demo');
        await page.keyboard.press('Enter');
        await page.waitForURL(/#\/documents$/);
        await headingFocused(page, trail, /^Documents$/);

        await tabTo(page, trail, { tag: 'a', text: new RegExp(`^${code}(?![\\d-])`) });
        await page.keyboard.press('Enter');
        await page.waitForURL(new RegExp(`#/documents/${amendment.id}$`));
        await headingFocused(page, trail, /./);

        await tabTo(page, trail, { tag: 'a', text: /^Redline$/ });
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/redline$/);
        await headingFocused(page, trail, new RegExp(`^Redline of ${code}`));
        // What changed is said, not only coloured.
        const said = await page.evaluate(() =>
          [...document.querySelectorAll('.rl del, .rl ins')].map((mark) => `${mark.tagName.toLowerCase()} ${mark.querySelector('.visually-hidden')?.textContent ?? '(nothing)'}`),
        );
        expect(said.length).toBeGreaterThan(0);
        expect(new Set(said)).toEqual(new Set(said.map((s) => (s.startsWith('del') ? 'del struck: ' : 'ins inserted: '))));
        // The line numbers are not read between the lines of the text.
        expect(await page.locator('.rl .rl-ln:not([aria-hidden="true"])').count()).toBe(0);

        await tabTo(page, trail, { tag: 'a', text: /^Text$/ });
        await page.keyboard.press('Enter');
        await page.waitForURL(new RegExp(`#/documents/${amendment.id}$`));
        await headingFocused(page, trail, /./);

        // On a phone the panel is below the text; a line under the title leads there.
        if (viewport.width < 700) {
          await tabTo(page, trail, { tag: 'button', text: /^Go to Sign on$/ });
          await page.keyboard.press('Enter');
          await expect.poll(async () => (await focused(page))?.text).toBe(`Sign on to ${amendment.code}`);
          trail.push((await focused(page))!);
        } else {
          await tabTo(page, trail, { tag: 'button', text: new RegExp(`^Sign on to ${code}$`) });
        }
        await page.keyboard.press('Space');
        await page.getByText('Your signature is counted.').waitFor({ timeout: UI_TIMEOUT_MS });
        // Focus stays on the reader's own part: the button to withdraw.
        await expect.poll(async () => (await focused(page))?.text, { timeout: UI_TIMEOUT_MS }).toBe('Withdraw my signature');
        trail.push((await focused(page))!);
        await expect.poll(() => page.locator('[data-extension="signatures"] [data-testid="tally-count"]').textContent()).toBe(`${amendment.count + 1} of 20 signatures`);

        await page.keyboard.press('Enter');
        await page.getByText('Your signature is withdrawn.').waitFor({ timeout: UI_TIMEOUT_MS });
        await expect.poll(async () => (await focused(page))?.text, { timeout: UI_TIMEOUT_MS }).toBe(`Sign on to ${amendment.code}`);
        trail.push((await focused(page))!);
        await expect.poll(() => page.locator('[data-extension="signatures"] [data-testid="tally-count"]').textContent()).toBe(`${amendment.count} of 20 signatures`);

        expect(unmarked(trail)).toEqual([]);
        expect(trail.length).toBeGreaterThan(8);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('hears others signing politely, as one announcement of where the count stands, not one per signature', async () => {
    const amendment = await freshAmendment();
    const { context, page, errors } = await newDevice(suite.browser, { viewport: DESKTOP_VIEWPORT });
    try {
      const staffToken = await login(suite.server.url, 'staff@demo.test');
      const signed = new Set((await getJson<SignatureList>(suite.server.url, `/api/documents/${amendment.id}/signatures`, staffToken)).body.signatures.map((row) => row.memberId));
      const signers = loadDemoConvention().roster.filter((m) => m.delegate && m.goodStanding && !signed.has(m.memberId)).slice(0, 3);
      await page.goto(`${suite.server.url}/#/login`);
      await page.getByLabel('Email').fill('member@demo.test');
      await page.getByLabel('Password').fill('demo');
      await page.getByLabel('Password').press('Enter');
      await page.waitForURL(/#\/documents$/);
      await page.goto(`${suite.server.url}/#/documents/${amendment.id}`);
      const count = page.locator('[data-extension="signatures"] [data-testid="tally-count"]');
      const start = Number((await count.textContent({ timeout: UI_TIMEOUT_MS }))!.split(' ')[0]);
      // Every text the polite region takes, in order.
      const region = page.locator('[data-extension="signatures"] p.visually-hidden[role="status"][aria-live="polite"]');
      await region.evaluate((element) => {
        const heard: string[] = [];
        (window as unknown as { heard: string[] }).heard = heard;
        new MutationObserver(() => {
          const text = element.textContent ?? '';
          if (text && text !== heard[heard.length - 1]) heard.push(text);
        }).observe(element, { childList: true, characterData: true, subtree: true });
      });
      // Let the live stream connect first, so the signatures arrive as pushes.
      await page.waitForTimeout(300);
      for (const signer of signers) {
        const { status } = await sendJson(suite.server.url, 'POST', `/api/documents/${amendment.id}/signatures/paper`, { memberId: signer.memberId }, staffToken);
        expect(status).toBe(201);
      }
      const final = `${start + signers.length} of 20 signatures`;
      await expect.poll(() => count.textContent(), { timeout: UI_TIMEOUT_MS }).toBe(final);
      // The newest count is said once the quiet interval ends (TALLY_ANNOUNCE_INTERVAL_MS, 10 s).
      await expect.poll(() => region.textContent(), { timeout: 20_000 }).toBe(final);
      const heard = await page.evaluate(() => (window as unknown as { heard: string[] }).heard);
      expect(heard[heard.length - 1]).toBe(final);
      expect(heard.length).toBeLessThan(signers.length);
      expect(await region.getAttribute('aria-live')).toBe('polite');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
