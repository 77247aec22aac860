import type { MultiDirectedGraph } from 'graphology';
import type { Unit } from '../parse/types.js';

/**
 * Graph stage value types. Edges are in the contract's normalised forward form:
 * `a After= b` is `{ from: b, to: a, kind: 'Before' }`; `a WantedBy= b` is `{ from: b, to: a, kind: 'Wants' }`.
 */
export const EDGE_KINDS = [
  'Wants', 'Requires', 'Requisite', 'BindsTo', 'PartOf', 'Upholds', 'Conflicts', 'Before',
  'OnFailure', 'OnSuccess', 'Triggers', 'PropagatesReloadTo', 'PropagatesStopTo',
] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export type EdgeOrigin = 'file' | 'wants-dir' | 'default' | 'implicit' | 'generator';

export interface DepEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly origin: EdgeOrigin;
  /** Where it came from: the file and line of the directive or link, if any. */
  readonly file?: string;
  readonly line?: number;
  /** The directive as written, e.g. "After=network-online.target" or "DefaultDependencies=yes (mount)". */
  readonly via?: string;
  /**
   * The unit whose own settings produced the edge (the writer of the directive, the owner of the
   * `.wants/` directory, the unit whose DefaultDependencies= added it). Set by buildGraph.
   */
  readonly owner?: string | undefined;
}

/** Kinds that pull a unit into a transaction. */
export const PULL_KINDS: ReadonlySet<EdgeKind> = new Set(['Wants', 'Requires', 'Requisite', 'BindsTo', 'Upholds']);
/** Kinds that make the dependency a hard requirement. */
export const HARD_KINDS: ReadonlySet<EdgeKind> = new Set(['Requires', 'Requisite', 'BindsTo']);

export interface NodeAttributes {
  readonly unit: Unit;
}

export type DepGraph = MultiDirectedGraph<NodeAttributes, DepEdge>;
