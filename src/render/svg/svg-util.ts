/** Small pure helpers for writing SVG text: fixed number formatting and escaping. */

/** A number as SVG wants it: at most 2 decimals, no trailing zeros, never "-0". */
export const num = (n: number): string => {
  const r = Math.round(n * 100) / 100;
  return r === 0 ? '0' : String(r);
};

/**
 * Characters XML 1.0 forbids anywhere in a document (§2.2 Char): C0 controls other than tab,
 * newline and carriage return, U+FFFE/U+FFFF, and unpaired surrogates. One of them in a unit name
 * or key (`bad\x01key=1`) would make the whole SVG ill-formed, so that no viewer (and not the
 * page's DOMParser) draws anything: they are written as visible escapes (`\x01`), a lone
 * surrogate as U+FFFD. DEL and the C1 controls, which XML allows but a terminal may act on (an SVG
 * written to stdout), are written the same way.
 */
// eslint-disable-next-line no-control-regex -- finding these characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const toXmlChar = (c: string): string => {
  const code = c.charCodeAt(0);
  return code >= 0xd800 && code <= 0xdfff ? '\ufffd' : code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
};

/** `s` with what XML forbids replaced (as `esc` does), for text that is not markup-escaped (CDATA). */
export const toXmlChars = (s: string): string => s.replace(NOT_XML, toXmlChar);

/** Text or an attribute value for SVG/XML: markup characters as entities, what XML forbids replaced. */
export const esc = (s: string): string =>
  toXmlChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');

/** An attribute value: as `esc`, and tab, newline, CR as references, which XML's attribute-value normalisation keeps. */
const escAttr = (s: string): string => esc(s).replace(/[\t\n]/g, (c) => `&#${c.charCodeAt(0)};`);

/** `x="1" y="2"` from a list of pairs; undefined values are left out. The order is the caller's. */
export const attrs = (pairs: ReadonlyArray<readonly [string, string | number | undefined]>): string =>
  pairs
    .filter((p): p is readonly [string, string | number] => p[1] !== undefined)
    .map(([k, v]) => `${k}="${typeof v === 'number' ? num(v) : escAttr(v)}"`)
    .join(' ');

export const FONT = 'DejaVu Sans, Bitstream Vera Sans, Verdana, sans-serif';

/** A polyline with its corners rounded (radius r, less where segments are short). */
export const roundedPath = (pts: ReadonlyArray<{ readonly x: number; readonly y: number }>, r: number): string => {
  const first = pts[0];
  if (first === undefined) return '';
  let d = `M${num(first.x)},${num(first.y)}`;
  for (let i = 1; i < pts.length; i++) {
    const p = pts[i];
    if (p === undefined) continue;
    const prev = pts[i - 1] ?? p;
    const next = pts[i + 1];
    if (next === undefined) {
      d += ` L${num(p.x)},${num(p.y)}`;
      continue;
    }
    const l1 = Math.hypot(p.x - prev.x, p.y - prev.y);
    const l2 = Math.hypot(next.x - p.x, next.y - p.y);
    const k = Math.min(r, l1 / 2, l2 / 2);
    if (k < 0.5) {
      d += ` L${num(p.x)},${num(p.y)}`;
      continue;
    }
    const a = { x: p.x + ((prev.x - p.x) * k) / l1, y: p.y + ((prev.y - p.y) * k) / l1 };
    const b = { x: p.x + ((next.x - p.x) * k) / l2, y: p.y + ((next.y - p.y) * k) / l2 };
    d += ` L${num(a.x)},${num(a.y)} Q${num(p.x)},${num(p.y)} ${num(b.x)},${num(b.y)}`;
  }
  return d;
};
