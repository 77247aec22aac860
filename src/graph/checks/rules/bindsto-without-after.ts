/**
 * bindsto-without-after: BindsTo= on a unit that is not ordered against the bound unit at all.
 * An ordering in either direction, written in either unit, is taken as deliberate: nfs-utils'
 * nfs-idmapd.service and nfs-mountd.service have BindsTo=nfs-server.service and are ordered
 * before it (nfs-server.service has After= on both), and After= there would be a cycle.
 * systemd.unit(5)
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
    description: 'BindsTo= without any ordering between the two units.',
    messages: {
      unordered: '{{from}} has {{via}} but the two are not ordered (neither After= nor Before= in either unit): {{from}} may start before {{to}} is active (and is stopped when {{to}} goes away or never arrives); add After={{to}}',
    },
  },
  run(ctx) {
    const g = ctx.graph.view;
    for (const name of [...ctx.phase.units].sort()) {
      g.forEachOutEdge(name, (_k, e) => {
        if (e.kind !== 'BindsTo' || e.origin === 'default' || e.origin === 'implicit') return;
        // an ordering either way round, from either unit's settings, counts as deliberate
        // (someOutEdge: graphology's someEdge(source, target) also visits edges target → source,
        // so both directions are asked for explicitly)
        const before = (_k2: string, x: { kind: string }): boolean => x.kind === 'Before';
        const ordered = g.someOutEdge(e.to, e.from, before) || g.someOutEdge(e.from, e.to, before);
        if (ordered) return;
        ctx.report({ messageId: 'unordered', units: [e.from, e.to], data: { from: e.from, to: e.to, via: e.via ?? `BindsTo=${e.to}` }, ...locationOf(e) });
      });
    }
  },
});
