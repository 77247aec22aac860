/**
 * systemd's own kernel command line switches: systemd-debug-generator
 * (src/debug-generator/debug-generator.c) and the default unit of PID 1 (src/core/main.c,
 * parse_proc_cmdline_item: `systemd.unit=`, `rd.systemd.unit=`).
 * - `rd.systemd.mask=X` (in the initrd; `systemd.mask=` in the main system): a link
 *   `/run/systemd/generator.early/X -> /dev/null`, a mask above /etc;
 * - `rd.systemd.wants=X`: a link `<default unit>.wants/X -> /usr/lib/systemd/system/X` there;
 * - `rd.systemd.debug_shell[=tty]`: wants debug-shell.service;
 * - `rd.systemd.unit=X`: the default unit is X instead of initrd.target / default.target.
 * The generator parses with PROC_CMDLINE_RD_STRICT | PROC_CMDLINE_STRIP_RD_PREFIX: in the initrd
 * only `rd.` words count, in the main system only the others. Names are mangled as
 * unit_name_mangle() does (no suffix: `.service`).
 */
import { unitTypeOf } from '../../types.js';
import { parseBoolean } from './cmdline.js';
import { prepare } from './setup.js';
import { type GeneratedTree, type GeneratorInput } from './types.js';
import { splitWords } from './words.js';

export const GENERATOR_EARLY_DIR = '/run/systemd/generator.early';

/** runlevel_to_target() (src/basic/special.h / unit-name.c), honoured in the main system only */
const RUNLEVELS: Record<string, string> = {
  emergency: 'emergency.target', '-b': 'emergency.target', rescue: 'rescue.target', single: 'rescue.target',
  s: 'rescue.target', S: 'rescue.target', '1': 'rescue.target', '2': 'multi-user.target', '3': 'multi-user.target',
  '4': 'multi-user.target', '5': 'graphical.target',
};

const mangle = (name: string): string | undefined => {
  if (name === '' || !/^[A-Za-z0-9:\-_.\\@]+$/.test(name)) return undefined;
  return unitTypeOf(name) === undefined ? `${name}.service` : name;
};

export interface CmdlineSwitches {
  masks: string[];
  wants: string[];
  debugShell: boolean;
  defaultUnit?: string;
}

/** What the kernel command line asks of systemd itself, as the stage (initrd or not) sees it. */
export const parseSystemdSwitches = (cmdline: string, initrd: boolean): CmdlineSwitches => {
  const out: CmdlineSwitches = { masks: [], wants: [], debugShell: false };
  for (const word of splitWords(cmdline, ' \t\n\r', { unquote: true, relax: true, retainEscape: true }).words) {
    const rd = word.startsWith('rd.');
    // RD_STRICT: the initrd only looks at rd. words, the main system only at the others
    if (rd !== initrd) continue;
    if (!initrd && RUNLEVELS[word] !== undefined) {
      out.defaultUnit = RUNLEVELS[word];
      continue;
    }
    const w = rd ? word.slice(3) : word;
    const eq = w.indexOf('=');
    const key = eq < 0 ? w : w.slice(0, eq);
    const value = eq < 0 ? undefined : w.slice(eq + 1);
    if (key === 'systemd.mask' || key === 'systemd.wants') {
      const n = value === undefined ? undefined : mangle(value);
      if (n !== undefined) (key === 'systemd.mask' ? out.masks : out.wants).push(n);
    } else if (key === 'systemd.debug_shell' || key === 'systemd.debug-shell') {
      // a value is a tty (v254+) or, in older versions, a boolean
      out.debugShell = value === undefined || parseBoolean(value) !== false;
    } else if (key === 'systemd.unit' && value !== undefined) {
      const n = mangle(value);
      if (n !== undefined && unitTypeOf(value) !== undefined) out.defaultUnit = n;
    }
  }
  return out;
};

export const runDebugGenerator = (input: GeneratorInput): GeneratedTree => {
  const { ctx, cmdline } = prepare('systemd-debug-generator', input);
  const tree = ctx.tree;
  const sw = parseSystemdSwitches(cmdline, input.initrd);
  const prefix = input.initrd ? 'rd.' : '';
  if (sw.defaultUnit !== undefined) {
    tree.defaultUnit = sw.defaultUnit;
    ctx.note(`${prefix}systemd.unit=${sw.defaultUnit} on the kernel command line: the default target is ${sw.defaultUnit}`);
  }
  if (sw.debugShell) sw.wants.push('debug-shell.service');
  for (const m of sw.masks) {
    tree.links.set(`${GENERATOR_EARLY_DIR}/${m}`, '/dev/null');
    ctx.note(`${prefix}systemd.mask=${m} on the kernel command line: ${m} is masked (systemd-debug-generator links it to /dev/null)`);
  }
  // do_queue_default_job() (v254+): the default unit, initrd.target in the initrd; before that default.target
  const target = sw.defaultUnit ?? (ctx.version >= 254 && input.initrd ? 'initrd.target' : 'default.target');
  for (const w of sw.wants) {
    tree.links.set(`${GENERATOR_EARLY_DIR}/${target}.wants/${w}`, `${ctx.unitDir}/${w}`);
    ctx.note(w === 'debug-shell.service' && sw.debugShell
      ? `${prefix}systemd.debug_shell on the kernel command line: ${target} wants debug-shell.service`
      : `${prefix}systemd.wants=${w} on the kernel command line: ${target} wants ${w}`);
  }
  return tree;
};
