/**
 * The newc cpio header (`070701`, and `070702` with a data checksum) as the kernel's
 * init/initramfs.c reads it: 110 ASCII bytes, the magic then 13 fields of 8 hex digits.
 * Also the mode bits and the member-name rules (normalisation, no `..`).
 */
export const HEADER_SIZE = 110;

export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

export interface CpioHeader {
  /** true for `070702`: `check` is the sum of the data bytes, modulo 2^32. */
  readonly checksummed: boolean;
  readonly ino: number;
  readonly mode: number;
  readonly nlink: number;
  readonly fileSize: number;
  readonly devMajor: number;
  readonly devMinor: number;
  readonly nameSize: number;
  readonly check: number;
}

/** The kernel's N_ALIGN: name length padded so that header + name end 4-aligned. */
export const alignName = (nameSize: number): number => ((nameSize + 1) & ~3) + 2;

const hexValue = (c: number): number => {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
};

export type MagicCheck = 'newc' | 'crc' | 'old' | 'none';

export const checkMagic = (h: Uint8Array): MagicCheck => {
  // "07070" then '1', '2' or '7'
  if (h[0] !== 0x30 || h[1] !== 0x37 || h[2] !== 0x30 || h[3] !== 0x37 || h[4] !== 0x30) return 'none';
  return h[5] === 0x31 ? 'newc' : h[5] === 0x32 ? 'crc' : h[5] === 0x37 ? 'old' : 'none';
};

/** Fields of a header whose magic is newc or crc; undefined if a field is not hex (kernel: "damaged header"). */
export const parseHeaderFields = (h: Uint8Array, checksummed: boolean): CpioHeader | undefined => {
  const fields: number[] = [];
  for (let f = 0; f < 13; f++) {
    let value = 0;
    for (let i = 6 + f * 8; i < 14 + f * 8; i++) {
      const digit = hexValue(h[i] ?? -1);
      if (digit < 0) return undefined;
      value = value * 16 + digit;
    }
    fields.push(value);
  }
  const at = (i: number): number => fields[i] ?? 0;
  return {
    checksummed,
    ino: at(0),
    mode: at(1),
    nlink: at(4),
    fileSize: at(6),
    devMajor: at(7),
    devMinor: at(8),
    nameSize: at(11),
    check: at(12),
  };
};

/** Bytes before the first NUL: the kernel passes names and link targets on as C strings. */
export const cString = (bytes: Uint8Array): Uint8Array => {
  const nul = bytes.indexOf(0);
  return nul < 0 ? bytes : bytes.subarray(0, nul);
};

const utf8 = new TextDecoder('utf-8');
export const decodeText = (bytes: Uint8Array): string => utf8.decode(bytes);

/** A `.` or `..` component, an empty one (`//`, a leading or trailing `/`): split and joined below. */
const NOT_NORMAL = /(?:^|\/)\.\.?(?:\/|$)|\/\/|^\/|\/$/;

export type NormalisedName = { readonly path: string } | { readonly dotdot: true };

/**
 * "./etc/x", "etc/x", "/etc//x/" → "/etc/x"; "." and "./" → "/". A name with a `..` component
 * is reported as such: the caller refuses it (the kernel would resolve it against its cwd `/`,
 * but no honest archive contains one).
 */
export const normaliseName = (name: string): NormalisedName => {
  // the usual name ("etc/x", "./etc/x", "/etc/x") is already normal once its "./" or "/" is off
  const body = name.startsWith('./') ? name.slice(2) : name.startsWith('/') ? name.slice(1) : name;
  if (body !== '' && !NOT_NORMAL.test(body)) return { path: `/${body}` };
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return { dotdot: true };
    parts.push(part);
  }
  return { path: `/${parts.join('/')}` };
};

/** Sum of all bytes modulo 2^32, the `070702` data checksum. */
export const byteSum = (data: Uint8Array, start = 0): number => {
  let sum = start;
  for (let i = 0; i < data.length; i++) sum = (sum + (data[i] ?? 0)) >>> 0;
  return sum;
};

export const hexPreview = (bytes: Uint8Array, max = 16): string =>
  Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0')).join(' ');
