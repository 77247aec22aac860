/**
 * systemd's name escaping, as `systemd-escape` and `systemd-escape --path` do it
 * (src/basic/unit-name.c: do_escape, unit_name_escape, unit_name_path_escape, unit_name_unescape).
 * Allowed as-is: ASCII letters, digits, ':', '_', '.' (but not a leading '.'); '/' becomes '-';
 * everything else, '-' and '\' included, becomes `\xNN` (lower-case hex, per byte of UTF-8).
 */
const hex = (b: number): string => `\\x${b.toString(16).padStart(2, '0')}`;

/** A byte allowed as-is: ASCII letters, digits, ':', '_', '.'. */
const isValidByte = (b: number): boolean =>
  (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x3a || b === 0x5f || b === 0x2e;

/** One character per byte (a loop: a spread of a long value would overflow the call stack). */
const byteString = (bytes: Uint8Array): string => {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i] as number);
  return out;
};

const escapeBytes = (s: string, slashToDash: boolean): string => {
  // one character per byte of UTF-8: an ASCII string is that already
  // eslint-disable-next-line no-control-regex -- any ASCII character
  const bytes = /^[\x00-\x7f]*$/.test(s) ? s : byteString(new TextEncoder().encode(s));
  let out = '';
  let plain = 0; // start of the run of bytes copied as they are (all ASCII: only those are valid)
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes.charCodeAt(i);
    if (isValidByte(b) && !(i === 0 && b === 0x2e)) continue;
    out += bytes.slice(plain, i) + (b === 0x2f && slashToDash ? '-' : hex(b));
    plain = i + 1;
  }
  return plain === 0 ? bytes : out + bytes.slice(plain);
};

/** `systemd-escape STRING` */
export const escapeName = (s: string): string => escapeBytes(s, true);

/** Collapse duplicate slashes and `.` components the way path_simplify() does. */
export const simplifyPath = (path: string): string => {
  const abs = path.startsWith('/');
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  return (abs ? '/' : '') + parts.join('/');
};

/**
 * `systemd-escape --path PATH`. Returns undefined for paths systemd refuses (not normalized:
 * containing `..`), which never name a unit.
 */
export const escapePath = (path: string): string | undefined => {
  const simple = simplifyPath(path);
  if (simple.split('/').includes('..')) return undefined;
  const trimmed = simple.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '-';
  return escapeBytes(trimmed, true);
};

/** `systemd-escape --path --suffix=SUFFIX PATH`, e.g. ('/dev/mapper/root', 'device'). */
export const pathToUnitName = (path: string, suffix: string): string | undefined => {
  const escaped = escapePath(path);
  return escaped === undefined ? undefined : `${escaped}.${suffix}`;
};

/** `systemd-escape --unescape`; invalid escapes are kept literally. */
export const unescapeName = (s: string): string => {
  // the common case, plain ASCII without an escape: only the dashes change
  // eslint-disable-next-line no-control-regex -- every ASCII character but the backslash
  if (/^[\x00-\x5b\x5d-\x7f]*$/.test(s)) return s.replaceAll('-', '/');
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const m = /^\\x([0-9a-fA-F]{2})/.exec(s.slice(i, i + 4));
    if (m?.[1] !== undefined) {
      bytes.push(parseInt(m[1], 16));
      i += 3;
    } else if (s[i] === '-') bytes.push(0x2f);
    else for (const b of new TextEncoder().encode(s[i] as string)) bytes.push(b);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
};

/** `systemd-escape --unescape --path`: the path a `.mount`/`.device` name stands for. */
export const unescapePath = (escaped: string): string => (escaped === '-' ? '/' : '/' + unescapeName(escaped));
