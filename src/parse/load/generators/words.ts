/**
 * systemd's word splitting and C escaping (src/basic/extract-word.c extract_first_word(),
 * src/basic/escape.c cescape()/cunescape_one(), src/shared/specifier.c specifier_escape()).
 */

export interface ExtractFlags {
  unquote?: boolean; // EXTRACT_UNQUOTE
  cunescape?: boolean; // EXTRACT_CUNESCAPE
  relax?: boolean; // EXTRACT_RELAX
  retainEscape?: boolean; // EXTRACT_RETAIN_ESCAPE
  unescapeSeparators?: boolean; // EXTRACT_UNESCAPE_SEPARATORS
  unescapeRelax?: boolean; // EXTRACT_UNESCAPE_RELAX
  dontCoalesce?: boolean; // EXTRACT_DONT_COALESCE_SEPARATORS
}

const WHITESPACE = ' \t\n\r';
const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'", s: ' ' };

/** cunescape_one(): the escape after a backslash at s[0]; returns [text, consumed] or undefined. */
export const cunescapeOne = (s: string): [string, number] | undefined => {
  const c = s[0];
  if (c === undefined) return undefined;
  const simple = SIMPLE[c];
  if (simple !== undefined) return [simple, 1];
  if (c === 'x') {
    const m = /^x([0-9a-fA-F]{2})/.exec(s);
    if (m?.[1] === undefined) return undefined;
    const v = parseInt(m[1], 16);
    return v === 0 ? undefined : [String.fromCharCode(v), 3];
  }
  if (c === 'u' || c === 'U') {
    const n = c === 'u' ? 4 : 8;
    const hex = s.slice(1, 1 + n);
    if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
    const v = parseInt(hex, 16);
    return v === 0 || v > 0x10ffff ? undefined : [String.fromCodePoint(v), 1 + n];
  }
  if (c >= '0' && c <= '7') {
    const m = /^([0-7]{3})/.exec(s);
    if (m?.[1] === undefined) return undefined;
    const v = parseInt(m[1], 8);
    return v === 0 || v > 255 ? undefined : [String.fromCharCode(v), 3];
  }
  return undefined;
};

/**
 * extract_first_word(): returns the word and the rest (undefined when the input is used up), or
 * an error string for unbalanced quotes / bad escapes (as -EINVAL).
 */
export const extractFirstWord = (
  input: string | undefined,
  separators: string = WHITESPACE,
  flags: ExtractFlags = {},
): { word: string | undefined; rest: string | undefined } | { error: string } => {
  if (input === undefined) return { word: undefined, rest: undefined };
  let i = 0;
  if (!flags.dontCoalesce) while (i < input.length && separators.includes(input[i] as string)) i++;
  else if (i < input.length && separators.includes(input[i] as string)) return { word: '', rest: input.slice(1) };
  if (i >= input.length) return { word: undefined, rest: undefined };
  let out = '';
  let quote = '';
  for (;;) {
    const c = input[i];
    if (c === undefined) {
      if (quote !== '' && !flags.relax) return { error: 'unbalanced quotes' };
      return { word: out, rest: undefined };
    }
    if (c === '\\' && !flags.retainEscape) {
      const next = input[i + 1];
      if (next === undefined) {
        if (flags.unescapeRelax && (quote === '' || flags.relax)) return { word: out + '\\', rest: undefined };
        if (flags.relax) return { word: out, rest: undefined };
        return { error: 'trailing backslash' };
      }
      if (flags.cunescape || flags.unescapeSeparators) {
        const esc = flags.cunescape ? cunescapeOne(input.slice(i + 1)) : undefined;
        if (esc !== undefined) {
          out += esc[0];
          i += 1 + esc[1];
        } else if (flags.unescapeSeparators && (separators.includes(next) || next === '\\')) {
          out += next;
          i += 2;
        } else if (flags.unescapeRelax) {
          out += '\\' + next;
          i += 2;
        } else return { error: `bad escape \\${next}` };
      } else {
        out += next;
        i += 2;
      }
      continue;
    }
    if (quote !== '') {
      if (c === quote) {
        quote = '';
        if (!flags.unquote) out += c;
      } else out += c;
      i++;
      continue;
    }
    if ((c === '"' || c === "'") && flags.unquote) {
      quote = c;
      i++;
      continue;
    }
    if (separators.includes(c)) {
      if (flags.dontCoalesce) return { word: out, rest: input.slice(i + 1) };
      let j = i;
      while (j < input.length && separators.includes(input[j] as string)) j++;
      return { word: out, rest: j >= input.length ? undefined : input.slice(j) };
    }
    out += c;
    i++;
  }
};

/** All words of `s` (strv_split_full); stops at the first error, which is returned. */
export const splitWords = (s: string, separators: string = WHITESPACE, flags: ExtractFlags = {}): { words: string[]; error?: string } => {
  const words: string[] = [];
  let rest: string | undefined = s;
  for (;;) {
    const r = extractFirstWord(rest, separators, flags);
    if ('error' in r) return { words, error: r.error };
    if (r.word === undefined) return { words };
    words.push(r.word);
    rest = r.rest;
  }
};

/** cescape(): backslash-escape control characters, quotes, backslash and bytes >= 0x7f. */
export const cescape = (s: string): string => {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    const named: Record<string, string> = { '\x07': 'a', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v', '\\': '\\', '"': '"', "'": "'" };
    const n = named[c];
    if (n !== undefined) out += '\\' + n;
    else if (b < 0x20 || b >= 0x7f) out += '\\x' + b.toString(16).padStart(2, '0');
    else out += c;
  }
  return out;
};

/** specifier_escape(): `%` → `%%`, so that the unit loader reads the text back verbatim. */
export const specifierEscape = (s: string): string => s.replace(/%/g, '%%');
