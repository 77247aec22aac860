/**
 * command-not-in-image: a command that a unit's shell script calls is neither a shell builtin,
 * nor a function of the script (or of a file it sources), nor found in the PATH the unit runs
 * with inside the image. bash(1) "COMMAND EXECUTION": a name without a slash is looked up in
 * $PATH; when it is not found the shell prints "command not found" and the command's status is
 * 127, which ends a `set -e` script (NixOS writes `set -e` at the top of every unit script).
 * The unit's PATH is systemd's (systemd.exec(5) "Environment variables in spawned processes"):
 * `Environment=PATH=`, else the manager's `DefaultEnvironment=` from system.conf, else the
 * compiled-in default path; then what the script itself assigns to PATH at its top level.
 * Scripts are the ones a unit's ExecCondition/ExecStartPre/ExecStart/ExecStartPost= runs (a
 * `#!` shell script, or `sh -c '...'`) when it gets a start job. Severity: error where the
 * script runs under `set -e` and the call is not guarded, warning otherwise; calls whose failure
 * the script handles (`X || ...`) or whose name it tests for (`command -v X`, `type X`) are not
 * reported; a script that cannot be parsed is an info, never a guess.
 */
import type { Unit, UnitSet } from '../../../parse/types.js';
import { execCommands, execWords, START_KEYS, type ExecCommand } from '../../query/exec-lines.js';
import { defaultExecPath, failingPathCondition, findExecutable, holdsPrograms, interpreterOf, isRuntimePath } from '../../query/image-paths.js';
import { scriptFacts, type ScriptFacts } from '../../query/shell-script.js';
import { defineCheck } from '../define-check.js';
import type { CheckContext } from '../types.js';

/** bash's builtins and keywords (bash(1) "SHELL BUILTIN COMMANDS"), a superset of POSIX sh's and dash's. */
const BUILTINS = new Set([
  '.', ':', '[', '[[', 'alias', 'bg', 'bind', 'break', 'builtin', 'caller', 'cd', 'command', 'compgen', 'complete', 'compopt',
  'continue', 'declare', 'dirs', 'disown', 'echo', 'enable', 'eval', 'exec', 'exit', 'export', 'false', 'fc', 'fg', 'getopts',
  'hash', 'help', 'history', 'jobs', 'kill', 'let', 'local', 'logout', 'mapfile', 'popd', 'printf', 'pushd', 'pwd', 'read',
  'readarray', 'readonly', 'return', 'set', 'shift', 'shopt', 'source', 'suspend', 'test', 'times', 'trap', 'true', 'type',
  'typeset', 'ulimit', 'umask', 'unalias', 'unset', 'wait',
]);
const SHELLS = /^(sh|bash|dash|ash|ksh|mksh)$/;
const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** The PATH a unit's processes start with, or undefined where the image cannot tell (an EnvironmentFile= may set it). */
const unitPath = (set: UnitSet, unit: Unit): { dirs: string[]; from: string } | undefined => {
  let path: string | undefined;
  let envFiles = false;
  for (const d of unit.directives) {
    if (d.section !== 'Service' && d.section !== 'Socket') continue;
    if (d.key === 'EnvironmentFile') envFiles = d.value !== '';
    if (d.key !== 'Environment') continue;
    if (d.value === '') path = undefined;
    for (const { word } of execWords(d.value)) if (word.startsWith('PATH=')) path = word.slice(5);
  }
  if (envFiles) return undefined;
  if (path !== undefined) return { dirs: path.split(':'), from: 'Environment=PATH=' };
  const dflt = set.defaultEnvironment?.get('PATH');
  if (dflt !== undefined) return { dirs: dflt.split(':'), from: 'DefaultEnvironment=PATH= of system.conf' };
  return { dirs: [...defaultExecPath(set)], from: "systemd's default PATH" };
};

/** Functions a script's sourced files define; undefined when one of them cannot be read or parsed. */
const sourcedFunctions = (set: UnitSet, facts: ScriptFacts, depth = 0): Set<string> | undefined => {
  const out = new Set<string>();
  // every sourced file must be readable, or nothing can be said: find that out before parsing any
  const texts: string[] = [];
  for (const s of facts.sources) {
    if (s.path === null || !s.path.startsWith('/') || depth > 3) return undefined;
    const text = set.readScript?.(s.path);
    if (text === undefined) return undefined;
    texts.push(text);
  }
  for (const text of texts) {
    const f = scriptFacts(text);
    if ('error' in f) return undefined;
    for (const n of f.functions) out.add(n);
    const deeper = sourcedFunctions(set, f, depth + 1);
    if (deeper === undefined) return undefined;
    for (const n of deeper) out.add(n);
  }
  return out;
};

/** The directories of PATH at a line of the script, after its top-level assignments; undefined when not literal. */
const pathAt = (start: readonly string[], facts: ScriptFacts, line: number): readonly string[] | undefined => {
  let dirs: readonly string[] = start;
  for (const p of facts.pathSets) {
    if (p.line > line) break;
    if (p.dirs === null) return undefined;
    dirs = p.dirs.flatMap((d) => (d === 'PATH$' ? dirs : [d]));
  }
  return dirs;
};

interface Script {
  readonly text: string;
  /** where it is, for messages and locations: a file in the image, or the unit line of `sh -c` */
  readonly path?: string;
}

/** The shell script a command runs: a #! shell script, or `sh -c 'TEXT'`. */
const scriptOf = (set: UnitSet, unit: Unit, cmd: ExecCommand): Script | undefined => {
  // `-`: systemd ignores the command's failure, so a missing command in it fails nothing (as for
  // exec-not-in-image); dracut's /bin/dracut-* hooks run this way
  if (cmd.viaShell || cmd.ignoreFailure) return undefined;
  const r = findExecutable(set, cmd.executable, defaultExecPath(set));
  if (r.kind !== 'ok') return undefined;
  if (SHELLS.test(base(r.stat.path)) || SHELLS.test(base(cmd.executable))) {
    const i = cmd.args.indexOf('-c');
    const text = i >= 0 && cmd.args.slice(0, i).every((a) => a.startsWith('-')) ? cmd.args[i + 1] : undefined;
    return text === undefined ? undefined : { text };
  }
  const interp = interpreterOf(set, r.stat.path);
  if (interp === undefined) return undefined;
  const i = findExecutable(set, interp, []);
  if (i.kind !== 'ok' || !SHELLS.test(base(i.stat.path)) && !SHELLS.test(base(interp))) return undefined;
  const text = set.readScript?.(r.stat.path);
  return text === undefined ? undefined : { text, path: cmd.executable.startsWith('/') ? cmd.executable : r.stat.path };
};

const checkScript = (ctx: CheckContext, set: UnitSet, unit: Unit, cmd: ExecCommand, script: Script, start: { dirs: string[]; from: string }): void => {
  const where = script.path ?? `${cmd.key}= sh -c`;
  const loc = (line: number): { file: string; line: number } =>
    script.path === undefined ? { file: cmd.directive.file, line: cmd.directive.line } : { file: script.path.replace(/^\//, ''), line };
  const facts = scriptFacts(script.text);
  if ('error' in facts) {
    ctx.report({ messageId: 'unparsable', severity: 'info', units: [unit.name], data: { unit: unit.name, script: where, error: facts.error }, location: loc(1) });
    return;
  }
  if (facts.pathElsewhere) return;
  const sourced = sourcedFunctions(set, facts);
  const stat = set.statPath;
  if (stat === undefined) return;
  const executable = (p: string): boolean => {
    const st = stat(p);
    return st !== undefined && st.type === 'file' && (st.mode === undefined || (st.mode & 0o111) !== 0);
  };
  const reported = new Set<string>();
  for (const call of facts.calls) {
    const name = call.name;
    if (call.ignored || BUILTINS.has(name) || facts.functions.has(name) || facts.tested.has(base(name)) || reported.has(name)) continue;
    if (/[$`*?[\]{}~=]/.test(name)) continue;
    let missingHow: string;
    if (name.includes('/')) {
      if (!name.startsWith('/') || isRuntimePath(name) || executable(name)) continue;
      missingHow = 'is not in the image';
    } else {
      if (sourced === undefined || sourced.has(name)) continue; // a sourced file we cannot read may define it
      const dirs = pathAt(start.dirs, facts, call.line);
      // a directory made at boot (/run/wrappers/bin) or a relative one: the image cannot tell
      if (dirs === undefined || dirs.some((d) => !d.startsWith('/') || isRuntimePath(d))) continue;
      const abs = dirs.filter((d) => d !== '');
      if (abs.some((d) => executable(`${d}/${name}`))) continue;
      const changed = facts.pathSets.some((p) => p.line <= call.line);
      missingHow = `is not found in its PATH ${abs.join(':')} (${changed ? 'as the script sets it' : start.from})`;
    }
    reported.add(name);
    const error = facts.errexit && !call.guarded && !cmd.ignoreFailure;
    ctx.report({
      messageId: error ? 'missingFatal' : 'missing',
      ...(error ? {} : { severity: 'warning' as const }),
      units: [unit.name],
      data: { unit: unit.name, script: where, line: call.line, command: name, how: missingHow },
      location: loc(call.line),
    });
  }
};

export default defineCheck({
  id: 'command-not-in-image',
  meta: {
    defaultSeverity: 'error',
    description: "A command a unit's shell script calls is not a builtin or function and is not found in the unit's PATH inside the image.",
    messages: {
      missingFatal: '{{unit}} runs {{script}}, whose command {{command}} (line {{line}}) {{how}}: "command not found" ends the script (set -e) and fails the unit',
      missing: '{{unit}} runs {{script}}, whose command {{command}} (line {{line}}) {{how}}: "command not found" when it runs',
      unparsable: '{{unit}} runs {{script}}, which the shell parser cannot read ({{error}}): its commands are not checked',
    },
  },
  run(ctx) {
    const set = ctx.graph.set;
    if (!holdsPrograms(set) || set.readScript === undefined) return;
    for (const name of ctx.phase.jobs) {
      const unit = set.units.get(name);
      if (unit === undefined || (unit.type !== 'service' && unit.type !== 'socket') || unit.origin === 'generator') continue;
      const commands = execCommands(unit);
      if (commands.size === 0 || failingPathCondition(set, unit) !== undefined) continue;
      let start: { dirs: string[]; from: string } | undefined | null = null;
      for (const key of START_KEYS) {
        for (const cmd of commands.get(key) ?? []) {
          const script = scriptOf(set, unit, cmd);
          if (script === undefined) continue;
          if (start === null) start = unitPath(set, unit);
          if (start === undefined) break;
          checkScript(ctx, set, unit, cmd, script, start);
        }
      }
    }
  },
});
