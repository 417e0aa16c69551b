import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserSuite, horizontalOverflow, newDevice, PHONE_VIEWPORT, signIn, startBrowserSuite } from '../helpers/browser';
import { login, type TestServer } from '../helpers/server';
import { documentsOf } from '../helpers/api';

/**
 * A link to a text that does not exist (mistyped, or a draft of another caucus)
 * must end in an error page with a way back on every view of a text, not in a
 * loading line that never goes away. Needs the built client.
 */
describe('views of a text that does not exist', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
  });

  afterAll(() => closeBrowserSuite({ server, browser }));

  const views = [
    { path: '', heading: 'Document not found' },
    { path: '/amend', heading: 'Could not open the text' },
    { path: '/redline', heading: 'Amendment not found' },
    { path: '/conflicts', heading: 'Could not show the conflict map' },
    { path: '/final', heading: 'Text not found' },
  ];

  it('end in an error with a way back, announced to screen readers, on a 360 px phone', async () => {
    const phone = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(phone.page, server.url, 'staff@demo.test');
      for (const view of views) {
        await phone.page.goto(`${server.url}/#/documents/no-such-text${view.path}`);
        const alert = phone.page.getByRole('alert');
        await alert.getByRole('heading', { level: 1, name: view.heading }).waitFor();
        expect(await phone.page.locator('[aria-busy="true"]').count(), view.path).toBe(0);
        expect(await phone.page.getByRole('link', { name: /^Back to / }).count(), view.path).toBeGreaterThan(0);
        expect(await horizontalOverflow(phone.page), view.path).toBeLessThanOrEqual(0);
      }
    } finally {
      await phone.context.close();
    }
  });

  it('tell a signed-in delegate that a staff page is for staff, not that it does not exist', async () => {
    const phone = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(phone.page, server.url, 'delegate@demo.test');
      for (const path of ['/staff/signatures', '/unknown-page']) {
        await phone.page.goto(`${server.url}/#${path}`);
        const heading = path.startsWith('/staff') ? 'For convention staff' : 'Page not found';
        await phone.page.getByRole('heading', { level: 1, name: heading }).waitFor();
        expect(await phone.page.getByRole('link', { name: 'Go to documents' }).count(), path).toBe(1);
      }
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });

  it("open the page an address names when it was typed without the app's #", async () => {
    const phone = await newDevice(browser, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(phone.page, server.url, 'delegate@demo.test');
      const token = await login(server.url, 'delegate@demo.test');
      const consensus = (await documentsOf(server.url, token)).find((doc) => doc.code === 'CR01')!;
      await phone.page.goto(`${server.url}/documents/${consensus.id}`);
      await phone.page.getByRole('heading', { level: 1, name: consensus.title }).first().waitFor();
      expect(new URL(phone.page.url()).hash).toBe(`#/documents/${consensus.id}`);
      await phone.page.goto(`${server.url}/documents/no-such-text`);
      await phone.page.getByRole('alert').getByRole('heading', { level: 1, name: 'Document not found' }).waitFor();
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
