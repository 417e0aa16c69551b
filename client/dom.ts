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
