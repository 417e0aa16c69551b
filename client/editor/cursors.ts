import { Plugin } from 'prosemirror-state';
import type { DecorationAttrs } from 'prosemirror-view';
import { userOfState } from './awareness-user';

/**
 * How other people's cursors look: a caret in their colour with their name on
 * a small flag above it. The flag is hidden from screen readers (the presence
 * list names who is here); it keeps y-prosemirror's class names so stock
 * styles and tests recognise it.
 */
export function buildCursor(rawUser: unknown, clientId: number): HTMLElement {
  const user = userOfState({ user: rawUser }) ?? { name: `Guest ${clientId}`, color: '#5b6472', id: String(clientId) };
  const cursor = document.createElement('span');
  cursor.className = 'ProseMirror-yjs-cursor pl-cursor';
  cursor.setAttribute('aria-hidden', 'true');
  cursor.style.borderColor = user.color;
  cursor.dataset.user = user.id;
  const flag = document.createElement('span');
  flag.className = 'pl-cursor__name';
  flag.style.backgroundColor = user.color;
  flag.textContent = user.name;
  cursor.append('\u2060', flag, '\u2060');
  return cursor;
}

/** A tint of the person's colour behind their selection. */
export function buildSelection(rawUser: unknown): DecorationAttrs {
  const user = userOfState({ user: rawUser });
  const color = user?.color ?? '#5b6472';
  return { style: `background-color: ${color}33`, class: 'ProseMirror-yjs-selection' };
}

/**
 * Keeps name flags inside the text's column: a flag that would stick out past
 * the editor's right edge opens to the left of the caret instead (so long
 * names near the margin neither get cut off nor widen a phone's page).
 */
export function cursorFlagPlugin(): Plugin {
  return new Plugin({
    view(view) {
      let frame = 0;
      const place = () => {
        frame = 0;
        const cursors = [...view.dom.querySelectorAll<HTMLElement>('.pl-cursor')];
        if (cursors.length === 0) return;
        // Every cursor is measured before any flag turns: one layout for all of them, not one each (with a caucus
        // typing, a flip written between two reads made the browser lay the text out again for the next read).
        // Opening to the right, a flag starts at its caret's left edge (`left: -2px` over the 2px caret), so where it
        // would end does not depend on which way it opens now.
        const limit = view.dom.getBoundingClientRect().right;
        const flips = cursors.map((cursor) => {
          const flag = cursor.querySelector<HTMLElement>('.pl-cursor__name');
          return flag !== null && cursor.getBoundingClientRect().left + flag.offsetWidth > limit;
        });
        cursors.forEach((cursor, i) => cursor.classList.toggle('pl-cursor--flip', flips[i]));
      };
      const schedule = () => {
        if (frame === 0) frame = requestAnimationFrame(place);
      };
      window.addEventListener('resize', schedule);
      schedule();
      return {
        update: schedule,
        destroy() {
          cancelAnimationFrame(frame);
          window.removeEventListener('resize', schedule);
        },
      };
    },
  });
}
