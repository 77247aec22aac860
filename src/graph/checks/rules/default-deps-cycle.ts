/**
 * default-deps-cycle: an ordering cycle that exists only because of the dependencies systemd adds
 * for DefaultDependencies=yes (systemd.unit(5) "DefaultDependencies="; systemd.service(5) "Default
 * Dependencies": After=sysinit.target basic.target, Before=shutdown.target; systemd.special(7)).
 * The classic stage-1 case: a hand-written unlock or rollback service with Before=cryptsetup.target
 * (or Before= a target sysinit.target waits for) that keeps its defaults and so is also
 * After=sysinit.target basic.target. (Before=sysroot.mount alone is no cycle: mounts under
 * /sysroot are only After=local-fs-pre.target in the initrd.)
 */
import { defineCheck } from '../define-check.js';
import { findCycles } from '../../query/cycles.js';
import { describeEdge } from '../../query/describe.js';

export default defineCheck({
  id: 'default-deps-cycle',
  meta: {
    defaultSeverity: 'error',
    description: 'An ordering cycle closed by the implicit dependencies of DefaultDependencies=yes.',
    messages: {
      cycle: 'ordering cycle {{path}} exists only because {{culprit}} keeps DefaultDependencies=yes; fix: add DefaultDependencies=no to the [Unit] section of {{culprit}} (and order it explicitly, e.g. After=systemd-udevd.service)',
      cycleMany: 'ordering cycle {{path}} exists only because of default dependencies of {{culprits}}; fix: DefaultDependencies=no on the unit you wrote',
    },
  },
  run(ctx) {
    for (const c of findCycles(ctx.graph, ctx.phase)) {
      if (!c.onlyByDefaults || c.cycle.length === 0) continue;
      const units = c.cycle.map((e) => e.from);
      const path = [...units, units[0] ?? ''].join(' → ');
      const culprits = c.defaultCulprits.length > 0 ? c.defaultCulprits : [...new Set(c.cycle.filter((e) => e.origin === 'default').map((e) => e.owner ?? e.to))];
      // prefer a unit that is not a target: that is the one a user wrote
      const culprit = culprits.find((u) => !u.endsWith('.target')) ?? culprits[0] ?? '';
      const unit = ctx.graph.set.lookup(culprit);
      const loc = unit?.file ?? undefined;
      ctx.report({
        messageId: c.defaultCulprits.length > 0 ? 'cycle' : 'cycleMany',
        units: [culprit, ...units.filter((u) => u !== culprit)],
        data: { path, culprit, culprits: culprits.join(', ') },
        ...(loc === undefined || loc === null ? {} : { location: { file: loc } }),
        details: c.cycle.map(describeEdge),
      });
    }
  },
});
