/**
 * `diffGraphs`: what changed between two generations of a boot image: units (added, removed,
 * changed key by key), dependency edges, the ordering among the jobs of the target's
 * transaction, and the findings of the checks. Pure: both generations are already analysed.
 */
import { diffEdges } from './edges.js';
import { diffFindings } from './findings.js';
import { diffOrdering } from './ordering.js';
import { storePathNormalizer } from './store-paths.js';
import type { DiffOptions, DiffSide, DiffInput, GraphDiff } from './types.js';
import { diffUnits } from './units.js';

const side = (g: DiffInput): DiffSide => ({ source: g.set.source, target: g.graph.target, units: g.graph.view.order, transaction: g.graph.transaction.size });

const diffTransaction = (oldGen: DiffInput, newGen: DiffInput): GraphDiff['transaction'] => {
  const a = oldGen.graph.transaction;
  const b = newGen.graph.transaction;
  const both = (u: string): boolean => oldGen.set.units.has(u) && newGen.set.units.has(u);
  return {
    joined: [...b].filter((u) => !a.has(u) && both(u)).sort(),
    left: [...a].filter((u) => !b.has(u) && both(u)).sort(),
  };
};

export const diffGraphs = (oldGen: DiffInput, newGen: DiffInput, opts: DiffOptions = {}): GraphDiff => {
  const keep = opts.keepStoreHashes === true;
  const units = diffUnits(oldGen.set, newGen.set, keep);
  return {
    units: { added: units.added, removed: units.removed, changed: units.changed, storeOnly: units.storeOnly },
    transaction: diffTransaction(oldGen, newGen),
    edges: diffEdges(oldGen.graph, newGen.graph),
    ordering: diffOrdering(oldGen.graph, newGen.graph),
    findings: diffFindings(oldGen.findings, newGen.findings, storePathNormalizer(keep)),
    old: side(oldGen),
    new: side(newGen),
    keepStoreHashes: keep,
    origins: units.origins,
  };
};

/**
 * Whether the generations differ. Units that changed only in store paths count only when store
 * hashes are kept (they are then in `changed`); otherwise their bucket is informational.
 */
export const hasDifferences = (d: GraphDiff): boolean =>
  d.units.added.length + d.units.removed.length + d.units.changed.length + d.transaction.joined.length + d.transaction.left.length + d.edges.added.length + d.edges.removed.length +
    d.ordering.gained.length + d.ordering.lost.length + d.findings.new.length + d.findings.resolved.length > 0;
