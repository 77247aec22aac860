/**
 * unknown-directive: a key systemd does not know in that section for that unit type (any systemd
 * from 245 to 257). systemd.syntax(7); systemd logs "Unknown key name 'X' in section 'Y',
 * ignoring." (src/shared/conf-parser.c) and the setting has no effect — a typo like `Afer=`
 * silently drops an ordering. Not reported: `X-` sections and `X-` keys (reserved for
 * extensions), keys valid in any version from 245 on, generated units.
 */
import { lookupDirective, suggestKey } from '../../../parse/unit-file/known-directives.js';
import { UNIT_TYPES, type Directive } from '../../../parse/types.js';

/** Sections named after a unit type: in a unit of another type they are wrong-section's business. */
const TYPE_SECTIONS = new Set(['Install', ...UNIT_TYPES.map((t) => t.charAt(0).toUpperCase() + t.slice(1))]);
import { defineCheck } from '../define-check.js';
import { distinctFileUnits } from '../../query/unit-files.js';

export default defineCheck({
  id: 'unknown-directive',
  meta: {
    defaultSeverity: 'warning',
    description: 'A key systemd does not know in that section; systemd ignores it.',
    messages: {
      unknown: '{{unit}}: unknown key {{key}}= in [{{section}}]; systemd ignores it{{hint}}',
      unknownSection: '{{unit}}: unknown section [{{section}}]; systemd ignores {{key}}= and everything else in it',
    },
  },
  run(ctx) {
    for (const u of distinctFileUnits(ctx.graph)) {
      for (let di = 0, ds = u.directives; di < ds.length; di++) {
        const d = ds[di] as Directive;
        const r = lookupDirective(d.section, d.key, u.type);
        if (r.status !== 'unknown-key' && !(r.status === 'unknown-section' && !TYPE_SECTIONS.has(d.section))) continue;
        const suggestion = r.status === 'unknown-key' ? suggestKey(d.section, d.key, u.type) : undefined;
        ctx.report({
          messageId: r.status === 'unknown-key' ? 'unknown' : 'unknownSection',
          units: [u.name],
          data: { unit: u.name, key: d.key, section: d.section, hint: suggestion === undefined ? '' : ` (did you mean ${suggestion}=?)` },
          location: { file: d.file, line: d.line },
        });
      }
    }
  },
});
