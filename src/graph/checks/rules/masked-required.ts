/**
 * masked-required: a hard requirement of a transaction unit on a masked unit (a link to
 * /dev/null or an empty file). systemd.unit(5) "Requires=" + systemctl(1) "mask": a masked unit
 * cannot be started, so the job of the unit requiring it fails ("Unit X is masked").
 */
import { defineCheck } from '../define-check.js';
import { hardDepsInTransaction, locationOf } from '../../query/hard-deps.js';

export default defineCheck({
  id: 'masked-required',
  meta: {
    defaultSeverity: 'error',
    description: 'A hard requirement on a masked unit.',
    messages: {
      masked: '{{from}} has {{via}}, but {{to}} is masked ({{mask}}); the requirement cannot be met: systemd 254+ drops the start job of {{from}} (and fails the boot if the target requires it), older versions start it without',
    },
  },
  run(ctx) {
    for (const e of hardDepsInTransaction(ctx.graph, ctx.phase.units)) {
      const other = ctx.graph.set.lookup(e.to);
      if (other === undefined || !other.masked) continue;
      const mask = other.realFile === '/dev/null' ? `${other.file ?? other.name} -> /dev/null` : `${other.file ?? other.name} is empty`;
      ctx.report({ messageId: 'masked', units: [e.from, e.to], data: { from: e.from, to: e.to, mask, via: e.via ?? `${e.kind}=${e.to}` }, ...locationOf(e) });
    }
  },
});
