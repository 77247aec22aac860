/**
 * not-enabled: a unit with [Install] WantedBy=/RequiredBy=/UpheldBy= whose link was never
 * created, so nothing pulls it in. systemd.unit(5) "[Install] Section Options": the section "is
 * not interpreted by systemd during runtime; it is used by the enable and disable commands".
 * The common stage-1 slip: a unit added to an image (dracut --include, a hand-made initrd) with
 * WantedBy=initrd.target but without its initrd.target.wants/ link.
 * Not reported: units the systemd/distribution package ships (under /usr/lib, or NixOS's systemd
 * store path), which are disabled by design (debug-shell.service).
 */
import { listValues } from '../../../parse/load/unit-values.js';
import { defineCheck } from '../define-check.js';
import { distinctFileUnits } from '../../query/unit-files.js';
import { isVendorUnit } from '../../query/builtin-units.js';

const INSTALL_KEYS = { WantedBy: 'Wants', RequiredBy: 'Requires', UpheldBy: 'Upholds' } as const;

export default defineCheck({
  id: 'not-enabled',
  meta: {
    defaultSeverity: 'info',
    description: 'A unit whose [Install] section names a target it was never linked into.',
    messages: {
      notLinked: '{{unit}} has {{key}}={{target}} but no {{target}}.{{dir}}/ link, and nothing else pulls it in: it will not start (the [Install] section only takes effect through `systemctl enable`)',
    },
  },
  run(ctx) {
    const g = ctx.graph;
    for (const u of distinctFileUnits(g)) {
      if (u.template !== undefined || u.name.includes('@.') || !g.view.hasNode(u.name) || isVendorUnit(u)) continue;
      if (g.view.inDegree(u.name) > 0 && g.view.someInEdge(u.name, (_k, e) => e.kind !== 'Before' && e.kind !== 'Conflicts' && e.origin !== 'default')) continue;
      for (const [key, kind] of Object.entries(INSTALL_KEYS)) {
        for (const item of listValues(u, 'Install', key)) {
          const dir = kind === 'Wants' ? 'wants' : kind === 'Requires' ? 'requires' : 'upholds';
          ctx.report({
            messageId: 'notLinked',
            units: [u.name, item.value],
            data: { unit: u.name, key, target: item.value, dir },
            location: { file: item.directive.file, line: item.directive.line },
          });
        }
      }
    }
  },
});
