/**
 * What the drawings receive: the graph as plain data (no graphology), the findings, and for the
 * interactive page the merged text of each unit. Built by `toRenderInput` in src/index.ts.
 */
export interface RenderEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly origin: string;
  readonly file?: string;
  readonly line?: number;
  readonly via?: string;
}

export interface RenderNode {
  readonly id: string;
  readonly type: string;
  readonly origin: string;
  readonly masked: boolean;
  /** True when some phase of the boot plan reaches the unit. */
  readonly inTransaction: boolean;
  /** The targets of the phases in which the unit gets a job (absent: not computed, e.g. old data). */
  readonly jobs?: readonly string[];
  /** The isolate phase (its target) that stops this unit, if one does. */
  readonly stoppedBy?: string;
}

export interface RenderFinding {
  readonly rule: string;
  readonly severity: string;
  readonly units: readonly string[];
  readonly message: string;
  readonly location?: { readonly file: string; readonly line?: number };
  readonly phase?: string;
}

export interface RenderUnitText {
  readonly file: string | null;
  readonly realFile: string | null;
  readonly aliases: readonly string[];
  readonly dropins: readonly string[];
  readonly directives: ReadonlyArray<{ readonly section: string; readonly key: string; readonly value: string; readonly file: string; readonly line: number }>;
}

export interface RenderInput {
  readonly source: string;
  readonly target: string;
  /** The steps of the boot plan, in order (absent in data made before the plan existed). */
  readonly phases?: ReadonlyArray<{ readonly target: string; readonly mode: string }>;
  /** Every unit of the graph; `inTransaction` tells the target's transaction apart. */
  readonly nodes: readonly RenderNode[];
  readonly edges: readonly RenderEdge[];
  readonly findings: readonly RenderFinding[];
  /** Merged unit texts, for the interactive page (omitted for static SVG). */
  readonly units?: Readonly<Record<string, RenderUnitText>>;
  /** Present only for `unitgraph diff --html`: the graph is the union of two generations. */
  readonly diff?: RenderDiff;
}

export type RenderDiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/**
 * One change of a changed unit: a directive (`section` as in the unit file) or, with `section`
 * empty, a property of the unit (masked, origin, fragment, aliases, drop-ins). Values are null
 * when unset; a key assigned several times has its values one per line.
 */
export interface RenderDiffChange {
  readonly section: string;
  readonly key: string;
  readonly old: string | null;
  readonly new: string | null;
}

export interface RenderDiffEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly origin: string;
  readonly status: 'added' | 'removed';
}

/** What changed between two generations, for the interactive page's diff view. */
export interface RenderDiff {
  readonly old: { readonly source: string; readonly target: string };
  readonly new: { readonly source: string; readonly target: string };
  /** Status of every unit of the union graph. */
  readonly units: Readonly<Record<string, RenderDiffStatus>>;
  /** The changes of each changed unit. */
  readonly changes: Readonly<Record<string, readonly RenderDiffChange[]>>;
  /** Edges added or removed (every other edge of the union is unchanged). */
  readonly edges: readonly RenderDiffEdge[];
  /** Pairs [a, b]: a is ordered before b in the new generation and not the old (gained), or the reverse (lost). */
  readonly ordering: { readonly gained: ReadonlyArray<readonly [string, string]>; readonly lost: ReadonlyArray<readonly [string, string]> };
  readonly findings: { readonly new: readonly RenderFinding[]; readonly resolved: readonly RenderFinding[] };
  /** Units whose only difference is in /nix/store hashes, counted but not marked. */
  readonly storeOnly: number;
  /** Units of both generations that joined or left the boot (or one of its steps), with what changed. */
  readonly membership?: Readonly<Record<string, { readonly status: 'joined' | 'left'; readonly text: string }>>;
}

/** The special targets of systemd.special(7) / bootup(7) drawn as landmarks, in boot order. */
export const LANDMARKS: readonly string[] = [
  'sysinit.target',
  'cryptsetup.target',
  'local-fs.target',
  'basic.target',
  'initrd-root-device.target',
  'initrd-root-fs.target',
  'initrd-fs.target',
  'initrd.target',
  'initrd-switch-root.target',
  'multi-user.target',
  'graphical.target',
];
