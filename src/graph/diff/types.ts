/**
 * The values `diffGraphs` produces: what changed between two generations of a boot image. The
 * JSON of `unitgraph diff` (contract.md, "diff --format json") is made from these, field for
 * field; the extra fields (storeOnly, the unit properties, edge locations) are allowed there.
 */
import type { UnitGraph } from '../build.js';
import type { Finding } from '../checks/types.js';
import type { EdgeKind, EdgeOrigin } from '../types.js';
import type { UnitSet } from '../../parse/types.js';

/** One generation as the diff needs it: the units, their graph, and the findings of the checks. */
export interface DiffInput {
  readonly set: UnitSet;
  readonly graph: UnitGraph;
  readonly findings: readonly Finding[];
}

export interface DiffOptions {
  /** Compare `/nix/store/<hash>-` as it is (default: the hash is normalised away). */
  readonly keepStoreHashes?: boolean;
}

/**
 * A change of one key of the merged unit (fragment plus drop-ins, in application order). Values
 * assigned several times are compared as the sequence of assignments: `old`/`new` then hold the
 * values one per line, and `removed`/`added` the assignments only one side has.
 */
export interface DirectiveChange {
  readonly section: string;
  readonly key: string;
  /** The value in the old generation (the values, one per line, when assigned more than once); null when unset. */
  readonly old: string | null;
  readonly new: string | null;
  readonly removed?: readonly string[];
  readonly added?: readonly string[];
  /** The values differ only in their /nix/store hashes (listed only with keepStoreHashes). */
  readonly storeOnly?: true;
}

export interface ValueChange<T> {
  readonly old: T;
  readonly new: T;
  readonly storeOnly?: true;
}

export interface SetChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface UnitChange {
  readonly name: string;
  /** Directive changes, by section (Unit first, Install last) and key. */
  readonly changes: readonly DirectiveChange[];
  readonly masked?: ValueChange<boolean>;
  readonly origin?: ValueChange<string>;
  /** The fragment's path on the unit search path. */
  readonly file?: ValueChange<string | null>;
  /** Where the fragment resolves to (a store path, /dev/null for a masked unit). */
  readonly realFile?: ValueChange<string | null>;
  readonly aliases?: SetChange;
  readonly dropins?: SetChange;
  /** Every difference of this unit is in /nix/store hashes only (e.g. the script it runs was rebuilt). */
  readonly storeOnly?: true;
}

/** An edge in the contract's form, compared without file and line (a moved line is no change). */
export interface DiffEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly origin: EdgeOrigin;
  /** Where the edge comes from in the generation that has it (first location, if any). */
  readonly file?: string;
  readonly line?: number;
}

export interface DiffFinding {
  readonly rule: string;
  readonly severity: string;
  readonly units: readonly string[];
  readonly message: string;
  readonly location?: { readonly file: string; readonly line?: number };
}

export interface GraphDiff {
  readonly units: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly changed: readonly UnitChange[];
    /**
     * Units whose only difference is in /nix/store hashes; kept apart so they do not drown the
     * real changes. Empty with keepStoreHashes (they are then in `changed`, marked storeOnly).
     */
    readonly storeOnly: readonly UnitChange[];
  };
  readonly edges: { readonly added: readonly DiffEdge[]; readonly removed: readonly DiffEdge[] };
  /**
   * Units of both generations that joined or left the target's transaction (a masked unit that
   * is no longer pulled in, a target newly wanted). Units added or removed are not repeated here.
   */
  readonly transaction: { readonly joined: readonly string[]; readonly left: readonly string[] };
  /** Pairs [a, b]: a is ordered before b in one generation and not in the other (transitively reduced). */
  readonly ordering: { readonly gained: ReadonlyArray<readonly [string, string]>; readonly lost: ReadonlyArray<readonly [string, string]> };
  readonly findings: { readonly new: readonly DiffFinding[]; readonly resolved: readonly DiffFinding[] };
  /** The two sides: source, target and unit count. */
  readonly old: DiffSide;
  readonly new: DiffSide;
  readonly keepStoreHashes: boolean;
  /** Origin of each added or removed unit (file, generator, referenced), for the text output. */
  readonly origins: Readonly<Record<string, string>>;
}

export interface DiffSide {
  readonly source: string;
  readonly target: string;
  readonly units: number;
  readonly transaction: number;
}
