/**
 * ignored-input: input that systemd skips or ignores, so what boots is not what the files say.
 * systemd.syntax(7) and src/shared/conf-parser.c (a line without `=`, outside a section, an
 * invalid assignment: "Ignoring."), systemd.unit(5) "[Unit] Section Options" and
 * src/core/unit.c
 * unit_add_dependency() (Before=/After= on a .device: ignored), src/shared/install.c and
 * src/core/load-dropin.c (a `.wants/` entry that is not a symlink, or not a valid unit name, is
 * skipped), crypttab(5)/fstab(5) lines the generators skip. Reported: every such problem of the
 * image that is not about a unit outside the transactions of the boot plan (checked per phase;
 * a problem about no unit is reported once, under the first phase). Not reported: a line that
 * makes systemd refuse a unit of the transaction (load-error reports that), notes (info), a link
 * to a unit file that does not exist (the name is not found: missing-unit where it matters).
 */
import { defineCheck } from '../define-check.js';

/**
 * Diagnostics that are no skipped input: a link to a unit file that does not exist leaves its name
 * not found, which is what systemd accepts for Wants= and missing-unit reports where a hard
 * requirement needs it.
 */
const NOT_IGNORED = new Set(['dangling-link']);

/** The unit a `.wants/`-style entry or a drop-in belongs to, from its directory's name. */
const ownerOfPath = (file: string): string | undefined => /([^/]+)\.(?:wants|requires|upholds|d)\/[^/]+$/.exec(file)?.[1];

export default defineCheck({
  id: 'ignored-input',
  meta: {
    defaultSeverity: 'warning',
    description: 'Input systemd skips or ignores (a line it cannot parse, a .wants/ entry that is not a link, a unit file named almost like a unit), so the boot differs from what the files say.',
    messages: {
      ignored: '{{message}}',
    },
  },
  run(ctx) {
    const g = ctx.graph;
    // file (fragment or drop-in) → the units it configures
    const unitsOfFile = new Map<string, string[]>();
    for (const u of g.set.units.values()) {
      for (const f of [u.file, u.realFile, ...u.dropins]) {
        if (f === null) continue;
        const list = unitsOfFile.get(f);
        if (list === undefined) unitsOfFile.set(f, [u.name]);
        else if (!list.includes(u.name)) list.push(u.name);
      }
    }
    // per phase of the boot plan: a unit's problems count where the unit is in the transaction
    const units = ctx.phase.units;
    const refused = new Set<string>();
    for (const name of units) {
      const e = g.set.lookup(name)?.loadError;
      const m = e === undefined ? null : /^(.*?):(\d+): /.exec(e);
      if (m !== null) refused.add(`${m[1]}:${m[2]}`);
    }
    const canonical = (name: string): string => g.set.aliases.get(name) ?? name;
    const inTransaction = (name: string): boolean => units.has(canonical(name));

    for (const d of g.set.diagnostics) {
      if (d.severity === 'info' || NOT_IGNORED.has(d.code)) continue;
      if (d.file !== undefined && d.line !== undefined && refused.has(`${d.file}:${d.line}`)) continue;
      const owners = d.file === undefined ? [] : (unitsOfFile.get(d.file) ?? []);
      const owner = owners.length === 0 && d.file !== undefined ? ownerOfPath(d.file) : undefined;
      const about = owners.length > 0 ? owners : owner === undefined ? [] : [owner];
      if (about.length > 0 && !about.some(inTransaction) && (owners.length > 0 || g.set.lookup(owner ?? '') !== undefined)) continue;
      ctx.report({
        messageId: 'ignored',
        units: about,
        data: { message: d.message },
        ...(d.file === undefined ? {} : { location: { file: d.file, ...(d.line === undefined ? {} : { line: d.line }) } }),
      });
    }
    for (const p of g.nameProblems) {
      // an invalid name in a dependency list is a value systemd's parser rejects: invalid-value
      if (!inTransaction(p.unit) || p.message.includes('not a valid unit name')) continue;
      ctx.report({ messageId: 'ignored', units: [p.unit], data: { message: p.message }, location: { file: p.file, line: p.line } });
    }
  },
});
