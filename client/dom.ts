/**
 * A tiny typed element builder. `h('button', { class: 'btn', attrs: { type: 'button' } }, 'Save')`
 * builds the element, sets attributes, wires listeners and appends children.
 * Strings become text nodes, so user data is never parsed as HTML.
 */

/** A child of `h`: a node, a string (as text), or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;

type Listeners = { [E in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[E]) => void };

/** Options for `h`. `attrs` values of `false`, `null` or `undefined` are left out; `true` sets an empty attribute. */
export interface ElementProps {
  class?: string;
  attrs?: Record<string, string | number | boolean | null | undefined>;
  dataset?: Record<string, string>;
  on?: Listeners;
}

/** Builds an element of `tag` with `props` and `children`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, value] of Object.entries(props.dataset ?? {})) element.dataset[name] = value;
  if (props.on) {
    for (const name of Object.keys(props.on) as (keyof HTMLElementEventMap)[]) {
      const listener = props.on[name];
      if (listener) element.addEventListener(name, listener as EventListener);
    }
  }
  append(element, children);
  return element;
}

/** Appends children to `parent`, skipping empty ones and turning strings into text. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces all of `parent`'s children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * Sets an attribute unless it already holds that value. Setting it again is not free: it
 * restyles what an attribute selector matches and updates the accessibility tree, which
 * matters for what follows the cursor on every keystroke.
 */
export function setAttributeIfChanged(element: Element, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/** An element id unique within the page, for `aria-labelledby` and `for` pairs. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
let counter = 0;

/** Text only for screen readers (the `.visually-hidden` class). */
export function srOnly(text: string): HTMLSpanElement {
  return h('span', { class: 'visually-hidden' }, text);
}

/** What `keyedChildren` remembers of each element it built: its key and the item it now stands for. */
interface KeyedEntry<T> {
  key: string;
  ref: { current: T };
}

const keyedEntries = new WeakMap<Element, KeyedEntry<unknown>>();

/**
 * Makes `parent`'s children one element per item of `items`, in order, keeping
 * the element of every item whose `keyOf` is unchanged (so a long list that
 * changed in one place is restyled and laid out in that place only). `build`
 * draws an item once; its `ref.current` always holds the item the element now
 * stands for (event handlers read it there: an item may be kept under the same
 * key at another index). Equal keys are matched in order. The key must say
 * everything the drawing depends on. Children `keyedChildren` did not build are
 * removed.
 */
export function keyedChildren<T>(parent: Element, items: readonly T[], keyOf: (item: T) => string, build: (ref: { current: T }) => Element): void {
  const unused = new Map<string, Element[]>();
  for (const child of [...parent.children]) {
    const entry = keyedEntries.get(child);
    if (!entry) {
      child.remove();
      continue;
    }
    const queue = unused.get(entry.key);
    if (queue) queue.push(child);
    else unused.set(entry.key, [child]);
  }
  const wanted = items.map((item) => {
    const key = keyOf(item);
    const kept = unused.get(key)?.shift();
    if (kept) {
      (keyedEntries.get(kept) as KeyedEntry<T>).ref.current = item;
      return kept;
    }
    const ref = { current: item };
    const element = build(ref);
    keyedEntries.set(element, { key, ref });
    return element;
  });
  // Drop what is not kept first, so that a removal moves no other element.
  for (const queue of unused.values()) for (const element of queue) element.remove();
  let cursor: Element | null = parent.firstElementChild;
  for (const element of wanted) {
    if (element === cursor) cursor = cursor.nextElementSibling;
    else parent.insertBefore(element, cursor);
  }
}
