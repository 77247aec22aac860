/**
 * The unit-file lexer: systemd.syntax(7) exactly as systemd's src/shared/conf-parser.c reads it
 * (config_parse(), parse_line(); v245..v257 agree on everything here), with read_line_full() of
 * src/basic/fileio.c for line ends and utf8_is_valid() of src/basic/utf8.c for encoding.
 *
 * - A line ends at \n, \r, \0 or any run of those holding each at most once (\r\n, \n\r, \r\n\0, ...).
 * - A line whose first non-blank byte is `#` or `;` is a comment, also inside a continuation
 *   (it is dropped and the continuation goes on). Nothing else is a comment: `a=b ; c` keeps `; c`.
 * - A line ending in an unescaped `\` continues on the next; the backslash becomes a space.
 * - A UTF-8 byte order mark is stripped from the first line that starts with one.
 * - `[Name]` opens a section; `Key=value` is split at the first `=`, both sides stripped of
 *   blanks; repeated keys and empty values (resets) are kept in order.
 * Where systemd gives up on the whole file (config_parse() returns an error: a unit fragment then
 * fails to load, a drop-in's remaining lines are ignored) the lexer stops too and reports an
 * `error` diagnostic whose code is in FATAL_DIAGNOSTIC_CODES; the directives before it are kept.
 * It never throws.
 */
import type { Diagnostic, Directive, ParsedUnitFile, UnitType } from '../types.js';
import { typeSection, UNIT_TYPES, unitTypeOf } from '../types.js';

/** systemd's LONG_LINE_MAX (1 MiB): a longer line, or continued line, makes config_parse() fail. */
export const LONG_LINE_MAX = 1024 * 1024;

/**
 * Diagnostics after which systemd reads no further line of the file (and 'file-too-large', the
 * loader's own bound on a unit file's size, and 'file-not-kept', a unit path that resolves to an
 * archive member whose bytes were not kept: unitgraph reads none of either).
 */
export const FATAL_DIAGNOSTIC_CODES: ReadonlySet<string> = new Set([
  'line-too-long', 'invalid-utf8', 'invalid-section-header', 'file-too-large', 'file-not-kept',
]);

export interface ParseUnitFileOptions {
  /** Unit type the file belongs to; by default taken from `file` (`a.service`, `a.service.d/x.conf`). */
  readonly unitType?: UnitType;
}

const LF = 0x0a, CR = 0x0d, NUL = 0x00, SP = 0x20, TAB = 0x09, BACKSLASH = 0x5c;
const isBlank = (c: number | undefined): boolean => c === SP || c === TAB || c === LF || c === CR;
const decoder = new TextDecoder('utf-8');
/** Keeps a leading byte order mark as U+FEFF (the lexer strips it where systemd does). */
const wholeDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

interface LineSpan { readonly start: number; readonly end: number; readonly next: number }

/** read_line_full(): the next line of `buf` from `pos`, null at EOF, 'too-long' past LONG_LINE_MAX. */
function readLine(buf: Uint8Array, pos: number): LineSpan | 'too-long' | null {
  if (pos >= buf.length) return null;
  let i = pos;
  while (i < buf.length && buf[i] !== LF && buf[i] !== CR && buf[i] !== NUL) i++;
  if (i - pos >= LONG_LINE_MAX) return 'too-long';
  const end = i;
  let seen = 0; // bit 1: NUL, 2: LF, 4: CR
  while (i < buf.length) {
    const c = buf[i];
    const eol = c === LF ? 2 : c === CR ? 4 : c === NUL ? 1 : 0;
    if (seen & 1 || eol === 0 || seen & eol) break;
    seen |= eol;
    i++;
  }
  return { start: pos, end, next: i };
}

/** utf8_is_valid(): stricter than WHATWG (also refuses U+FDD0..U+FDEF and U+xxFFFE/U+xxFFFF). */
export function isSystemdUtf8(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; ) {
    const c = b[i] as number;
    if (c < 0x80) { i++; continue; }
    const len = (c & 0xe0) === 0xc0 ? 2 : (c & 0xf0) === 0xe0 ? 3 : (c & 0xf8) === 0xf0 ? 4
      : (c & 0xfc) === 0xf8 ? 5 : (c & 0xfe) === 0xfc ? 6 : 0;
    if (len === 0 || i + len > b.length) return false;
    let u = c & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const d = b[i + k] as number;
      if ((d & 0xc0) !== 0x80) return false;
      u = u * 64 + (d & 0x3f);
    }
    const need = u < 0x80 ? 1 : u < 0x800 ? 2 : u < 0x10000 ? 3 : u < 0x200000 ? 4 : u < 0x4000000 ? 5 : 6;
    if (need !== len) return false;
    if (u >= 0x110000 || (u >= 0xd800 && u <= 0xdfff) || (u >= 0xfdd0 && u <= 0xfdef) || (u & 0xfffe) === 0xfffe) return false;
    i += len;
  }
  return true;
}

/** string_is_safe(): no control characters, quotes, backslash or DEL in a section name. */
// eslint-disable-next-line no-control-regex -- string_is_safe() rejects exactly these bytes
const isSafeSectionName = (s: string): boolean => !/[\x01-\x1f"'\\\x7f]/.test(s);

const ALL_SECTIONS = new Set(['Unit', 'Install', ...UNIT_TYPES.map(typeSection)]);

function inferUnitType(file: string): UnitType | undefined {
  const parts = file.split('/').filter(Boolean);
  const base = parts[parts.length - 1] ?? '';
  const parent = parts[parts.length - 2] ?? '';
  return unitTypeOf(base) ?? (parent.endsWith('.d') ? unitTypeOf(parent.slice(0, -2)) : undefined);
}

/**
 * One string object per distinct section name, key and short value for the whole process: every
 * unit file repeats the same few ("Unit", "After", "Service", "yes"), and a slice of a line is a
 * copy of its own (about a tenth of the heap of 20,000 units was such copies). Bounded: names
 * from a hostile image stop being pooled, not remembered without end.
 */
const pool = new Map<string, string>();
const POOL_MAX = 1 << 16;
const SHORT_VALUE = 32;
/**
 * A string that keeps no larger text alive: V8 makes a slice of 13 or more characters a view of
 * the text it was cut from (for a unit file decoded whole, the file). Joined to a space and cut
 * again, it is a view of that short copy.
 */
const ownCopy = (s: string): string => (s.length < 13 ? s : (s + ' ').slice(0, -1));

const pooled = (s: string): string => {
  const known = pool.get(s);
  if (known !== undefined) return known;
  if (pool.size < POOL_MAX) {
    const own = ownCopy(s); // the pool keeps its strings for good
    pool.set(own, own);
    return own;
  }
  return s;
};

/** Reads one unit file, fragment or drop-in. Never throws. */
export function parseUnitFile(content: Uint8Array | string, file: string, options: ParseUnitFileOptions = {}): ParsedUnitFile {
  const buf = typeof content === 'string' ? encoder.encode(content) : content;
  const unitType = options.unitType ?? inferUnitType(file);
  // Sections systemd drops silently after its own "Unknown section" warning: no line diagnostics there.
  const ignored = (name: string): boolean =>
    name.startsWith('X-') || (unitType ? !['Unit', 'Install', typeSection(unitType)].includes(name) : !ALL_SECTIONS.has(name));

  const directives: Directive[] = [];
  const diagnostics: Diagnostic[] = [];
  const sections: string[] = [];
  let section: string | null = null;
  const diag = (code: string, severity: Diagnostic['severity'], message: string, line: number): void => {
    diagnostics.push({ code, severity, message, file, line });
  };
  const fatal = (code: string, what: string, line: number): void =>
    diag(code, 'error', `${what}; systemd stops reading the file here (a unit file then fails to load, the rest of a drop-in is ignored)`, line);

  /** parse_line(): false when systemd would abort the file. */
  const parseLine = (l: Uint8Array, line: number): boolean => {
    let s = 0, e = l.length;
    while (s < e && isBlank(l[s])) s++;
    while (e > s && isBlank(l[e - 1])) e--;
    if (s === e) return true;
    const bytes = l.subarray(s, e);
    if (!isSystemdUtf8(bytes)) {
      fatal('invalid-utf8', `Line is not valid UTF-8: ${decoder.decode(bytes).slice(0, 80)}`, line);
      return false;
    }
    return parseText(decoder.decode(bytes), line);
  };

  /** parse_line() of a line already decoded, valid UTF-8, stripped of blanks and not empty. */
  const parseText = (text: string, line: number): boolean => {
    if (/^\.include(\s|$)/.test(text)) {
      diag('include-directive', 'warning', '.include is not followed: systemd 245 read the named file here, later versions ignore the line ("Missing \'=\'")', line);
      return true;
    }
    if (text.startsWith('[')) {
      if (!text.endsWith(']') || text.length < 2) {
        fatal('invalid-section-header', `Invalid section header '${text}'`, line);
        return false;
      }
      const name = pooled(text.slice(1, -1));
      if (!isSafeSectionName(name)) {
        fatal('invalid-section-header', `Bad characters in section header '${text}'`, line);
        return false;
      }
      section = name;
      if (!sections.includes(name)) sections.push(name);
      return true;
    }
    if (section === null) {
      diag('outside-section', 'warning', 'Assignment outside of section. Ignoring.', line);
      return true;
    }
    const eq = text.indexOf('=');
    if (eq <= 0) {
      if (!ignored(section)) {
        diag(eq < 0 ? 'missing-equals' : 'missing-key', 'warning',
          eq < 0 ? "Missing '=', ignoring line." : "Missing key name before '=', ignoring line.", line);
      }
      return true;
    }
    const strip = (x: string): string => x.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
    const value = strip(text.slice(eq + 1));
    directives.push({ section, key: pooled(strip(text.slice(0, eq))), value: value.length <= SHORT_VALUE ? pooled(value) : ownCopy(value), file, line });
    return true;
  };

  if (buf.length < LONG_LINE_MAX && isSystemdUtf8(buf)) {
    // the common case: no line can be too long and every line is valid, so the file is decoded
    // once and its lines are slices of that string (what decoding each line's bytes would give:
    // line ends and blanks are ASCII, never part of a multi-byte character)
    scanText(wholeDecoder.decode(buf), parseText);
    return { file, sections, directives, diagnostics };
  }

  let pos = 0;
  let lineNo = 0;
  let bomSeen = false;
  let cont: { chunks: Uint8Array[]; length: number; line: number } | null = null;
  for (;;) {
    const span = readLine(buf, pos);
    if (span === null) break;
    if (span === 'too-long') {
      fatal('line-too-long', `Line longer than ${LONG_LINE_MAX} bytes`, lineNo + 1);
      return { file, sections, directives, diagnostics };
    }
    pos = span.next;
    lineNo++;
    let l = buf.subarray(span.start, span.end);
    let k = 0;
    while (k < l.length && isBlank(l[k])) k++;
    if (l[k] === 0x23 || l[k] === 0x3b) continue; // '#' or ';'
    if (!bomSeen && l[0] === 0xef && l[1] === 0xbb && l[2] === 0xbf) {
      l = l.subarray(3);
      bomSeen = true;
    }
    if (cont && cont.length + l.length > LONG_LINE_MAX) {
      fatal('line-too-long', `Continuation line longer than ${LONG_LINE_MAX} bytes`, cont.line);
      return { file, sections, directives, diagnostics };
    }
    // The joined text before `l` always ends in a plain space (the replaced backslash), so scanning
    // `l` alone from an unescaped state is what systemd's rescan of the whole buffer finds.
    let escaped = false;
    for (const c of l) escaped = escaped ? false : c === BACKSLASH;
    if (escaped) {
      const copy = l.slice();
      copy[copy.length - 1] = SP;
      if (cont) { cont.chunks.push(copy); cont.length += copy.length; }
      else cont = { chunks: [copy], length: copy.length, line: lineNo };
      continue;
    }
    let logical = l;
    let line = lineNo;
    if (cont) {
      logical = joinChunks([...cont.chunks, l], cont.length + l.length);
      line = cont.line;
      cont = null;
    }
    if (!parseLine(logical, line)) return { file, sections, directives, diagnostics };
  }
  if (cont) parseLine(joinChunks(cont.chunks, cont.length), cont.line);
  return { file, sections, directives, diagnostics };
}

/** A line as decoding its bytes alone gives it: TextDecoder drops one leading byte order mark. */
const asDecoded = (line: string): string => (line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
const isBlankCode = (c: number): boolean => c === SP || c === TAB || c === LF || c === CR;
const isLineEnd = (c: number): boolean => c === LF || c === CR || c === NUL;

/**
 * The line loop of parseUnitFile over the decoded text of a file shorter than LONG_LINE_MAX and
 * valid UTF-8 throughout: the same lines, comments, byte order mark and continuations, each
 * logical line handed to `parse` stripped of blanks (empty ones are skipped). Stops when `parse`
 * returns false.
 */
function scanText(text: string, parse: (line: string, lineNo: number) => boolean): void {
  const n = text.length;
  let pos = 0;
  let lineNo = 0;
  let bomSeen = false;
  let cont: string | null = null;
  let contLine = 0;
  const logical = (l: string, line: number): boolean => {
    let s = 0, e = l.length;
    while (s < e && isBlankCode(l.charCodeAt(s))) s++;
    while (e > s && isBlankCode(l.charCodeAt(e - 1))) e--;
    return s === e || parse(asDecoded(l.slice(s, e)), line);
  };
  while (pos < n) {
    // read_line_full(): the line, then its end (a run of \n, \r, \0 holding each at most once)
    let i = pos;
    while (i < n && !isLineEnd(text.charCodeAt(i))) i++;
    let start = pos;
    const end = i;
    let seen = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      const eol = c === LF ? 2 : c === CR ? 4 : c === NUL ? 1 : 0;
      if (seen & 1 || eol === 0 || seen & eol) break;
      seen |= eol;
      i++;
    }
    pos = i;
    lineNo++;
    let k = start;
    while (k < end && isBlankCode(text.charCodeAt(k))) k++;
    if (k < end && (text.charCodeAt(k) === 0x23 || text.charCodeAt(k) === 0x3b)) continue; // '#' or ';'
    if (!bomSeen && start < end && text.charCodeAt(start) === 0xfeff) {
      start++;
      bomSeen = true;
      for (k = start; k < end && isBlankCode(text.charCodeAt(k)); ) k++;
    }
    let escaped = false;
    for (let j = start; j < end; j++) escaped = escaped ? false : text.charCodeAt(j) === BACKSLASH;
    if (escaped) {
      const piece = text.slice(start, end - 1) + ' ';
      if (cont === null) {
        cont = piece;
        contLine = lineNo;
      } else cont += piece;
      continue;
    }
    if (cont !== null) {
      const joined: string = cont + text.slice(start, end);
      cont = null;
      if (!logical(joined, contLine)) return;
      continue;
    }
    let e = end;
    while (e > k && isBlankCode(text.charCodeAt(e - 1))) e--;
    if (k < e && !parse(asDecoded(text.slice(k, e)), lineNo)) return;
  }
  if (cont !== null) logical(cont, contLine);
}

function joinChunks(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

const WHITESPACE = /[ \t\n\r]+/;

/**
 * The words of a dependency list (After=, Wants=, ...): extract_first_word() with
 * EXTRACT_RETAIN_ESCAPE, as config_parse_unit_deps() calls it. Blanks separate, nothing else is
 * special: quotes and backslashes stay part of the word.
 */
export function splitWords(value: string): string[] {
  return value.split(WHITESPACE).filter((w) => w !== '');
}

export type SplitError = 'unbalanced-quote' | 'bad-escape' | 'trailing-backslash';

/**
 * extract_first_word() with EXTRACT_CUNESCAPE | EXTRACT_UNQUOTE, as config_parse_environ()
 * (Environment=) uses it: blanks separate words, '…' and "…" group (also mid-word, `a"b c"d` is
 * `ab cd`) and are removed, C escapes (\n \t \s \xNN \NNN \uNNNN \UNNNNNNNN ...) are decoded.
 * On a syntax error systemd keeps the words before it and ignores the rest: so do we, with `error`.
 */
export function splitQuotedWords(value: string): { words: string[]; error?: SplitError } {
  const p = encoder.encode(value);
  const words: string[] = [];
  let i = 0;
  for (;;) {
    while (i < p.length && isBlank(p[i])) i++;
    if (i >= p.length) return { words };
    const out: number[] = [];
    let quote = 0;
    for (;;) {
      if (i >= p.length) {
        if (quote) return { words, error: 'unbalanced-quote' };
        break;
      }
      const c = p[i] as number;
      if (c === BACKSLASH) {
        if (i + 1 >= p.length) return { words, error: 'trailing-backslash' };
        const n = cunescapeOne(p, i + 1);
        if (!n) return { words, error: 'bad-escape' };
        out.push(...n.bytes);
        i += 1 + n.length;
        continue;
      }
      if (quote) {
        if (c === quote) quote = 0;
        else out.push(c);
        i++;
        continue;
      }
      if (c === 0x22 || c === 0x27) { quote = c; i++; continue; }
      if (isBlank(c)) break;
      out.push(c);
      i++;
    }
    words.push(decoder.decode(Uint8Array.from(out)));
  }
}

const hex = (c: number | undefined): number =>
  c === undefined ? -1 : c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;

/** cunescape_one() without NUL: the bytes of one escape starting after the backslash. */
function cunescapeOne(p: Uint8Array, at: number): { bytes: number[]; length: number } | null {
  const simple: Record<number, number> = { 0x61: 7, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9, 0x76: 11, 0x5c: 0x5c, 0x22: 0x22, 0x27: 0x27, 0x73: 0x20 };
  const c = p[at] as number;
  if (simple[c] !== undefined) return { bytes: [simple[c]], length: 1 };
  const digits = (n: number, base: (x: number | undefined) => number, radix: number): number => {
    let v = 0;
    for (let k = 1; k <= n; k++) {
      const d = base(p[at + k]);
      if (d < 0) return -1;
      v = v * radix + d;
    }
    return v;
  };
  if (c === 0x78) { // \xNN: a raw byte
    const v = digits(2, hex, 16);
    return v > 0 ? { bytes: [v], length: 3 } : null;
  }
  if (c >= 0x30 && c <= 0x37) { // \NNN octal: a raw byte
    const oct = (x: number | undefined): number => (x !== undefined && x >= 0x30 && x <= 0x37 ? x - 0x30 : -1);
    const v = oct(c) < 0 ? -1 : digits(2, oct, 8);
    const m = v < 0 ? -1 : oct(c) * 64 + v;
    return m > 0 && m <= 255 ? { bytes: [m], length: 3 } : null;
  }
  if (c === 0x75 || c === 0x55) { // \uNNNN, \UNNNNNNNN: a code point, UTF-8 encoded
    const n = c === 0x75 ? 4 : 8;
    const v = digits(n, hex, 16);
    if (v <= 0) return null;
    if (c === 0x55 && (v >= 0x110000 || (v >= 0xd800 && v <= 0xdfff) || (v >= 0xfdd0 && v <= 0xfdef) || (v & 0xfffe) === 0xfffe)) return null;
    const s = v >= 0xd800 && v <= 0xdfff ? '\ufffd' : String.fromCodePoint(v);
    return { bytes: [...encoder.encode(s)], length: n + 1 };
  }
  return null;
}
