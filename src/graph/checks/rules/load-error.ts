/**
 * load-error: a unit of the transaction that systemd refuses to load ("bad-setting"), so its job
 * fails at once and every unit requiring it fails too. systemd.syntax(7) and
 * src/shared/conf-parser.c: a line with invalid UTF-8, a line longer than LONG_LINE_MAX (1 MiB)
 * or a broken section header ends config_parse() with an error, and unit_load() marks the unit
 * bad-setting. Not reported here: a mount whose Where= does not match its name (that is
 * device-name-mismatch), a value whose parser fails (invalid-value), a unit the per-type checks
 * after loading refuse (unit-refused), units outside the transaction. A unit file that resolves to
 * an archive member whose bytes unitgraph did not keep (a program) is reported here too, saying
 * that unitgraph, not systemd, cannot read it.
 */
import { defineCheck } from '../define-check.js';

export default defineCheck({
  id: 'load-error',
  meta: {
    defaultSeverity: 'error',
    description: 'A unit of the transaction that systemd refuses to load.',
    messages: {
      bad: '{{unit}} cannot be loaded by systemd ({{why}}); its start job fails, and so does every unit that requires it',
      unseen: '{{unit}}\'s unit file cannot be read by unitgraph ({{why}}); it is analysed as a unit that fails to load, which systemd may not do: look at what the file is',
    },
  },
  run(ctx) {
    const g = ctx.graph;
    for (const name of [...ctx.phase.units].sort()) {
      const u = g.set.lookup(name);
      if (u?.loadError === undefined || (u.loadErrorKind !== 'parse' && u.loadErrorKind !== 'unseen')) continue;
      const m = /^(.*?):(\d+): /.exec(u.loadError);
      ctx.report({
        messageId: u.loadErrorKind === 'unseen' ? 'unseen' : 'bad',
        units: [name],
        data: { unit: name, why: u.loadError },
        ...(m?.[1] !== undefined ? { location: { file: m[1], line: Number(m[2]) } } : u.file !== null ? { location: { file: u.file } } : {}),
      });
    }
  },
});
