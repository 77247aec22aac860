/**
 * Text from the image on its way to a terminal or a CI log. Unit names, keys, values and member
 * paths come from whoever built the image: an ESC sequence in them could erase the lines above
 * (`ESC[2K ESC[1A`), retitle the terminal (`ESC]0;…BEL`) or hide findings from the person reading
 * them. Every such string is shown with its control characters as visible escapes (`\x1b`), once,
 * where the CLI hands data to a text formatter or writes a line to stderr. Pure: no node:*.
 *
 * Escaped: C0 controls (tab and newline included: a data string never makes a new line or
 * column), DEL, C1 controls (U+0080-U+009F, which some terminals take as 8-bit CSI/OSC), the
 * Unicode line and paragraph separators, and the bidirectional overrides and isolates that can
 * reorder what a reader sees (U+202A-U+202E, U+2066-U+2069). Backslashes are kept as they are:
 * systemd's own escapes (`dev-disk-by\x2dlabel`) read as they are written.
 */

const CONTROLS = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const HAS_CONTROL = new RegExp(`[${CONTROLS}]`);
const CONTROL = new RegExp(`[${CONTROLS}]`, 'g');

const visible = (c: string): string => {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** One string from the input, safe on a terminal: every control character as a visible escape. */
export const escapeControls = (s: string): string => (HAS_CONTROL.test(s) ? s.replace(CONTROL, visible) : s);

/** Text made of lines (a stack trace, commander's help): each line escaped, the newlines kept. */
export const escapeLines = (s: string): string => s.split('\n').map(escapeControls).join('\n');

/**
 * `escapeControls` applied to every string inside plain data (objects, arrays, Maps, Sets), for
 * the data a text formatter is about to print. Other objects (class instances) are passed as they
 * are. Equal strings stay equal, so grouping and sorting in the formatter are unchanged.
 */
export const escapeDeep = <T>(value: T): T => walk(value) as T;

const walk = (v: unknown): unknown => {
  if (typeof v === 'string') return escapeControls(v);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(walk);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [walk(k), walk(x)]));
  if (v instanceof Set) return new Set([...v].map(walk));
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = walk(x);
  return out;
};

const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text (JSON.stringify's output) with the controls it leaves raw — DEL, C1, the separators
 * and bidi controls; it already escapes C0 — written as `\u` escapes: the same JSON value,
 * nothing a terminal acts on. Only string contents can hold them, where `\u` is valid.
 */
export const escapeJsonControls = (json: string): string => json.replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
