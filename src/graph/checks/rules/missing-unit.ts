/**
 * missing-unit: a hard requirement (Requires=, Requisite=, BindsTo=, a `.requires/` link) of a
 * unit in the target's transaction on a unit that has no file and is not made by a generator.
 * systemd.unit(5) "Requires=": "If this unit gets activated, the units listed will be activated
 * as well. If one of the other units fails to activate ... this unit will not be started";
 * a not-found unit fails its job at once. Not reported: Wants= (systemd ignores absent wanted
 * units), devices/scopes/API mounts (they exist without files), instances (missing-template).
 */
import { parseUnitName } from '../../../parse/load/unit-name.js';
import { defineCheck } from '../define-check.js';
import { existsWithoutFile } from '../../query/builtin-units.js';
import { hardDepsInTransaction, locationOf } from '../../query/hard-deps.js';

export default defineCheck({
  id: 'missing-unit',
  meta: {
    defaultSeverity: 'error',
    description: 'A hard requirement on a unit that neither exists nor is generated at boot.',
    messages: {
      missing: '{{from}} has {{via}}, but {{to}} does not exist in this image and no generator creates it; the requirement cannot be met: systemd 254+ drops the start job of {{from}} (and fails the boot if the target requires it), older versions start it without',
    },
  },
  run(ctx) {
    for (const e of hardDepsInTransaction(ctx.graph, ctx.phase.units)) {
      const other = ctx.graph.set.lookup(e.to);
      if (other === undefined || other.origin !== 'referenced' || other.masked || existsWithoutFile(other)) continue;
      if (parseUnitName(other.name)?.kind === 'instance') continue;
      ctx.report({ messageId: 'missing', units: [e.from, e.to], data: { from: e.from, to: e.to, via: e.via ?? `${e.kind}=${e.to}` }, ...locationOf(e) });
    }
  },
});
