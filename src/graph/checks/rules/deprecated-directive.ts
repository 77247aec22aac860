/**
 * deprecated-directive: a key systemd still accepts under an old name and maps onto its
 * replacement: config_parse_obsolete_unit_deps ("Unit dependency type RequiresOverridable= is
 * obsolete, replacing by Requires=, please update your unit file", src/core/load-fragment.c) and
 * the keys load-fragment-gperf marks as legacy aliases (StartLimitInterval= →
 * StartLimitIntervalSec=, [Service] FailureAction= → [Unit] FailureAction=, OnFailureIsolate= →
 * OnFailureJobMode=). The replacement is generated (directives-data.ts REPLACEMENTS: the current
 * key that fills the same field). The setting works; the info names the key to write instead.
 */
import { defineCheck } from '../define-check.js';
import { REPLACEMENTS } from '../../../parse/unit-file/directives-data.js';
import { phaseFileUnits, readDirectives } from '../../query/unit-directives.js';

export default defineCheck({
  id: 'deprecated-directive',
  meta: {
    defaultSeverity: 'info',
    description: 'A key systemd accepts only under an old name; it names the replacement.',
    messages: {
      deprecated: '{{unit}}: {{key}}= in [{{section}}] is an old name that systemd maps to {{replacement}}; write {{replacement}} instead',
    },
  },
  run(ctx) {
    for (const u of phaseFileUnits(ctx.graph, ctx.phase.units)) {
      for (const d of readDirectives(u)) {
        const to = REPLACEMENTS[`${d.section}.${d.key}`];
        if (to === undefined) continue;
        const [section, key] = to.split('.') as [string, string];
        const replacement = section === d.section ? `${key}=` : `${key}= in [${section}]`;
        ctx.report({ messageId: 'deprecated', units: [u.name], data: { unit: u.name, key: d.key, section: d.section, replacement }, location: { file: d.file, line: d.line } });
      }
    }
  },
});
