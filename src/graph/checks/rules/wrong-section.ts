/**
 * wrong-section: a known key placed in a section where systemd ignores it, e.g. `Before=` in
 * [Service] or `ExecStart=` in [Unit] (systemd.unit(5) / systemd.service(5) list each key's
 * section; conf-parser.c looks keys up per section and ignores the rest as unknown). Also a
 * unit-type section in a unit of another type ([Mount] in a .service).
 */
import { lookupDirective } from '../../../parse/unit-file/known-directives.js';
import { UNIT_TYPES, type Directive } from '../../../parse/types.js';

const TYPE_SECTIONS = new Set(UNIT_TYPES.map((t) => t.charAt(0).toUpperCase() + t.slice(1)));
import { defineCheck } from '../define-check.js';
import { distinctFileUnits } from '../../query/unit-files.js';

export default defineCheck({
  id: 'wrong-section',
  meta: {
    defaultSeverity: 'warning',
    description: 'A known key in a section where systemd ignores it.',
    messages: {
      wrong: '{{unit}}: {{key}}= belongs in [{{valid}}], not [{{section}}]; systemd ignores it here',
      ignoredSection: '{{unit}}: [{{section}}] does not apply to a .{{type}} unit; systemd ignores {{key}}= there',
    },
  },
  run(ctx) {
    for (const u of distinctFileUnits(ctx.graph)) {
      for (let di = 0, ds = u.directives; di < ds.length; di++) {
        const d = ds[di] as Directive;
        const r = lookupDirective(d.section, d.key, u.type);
        if (r.status === 'wrong-section') {
          ctx.report({ messageId: 'wrong', units: [u.name], data: { unit: u.name, key: d.key, section: d.section, valid: (r.validSections ?? []).join('] or [') }, location: { file: d.file, line: d.line } });
        } else if (r.status === 'unknown-section' && TYPE_SECTIONS.has(d.section)) {
          ctx.report({ messageId: 'ignoredSection', units: [u.name], data: { unit: u.name, key: d.key, section: d.section, type: u.type }, location: { file: d.file, line: d.line } });
        }
      }
    }
  },
});
