/**
 * The kernel command line as proc_cmdline_parse() hands it to a generator
 * (src/basic/proc-cmdline.c): words split with EXTRACT_UNQUOTE|EXTRACT_RELAX|EXTRACT_RETAIN_ESCAPE,
 * `rd.` words dropped outside the initrd and, with PROC_CMDLINE_STRIP_RD_PREFIX, stripped inside.
 */
import { splitWords } from './words.js';

export interface CmdlineItem {
  key: string;
  /** undefined for a bare `key` without `=` */
  value: string | undefined;
}

export const parseCmdline = (cmdline: string, initrd: boolean, stripRdPrefix: boolean): CmdlineItem[] => {
  const out: CmdlineItem[] = [];
  for (const word of splitWords(cmdline, ' \t\n\r', { unquote: true, relax: true, retainEscape: true }).words) {
    let key = word;
    if (key.startsWith('rd.')) {
      if (!initrd) continue;
      if (stripRdPrefix) key = key.slice(3);
    }
    const eq = key.indexOf('=');
    out.push(eq < 0 ? { key, value: undefined } : { key: key.slice(0, eq), value: key.slice(eq + 1) });
  }
  return out;
};

/** parse_boolean() */
export const parseBoolean = (v: string): boolean | undefined => {
  const s = v.toLowerCase();
  if (['1', 'yes', 'y', 'true', 't', 'on'].includes(s)) return true;
  if (['0', 'no', 'n', 'false', 'f', 'off'].includes(s)) return false;
  return undefined;
};
