/**
 * The boot plan: the boot as systemd runs it, as an ordered list of phases. bootup(7) "Bootup in
 * the Initial RAM Disk (initrd)": systemd starts initrd.target (default.target in the initrd);
 * when it is reached, initrd-cleanup.service runs `systemctl --no-block isolate
 * initrd-switch-root.target`, an isolate transaction that starts what initrd-switch-root.target
 * pulls in and stops every other active unit (src/core/transaction.c
 * transaction_add_isolate_jobs(): not units with IgnoreOnIsolate=yes, which device, mount, swap,
 * automount, scope and slice units have by default, nor units triggered by a unit that is kept);
 * initrd-switch-root.service then switches to /sysroot. A root or a NixOS stage 2 has one phase,
 * the start transaction of default.target. `--target UNIT` is exactly one start phase of UNIT.
 */
import { lastValue, parseBoolean } from '../parse/load/unit-values.js';
import type { Unit, UnitSet } from '../parse/types.js';
import { existsWithoutFile } from './query/builtin-units.js';
import { closure } from './query/ordering.js';
import type { DepView } from './query/edge-index.js';
import { PULL_KINDS } from './types.js';

export type PhaseMode = 'start' | 'isolate';

export interface Phase {
  /** The target the phase starts (canonical name). */
  readonly target: string;
  readonly mode: PhaseMode;
  /** Every unit the transaction reaches over pull-in edges from the target (Wants, Requires, ...). */
  readonly units: ReadonlySet<string>;
  /**
   * The units of `units` that get a start job: not an absent unit (not found, an instance of a
   * missing template), not a masked or refused one ("Cannot add dependency job"), not a perpetual
   * unit (-.mount, -.slice, init.scope), whose start job transaction_drop_redundant() removes.
   */
  readonly jobs: ReadonlySet<string>;
  /** For an isolate: the units active after the previous phases that it stops. */
  readonly stopped: ReadonlySet<string>;
}

export interface BootPlan {
  readonly phases: readonly Phase[];
  /** What the plan could not see or had to assume (shown in the notes line). */
  readonly notes: readonly string[];
  /** The unit names the plan was asked to start but that do not exist (see missing-target). */
  readonly missingTargets: readonly string[];
}

export const SWITCH_ROOT_TARGET = 'initrd-switch-root.target';
export const SWITCH_ROOT_SERVICE = 'initrd-switch-root.service';
export const INITRD_CLEANUP = 'initrd-cleanup.service';

/**
 * Units always active when a transaction is built, so they never get a start job: -.mount,
 * init.scope, and the slices src/core/slice.c slice_enumerate_perpetual() makes perpetual in the
 * system manager (-.slice and system.slice).
 */
export const PERPETUAL: ReadonlySet<string> = new Set(['-.mount', '-.slice', 'system.slice', 'init.scope']);

/** Unit types systemd marks IgnoreOnIsolate=yes in their *_init() (device.c, mount.c, ...). */
const IGNORE_ON_ISOLATE_TYPES: ReadonlySet<string> = new Set(['device', 'mount', 'swap', 'automount', 'scope', 'slice']);

/** A unit that exists as systemd loads it: a file, a generated unit, or one that exists without a file. */
export const unitExists = (u: Unit | undefined): boolean =>
  u !== undefined && (u.origin !== 'referenced' || u.assumed === true || existsWithoutFile(u));

/** Whether the unit gets a start job when a transaction reaches it. */
export const getsJob = (u: Unit | undefined): boolean =>
  u !== undefined && unitExists(u) && !u.masked && u.loadError === undefined && !PERPETUAL.has(u.name);

const ignoresIsolate = (u: Unit): boolean => {
  const set = parseBoolean(lastValue(u, 'Unit', 'IgnoreOnIsolate'));
  return set ?? IGNORE_ON_ISOLATE_TYPES.has(u.type);
};

const startPhase = (graph: DepView, set: UnitSet, target: string, mode: PhaseMode, stopped: ReadonlySet<string> = new Set()): Phase => {
  // what is absent, masked or refused is reached but not expanded: it has no edges of its own
  const units = closure(graph, target, PULL_KINDS);
  const jobs = new Set<string>();
  for (const n of units) if (getsJob(set.units.get(n))) jobs.add(n);
  return { target, mode, units, jobs, stopped };
};

/** The initrd's cleanup service as shipped: does it isolate initrd-switch-root.target? */
const cleanupIsolates = (u: Unit): boolean =>
  u.directives.some((d) => d.section === 'Service' && /^ExecStart(Pre|Post)?$/.test(d.key) && /\bisolate\b/.test(d.value) && d.value.includes(SWITCH_ROOT_TARGET));

/**
 * Whether a job of step 1 starts initrd-cleanup.service: pulls it in, names it in a command
 * (`systemctl --no-block start initrd-cleanup.service`, systemd ≤ 253's initrd-parse-etc.service),
 * or is initrd-parse-etc.service, whose systemd-sysroot-fstab-check starts it (systemd ≥ 254).
 */
const startsCleanup = (set: UnitSet, jobs: ReadonlySet<string>): boolean => {
  if (jobs.has(INITRD_CLEANUP) || jobs.has('initrd-parse-etc.service')) return true;
  for (const n of jobs) {
    const u = set.units.get(n);
    if (u?.directives.some((d) => d.section === 'Service' && d.key.startsWith('Exec') && d.value.includes(INITRD_CLEANUP))) return true;
  }
  return false;
};

/**
 * The isolate of initrd-switch-root.target after `previous`: units active then (the previous
 * phases' jobs less what they stopped, and the perpetual units) that the isolate does not pull in,
 * do not ignore isolation, and are not triggered by a unit that is kept.
 */
const isolatePhase = (graph: DepView, set: UnitSet, target: string, active: ReadonlySet<string>): Phase => {
  const phase = startPhase(graph, set, target, 'isolate');
  const keptBy = (n: string): boolean => phase.units.has(n) || ignoresIsolate(set.units.get(n) as Unit);
  const stopped = new Set<string>();
  for (const n of [...active].sort()) {
    const u = set.units.get(n);
    if (u === undefined || keptBy(n)) continue;
    // "Keep units that are triggered by units we want to keep around" (transaction.c)
    let triggeredByKept = false;
    graph.forEachInEdge(n, (_k, e) => {
      if (e.kind === 'Triggers' && set.units.has(e.from) && active.has(e.from) && keptBy(e.from)) triggeredByKept = true;
    });
    if (!triggeredByKept) stopped.add(n);
  }
  return { ...phase, stopped };
};

export interface PlanOptions {
  /** `--target`: exactly the start transaction of this unit. */
  readonly explicitTarget?: boolean;
}

export const computePlan = (graph: DepView, set: UnitSet, target: string, opts: PlanOptions = {}): BootPlan => {
  const notes: string[] = [];
  const missingTargets: string[] = [];
  const exists = (n: string): boolean => graph.hasNode(n) && unitExists(set.units.get(n)) && set.units.get(n)?.masked !== true;
  if (!exists(target)) missingTargets.push(target);
  const phases: Phase[] = [startPhase(graph, set, target, 'start')];
  if (opts.explicitTarget === true || !set.initrd) return { phases, notes, missingTargets };
  const switchTarget = set.units.get(SWITCH_ROOT_TARGET);
  if (switchTarget === undefined || !exists(SWITCH_ROOT_TARGET)) {
    notes.push(`the boot plan has one step: this initrd has no ${SWITCH_ROOT_TARGET}, so nothing switches to the real root`);
    return { phases, notes, missingTargets };
  }
  const cleanup = set.units.get(INITRD_CLEANUP);
  if (!exists(INITRD_CLEANUP)) notes.push(`step 2 assumed: ${INITRD_CLEANUP} is absent, so nothing here isolates ${SWITCH_ROOT_TARGET}; it is analysed as systemd's own initrd would run it`);
  else if (cleanup !== undefined && !cleanupIsolates(cleanup)) notes.push(`step 2 assumed: ${INITRD_CLEANUP} does not run \`systemctl isolate ${SWITCH_ROOT_TARGET}\`; it is analysed as systemd's own initrd would run it`);
  else if (!startsCleanup(set, phases[0]?.jobs ?? new Set())) notes.push(`step 2 assumed: ${INITRD_CLEANUP} is not started by any job of ${target}'s transaction, so nothing starts the isolate of ${SWITCH_ROOT_TARGET}`);
  const active = new Set<string>(phases[0]?.jobs);
  for (const n of PERPETUAL) if (graph.hasNode(n)) active.add(n);
  phases.push(isolatePhase(graph, set, SWITCH_ROOT_TARGET, active));
  return { phases, notes, missingTargets };
};

/** Every unit that any phase reaches (the union of the phases' `units`). */
export const planUnits = (plan: BootPlan): Set<string> => {
  const out = new Set<string>();
  for (const p of plan.phases) for (const n of p.units) out.add(n);
  return out;
};

/** unit → the targets of the phases in which it gets a job, in plan order. */
export const jobsByUnit = (plan: BootPlan): Map<string, string[]> => {
  const jobs = new Map<string, string[]>();
  for (const p of plan.phases) for (const n of p.jobs) jobs.set(n, [...(jobs.get(n) ?? []), p.target]);
  return jobs;
};

/** unit → the target of the isolate phase that stops it. */
export const stoppedByUnit = (plan: BootPlan): Map<string, string> => {
  const out = new Map<string, string>();
  for (const p of plan.phases) for (const n of p.stopped) out.set(n, p.target);
  return out;
};
