import { baseKeymap, chainCommands } from 'prosemirror-commands';
import { undoInputRule } from 'prosemirror-inputrules';
import { keymap } from 'prosemirror-keymap';
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
import type { Command, Plugin } from 'prosemirror-state';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { resolutionSchema as schema } from '../../shared/schema';
import { continueClause, leaveTitle, setBlock, splitBlockSmart, toggleEm, toggleStrong, type BlockChoice } from './commands';

/**
 * The editor's keyboard shortcuts, in one table that both the keymap and the
 * toolbar (tooltips, `aria-keyshortcuts`) read. Keys use ProseMirror's notation;
 * `Mod` is Cmd on a Mac and Ctrl elsewhere. Tab is left to the browser so
 * keyboard users can always leave the editor; lists indent with Mod-].
 */

/** True on Apple platforms, where `Mod` is the Command key. */
export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iP(hone|[oa]d)/.test(navigator.platform || navigator.userAgent);

/** An action with its key. */
export interface Shortcut {
  keys: string;
  command: Command;
}

/** The shortcut for each block kind. */
export const BLOCK_KEYS: Record<BlockChoice, string> = {
  paragraph: 'Mod-Alt-0',
  heading: 'Mod-Alt-2',
  whereas: 'Mod-Alt-w',
  resolved: 'Mod-Alt-r',
  bullet_list: 'Mod-Shift-8',
  ordered_list: 'Mod-Shift-7',
};

/** The shortcuts for marks and history. */
export const ACTION_KEYS = {
  strong: 'Mod-b',
  em: 'Mod-i',
  undo: 'Mod-z',
  redo: IS_MAC ? 'Mod-Shift-z' : 'Mod-y',
  toolbar: 'Alt-F10',
} as const;

const KEY_NAMES: Record<string, { mac: string; pc: string; aria: string }> = {
  Mod: { mac: '⌘', pc: 'Ctrl', aria: IS_MAC ? 'Meta' : 'Control' },
  Alt: { mac: '⌥', pc: 'Alt', aria: 'Alt' },
  Shift: { mac: '⇧', pc: 'Shift', aria: 'Shift' },
  Ctrl: { mac: '⌃', pc: 'Ctrl', aria: 'Control' },
};

/** A key as people read it: "Ctrl+Alt+W" or "⌘⌥W". */
export function displayKeys(keys: string): string {
  const parts = keys.split('-');
  const names = parts.map((part, i) => (i < parts.length - 1 ? (IS_MAC ? KEY_NAMES[part].mac : KEY_NAMES[part].pc) : part.toUpperCase()));
  return IS_MAC ? names.join('') : names.join('+');
}

/** A key in `aria-keyshortcuts` form: "Control+Alt+W". */
export function ariaKeys(keys: string): string {
  const parts = keys.split('-');
  return parts.map((part, i) => (i < parts.length - 1 ? KEY_NAMES[part].aria : part.length === 1 ? part.toUpperCase() : part)).join('+');
}

/**
 * The keymaps for an editable document, most specific first: formatting and
 * block shortcuts, lists, Enter handling, then ProseMirror's base keymap.
 */
export function resolutionKeymaps(): Plugin[] {
  const item = schema.nodes.list_item;
  const bindings: Record<string, Command> = {
    [ACTION_KEYS.strong]: toggleStrong,
    [ACTION_KEYS.em]: toggleEm,
    'Mod-z': undoCommand,
    'Mod-y': redoCommand,
    'Mod-Shift-z': redoCommand,
    'Mod-]': sinkListItem(item),
    'Mod-[': liftListItem(item),
    'Shift-Enter': chainCommands((state, dispatch) => {
      const br = schema.nodes.hard_break;
      if (state.selection.$from.parent.type === schema.nodes.title) return false;
      if (dispatch) dispatch(state.tr.replaceSelectionWith(br.create()).scrollIntoView());
      return true;
    }),
    Enter: chainCommands(splitListItem(item), leaveTitle, continueClause, splitBlockSmart),
    Backspace: undoInputRule,
  };
  for (const [choice, keys] of Object.entries(BLOCK_KEYS) as [BlockChoice, string][]) bindings[keys] = setBlock(choice);
  return [keymap(bindings), keymap(baseKeymap)];
}
