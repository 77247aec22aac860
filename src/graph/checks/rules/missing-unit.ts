/**
 * missing-unit: a hard requirement (Requires=, Requisite=, BindsTo=, a `.requires/` link) of a
 * unit in the target's transaction on a unit that has no file and is not made by a generator.
 * systemd.unit(5) "Requires=": "If this unit gets activated, the units listed will be activated
 * as well. If one of the other units fails to activate ... this unit will not be started";
 * a not-found unit fails its job at once. Not reported: Wants= (systemd ignores absent wanted
 * units), devices/scopes/API mounts (they exist without files), instances (missing-template).
 * A requirement that comes from default dependencies (Requires=sysinit.target of every service,
 * socket, timer, path with DefaultDependencies=yes: service.c service_add_default_dependencies)
 * is reported once per missing unit, with how many units need it: an image without
 * sysinit.target fails every such unit (systemd's TEST-65-ANALYZE expects `verify` to fail there).
 */
import { parseUnitName } from '../../../parse/load/unit-name.js';
import { defineCheck } from '../define-check.js';
import { existsWithoutFile } from '../../query/builtin-units.js';
import { locationOf } from '../../query/hard-deps.js';
import { HARD_KINDS } from '../../types.js';

export default defineCheck({
  id: 'missing-unit',
  meta: {
    defaultSeverity: 'error',
    description: 'A hard requirement on a unit that neither exists nor is generated at boot.',
    messages: {
      missing: '{{from}} has {{via}}, but {{to}} does not exist in this image and no generator creates it; the requirement cannot be met: systemd 254+ drops the start job of {{from}} (and fails the boot if the target requires it), older versions start it without',
      missingDefault: '{{to}} does not exist in this image and no generator creates it, but {{count}} {{units}} of the transaction {{need}} it through default dependencies (DefaultDependencies=yes adds {{kind}}={{to}}), e.g. {{first}}; each of their start jobs fails (`Unit {{to}} not found.`)',
    },
  },
  run(ctx) {
    // asked once per name: every service asks about sysinit.target
    const known = new Map<string, boolean>();
    const missing = (name: string): boolean => {
      let m = known.get(name);
      if (m === undefined) {
        const other = ctx.graph.set.lookup(name);
        m = !(other === undefined || other.origin !== 'referenced' || other.masked || existsWithoutFile(other)) && parseUnitName(other.name)?.kind !== 'instance';
        known.set(name, m);
      }
      return m;
    };
    // one pass over the phase's out-edges: written requirements are reported each, those of
    // default dependencies gathered per missing unit (not for a plain unit directory, which holds
    // some units only: systemd's own targets live elsewhere)
    const defaults = ctx.graph.set.sourceKind !== 'unit-dir';
    const needers = new Map<string, { kind: string; from: Set<string> }>();
    const g = ctx.graph.view;
    for (const name of [...ctx.phase.units].sort()) {
      if (!g.hasNode(name)) continue;
      g.forEachOutEdge(name, (_k, e) => {
        if (!HARD_KINDS.has(e.kind) || !missing(e.to)) return;
        if (e.origin !== 'default') {
          ctx.report({ messageId: 'missing', units: [e.from, e.to], data: { from: e.from, to: e.to, via: e.via ?? `${e.kind}=${e.to}` }, ...locationOf(e) });
          return;
        }
        if (!defaults) return;
        const n = needers.get(e.to) ?? { kind: e.kind, from: new Set<string>() };
        n.from.add(e.from);
        needers.set(e.to, n);
      });
    }
    for (const [to, n] of [...needers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const from = [...n.from].sort();
      const count = from.length;
      ctx.report({
        messageId: 'missingDefault',
        units: [to, ...from],
        data: { to, count, units: count === 1 ? 'unit' : 'units', need: count === 1 ? 'needs' : 'need', kind: n.kind, first: from.slice(0, 3).join(', ') + (count > 3 ? ', ...' : '') },
      });
    }
  },
});
