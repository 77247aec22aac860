/**
 * The commands of a unit's Exec*= lines, as systemd reads them (systemd.service(5) "Command
 * lines"; src/core/load-fragment.c config_parse_exec()): an empty assignment resets the list,
 * one line may hold several commands separated by a lone `;`, the first word may carry the
 * prefixes `@`, `-`, `:`, `+`, `!`, `!!` (and `|`, newer systemd: run through a shell), specifiers
 * are expanded, quotes removed. Which of them run during the boot is the checks' business
 * (a start job runs ExecCondition/ExecStartPre/ExecStart/ExecStartPost; a stop ExecStop/
 * ExecStopPost; ExecReload never runs at boot).
 */
import { expandSpecifiers } from '../../parse/load/specifiers.js';
import { lastValue } from '../../parse/load/unit-values.js';
import type { Directive, Unit } from '../../parse/types.js';

export interface ExecCommand {
  readonly key: string;
  readonly directive: Directive;
  /** The executable as written after the prefixes (a path or a bare name), quotes removed. */
  readonly executable: string;
  /** The arguments after the executable (argv[1..]; with `@`, argv[0] is dropped). */
  readonly args: readonly string[];
  /** `-`: a failure of the command, and a missing executable, are ignored. */
  readonly ignoreFailure: boolean;
  /** `|`: the command line is handed to a shell (not an executable path). */
  readonly viaShell: boolean;
}

export const START_KEYS = ['ExecCondition', 'ExecStartPre', 'ExecStart', 'ExecStartPost'] as const;
export const STOP_KEYS = ['ExecStopPre', 'ExecStop', 'ExecStopPost'] as const;
/** Sections whose Exec*= keys systemd runs itself (mounts and swaps have none). */
const EXEC_SECTIONS = new Set(['Service', 'Socket']);

/** systemd's word splitting of a command line: quotes and backslash escapes removed. */
export const execWords = (text: string): Array<{ word: string; quoted: boolean }> => {
  const words: Array<{ word: string; quoted: boolean }> = [];
  let cur = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      cur += text.slice(i + 1, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
      inWord = true;
      quoted = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[i + 1];
      i++;
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push({ word: cur, quoted });
      cur = '';
      inWord = false;
      quoted = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push({ word: cur, quoted });
  return words;
};

/** The commands of one Exec line: several when a lone `;` separates them. */
const commandsOf = (key: string, d: Directive, unitName: string): ExecCommand[] => {
  const words = execWords(expandSpecifiers(d.value, unitName));
  const out: ExecCommand[] = [];
  let start = 0;
  for (let i = 0; i <= words.length; i++) {
    const w = words[i];
    if (w !== undefined && !(w.word === ';' && !w.quoted)) continue;
    const cmd = words.slice(start, i).map((x) => x.word);
    start = i + 1;
    const first = cmd[0];
    if (first === undefined) continue;
    const prefix = /^[-@:+!|]*/.exec(first)?.[0] ?? '';
    let executable = first.slice(prefix.length);
    let args = cmd.slice(1);
    if (executable === '' && cmd.length > 1) {
      // prefixes written apart from the path are not prefixes to systemd; take the word as written
      executable = first;
      args = cmd.slice(1);
    }
    if (prefix.includes('@')) args = args.slice(1); // the next word is argv[0]
    out.push({ key, directive: d, executable, args, ignoreFailure: prefix.includes('-'), viaShell: prefix.includes('|') });
  }
  return out;
};

const memo = new WeakMap<Unit, ReadonlyMap<string, readonly ExecCommand[]>>();

/** Every Exec*= key of the unit → its commands, resets applied; worked out once per unit. */
export const execCommands = (unit: Unit): ReadonlyMap<string, readonly ExecCommand[]> => {
  let known = memo.get(unit);
  if (known !== undefined) return known;
  const byKey = new Map<string, Directive[]>();
  for (let di = 0, ds = unit.directives; di < ds.length; di++) {
    const d = ds[di] as Directive;
    if (!EXEC_SECTIONS.has(d.section) || !d.key.startsWith('Exec')) continue;
    if (d.value === '') byKey.set(d.key, []);
    else byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
  }
  const out = new Map<string, ExecCommand[]>();
  for (const [key, list] of byKey) out.set(key, list.flatMap((d) => commandsOf(key, d, unit.name)));
  memo.set(unit, (known = out));
  return known;
};

/** `ExecSearchPath=` of the unit (systemd 250+): where a bare executable name is looked up instead of the fixed path. */
export const execSearchPath = (unit: Unit): string[] | undefined => {
  const v = lastValue(unit, 'Service', 'ExecSearchPath') ?? lastValue(unit, 'Socket', 'ExecSearchPath');
  if (v === undefined || v === '') return undefined;
  return v.split(':').filter((p) => p.startsWith('/'));
};
