// Tiny DOM helpers. Text always goes in as text nodes; attributes that could
// carry script or inline style are refused, so markup cannot be injected
// through them by mistake.

export type Child = Node | string | number | null | undefined | false | Child[];

export interface Props {
  class?: string;
  attrs?: Record<string, string | number | boolean | null | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[K]) => void };
}

function forbidden(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith("on") || n === "style" || n === "srcdoc";
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  if (props?.attrs) {
    for (const [name, value] of Object.entries(props.attrs)) {
      if (forbidden(name)) throw new Error(`attribute ${name} is not allowed`);
      if (value === null || value === undefined || value === false) continue;
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  if (props?.on) {
    for (const [type, fn] of Object.entries(props.on)) el.addEventListener(type, fn as EventListener);
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let uid = 0;
export function uniqueId(prefix: string): string {
  return `${prefix}-${++uid}`;
}

// A labelled form field; returns the wrapper and the control.
export function field<T extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
  label: string,
  control: T,
  hint?: string,
): { row: HTMLElement; control: T; error: HTMLElement } {
  const id = control.id || uniqueId("f");
  control.id = id;
  const error = h("p", { class: "field-error", attrs: { id: `${id}-error`, "aria-live": "polite" } });
  control.setAttribute("aria-describedby", `${id}-error`);
  const row = h("div", { class: "field" }, h("label", { attrs: { for: id } }, label), control, hint ? h("p", { class: "hint" }, hint) : null, error);
  return { row, control, error };
}

export function input(attrs: Record<string, string | number | boolean | null | undefined>): HTMLInputElement {
  return h("input", { attrs });
}
