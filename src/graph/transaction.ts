/**
 * The target's transaction: what `systemctl start TARGET` (or booting into it) enqueues, the
 * closure over Requires/Requisite/Wants/BindsTo/Upholds from the target (src/core/transaction.c,
 * transaction_add_job_and_dependencies). Conflicts and ordering do not pull units in.
 */
import type { DepGraph } from './types.js';
import { PULL_KINDS } from './types.js';

export const computeTransaction = (graph: DepGraph, target: string): Set<string> => {
  const out = new Set<string>();
  if (!graph.hasNode(target)) return out;
  const stack = [target];
  out.add(target);
  while (stack.length > 0) {
    const n = stack.pop() as string;
    graph.forEachOutEdge(n, (_k, e, _s, t) => {
      if (PULL_KINDS.has(e.kind) && !out.has(t)) {
        out.add(t);
        stack.push(t);
      }
    });
  }
  return out;
};
