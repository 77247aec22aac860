/**
 * Path and unit-name helpers as the generators use them (src/basic/path-util.c,
 * src/basic/unit-name.c). Escaping itself is ../escape.ts.
 */
import { escapeName, escapePath, simplifyPath } from '../escape.js';
import { UNIT_TYPES } from '../../types.js';

/** is_path(): contains a slash. */
export const isPath = (p: string): boolean => p.includes('/');

const components = (p: string): string[] => p.split('/').filter((c) => c !== '' && c !== '.');

/** path_equal(): component-wise, ignoring duplicate slashes and `.`. */
export const pathEqual = (a: string, b: string): boolean =>
  a.startsWith('/') === b.startsWith('/') && components(a).join('/') === components(b).join('/');

/** Not '' nor '/', and no '//', '.' component or trailing '/': its components joined are itself. */
const NOT_SIMPLE = /\/\/|(?:^|\/)\.(?:\/|$)|\/$/;
const isSimple = (p: string): boolean => p !== '' && p !== '/' && !NOT_SIMPLE.test(p);

/**
 * path_startswith(): the rest after `prefix` (component-wise; '' for the same path), or undefined.
 * Two paths already in simple form (the usual case: Where=, What=, /dev) are compared as strings,
 * a prefix ending at a '/' (test/property/paths.property.test.ts compares both ways).
 */
export const pathStartsWith = (path: string, prefix: string): string | undefined => {
  if (path.startsWith('/') !== prefix.startsWith('/')) return undefined;
  if (isSimple(path) && isSimple(prefix)) {
    if (path === prefix) return '';
    return path.startsWith(prefix) && path.charCodeAt(prefix.length) === 0x2f ? path.slice(prefix.length + 1) : undefined;
  }
  const p = components(path);
  const q = components(prefix);
  if (q.length > p.length || q.some((c, i) => c !== p[i])) return undefined;
  return p.slice(q.length).join('/');
};

/**
 * is_device_path(): /dev/… or /sys/… with something after the prefix (v256 wording; v252 also
 * accepted bare /dev, which no fstab uses).
 */
export const isDevicePath = (p: string): boolean => {
  const dev = pathStartsWith(p, '/dev');
  const sys = pathStartsWith(p, '/sys');
  return (dev !== undefined && dev !== '') || (sys !== undefined && sys !== '');
};

export { simplifyPath };

/** unit_name_from_path(); undefined where systemd refuses (non-normalized path). */
export const unitNameFromPath = (path: string, suffix: string): string | undefined => {
  const e = escapePath(path);
  return e === undefined ? undefined : `${e}${suffix}`;
};

/** unit_name_from_path_instance(): `systemd-fsck@dev-sda1.service`. */
export const unitNameFromPathInstance = (prefix: string, path: string, suffix: string): string | undefined => {
  const e = escapePath(path);
  return e === undefined ? undefined : `${prefix}@${e}${suffix}`;
};

const SUFFIXES = new Set<string>(UNIT_TYPES);
const VALID_NAME = /^[A-Za-z0-9:\-_.\\]+(@[A-Za-z0-9:\-_.\\]*)?\.([a-z]+)$/;

/** unit_name_is_valid(UNIT_NAME_ANY), without the length limit. */
export const unitNameIsValid = (name: string): boolean => {
  const m = VALID_NAME.exec(name);
  return m !== null && SUFFIXES.has(m[2] as string) && !name.startsWith('@');
};

/**
 * unit_name_mangle_with_suffix(name, 0, suffix): a valid name is kept; an absolute path becomes a
 * .device (under /dev, /sys) or .mount unit; anything else is escaped and given `suffix`.
 */
export const mangleUnitName = (name: string, suffix: string): string | undefined => {
  if (name === '') return undefined;
  if (unitNameIsValid(name)) return name;
  if (name.startsWith('/')) {
    const n = simplifyPath(name);
    if (isDevicePath(n)) {
      const d = unitNameFromPath(n, '.device');
      if (d !== undefined) return d;
    }
    const m = unitNameFromPath(n, '.mount');
    if (m !== undefined) return m;
  }
  // do_escape_mangle(): '/' → '-', invalid characters → \xNN; '@' and '\' are kept
  let s = '';
  for (const b of new TextEncoder().encode(name)) {
    const c = String.fromCharCode(b);
    if (c === '/') s += '-';
    else if (b < 0x80 && /[A-Za-z0-9:\-_.\\@]/.test(c)) s += c;
    else s += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  const dot = s.lastIndexOf('.');
  if (dot < 0 || !SUFFIXES.has(s.slice(dot + 1))) s += suffix;
  return unitNameIsValid(s) ? s : undefined;
};

export { escapeName, escapePath };
