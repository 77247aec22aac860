/**
 * The target's transaction: what `systemctl start TARGET` (or booting into it) enqueues, the
 * closure over Requires/Requisite/Wants/BindsTo/Upholds from the target (src/core/transaction.c,
 * transaction_add_job_and_dependencies). Conflicts and ordering do not pull units in.
 */
import { closure } from './query/ordering.js';
import { PULL_KINDS, type DepGraph } from './types.js';

export const computeTransaction = (graph: DepGraph, target: string): Set<string> => closure(graph, target, PULL_KINDS);
