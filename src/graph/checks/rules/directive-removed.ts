/**
 * directive-removed: a key the image's systemd no longer acts on. Two cases, both from the key
 * tables of src/core/load-fragment-gperf.gperf.{m4,in} at every tag from v245 to v257
 * (src/parse/unit-file/directives-data.ts): a key last listed in version N is "Unknown key name"
 * to the image's systemd after N (ConditionNull= after 246); and a key systemd lists with
 * config_parse_warn_compat(DISABLED_LEGACY) is accepted only to log "Support for option X= has
 * been removed and it is ignored" (Capabilities=, NetClass=, BusPolicy=, SysVStartPriority= ...)
 * in every version from 245 on, whether the image's version is known or not.
 */
import { defineCheck } from '../define-check.js';
import { LAST_VERSION, lookupDirective } from '../../../parse/unit-file/known-directives.js';
import { phaseFileUnits, readDirectives } from '../../query/unit-directives.js';

export default defineCheck({
  id: 'directive-removed',
  meta: {
    defaultSeverity: 'warning',
    description: "A key systemd has removed: the image's version does not know it, or ignores it on purpose.",
    messages: {
      removedAfter: '{{unit}}: {{key}}= in [{{section}}] was removed after systemd {{until}}; the image has systemd {{version}}, which ignores it ("Unknown key")',
      ignored: '{{unit}}: {{key}}= in [{{section}}] is no longer supported; systemd accepts it only to say that it ignores it',
    },
  },
  run(ctx) {
    const version = ctx.graph.set.systemdVersion?.version;
    for (const u of phaseFileUnits(ctx.graph, ctx.phase.units)) {
      for (const d of readDirectives(u)) {
        const r = lookupDirective(d.section, d.key, u.type);
        if (r.status !== 'known') continue;
        const data = { unit: u.name, key: d.key, section: d.section, until: r.until ?? '', version: version ?? '' };
        if (r.legacy === 'removed') ctx.report({ messageId: 'ignored', units: [u.name], data, location: { file: d.file, line: d.line } });
        else if (version !== undefined && r.until !== undefined && r.until < LAST_VERSION && version > r.until) {
          ctx.report({ messageId: 'removedAfter', units: [u.name], data, location: { file: d.file, line: d.line } });
        }
      }
    }
  },
});
