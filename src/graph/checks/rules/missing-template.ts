/**
 * missing-template: an instance `foo@bar.service` required (Requires=, Requisite=, BindsTo=,
 * `.requires/`) while neither it nor its template `foo@.service` exists. systemd.unit(5)
 * "Description": instances are loaded from the template's file when no file of their own exists.
 */
import { parseUnitName, templateOf } from '../../../parse/load/unit-name.js';
import { defineCheck } from '../define-check.js';
import { hardDepsInTransaction, locationOf } from '../../query/hard-deps.js';

export default defineCheck({
  id: 'missing-template',
  meta: {
    defaultSeverity: 'error',
    description: 'A required instance whose template does not exist.',
    messages: {
      missing: '{{from}} has {{via}}, but neither {{to}} nor its template {{template}} exists; the requirement cannot be met: systemd 254+ drops the start job of {{from}} (and fails the boot if the target requires it), older versions start it without',
    },
  },
  run(ctx) {
    for (const e of hardDepsInTransaction(ctx.graph, ctx.phase.units)) {
      const other = ctx.graph.set.lookup(e.to);
      if (other === undefined || other.origin !== 'referenced' || parseUnitName(other.name)?.kind !== 'instance') continue;
      const template = templateOf(other.name) ?? '';
      ctx.report({ messageId: 'missing', units: [e.from, e.to], data: { from: e.from, to: e.to, template, via: e.via ?? `${e.kind}=${e.to}` }, ...locationOf(e) });
    }
  },
});
