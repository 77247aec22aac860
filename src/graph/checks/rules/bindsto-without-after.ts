/**
 * bindsto-without-after: BindsTo= without After= on the same unit (Before= does not count: it
 * orders the wrong way round). systemd.unit(5)
 * "BindsTo=": "When used in conjunction with After= on the same unit the behaviour of BindsTo= is
 * even stronger. In this case, the unit bound to strictly has to be in active state for this
 * unit to also be in active state" — without it the bound unit may start after this one, and a
 * unit bound to a device that is not there yet is stopped right away.
 */
import { defineCheck } from '../define-check.js';
import { locationOf } from '../../query/hard-deps.js';

export default defineCheck({
  id: 'bindsto-without-after',
  meta: {
    defaultSeverity: 'warning',
    description: 'BindsTo= without After= on the same unit.',
    messages: {
      unordered: '{{from}} has {{via}} but no After={{to}}: it may start before {{to}} is active (and is stopped when {{to}} goes away or never arrives); add After={{to}}',
    },
  },
  run(ctx) {
    const g = ctx.graph.graph;
    for (const name of [...ctx.phase.units].sort()) {
      g.forEachOutEdge(name, (_k, e) => {
        if (e.kind !== 'BindsTo' || e.origin === 'default' || e.origin === 'implicit') return;
        // only After= (the bound unit Before this one) gives BindsTo= its stronger meaning
        // someOutEdge: graphology's someEdge(source, target) also visits edges target → source
        const ordered = g.someOutEdge(e.to, e.from, (_k2, x) => x.kind === 'Before');
        if (ordered) return;
        ctx.report({ messageId: 'unordered', units: [e.from, e.to], data: { from: e.from, to: e.to, via: e.via ?? `BindsTo=${e.to}` }, ...locationOf(e) });
      });
    }
  },
});
