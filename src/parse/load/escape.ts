/**
 * systemd's name escaping, as `systemd-escape` and `systemd-escape --path` do it
 * (src/basic/unit-name.c: do_escape, unit_name_escape, unit_name_path_escape, unit_name_unescape).
 * Allowed as-is: ASCII letters, digits, ':', '_', '.' (but not a leading '.'); '/' becomes '-';
 * everything else, '-' and '\' included, becomes `\xNN` (lower-case hex, per byte of UTF-8).
 */
const VALID = /^[A-Za-z0-9:_.]$/;
const hex = (b: number): string => `\\x${b.toString(16).padStart(2, '0')}`;

const escapeBytes = (s: string, slashToDash: boolean): string => {
  const bytes = new TextEncoder().encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    const c = String.fromCharCode(b);
    if (i === 0 && c === '.') out += hex(b);
    else if (c === '/' && slashToDash) out += '-';
    else if (b < 0x80 && VALID.test(c)) out += c;
    else out += hex(b);
  }
  return out;
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
