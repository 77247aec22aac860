/**
 * after-without-wants: a unit of the transaction is ordered After= a synchronisation target that
 * nothing in the transaction pulls in, so the ordering never takes effect. systemd.special(7)
 * "network-online.target": "Units that strictly require a configured network connection should
 * pull in network-online.target (via a Wants= type dependency) and order themselves after it"
 * (https://systemd.io/NETWORK_ONLINE). Not reported: the passive targets that consumers are meant
 * to order against without pulling in (network.target, nss-lookup.target, time-sync.target,
 * time-set.target: systemd.special(7) "Special Passive System Units").
 */
import { defineCheck } from '../define-check.js';
import { locationOf } from '../../query/hard-deps.js';

const ACTIVE_SYNC_TARGETS = new Set(['network-online.target']);

export default defineCheck({
  id: 'after-without-wants',
  meta: {
    defaultSeverity: 'warning',
    description: 'After= a target that nothing pulls in, so the ordering is void.',
    messages: {
      void: '{{unit}} is ordered After={{target}}, but nothing in the transaction of {{root}} pulls in {{target}}, so this ordering has no effect; add Wants={{target}}',
    },
  },
  run(ctx) {
    const g = ctx.graph;
    for (const target of ACTIVE_SYNC_TARGETS) {
      if (ctx.phase.units.has(target) || ctx.active.has(target) || !g.view.hasNode(target)) continue;
      g.view.forEachOutEdge(target, (_k, e) => {
        if (e.kind !== 'Before' || e.origin !== 'file' || !ctx.phase.units.has(e.to)) return;
        ctx.report({ messageId: 'void', units: [e.to, target], data: { unit: e.to, target, root: ctx.phase.target }, ...locationOf(e) });
      });
    }
  },
});
