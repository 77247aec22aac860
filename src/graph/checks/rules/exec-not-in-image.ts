/**
 * exec-not-in-image: an Exec*= command that runs during the boot names an executable the image
 * does not have, or one that is not executable there. systemd.service(5) "Command lines": the
 * first word is an absolute path or a bare name looked up in a fixed search path (ExecSearchPath=,
 * else the compiled-in DEFAULT_PATH; src/basic/path-util.c find_executable_full(), called from
 * src/core/execute.c with use_path_envvar=false), after the prefixes `@ - : + ! !!`. A missing
 * executable fails the command with status 203/EXEC ("Failed to execute command"), unless the
 * command has the `-` prefix: then systemd logs "Executable %s missing, skipping" and goes on
 * (src/core/execute.c), which is not reported. A script's `#!` interpreter must be there too
 * (execve(2): ENOENT for a missing interpreter). What runs: ExecCondition=, ExecStartPre=,
 * ExecStart=, ExecStartPost= of units with a start job in the phase, and their ExecStop=,
 * ExecStopPost= too for a Type=oneshot service without RemainAfterExit=yes (stopped as soon as it
 * ran); ExecStop=, ExecStopPost= (ExecStopPre= of sockets) of units an isolate stops while they
 * are still active. ExecReload=
 * never runs while booting. A unit whose path condition already fails in the image is skipped by
 * systemd before any command runs, so it is not reported; nor are the units the emulated
 * generators write (their executables' paths are compiled into the image's generators), nor
 * anything in a source that holds no program directory at all (a tree of unit files only).
 */
import { lastValue, parseBoolean } from '../../../parse/load/unit-values.js';
import type { Unit, UnitSet } from '../../../parse/types.js';
import { execCommands, execSearchPath, START_KEYS, STOP_KEYS, type ExecCommand } from '../../query/exec-lines.js';
import { defaultExecPath, failingPathCondition, findExecutable, holdsPrograms, interpreterOf } from '../../query/image-paths.js';
import { defineCheck } from '../define-check.js';
import type { CheckContext } from '../types.js';

/** A oneshot service without RemainAfterExit= is inactive again once its commands ran: nothing to stop. */
const staysActive = (u: Unit): boolean =>
  u.type !== 'service' || (lastValue(u, 'Service', 'Type') ?? 'simple') !== 'oneshot' || parseBoolean(lastValue(u, 'Service', 'RemainAfterExit')) === true;

const checkCommand = (ctx: CheckContext, set: UnitSet, unit: Unit, cmd: ExecCommand, when: string): void => {
  if (cmd.ignoreFailure || cmd.viaShell) return;
  const searchPath = execSearchPath(unit) ?? defaultExecPath(set);
  const r = findExecutable(set, cmd.executable, searchPath);
  const location = { file: cmd.directive.file, line: cmd.directive.line };
  const base = { unit: unit.name, key: cmd.key, exe: cmd.executable, when };
  if (r.kind === 'missing') {
    const where = cmd.executable.startsWith('/') ? 'is not in the image' : `is not in the image's ${searchPath.join(':')}`;
    ctx.report({ messageId: 'missing', units: [unit.name], data: { ...base, where }, location });
    return;
  }
  if (r.kind === 'not-executable') {
    ctx.report({ messageId: 'notExecutable', units: [unit.name], data: { ...base, path: r.stat.path, why: r.why }, location });
    return;
  }
  if (r.kind !== 'ok') return;
  const interp = interpreterOf(set, r.stat.path);
  if (interp === undefined) return;
  const i = findExecutable(set, interp, []);
  if (i.kind === 'missing' || i.kind === 'not-executable') {
    const why = i.kind === 'missing' ? 'is not in the image' : i.why;
    ctx.report({ messageId: 'interpreter', units: [unit.name], data: { ...base, path: r.stat.path, interp, why }, location });
  }
};

const checkUnit = (ctx: CheckContext, unit: Unit | undefined, keys: readonly string[], when: string): void => {
  if (unit === undefined || (unit.type !== 'service' && unit.type !== 'socket')) return;
  // a generated unit's paths are compiled into the image's generator binary, which unitgraph
  // emulates rather than reads: what it would run there is not known well enough to report
  if (unit.origin === 'generator') return;
  const set = ctx.graph.set;
  const commands = execCommands(unit);
  if (commands.size === 0 || failingPathCondition(set, unit) !== undefined) return;
  for (const key of keys) for (const cmd of commands.get(key) ?? []) checkCommand(ctx, set, unit, cmd, when);
};

export default defineCheck({
  id: 'exec-not-in-image',
  meta: {
    defaultSeverity: 'error',
    description: 'An Exec*= command that runs during the boot names an executable that is absent from the image or not executable there.',
    messages: {
      missing: '{{unit}} {{when}} runs {{key}}={{exe}}, which {{where}}: the command fails with 203/EXEC',
      notExecutable: '{{unit}} {{when}} runs {{key}}={{exe}}, but {{path}} {{why}}: the command fails with 203/EXEC',
      interpreter: '{{unit}} {{when}} runs {{key}}={{exe}}, a script whose interpreter {{interp}} {{why}}: the command fails with 203/EXEC',
    },
  },
  run(ctx) {
    if (!holdsPrograms(ctx.graph.set)) return;
    const units = ctx.graph.set.units;
    for (const name of ctx.phase.jobs) {
      const u = units.get(name);
      // a oneshot without RemainAfterExit= is stopped as soon as its commands ran
      // (src/core/service.c service_enter_running() → service_enter_stop()): ExecStop= and
      // ExecStopPost= run right after ExecStart=
      checkUnit(ctx, u, u !== undefined && !staysActive(u) ? [...START_KEYS, 'ExecStop', 'ExecStopPost'] : START_KEYS, 'when started');
    }
    for (const name of ctx.phase.stopped) {
      const u = units.get(name);
      if (u !== undefined && staysActive(u)) checkUnit(ctx, u, STOP_KEYS, `when ${ctx.phase.target} stops it`);
    }
  },
});
