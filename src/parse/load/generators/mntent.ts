/**
 * fstab lines as glibc's getmntent_r() (misc/mntent_r.c) returns them: fields split on blanks,
 * `\040` `\011` `\012` `\134` `\\` decoded, missing fields empty, freq/passno 0 unless numeric.
 * getmntent never rejects a line; systemd then refuses what makes no sense (see fstab.ts).
 */
export interface MntEntry {
  fsname: string;
  dir: string;
  type: string;
  opts: string;
  freq: number;
  passno: number;
  /** 1-based line number in the file */
  line: number;
  /** how many of the six fields the line had */
  fields: number;
}

const decodeName = (s: string): string =>
  s.replace(/\\(040|011|012|134|\\)/g, (_m, code: string) =>
    code === '040' ? ' ' : code === '011' ? '\t' : code === '012' ? '\n' : '\\');

/** " %d %d " as sscanf reads it: leading blanks, optional sign, digits. */
const scanInts = (s: string): number[] => {
  const out: number[] = [];
  let rest = s;
  for (let i = 0; i < 2; i++) {
    const m = /^[ \t\n\r\f\v]*([+-]?\d+)/.exec(rest);
    if (m?.[1] === undefined) break;
    out.push(Number.parseInt(m[1], 10) | 0);
    rest = rest.slice(m[0].length);
  }
  return out;
};

export const parseMntEntries = (text: string): MntEntry[] => {
  const out: MntEntry[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, idx) => {
    const trimmedEnd = raw.replace(/[ \t]+$/, '');
    const head = trimmedEnd.replace(/^[ \t]+/, '');
    if (head === '' || head.startsWith('#')) return;
    let rest: string | undefined = head;
    const fields: string[] = [];
    for (let i = 0; i < 4; i++) {
      if (rest === undefined) break;
      const m = /[ \t]/.exec(rest);
      if (m === null) {
        fields.push(rest);
        rest = undefined;
      } else {
        fields.push(rest.slice(0, m.index));
        rest = rest.slice(m.index + 1).replace(/^[ \t]+/, '');
      }
    }
    const nums = rest === undefined ? [] : scanInts(rest);
    const entry: MntEntry = {
      fsname: decodeName(fields[0] ?? ''),
      dir: decodeName(fields[1] ?? ''),
      type: decodeName(fields[2] ?? ''),
      opts: decodeName(fields[3] ?? ''),
      freq: nums[0] ?? 0,
      passno: nums[1] ?? 0,
      line: idx + 1,
      fields: fields.length + nums.length,
    };
    // glibc >= 2.35 skips autofs entries carrying the "ignore" hint
    if (entry.type === 'autofs' && entry.opts.split(',').some((o) => o === 'ignore' || o.startsWith('ignore='))) return;
    out.push(entry);
  });
  return out;
};
