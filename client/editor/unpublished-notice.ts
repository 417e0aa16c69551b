import { sameBlock } from '../../shared/redline/document';
import type { TextBlock } from '../../shared/text';
import { announce } from '../announce';
import { h } from '../dom';
import { versionText, versionsOf } from '../texts';
import type { EditorExtension } from './extensions';
import { editorBlocks } from './live-redline';
import { pageBanner } from './page-banner';
import { onPublished } from './versions-panel';

/**
 * The "Unpublished changes" notice, for those who revise a submitted text (a
 * committee on its consensus text): everyone else reads its newest published
 * version, so while the working copy differs from it, a banner above the text
 * says so ("readers see v1 until you publish v2") and leads to Publish
 * version. It goes once the text matches a published version again (after
 * publishing, or when the changes are undone).
 */

/** How long after the last change the working copy is compared again (a long text takes a few ms). */
const COMPARE_DELAY_MS = 400;

/** Whether two texts read the same, block for block (formatting aside, as numbering and instructions see them). */
export function sameBlocks(a: readonly TextBlock[], b: readonly TextBlock[]): boolean {
  return a.length === b.length && a.every((block, i) => sameBlock(block, b[i]!));
}

export const unpublishedNotice: EditorExtension = {
  id: 'unpublished',
  appliesTo: (doc) => doc.canEdit && doc.status !== 'draft',
  mount(context, { gutter }) {
    const { app, document: doc, view } = context;
    if (context.shown) return;
    const page = gutter.closest('.editor-page');
    const banner = pageBanner(gutter, 'warning', 'unpublished');
    if (!page || !banner) return;
    let showing = false;
    let newest: { version: number; blocks: TextBlock[] } | null = null;
    let timer = 0;
    let destroyed = false;

    /** Opens the Versions panel and puts the keyboard on its Publish button. */
    const goToPublish = () => {
      const details = page.querySelector<HTMLDetailsElement>('details[data-panel="versions"]');
      if (details) details.open = true;
      const button = page.querySelector<HTMLElement>('[data-action="publish"]');
      button?.scrollIntoView({ block: 'center' });
      button?.focus();
    };

    const compare = () => {
      timer = 0;
      if (destroyed || !newest) return;
      const differs = !sameBlocks(editorBlocks(view), newest.blocks);
      const next = newest.version + 1;
      if (differs && !showing) {
        announce(`Unpublished changes: readers see v${newest.version} until you publish v${next}.`);
        banner.show({
          icon: 'alert',
          title: 'Unpublished changes',
          body: [h('p', {}, `You are editing the working copy. Readers see v${newest.version} until you publish v${next}; every amendment, instruction and export numbers lines by v${newest.version}.`)],
          buttons: [h('button', { class: 'btn btn--secondary btn--small', attrs: { type: 'button' }, on: { click: goToPublish } }, `Publish v${next}…`)],
        });
      } else if (!differs) {
        banner.hide();
      }
      showing = differs;
    };
    const scheduleCompare = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(compare, COMPARE_DELAY_MS);
    };

    /** Loads the newest published version and compares the working copy with it. */
    const load = async () => {
      const versions = await versionsOf(app.api, doc.id);
      const latest = versions[0]?.version;
      if (latest === undefined || destroyed) return;
      const text = await versionText(app.api, doc.id, latest);
      if (destroyed) return;
      newest = { version: latest, blocks: text.blocks };
      banner.hide();
      showing = false;
      compare();
    };
    void load().catch(() => undefined);
    const stopChanges = context.onDocChange(scheduleCompare);
    const stopPublished = onPublished(doc.id, () => void load().catch(() => undefined));
    return () => {
      destroyed = true;
      window.clearTimeout(timer);
      stopChanges();
      stopPublished();
      banner.remove();
    };
  },
};
