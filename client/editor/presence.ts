import type { Awareness } from 'y-protocols/awareness';
import { h, replaceChildren } from '../dom';
import { icon } from '../icons';
import { presentPeople } from './awareness-user';
import { initialsOf } from './user-color';

/**
 * Who is here: a row of coloured initials, one per person (several tabs count
 * once), yourself first, each with the full name as its tooltip and as text for
 * screen readers. The list is a labelled region; joins and departures are
 * announced politely through its count ("3 here").
 */
/** Faces shown before the rest are summed up as "+N" (matches `.presence__person:nth-child(n + 6)`). */
const VISIBLE_FACES = 5;

export interface PresenceList {
  element: HTMLElement;
  destroy(): void;
}

/** Builds the presence list for `awareness`; `selfId` is the signed-in user's id. */
export function createPresenceList(awareness: Awareness, selfId: string): PresenceList {
  const count = h('span', { class: 'presence__count' });
  const list = h('ul', { class: 'presence__list' });
  const more = h('span', { class: 'presence__more', attrs: { 'aria-hidden': 'true', hidden: true } });
  const element = h(
    'section',
    { class: 'presence', attrs: { 'aria-label': 'People here' } },
    h('span', { class: 'presence__label', attrs: { 'aria-live': 'polite' } }, icon('users'), count),
    list,
    more,
  );

  let lastSignature = '';
  const render = () => {
    const people = presentPeople(awareness, selfId);
    const signature = people.map((p) => `${p.id}:${p.name}:${p.color}:${p.readOnly ? 1 : 0}`).join('|');
    if (signature === lastSignature) return;
    lastSignature = signature;
    const others = people.filter((person) => !person.isSelf).length;
    count.textContent = others === 0 ? 'Only you' : `${people.length} here`;
    more.hidden = people.length <= VISIBLE_FACES;
    more.textContent = `+${people.length - VISIBLE_FACES}`;
    replaceChildren(
      list,
      ...people.map((person) =>
        h(
          'li',
          {
            class: `presence__person${person.isSelf ? ' presence__person--self' : ''}`,
            dataset: { user: person.id },
            attrs: { title: `${person.name}${person.isSelf ? ' (you)' : ''}${person.readOnly ? ', reading' : ''}` },
          },
          h('span', { class: 'avatar', attrs: { 'aria-hidden': 'true', style: `--avatar-color: ${person.color}` } }, initialsOf(person.name)),
          h('span', { class: 'presence__name visually-hidden' }, person.name, person.isSelf ? ' (you)' : '', person.readOnly ? ', reading' : ''),
        ),
      ),
    );
  };
  awareness.on('change', render);
  render();
  return { element, destroy: () => awareness.off('change', render) };
}
