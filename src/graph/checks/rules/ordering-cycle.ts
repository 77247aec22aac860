/**
 * ordering-cycle: a cycle in the ordering (Before=/After=) among the jobs of the target's
 * transaction. systemd.unit(5) "Before=, After=": ordering dependencies must not form a loop;
 * src/core/transaction.c transaction_verify_order_one() logs "Found ordering cycle" and deletes
 * a job it may drop, or fails the transaction. Cycles that exist only through default
 * dependencies are reported by default-deps-cycle instead.
 */
import { defineCheck } from '../define-check.js';
import { findCycles } from '../../query/cycles.js';
import { describeEdge } from '../../query/describe.js';

export default defineCheck({
  id: 'ordering-cycle',
  meta: {
    defaultSeverity: 'error',
    description: 'A cycle in the ordering among the jobs of the target transaction.',
    messages: {
      cycle: 'ordering cycle: {{path}}; {{consequence}}',
    },
  },
  run(ctx) {
    for (const c of findCycles(ctx.graph, ctx.phase)) {
      if (c.onlyByDefaults || c.cycle.length === 0) continue;
      const units = c.cycle.map((e) => e.from);
      const consequence =
        c.deletable.length === 0
          ? `every job on it is required by ${ctx.phase.target}, so systemd cannot break it and the transaction fails`
          : c.deletable.length === 1
            ? `systemd will delete the start job of ${c.deletable[0] ?? ''} to break it`
            : `systemd will delete the start job of one of ${c.deletable.join(', ')} (which one depends on load order)`;
      const first = c.cycle.find((e) => e.origin === 'file' && e.file !== undefined) ?? c.cycle[0];
      ctx.report({
        messageId: 'cycle',
        units,
        data: { path: [...units, units[0] ?? ''].join(' → '), consequence },
        ...(first?.file === undefined ? {} : { location: { file: first.file, ...(first.line === undefined ? {} : { line: first.line }) } }),
        details: c.cycle.map(describeEdge),
      });
    }
  },
});
