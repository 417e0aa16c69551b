import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { afterNextPaint } from '../after-paint';
import { h, setAttributeIfChanged } from '../dom';
import { icon, type IconName } from '../icons';
import { currentBlock, inTitle, markActive, setBlock, toggleEm, toggleStrong, type BlockChoice } from './commands';
import { ACTION_KEYS, BLOCK_KEYS, ariaKeys, displayKeys } from './keymap';

/**
 * The formatting toolbar: block kind (paragraph, heading, "Whereas" and
 * "Resolved" clauses, lists), bold and italic, undo and redo. It follows the
 * ARIA toolbar pattern: one tab stop, arrow keys move between buttons, Escape
 * returns to the text, and Alt+F10 in the text comes back here. Pressed state
 * (`aria-pressed`) follows the cursor.
 */

interface ButtonSpec {
  id: string;
  label: string;
  /** Short text shown on the button; the full label is its accessible name. */
  text?: string;
  iconName?: IconName;
  keys?: string;
  command: Command;
  /** Whether the button shows as pressed in `state`; absent for plain actions. */
  pressed?: (state: EditorState) => boolean;
  group: string;
}

const BLOCK_BUTTONS: { choice: BlockChoice; label: string; text?: string; iconName?: IconName }[] = [
  { choice: 'paragraph', label: 'Text paragraph', text: '¶ Text' },
  { choice: 'heading', label: 'Heading', text: 'Heading' },
  { choice: 'whereas', label: '“Whereas” clause', text: 'Whereas' },
  { choice: 'resolved', label: '“Resolved” clause', text: 'Resolved' },
  { choice: 'bullet_list', label: 'Bulleted list', iconName: 'listBullet' },
  { choice: 'ordered_list', label: 'Numbered list', iconName: 'listOrdered' },
];

function buttonSpecs(): ButtonSpec[] {
  const blocks: ButtonSpec[] = BLOCK_BUTTONS.map(({ choice, label, text, iconName }) => ({
    id: choice,
    label,
    text,
    iconName,
    keys: BLOCK_KEYS[choice],
    command: setBlock(choice),
    pressed: (state) => currentBlock(state) === choice,
    group: choice.endsWith('_list') ? 'lists' : 'blocks',
  }));
  return [
    ...blocks,
    { id: 'strong', label: 'Bold', text: 'B', keys: ACTION_KEYS.strong, command: toggleStrong, pressed: (s) => markActive(s, 'strong'), group: 'marks' },
    { id: 'em', label: 'Italic', text: 'I', keys: ACTION_KEYS.em, command: toggleEm, pressed: (s) => markActive(s, 'em'), group: 'marks' },
    { id: 'undo', label: 'Undo', iconName: 'undo', keys: ACTION_KEYS.undo, command: undoCommand, group: 'history' },
    { id: 'redo', label: 'Redo', iconName: 'redo', keys: ACTION_KEYS.redo, command: redoCommand, group: 'history' },
  ];
}

/** A mounted toolbar. Call `update` after every editor state change: the buttons follow once its frame is painted. */
export interface Toolbar {
  element: HTMLElement;
  update(): void;
  /** Moves focus to the toolbar's current button. */
  focus(): void;
}

/** Builds the toolbar for `view`; `editorId` is the id of the element it controls. */
export function createToolbar(getView: () => EditorView | null, editorId: string): Toolbar {
  const specs = buttonSpecs();
  const buttons: HTMLButtonElement[] = [];
  let activeIndex = 0;

  const setActive = (index: number, focus: boolean) => {
    activeIndex = (index + buttons.length) % buttons.length;
    buttons.forEach((button, i) => (button.tabIndex = i === activeIndex ? 0 : -1));
    if (focus) buttons[activeIndex].focus();
  };

  const groups = new Map<string, HTMLElement>();
  const element = h('div', {
    class: 'toolbar',
    attrs: { role: 'toolbar', 'aria-label': 'Formatting', 'aria-controls': editorId },
    on: {
      keydown: (event) => {
        const moves: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
        if (event.key in moves) setActive(activeIndex + moves[event.key], true);
        else if (event.key === 'Home') setActive(0, true);
        else if (event.key === 'End') setActive(buttons.length - 1, true);
        else if (event.key === 'Escape') getView()?.focus();
        else return;
        event.preventDefault();
      },
    },
  });

  specs.forEach((spec, index) => {
    const shortcut = spec.keys ? displayKeys(spec.keys) : '';
    const button = h(
      'button',
      {
        class: `tool tool--${spec.id}`,
        attrs: {
          type: 'button',
          'aria-label': spec.label,
          'aria-pressed': spec.pressed ? 'false' : null,
          'aria-keyshortcuts': spec.keys ? ariaKeys(spec.keys) : null,
          title: shortcut ? `${spec.label} (${shortcut})` : spec.label,
          tabindex: index === 0 ? 0 : -1,
        },
        on: {
          // Keep the editor's selection: act on mousedown without taking focus.
          mousedown: (event) => event.preventDefault(),
          click: () => {
            const view = getView();
            if (!view) return;
            activeIndex = index;
            setActive(index, false);
            spec.command(view.state, view.dispatch, view);
            view.focus();
          },
        },
      },
      spec.iconName ? icon(spec.iconName) : null,
      spec.text ? h('span', { class: 'tool__text', attrs: { 'aria-hidden': 'true' } }, spec.text) : null,
    );
    buttons.push(button);
    let group = groups.get(spec.group);
    if (!group) {
      group = h('div', { class: 'toolbar__group', attrs: { role: 'group', 'aria-label': groupLabel(spec.group) } });
      groups.set(spec.group, group);
      element.appendChild(group);
    }
    group.appendChild(button);
  });

  /** Shows the buttons' pressed and disabled states for `state` (writing only what changed). */
  const show = (state: EditorState) => {
    const title = inTitle(state);
    specs.forEach((spec, i) => {
      const button = buttons[i];
      const pressed = spec.pressed?.(state) ?? false;
      if (spec.pressed) setAttributeIfChanged(button, 'aria-pressed', String(pressed));
      // In the title only history works; `aria-disabled` keeps the buttons focusable and announced.
      const enabled = spec.group === 'history' ? spec.command(state) : !title && (pressed || spec.command(state));
      setAttributeIfChanged(button, 'aria-disabled', String(!enabled));
    });
  };
  // The states follow once the change's frame is painted: a keystroke does not wait for ten
  // commands to be tried (~0.3 ms). A click runs its command on the state of that moment anyway.
  let shown: (() => void) | null = null;

  return {
    element,
    update() {
      shown ??= afterNextPaint(() => {
        shown = null;
        const view = getView();
        if (view) show(view.state);
      });
    },
    focus() {
      setActive(activeIndex, true);
    },
  };
}

function groupLabel(group: string): string {
  return { blocks: 'Block type', lists: 'Lists', marks: 'Text style', history: 'History' }[group] ?? group;
}
