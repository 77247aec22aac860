/**
 * invalid-value: a value systemd's own parser rejects, in a unit of a step of the boot plan.
 * src/shared/conf-parser.c (config_parse_bool, _sec, _unsigned, _mode, the DEFINE_CONFIG_PARSE_ENUM
 * parsers) and src/core/load-fragment.c (config_parse_exec, _environ, _unit_deps,
 * _unit_path_printf, _exec_output, _kill_mode, _emergency_action); which parser reads which key
 * is generated from load-fragment-gperf (src/parse/unit-file/value-data.ts), the grammars are in
 * src/parse/load/value-grammar.ts. Most parsers log "Failed to parse ..., ignoring" and the key
 * keeps its previous value or default (warning); config_parse_exec returns -ENOEXEC for an
 * executable that is neither an absolute path nor a file name, and systemd refuses the unit
 * (error). Enum words are checked against the image's systemd version when it is known
 * (Type=notify-reload needs 253).
 */
import { defineCheck } from '../define-check.js';
import { checkValueCached, parserOf } from '../../../parse/load/value-grammar.js';
import { HARD_KINDS } from '../../types.js';
import { phaseFileUnits, readDirectives } from '../../query/unit-directives.js';

/** Parsers of list-valued keys: their message says what systemd drops. */
const LIST_PARSERS = new Set(['unit_deps', 'exec', 'environ']);

export default defineCheck({
  id: 'invalid-value',
  meta: {
    defaultSeverity: 'warning',
    description: "A value systemd's own parser rejects: ignored (warning), or the unit is refused (error).",
    messages: {
      ignored: '{{unit}}: {{key}}={{value}}: {{why}}; systemd ignores this assignment ({{key}}= keeps its previous value or default)',
      ignoredList: '{{unit}}: {{key}}={{value}}: {{why}}',
      refused: '{{unit}}: {{key}}={{value}}: {{why}}; systemd refuses the unit (bad-setting), it never starts{{requirers}}',
    },
    messageSeverities: { refused: 'error' },
  },
  run(ctx) {
    const g = ctx.graph;
    const version = g.set.systemdVersion?.version;
    for (const u of phaseFileUnits(g, ctx.phase.units)) {
      const name = u.name;
      for (const d of readDirectives(u)) {
        const p = checkValueCached(d.section, d.key, d.value, version);
        if (p === undefined) continue;
        const requirers: string[] = [];
        if (p.refuses && g.view.hasNode(name)) {
          g.view.forEachInEdge(name, (_k, e) => {
            if (HARD_KINDS.has(e.kind) && e.from !== name && ctx.phase.units.has(e.from) && !requirers.includes(e.from)) requirers.push(e.from);
          });
          requirers.sort();
        }
        ctx.report({
          messageId: p.refuses ? 'refused' : LIST_PARSERS.has(parserOf(d.section, d.key) ?? '') ? 'ignoredList' : 'ignored',
          units: [name, ...requirers],
          data: {
            unit: name,
            key: d.key,
            value: d.value,
            why: p.message,
            requirers: requirers.length === 0 ? '' : `; ${requirers.join(', ')} ${requirers.length === 1 ? 'requires' : 'require'} it and fail${requirers.length === 1 ? 's' : ''} with it`,
          },
          location: { file: d.file, line: d.line },
        });
      }
    }
  },
});
