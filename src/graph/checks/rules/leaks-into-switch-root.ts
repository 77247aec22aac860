/**
 * leaks-into-switch-root: a unit of the initrd that can still be starting or running when the
 * switch to the real root happens. bootup(7) "Bootup in the initrd" and systemd.special(7)
 * "initrd-switch-root.target": initrd-cleanup.service isolates initrd-switch-root.target, which
 * stops every unit it does not pull in (unless IgnoreOnIsolate=yes); initrd-switch-root.service
 * then switches root. So a unit leaks when
 *  (a) initrd-switch-root.target pulls it in but it is not ordered before the switch
 *      (Before=initrd-switch-root.target, or before initrd-switch-root.service), or
 *  (b) it is in the initrd transaction, survives the isolate (IgnoreOnIsolate=yes) and is not
 *      ordered before the switch.
 * Not reported: units the isolate stops (e.g. initrd sshd, networkd), targets, devices, slices,
 * scopes, and systemd-journald, which is carried over by design.
 */
import { lastValue, parseBoolean } from '../../../parse/load/unit-values.js';
import { defineCheck } from '../define-check.js';
import { closure, orderedBefore } from '../../query/ordering.js';
import { PULL_KINDS } from '../../types.js';

const SWITCH_TARGET = 'initrd-switch-root.target';
const SWITCH_SERVICE = 'initrd-switch-root.service';
const CARRIED_OVER = new Set(['systemd-journald.service', 'systemd-journald.socket', 'systemd-journald-dev-log.socket', 'systemd-journald-audit.socket']);

export default defineCheck({
  id: 'leaks-into-switch-root',
  meta: {
    defaultSeverity: 'error',
    description: 'A unit that can still be starting or running when the initrd switches to the real root.',
    messages: {
      pulled: '{{unit}} is pulled in by {{target}} but not ordered before it: it can still be running when the switch to the real root happens; add Before={{target}}',
      survives: '{{unit}} has IgnoreOnIsolate=yes, so the isolate of {{target}} does not stop it, and nothing orders it before the switch; add Before={{target}} (or Conflicts= and Before= it)',
    },
  },
  run(ctx) {
    const g = ctx.graph;
    if (!g.set.initrd || !g.graph.hasNode(SWITCH_TARGET)) return;
    const before = orderedBefore(g.graph, SWITCH_TARGET);
    if (g.graph.hasNode(SWITCH_SERVICE)) for (const u of orderedBefore(g.graph, SWITCH_SERVICE)) before.add(u);
    const kept = closure(g.graph, SWITCH_TARGET, PULL_KINDS);
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
    for (const name of [...kept].sort()) {
      if (exempt(name) || before.has(name)) continue;
      const u = g.set.lookup(name);
      ctx.report({ messageId: 'pulled', units: [name, SWITCH_TARGET], data: { unit: name, target: SWITCH_TARGET }, ...(u?.file ? { location: { file: u.file } } : {}) });
    }
    for (const name of [...g.transaction].sort()) {
      if (kept.has(name) || exempt(name) || before.has(name)) continue;
      const u = g.set.lookup(name);
      if (u === undefined || u.origin === 'generator' || u.type === 'mount' || u.type === 'swap') continue;
      if (parseBoolean(lastValue(u, 'Unit', 'IgnoreOnIsolate')) !== true) continue;
      ctx.report({ messageId: 'survives', units: [name, SWITCH_TARGET], data: { unit: name, target: SWITCH_TARGET }, ...(u.file ? { location: { file: u.file } } : {}) });
    }
  },
});
