import { announce } from '../announce';
import { textHref } from '../components/doc-tabs';
import { h } from '../dom';
import { versionsOf } from '../texts';
import type { EditorExtension } from './extensions';
import { pageBanner } from './page-banner';

/**
 * The "newer version" notice, for a reader of a published version: a published
 * copy never changes, so when the text gets a newer version while the page is
 * open (the committee publishes v3, a caucus accepts a rebase), a banner above
 * the text says so and leads to it. The page asks when it is shown again (the
 * reader comes back to the tab or the network returns) and every few minutes
 * while it is in view; a convention's Wi-Fi need not carry more.
 */

/** How often a page in view asks whether a newer version was published. */
const CHECK_INTERVAL_MS = 120_000;

export const newerVersionNotice: EditorExtension = {
  id: 'newer-version',
  mount(context, { gutter }) {
    const { app, document: doc, shown } = context;
    if (!shown) return;
    const banner = pageBanner(gutter, 'info', 'newer-version');
    if (!banner) return;
    let known = shown.newest;
    let destroyed = false;

    const check = async () => {
      if (destroyed || document.visibilityState === 'hidden') return;
      let newest: number | undefined;
      try {
        newest = (await versionsOf(app.api, doc.id))[0]?.version;
      } catch {
        return; // offline: asked again when the network returns
      }
      if (destroyed || newest === undefined || newest <= known) return;
      known = newest;
      const name = doc.code ?? 'This text';
      banner.show({
        icon: 'refresh',
        title: `${name} has a newer version: v${newest}`,
        body: [h('p', {}, `You are reading v${shown.version}. Line numbers, instructions and signatures follow the newest version.`)],
        buttons: [h('a', { class: 'btn btn--primary btn--small', attrs: { href: textHref(doc.id, newest) } }, `Read v${newest}`)],
      });
      announce(`${name} has a newer version: v${newest}.`);
    };

    const onVisible = () => void check();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('online', onVisible);
    const timer = window.setInterval(onVisible, CHECK_INTERVAL_MS);
    return () => {
      destroyed = true;
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('online', onVisible);
      banner.remove();
    };
  },
};
