import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserSuite, DESKTOP_VIEWPORT, horizontalOverflow, PHONE_VIEWPORT, startBrowserSuite, type BrowserSuite } from '../helpers/browser';
import { expandAll, publishSecondVersion, viewCases, visitEachView, type ViewCase } from '../helpers/views';

/**
 * Every view, as each person who sees it, checked by axe-core (the npm
 * package, injected into real Chromium) against the WCAG 2.2 A and AA rules,
 * on a phone and on a laptop, with every disclosure opened. No rule is turned
 * off: a violation is fixed where it comes from (colours, target sizes,
 * names). On the phone (360 px) the same walk also checks that no view
 * scrolls sideways, neither as it opens nor with every panel and list
 * expanded: wide content (side-by-side compare, tally tables) stacks or
 * scrolls inside its own region. Needs the built client.
 */

/** The axe-core tags of WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** One width's walk of every view: axe reads every node of the 4,000-word CR01 several times; about 2.5 minutes on a shared 2-core machine. */
const AXE_SUITE_TIMEOUT_MS = 600_000;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A violation as a line a reader of the test output can act on. */
interface Finding {
  view: string;
  rule: string;
  nodes: string[];
}

/** Runs axe on the page as it stands; one finding per violated rule. */
async function axeFindings(page: Page, view: ViewCase): Promise<Finding[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`) }));
  }, WCAG_TAGS);
  return violations.map((v) => ({ view: view.name, rule: v.id, nodes: v.nodes }));
}

describe('axe-core finds no WCAG 2.2 A/AA violation on any view', () => {
  let suite: BrowserSuite;
  let views: ViewCase[];

  beforeAll(async () => {
    suite = await startBrowserSuite();
    await publishSecondVersion(suite.server);
    views = await viewCases(suite.server.url);
  });

  afterAll(() => closeBrowserSuite(suite));

  it(`at ${PHONE_VIEWPORT.width} px, where no view scrolls sideways either, closed or expanded`, async () => {
    const findings: Finding[] = [];
    const overflowing: { view: string; when: string; by: number }[] = [];
    await visitEachView(suite, views, PHONE_VIEWPORT, async (device, view) => {
      expect(await device.page.evaluate(() => window.innerWidth)).toBe(PHONE_VIEWPORT.width);
      const shown = await horizontalOverflow(device.page);
      if (shown > 0) overflowing.push({ view: view.name, when: 'as shown', by: shown });
      await expandAll(device.page);
      const expanded = await horizontalOverflow(device.page);
      if (expanded > 0) overflowing.push({ view: view.name, when: 'expanded', by: expanded });
      findings.push(...(await axeFindings(device.page, view)));
      expect(device.errors, view.name).toEqual([]);
    });
    expect(overflowing, 'views that scroll sideways at 360 px').toEqual([]);
    expect(findings).toEqual([]);
  }, AXE_SUITE_TIMEOUT_MS);

  it(`at ${DESKTOP_VIEWPORT.width} px`, async () => {
    const findings: Finding[] = [];
    await visitEachView(suite, views, DESKTOP_VIEWPORT, async (device, view) => {
      await expandAll(device.page);
      findings.push(...(await axeFindings(device.page, view)));
      expect(device.errors, view.name).toEqual([]);
    });
    expect(findings).toEqual([]);
  }, AXE_SUITE_TIMEOUT_MS);
});
