/**
 * The value grammars of systemd's unit-file parsers, for the keys whose parser
 * (src/core/load-fragment-gperf.gperf.in → config_parse_*) is listed in the generated
 * value-data.ts. Each check follows systemd's own parser:
 * - config_parse_bool / _tristate: parse_boolean() (src/basic/parse-util.c)
 * - config_parse_sec / _sec_fix_0 / _sec_def_* / _service_timeout / _job_timeout_sec: parse_sec(),
 *   i.e. parse_time() (src/basic/time-util.c): "infinity", or numbers with units, summed
 * - config_parse_unsigned: safe_atou() (strtoul, base 0, no sign); config_parse_mode: parse_mode()
 * - enum parsers (DEFINE_CONFIG_PARSE_ENUM, config_parse_kill_mode, _emergency_action,
 *   _exec_output, _exec_input): the word must be in systemd's string table for that version
 * - config_parse_unit_deps: every word must be a valid unit name (else "Failed to add dependency")
 * - config_parse_unit_path_printf, _path_spec (PathExists= ...): an absolute, normalized path
 *   (path_simplify_and_warn()); config_parse_timer: OnBootSec= and the other monotonic timers are
 *   parse_sec() (OnCalendar= is not checked)
 * - config_parse_environ: extract_first_word() with quotes balanced, every word VAR=value with a
 *   valid name (env_assignment_is_valid())
 * - config_parse_exec: the executable of the first command: not empty, no special characters, not
 *   a directory, an absolute path or a valid file name; otherwise the parser returns -ENOEXEC and
 *   systemd refuses the whole unit, unless the command has the "-" prefix (then only this line is
 *   ignored).
 * Every other failure of these parsers is logged and the assignment is ignored: the key keeps its
 * previous value (or its default). Values with `%` specifiers are checked only for a specifier no
 * systemd knows (what they expand to is systemd's business at boot); in an Exec*= line that also
 * refuses the unit. An empty value is a reset and never checked.
 */
import { ENUMS, PARSER_KEYS } from '../unit-file/value-data.js';
import { parseUnitName } from './unit-name.js';

export interface ValueProblem {
  /** What systemd's parser says, after "Section.Key=value: ". */
  readonly message: string;
  /** systemd refuses the unit (its parser returns an error, the unit becomes bad-setting). */
  readonly refuses: boolean;
}

/** systemd's parse_boolean(). Undefined for anything else. */
export const parseBoolean = (v: string | undefined): boolean | undefined => {
  if (v === undefined) return undefined;
  const s = v.toLowerCase();
  if (['1', 'yes', 'y', 'true', 't', 'on'].includes(s)) return true;
  if (['0', 'no', 'n', 'false', 'f', 'off'].includes(s)) return false;
  return undefined;
};

const PARSER_OF = new Map<string, string>();
for (const [parser, keys] of Object.entries(PARSER_KEYS)) for (const k of keys) PARSER_OF.set(k, parser);

/** The keys config_parse_exec reads, by section: the only parser whose rejection refuses the unit. */
const EXEC_KEYS_BY_SECTION = new Map<string, Set<string>>();
for (const [k, parser] of PARSER_OF) {
  if (parser !== 'exec') continue;
  const dot = k.indexOf('.');
  const keys = EXEC_KEYS_BY_SECTION.get(k.slice(0, dot)) ?? new Set<string>();
  keys.add(k.slice(dot + 1));
  EXEC_KEYS_BY_SECTION.set(k.slice(0, dot), keys);
}

/** Whether a value of `section.key` can make systemd refuse the unit (checkValue's `refuses`). */
export const mayRefuse = (section: string, key: string): boolean => EXEC_KEYS_BY_SECTION.get(section)?.has(key) === true;

/** The parser function (config_parse_ dropped) whose grammar is checked for `Section.Key`. */
export const parserOf = (section: string, key: string): string | undefined => PARSER_OF.get(`${section}.${key}`);

const TIME_UNITS = [
  'seconds', 'second', 'sec', 's', 'minutes', 'minute', 'min', 'months', 'month', 'M', 'msec', 'ms', 'm', 'hours',
  'hour', 'hr', 'h', 'days', 'day', 'd', 'weeks', 'week', 'w', 'years', 'year', 'y', 'usec', 'us', '\u03bcs', '\u00b5s',
];
const WS = ' \t\n\r';
const skipWs = (s: string, i: number): number => {
  while (i < s.length && WS.includes(s[i] as string)) i++;
  return i;
};
const digitsAt = (s: string, i: number): number => {
  while (i < s.length && (s[i] as string) >= '0' && (s[i] as string) <= '9') i++;
  return i;
};

/** parse_time() of src/basic/time-util.c: true when systemd accepts the time span. */
export const isTimeSpan = (t: string): boolean => {
  let p = skipWs(t, 0);
  if (t.startsWith('infinity', p)) return skipWs(t, p + 8) === t.length;
  let something = false;
  for (;;) {
    p = skipWs(t, p);
    if (p === t.length) return something;
    if (t[p] === '-') return false;
    // strtoll: an optional sign, then digits
    let q = p;
    if (t[q] === '+') q++;
    const e = digitsAt(t, q);
    if (e === q) return false;
    let after = e;
    if (t[e] === '.') {
      after = digitsAt(t, e + 1);
      if (after === e + 1) return false; // "3." "3.sec"
    }
    const u = skipWs(t, after);
    const unit = TIME_UNITS.find((x) => t.startsWith(x, u));
    const s = unit === undefined ? u : u + unit.length;
    if (s === after && s < t.length) return false; // "12.34.56", "5x"
    p = s;
    something = true;
  }
};

/** safe_atou(): strtoul with base 0 (0x.., 0.. octal, decimal), no sign, no trailing text, 32 bits. */
const isUnsigned = (v: string): boolean => {
  const s = v.replace(/^[ \t\n\r]+/, '').replace(/^\+/, '');
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) n = parseInt(s, 8);
  else if (/^[1-9][0-9]*$/.test(s)) n = Number(s);
  else return false;
  return n <= 0xffffffff;
};

/** parse_mode(): octal, at most 07777. */
const isMode = (v: string): boolean => {
  const s = v.trim();
  return /^[0-7]+$/.test(s) && parseInt(s, 8) <= 0o7777;
};

/**
 * A word of the enum parser's table (for `version`, or for any version from 245 on when the
 * version is unknown). Undefined when the word is accepted or when the table of that version is
 * not known (its parser was another one then).
 */
const enumProblem = (parser: string, word: string, version: number | undefined): string | undefined => {
  const g = ENUMS[parser];
  if (g === undefined) return undefined;
  if (g.boolean && parseBoolean(word) !== undefined) return undefined;
  const spans = Object.values(g.words);
  const since = Math.min(...spans.map((s) => s[0]));
  if (version !== undefined && version < since) return undefined; // another parser before `since`
  const span = Object.prototype.hasOwnProperty.call(g.words, word) ? g.words[word] : undefined;
  if (span === undefined) {
    const known = Object.entries(g.words)
      .filter(([, [a, b]]) => version === undefined || (a <= version && version <= b))
      .map(([w]) => w);
    return `"${word}" is not one of ${known.join(', ')}`;
  }
  if (version !== undefined && (version < span[0] || version > span[1])) {
    return version < span[0] ? `"${word}" is accepted from systemd ${span[0]} on, the image has ${version}` : `"${word}" is not accepted after systemd ${span[1]}, the image has ${version}`;
  }
  return undefined;
};

/** filename_is_valid(): not empty, not "." or "..", no "/", at most 255 bytes. */
const isFilename = (s: string): boolean => s !== '' && s !== '.' && s !== '..' && !s.includes('/') && s.length <= 255;

/** path_is_normalized() on an absolute path: no "." or ".." components. */
const isNormalizedPath = (p: string): boolean => !/(^|\/)\.\.?(\/|$)/.test(p);

/**
 * The first word of a value as extract_first_word(EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE) takes it;
 * undefined when quotes are unbalanced.
 */
const firstWord = (v: string): { word: string; rest: string } | undefined => {
  let i = skipWs(v, 0);
  let word = '';
  let quote: string | undefined;
  for (; i < v.length; i++) {
    const c = v[i] as string;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && i + 1 < v.length) word += v[++i];
      else word += c;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '\\' && i + 1 < v.length) word += v[++i];
    else if (WS.includes(c)) break;
    else word += c;
  }
  if (quote !== undefined) return undefined;
  return { word, rest: v.slice(i) };
};

const environProblem = (v: string): string | undefined => {
  let rest = v;
  for (;;) {
    if (skipWs(rest, 0) === rest.length) return undefined;
    const w = firstWord(rest);
    if (w === undefined) return 'unbalanced quotes (Invalid syntax); systemd ignores the rest of the line';
    rest = w.rest;
    const eq = w.word.indexOf('=');
    const name = eq < 0 ? w.word : w.word.slice(0, eq);
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `"${w.word}" is not a VAR=value assignment with a valid name; systemd ignores it`;
  }
};

const execProblem = (v: string): ValueProblem | undefined => {
  const w = firstWord(v);
  if (w === undefined) return { message: 'unbalanced quotes in the command line', refuses: false };
  if (w.word === ';') return undefined;
  let f = w.word;
  let ignore = false;
  // the prefixes -, @, :, +, !, !! in any order, each once (config_parse_exec)
  for (let seen = ''; f.length > 0 && '-@:+!'.includes(f[0] as string); f = f.slice(1)) {
    const c = f[0] as string;
    if (c === '!' ? (seen.match(/!/g) ?? []).length >= 2 || seen.includes('+') : seen.includes(c)) break;
    if (c === '+' && seen.includes('!')) break;
    if (c === '-') ignore = true;
    seen += c;
  }
  let why: string | undefined;
  if (f === '') why = 'empty path in the command line';
  // string_is_safe(): no control characters, quotes or backslashes
  // eslint-disable-next-line no-control-regex
  else if (/[\x00-\x1f\x7f\\"']/.test(f)) why = `the executable name "${f}" contains special characters`;
  else if (f.endsWith('/')) why = `the executable path "${f}" names a directory`;
  else if (!(f.startsWith('/') ? f.length <= 4096 : isFilename(f))) why = `"${f}" is neither a valid executable name nor an absolute path`;
  if (why === undefined) return undefined;
  return ignore
    ? { message: `${why}; the "-" prefix makes systemd ignore this line`, refuses: false }
    : { message: `${why}`, refuses: true };
};

/**
 * The specifiers any systemd from 245 to 257 expands in unit files (src/core/unit-printf.c,
 * src/shared/specifier.h), and "%%". Another letter after "%" fails the expansion (-EBADSLT).
 */
const SPECIFIERS = new Set('nNpPiIjJfyYcrRCdDELSthsaAbBHlqmMovwWgGuUTV%');

/** The first specifier systemd does not know in `v`, as "%x". */
const unknownSpecifier = (v: string): string | undefined => {
  for (let i = v.indexOf('%'); i >= 0 && i + 1 < v.length; i = v.indexOf('%', i + 2)) {
    if (!SPECIFIERS.has(v[i + 1] as string)) return `%${v[i + 1] as string}`;
  }
  return undefined;
};

/** Parsers that expand specifiers (unit_name_printf, unit_path_printf, unit_full_printf, unit_env_printf). */
const EXPANDING = new Set(['unit_deps', 'exec', 'environ', 'unit_path_printf', 'path_spec']);

/** What systemd's parser makes of `value` for `section.key`; undefined when it accepts it (or we cannot tell). */
export const checkValue = (section: string, key: string, value: string, version?: number): ValueProblem | undefined => {
  if (value === '') return undefined;
  const parser = PARSER_OF.get(`${section}.${key}`);
  if (parser === undefined) return undefined;
  const warn = (message: string): ValueProblem => ({ message, refuses: false });
  if (value.includes('%')) {
    // the expanded value is systemd's business at boot; only an unknown specifier is certain to fail
    const bad = EXPANDING.has(parser) ? unknownSpecifier(value) : undefined;
    if (bad === undefined) return undefined;
    const why = `${bad} is not a specifier systemd knows (Failed to resolve unit specifiers)`;
    if (parser !== 'exec') return warn(`${why}; systemd ignores ${parser === 'unit_deps' ? 'that dependency' : 'this assignment'}`);
    return /^\s*[@:+!]*-/.test(value) ? warn(`${why}; the "-" prefix makes systemd ignore this line`) : { message: why, refuses: true };
  }
  switch (parser) {
    case 'bool':
    case 'tristate':
      return parseBoolean(value) === undefined ? warn(`"${value}" is not a boolean (yes/no, true/false, on/off, 1/0)`) : undefined;
    case 'sec':
    case 'sec_fix_0':
    case 'sec_def_infinity':
    case 'sec_def_unset':
    case 'service_timeout':
    case 'job_timeout_sec':
    case 'job_running_timeout_sec':
      return isTimeSpan(value) ? undefined : warn(`"${value}" is not a time span (e.g. 90s, 5min 20s, infinity)`);
    case 'unsigned':
      return isUnsigned(value) ? undefined : warn(`"${value}" is not an unsigned number`);
    case 'mode':
      return isMode(value) ? undefined : warn(`"${value}" is not an octal access mode (e.g. 0755)`);
    case 'unit_deps': {
      const bad = value.split(/\s+/).filter((w) => w !== '' && parseUnitName(w.includes('"') ? w.replace(/^"|"$/g, '') : w) === undefined);
      return bad.length === 0 ? undefined : warn(`${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is not a valid unit name' : 'are not valid unit names'}; systemd adds no dependency on ${bad.length === 1 ? 'it' : 'them'}`);
    }
    case 'timer':
      // config_parse_timer: OnCalendar= is a calendar spec (not checked), the others parse_sec()
      if (key === 'OnCalendar') return undefined;
      return isTimeSpan(value) ? undefined : warn(`"${value}" is not a time span (e.g. 90s, 5min 20s)`);
    case 'path_spec':
    case 'unit_path_printf':
      if (!value.startsWith('/')) return warn(`"${value}" is not an absolute path`);
      return isNormalizedPath(value) ? undefined : warn(`"${value}" has "." or ".." components`);
    case 'environ': {
      const p = environProblem(value);
      return p === undefined ? undefined : warn(p);
    }
    case 'exec':
      return execProblem(value);
    case 'exec_output':
    case 'exec_input': {
      if (/^(fd|file|append|truncate):/.test(value)) {
        const [prefix, rest] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
        if (prefix === 'truncate') {
          const p = enumProblem(parser, prefix, version);
          if (p !== undefined) return warn(p);
        }
        if (prefix !== 'fd' && !rest.startsWith('/')) return warn(`"${rest}" is not an absolute path`);
        return undefined;
      }
      if (parser === 'exec_output' && (value === 'syslog' || value === 'syslog+console')) return undefined; // obsolete, mapped to journal
      const p = enumProblem(parser, value, version);
      return p === undefined ? undefined : warn(p);
    }
    default: {
      const p = enumProblem(parser, value, version);
      return p === undefined ? undefined : warn(p);
    }
  }
};

const CACHE_MAX = 100_000;
/** section → key → version (undefined for a key no version changes) → value → the answer: lookups of the strings as they are, no key built per call. */
const cache = new Map<string, Map<string, Map<number | undefined, Map<string, ValueProblem | null>>>>();
let cached = 0;
/**
 * The keys with a value parser, by section (PARSER_OF's `Section.Key`, split once), and whether
 * the answer depends on the systemd version: `version` is read only by enumProblem, which answers
 * nothing for a parser without a table. The others' answers are kept once for all versions, so the
 * loader (which asks without a version) and the rules (which ask with the image's) share them.
 */
const PARSED_KEYS = new Map<string, Map<string, boolean>>();
for (const [k, parser] of PARSER_OF) {
  const dot = k.indexOf('.');
  const section = k.slice(0, dot);
  let keys = PARSED_KEYS.get(section);
  if (keys === undefined) PARSED_KEYS.set(section, (keys = new Map()));
  keys.set(k.slice(dot + 1), ENUMS[parser] !== undefined);
}

/**
 * checkValue, kept per (key, value), and per version for a key whose answer depends on it: a big
 * tree repeats the same few thousand values, and the loader, the graph and the rules all ask.
 */
export const checkValueCached = (section: string, key: string, value: string, asked?: number): ValueProblem | undefined => {
  const versioned = value === '' ? undefined : PARSED_KEYS.get(section)?.get(key);
  if (versioned === undefined) return undefined;
  const version = versioned ? asked : undefined;
  let byKey = cache.get(section);
  if (byKey === undefined) cache.set(section, (byKey = new Map()));
  let byVersion = byKey.get(key);
  if (byVersion === undefined) byKey.set(key, (byVersion = new Map()));
  let byValue = byVersion.get(version);
  if (byValue === undefined) byVersion.set(version, (byValue = new Map()));
  let r = byValue.get(value);
  if (r === undefined) {
    if (cached >= CACHE_MAX) {
      cache.clear();
      cached = 0;
      return checkValueCached(section, key, value, version);
    }
    r = checkValue(section, key, value, version) ?? null;
    byValue.set(value, r);
    cached++;
  }
  return r ?? undefined;
};

/**
 * True when systemd ignores this assignment (its parser logs and keeps the previous value) or
 * refuses the unit for it.
 */
export const isRejectedValue = (section: string, key: string, value: string, version?: number): boolean =>
  checkValueCached(section, key, value, version) !== undefined;
