import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserSuite, PHONE_VIEWPORT, startBrowserSuite, type BrowserSuite } from '../helpers/browser';
import { expandAll, publishSecondVersion, viewCases, visitEachView, type ViewCase } from '../helpers/views';

/**
 * A phone 360 px wide: no view scrolls sideways, for anyone who sees it,
 * neither as it opens nor with every panel and list expanded. Wide content
 * (side-by-side compare, tally tables) stacks or scrolls inside its own
 * region. Needs the built client.
 */

/** The page's width beyond the window's (0: nothing scrolls sideways). */
function sidewaysScroll(page: import('playwright-core').Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe('every view fits a 360 px phone', () => {
  let suite: BrowserSuite;
  let views: ViewCase[];

  beforeAll(async () => {
    suite = await startBrowserSuite();
    await publishSecondVersion(suite.server);
    views = await viewCases(suite.server.url);
  });

  afterAll(() => closeBrowserSuite(suite));

  it('no view scrolls sideways at 360 px, closed or expanded', async () => {
    const overflowing: { view: string; when: string; by: number }[] = [];
    await visitEachView(suite, views, PHONE_VIEWPORT, async ({ page }, view) => {
      expect(await page.evaluate(() => window.innerWidth)).toBe(PHONE_VIEWPORT.width);
      const shown = await sidewaysScroll(page);
      if (shown > 0) overflowing.push({ view: view.name, when: 'as shown', by: shown });
      await expandAll(page);
      const expanded = await sidewaysScroll(page);
      if (expanded > 0) overflowing.push({ view: view.name, when: 'expanded', by: expanded });
    });
    expect(overflowing).toEqual([]);
  }, 300_000);
});
