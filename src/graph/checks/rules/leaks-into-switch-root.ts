/**
 * leaks-into-switch-root: a unit of the initrd that can still be starting or running when the
 * switch to the real root happens. bootup(7) "Bootup in the initrd", systemctl(1) "isolate",
 * systemd.unit(5) "IgnoreOnIsolate=": initrd-cleanup.service isolates initrd-switch-root.target,
 * which stops every unit it does not pull in (unless IgnoreOnIsolate=yes);
 * initrd-switch-root.service then switches root. So a unit leaks when
 *  (a) initrd-switch-root.target pulls it in and it is not ordered before the switch
 *      (Before=initrd-switch-root.target, or before initrd-switch-root.service), so its start can
 *      still be running when the switch happens; or
 *  (b) it is active after the initrd transaction and survives the isolate (IgnoreOnIsolate=yes):
 *      a daemon unless it Conflicts= the switch, any other unit unless it is ordered before the
 *      switch.
 *      A daemon that initrd-switch-root.target pulls in itself (its .wants/, .requires/ or Wants=)
 *      is there on purpose and not reported: plymouth links plymouth-start.service into
 *      initrd-switch-root.target.wants so the splash survives the switch
 *      (plymouth-switch-root.service hands it over). One pulled in through other units is.
 * The rule runs in the isolate phase of the boot plan (src/graph/plan.ts).
 * Not reported: targets, devices, slices, scopes; systemd-journald, carried over by design;
 * units the isolate stops (e.g. initrd sshd, networkd); units made by systemd's generators and
 * systemd's own units that only generated units pull in (a crypttab key on another device gives
 * keydev-<name>-umount.service; a nofail mount's systemd-fsck@); and units that a unit of the
 * switch's transaction stops before the switch: systemd-udevd, pulled in through a ZFS import's
 * Wants=systemd-udev-settle.service, is stopped by initrd-udevadm-cleanup-db.service's Conflicts=
 * (transaction.c delete_one_unmergeable_job() drops the start job of a unit another one conflicts
 * with, unless a chain of Requires=/BindsTo= from the target makes that start job matter; the
 * stop runs before the conflicting unit's start whichever way the two are ordered).
 */
import { lastValue, parseBoolean } from '../../../parse/load/unit-values.js';
import type { Unit } from '../../../parse/types.js';
import { defineCheck } from '../define-check.js';
import { closure, orderedBefore } from '../../query/ordering.js';
import { PULL_KINDS } from '../../types.js';
import { isVendorUnit } from '../../query/builtin-units.js';
import { SWITCH_ROOT_SERVICE, SWITCH_ROOT_TARGET } from '../../plan.js';

const SWITCH_TARGET = SWITCH_ROOT_TARGET;
const SWITCH_SERVICE = SWITCH_ROOT_SERVICE;
/** A service that keeps a process running once started (anything but Type=oneshot). */
const isDaemon = (u: Unit): boolean => {
  if (u.type !== 'service') return false;
  const type = lastValue(u, 'Service', 'Type') ?? (lastValue(u, 'Service', 'ExecStart') === undefined ? 'oneshot' : 'simple');
  return type !== 'oneshot';
};

/** Dependencies whose start jobs matter to the anchor (transaction.c: `matters` is true for these). */
const HARD_START_KINDS: ReadonlySet<string> = new Set(['Requires', 'Requisite', 'BindsTo']);

const CARRIED_OVER = new Set(['systemd-journald.service', 'systemd-journald.socket', 'systemd-journald-dev-log.socket', 'systemd-journald-audit.socket']);

export default defineCheck({
  id: 'leaks-into-switch-root',
  meta: {
    defaultSeverity: 'error',
    description: 'A unit that can still be starting or running when the initrd switches to the real root.',
    messages: {
      pulled: '{{unit}} is pulled in by {{target}} but not ordered before it: it can still be running when the switch to the real root happens; add Before={{target}}',
      pulledDaemon: '{{unit}} is a long-running service that {{target}} pulls in through other units: it keeps running across the switch to the real root; pull it in from initrd.target instead, or stop it with Conflicts={{target}} and Before={{target}}',
      survives: '{{unit}} has IgnoreOnIsolate=yes, so the isolate of {{target}} does not stop it, and nothing orders it before the switch; add Before={{target}}',
      survivesDaemon: '{{unit}} is a long-running service with IgnoreOnIsolate=yes: the isolate of {{target}} does not stop it and it keeps running across the switch to the real root; drop IgnoreOnIsolate=yes, or add Conflicts={{target}} and Before={{target}}',
    },
  },
  run(ctx) {
    const g = ctx.graph;
    if (!g.set.initrd || ctx.phase.mode !== 'isolate' || ctx.phase.target !== SWITCH_TARGET) return;
    const before = orderedBefore(g.view, SWITCH_TARGET);
    if (g.view.hasNode(SWITCH_SERVICE)) for (const u of orderedBefore(g.view, SWITCH_SERVICE)) before.add(u);
    const kept = ctx.phase.units;
    const keptNotViaGenerated = closure(g.view, SWITCH_TARGET, PULL_KINDS, (n) => g.set.lookup(n)?.origin !== 'generator');
    const exempt = (name: string): boolean => {
      const u = g.set.lookup(name);
      return (
        u === undefined ||
        u.masked ||
        name === SWITCH_TARGET ||
        name === SWITCH_SERVICE ||
        CARRIED_OVER.has(name) ||
        ['target', 'device', 'slice', 'scope'].includes(u.type) ||
        u.origin === 'referenced'
      );
    };
    /** An edge of `kind` between a and b, either way round (someOutEdge is directional). */
    const linked = (a: string, b: string, kind: string): boolean =>
      g.view.someOutEdge(a, b, (_k, e) => e.kind === kind) || g.view.someOutEdge(b, a, (_k, e) => e.kind === kind);
    const conflictsSwitch = (name: string): boolean => [SWITCH_TARGET, SWITCH_SERVICE].some((t) => g.view.hasNode(t) && linked(name, t, 'Conflicts'));
    // a start job that "matters to the anchor" (a chain of hard requirements from the target) is
    // kept and the conflicting stop job dropped instead (or the transaction fails)
    const required = closure(g.view, SWITCH_TARGET, HARD_START_KINDS);
    /** A unit of the switch's transaction, done before the switch, conflicts with it and is ordered against it. */
    const stoppedBeforeSwitch = (name: string): boolean =>
      !required.has(name) &&
      g.view.someNeighbor(name, (other) => other !== name && kept.has(other) && before.has(other) && linked(other, name, 'Conflicts') && linked(other, name, 'Before'));
    for (const name of [...kept].sort()) {
      if (exempt(name)) continue;
      const u = g.set.lookup(name);
      // what systemd's own generators write is systemd's design, not the image's (e.g. the
      // keydev-<name>-umount.service that systemd-cryptsetup-generator adds for a key file on
      // another device, wanted by the cryptsetup unit that the root mount requires), and so are
      // systemd's own units that only generated units pull in (the systemd-fsck@ of a `nofail`
      // mount, which fstab-generator on purpose does not order before initrd-fs.target)
      if (u?.origin === 'generator') continue;
      if (u !== undefined && isVendorUnit(u) && !keptNotViaGenerated.has(name)) continue;
      const daemon = u !== undefined && isDaemon(u);
      // a daemon the switch target pulls in itself is there for the switch (plymouth)
      if (daemon && g.view.someOutEdge(SWITCH_TARGET, name, (_k, e) => PULL_KINDS.has(e.kind))) continue;
      if (!daemon && before.has(name)) continue;
      if (stoppedBeforeSwitch(name)) continue;
      ctx.report({ messageId: daemon ? 'pulledDaemon' : 'pulled', units: [name, SWITCH_TARGET], data: { unit: name, target: SWITCH_TARGET }, ...(u?.file ? { location: { file: u.file } } : {}) });
    }
    for (const name of [...ctx.active].sort()) {
      if (kept.has(name) || ctx.phase.stopped.has(name) || exempt(name)) continue;
      const u = g.set.lookup(name);
      if (u === undefined || u.origin === 'generator' || u.type === 'mount' || u.type === 'swap') continue;
      if (parseBoolean(lastValue(u, 'Unit', 'IgnoreOnIsolate')) !== true) continue;
      const daemon = isDaemon(u);
      if (daemon ? conflictsSwitch(name) : before.has(name)) continue;
      ctx.report({ messageId: daemon ? 'survivesDaemon' : 'survives', units: [name, SWITCH_TARGET], data: { unit: name, target: SWITCH_TARGET }, ...(u.file ? { location: { file: u.file } } : {}) });
    }
  },
});
