import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserSuite, newDevice, PHONE_VIEWPORT, signIn, startBrowserSuite, type BrowserSuite } from '../helpers/browser';
import { expandAll, publishSecondVersion, show, viewCases, type ViewCase } from '../helpers/views';

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
    const devices = new Map<string | null, Awaited<ReturnType<typeof newDevice>>>();
    try {
      for (const view of views) {
        let device = devices.get(view.email);
        if (!device) {
          device = await newDevice(suite.browser, { viewport: PHONE_VIEWPORT });
          if (view.email) await signIn(device.page, suite.server.url, view.email);
          devices.set(view.email, device);
        }
        const { page } = device;
        await show(page, suite.server.url, view);
        expect(await page.evaluate(() => window.innerWidth)).toBe(PHONE_VIEWPORT.width);
        const shown = await sidewaysScroll(page);
        if (shown > 0) overflowing.push({ view: view.name, when: 'as shown', by: shown });
        await expandAll(page);
        const expanded = await sidewaysScroll(page);
        if (expanded > 0) overflowing.push({ view: view.name, when: 'expanded', by: expanded });
      }
    } finally {
      for (const device of devices.values()) await device.context.close();
    }
    expect(overflowing).toEqual([]);
  }, 300_000);
});
