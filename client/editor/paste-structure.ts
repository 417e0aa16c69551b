import { Plugin, PluginKey } from 'prosemirror-state';
import { cleanPastedHtml, structureSlice } from '../../shared/import';

/** The plugin's key, for tests and other plugins. */
export const pasteStructureKey = new PluginKey('plenary-paste-structure');

/**
 * Keeps the structure of text pasted from Word, Google Docs or a web page:
 * the clipboard's HTML is cleaned by the same rules as an imported file
 * (`shared/import`: Word's list paragraphs become lists, Google Docs' bold
 * wrapper goes, styled spans become bold and italic, comments and pictures
 * are dropped), and pasted paragraphs that open with "Whereas" or "Resolved"
 * become their clauses. Plain-text pastes are left to ProseMirror.
 */
export function pasteStructurePlugin(): Plugin {
  return new Plugin({
    key: pasteStructureKey,
    props: {
      transformPastedHTML: (html) => cleanPastedHtml(html, (source) => new DOMParser().parseFromString(source, 'text/html')),
      transformPasted: (slice) => structureSlice(slice),
    },
  });
}
