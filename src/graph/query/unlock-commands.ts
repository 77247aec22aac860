/**
 * Which LUKS volumes a unit opens: the `systemd-cryptsetup attach VOLUME DEVICE …` lines that
 * systemd-cryptsetup-generator writes (crypttab(5), systemd-cryptsetup(8)) and the
 * `cryptsetup open DEVICE NAME` / `luksOpen` / `create NAME DEVICE` commands (cryptsetup(8)) of
 * hand-written units, in ExecStart=/ExecStartPre=/ExecStartPost= themselves or in the shell
 * script they run (read from inside the image). Words with shell expansions (`$1`, `` ` ``) are
 * not guessed at: a command whose device or name is not literal is skipped.
 */
import { expandSpecifiers } from '../../parse/load/specifiers.js';
import type { Directive, Unit, UnitSet } from '../../parse/types.js';

export interface VolumeOpen {
  readonly unit: string;
  /** The mapper name: the volume appears as /dev/mapper/<name>. */
  readonly name: string;
  /** The encrypted device as written. */
  readonly device: string;
  /** The device in one spelling (UUID=x and /dev/disk/by-uuid/x are the same device). */
  readonly deviceKey: string;
  /** The unit file line (ExecStart=) that runs the command. */
  readonly directive: Directive;
  /** The script and line, when the command is in a script the unit runs. */
  readonly script?: { readonly path: string; readonly line: number };
  /** The command's failure is ignored (`|| true`, `|| :`, an ExecStart=- prefix). */
  readonly failureIgnored: boolean;
}

const EXEC_KEYS = new Set(['ExecStartPre', 'ExecStart', 'ExecStartPost']);

/** cryptsetup options that take a value as the next word (cryptsetup(8), 2.x). */
const VALUE_OPTIONS = new Set([
  '-c', '--cipher', '-h', '--hash', '-s', '--key-size', '-l', '--keyfile-size', '--keyfile-offset', '-d', '--key-file',
  '--master-key-file', '--volume-key-file', '-S', '--key-slot', '-b', '--size', '-o', '--offset', '-p', '--skip',
  '-t', '--timeout', '-T', '--tries', '-M', '--type', '--header', '--pbkdf', '-i', '--iter-time', '--token-id',
  '--token-type', '--sector-size', '--integrity', '--label', '--subsystem', '--uuid', '--key-description',
  '--priority', '--device-size', '--pbkdf-memory', '--pbkdf-parallel', '--pbkdf-force-iterations', '--veracrypt-pim',
  '--tcrypt-keyfiles', '--keyfile', '--external-tokens-path', '--link-vk-to-keyring',
]);
const OPEN_ACTIONS = new Set(['open', 'luksOpen', 'tcryptOpen', 'bitlkOpen', 'fvault2Open', 'loopaesOpen', 'plainOpen']);

/** What the regular expression \s matches, without a regular expression for ASCII. */
const isSpace = (c: string): boolean => {
  const code = c.charCodeAt(0);
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return /\s/.test(c);
};

/**
 * Shell words of one simple command, quotes removed (expansions are left as written; see
 * `literal`); only the first `max` of them when given.
 */
const shellWords = (text: string, max = Infinity): string[] => {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      cur += text.slice(i + 1, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
      inWord = true;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      cur += text.slice(i + 1, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[i + 1];
      i++;
      inWord = true;
    } else if (isSpace(c)) {
      if (inWord) {
        words.push(cur);
        if (words.length >= max) return words;
      }
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
};

const literal = (w: string | undefined): w is string => w !== undefined && w !== '' && !/[$`*?]/.test(w);

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** The same device in one spelling: tags as their /dev/disk/by-* links, UUIDs lower-cased. */
export const deviceKey = (device: string): string => {
  const tag = /^(UUID|PARTUUID|LABEL|PARTLABEL)=(.*)$/.exec(device);
  const path = tag === null ? device : `/dev/disk/by-${(tag[1] as string).toLowerCase()}/${tag[2] as string}`;
  return /^\/dev\/disk\/by-(part)?uuid\//.test(path) ? path.toLowerCase() : path;
};

/** `{ name, device }` if the words are a command that opens a volume. */
const opensVolume = (words: readonly string[]): { name: string; device: string } | undefined => {
  let i = 0;
  // leading environment assignments and wrappers that run the rest
  while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] as string) || ['exec', 'command', 'env', 'sudo', '!'].includes(words[i] as string))) i++;
  const cmd = basename(words[i] ?? '');
  const args = words.slice(i + 1);
  if (cmd === 'systemd-cryptsetup') {
    if (args[0] !== 'attach') return undefined;
    const [name, device] = [args[1], args[2]];
    return literal(name) && literal(device) ? { name, device } : undefined;
  }
  if (cmd !== 'cryptsetup') return undefined;
  const positional: string[] = [];
  for (let j = 0; j < args.length; j++) {
    const a = args[j] as string;
    if (a.startsWith('-')) {
      if (!a.includes('=') && VALUE_OPTIONS.has(a)) j++;
      continue;
    }
    positional.push(a);
  }
  const [action, first, second] = positional;
  if (action === undefined) return undefined;
  if (OPEN_ACTIONS.has(action)) return literal(first) && literal(second) ? { name: second, device: first } : undefined;
  if (action === 'create') return literal(first) && literal(second) ? { name: first, device: second } : undefined;
  return undefined;
};

/** A shell script's simple commands with their line numbers (comments dropped, `\` lines joined). */
const scriptCommands = (text: string): Array<{ line: number; text: string; ignored: boolean }> => {
  const out: Array<{ line: number; text: string; ignored: boolean }> = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const start = n;
    let line = lines[n] as string;
    while (line.endsWith('\\') && n + 1 < lines.length) line = line.slice(0, -1) + ' ' + (lines[++n] as string);
    const code = line.replace(/(^|\s)#.*$/, '');
    // each `||`/`&&`/`;`/`|` part is a command; a part followed by `|| true` has its failure hidden
    const parts = code.split(/(\|\||&&|;|\|)/);
    for (let p = 0; p < parts.length; p += 2) {
      const part = (parts[p] as string).trim().replace(/^(then|do|else|if|while|until)\s+/, '');
      if (part === '') continue;
      const next = parts[p + 2]?.trim() ?? '';
      const ignored = parts[p + 1] === '||' && /^(true|:|exit 0)$/.test(next);
      out.push({ line: start + 1, text: part, ignored });
    }
  }
  return out;
};

/** The commands of a unit's Exec lines, resets applied (an empty assignment clears the list). */
const execDirectives = (unit: Unit): Directive[] => {
  const byKey = new Map<string, Directive[]>();
  for (let di = 0, ds = unit.directives; di < ds.length; di++) {
    const d = ds[di] as Directive;
    if (d.section !== 'Service' || !EXEC_KEYS.has(d.key)) continue;
    const list = byKey.get(d.key);
    if (d.value === '') byKey.set(d.key, []);
    else if (list === undefined) byKey.set(d.key, [d]);
    else list.push(d);
  }
  return [...EXEC_KEYS].flatMap((k) => byKey.get(k) ?? []);
};

/**
 * Whether a script can hold a command opensVolume takes: its command word is `cryptsetup` or
 * `systemd-cryptsetup` once shellWords has taken out quotes and backslashes, so the text without
 * them must contain "cryptsetup". Most scripts do not, and are not split into commands at all.
 */
const mayOpenVolume = (text: string): boolean => text.includes('cryptsetup') || (/['"\\]/.test(text) && text.replace(/['"\\]/g, '').includes('cryptsetup'));

const memo = new WeakMap<Unit, readonly VolumeOpen[]>();

/** Every volume the unit opens, in its Exec lines or the scripts they run (worked out once per unit). */
export const volumesOpenedBy = (set: UnitSet, unit: Unit): readonly VolumeOpen[] => {
  let known = memo.get(unit);
  if (known === undefined) memo.set(unit, (known = findVolumes(set, unit)));
  return known;
};

const findVolumes = (set: UnitSet, unit: Unit): VolumeOpen[] => {
  if (unit.type !== 'service' || unit.masked) return [];
  const out: VolumeOpen[] = [];
  for (const d of execDirectives(unit)) {
    const value = expandSpecifiers(d.value, unit.name);
    const prefix = /^[-@:+!|]*/.exec(value)?.[0] ?? '';
    // the whole command line only where it may open a volume; else its program is enough
    const opens = mayOpenVolume(value);
    const words = shellWords(value.slice(prefix.length), opens ? Infinity : 1);
    const add = (o: { name: string; device: string }, ignored: boolean, script?: { path: string; line: number }): void => {
      out.push({ unit: unit.name, ...o, deviceKey: deviceKey(o.device), directive: d, failureIgnored: ignored || prefix.includes('-'), ...(script === undefined ? {} : { script }) });
    };
    const direct = opens ? opensVolume(words) : undefined;
    if (direct !== undefined) {
      add(direct, false);
      continue;
    }
    const exe = words[0];
    const text = exe === undefined ? undefined : set.readScript?.(exe);
    if (text === undefined || exe === undefined || !mayOpenVolume(text)) continue;
    for (const c of scriptCommands(text)) {
      const o = opensVolume(shellWords(c.text));
      if (o !== undefined) add(o, c.ignored, { path: exe, line: c.line });
    }
  }
  return out;
};
