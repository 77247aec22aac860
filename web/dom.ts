/** A tiny element builder: h('button', { class: 'x', onclick: fn }, 'text', child). */
export type Child = Node | string | null | undefined | false;
type Handler = (ev: Event) => void;
export type Attrs = Record<string, string | number | boolean | undefined | Handler>;

export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, ...children);
  return el;
};

export const append = (el: Element, ...children: Child[]): void => {
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
};

export const clear = (el: Element): void => {
  while (el.firstChild) el.firstChild.remove();
};

export const SVG_NS = 'http://www.w3.org/2000/svg';

export const s = <K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number | undefined> = {}): SVGElementTagNameMap[K] => {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
  return el;
};
