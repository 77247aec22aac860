/**
 * The engine-neutral layout model: what a layout engine (ELK) produces and what the SVG and web
 * drawing consume. Plain data, JSON-serialisable, deterministic for the same input.
 * Coordinates are in px, origin top-left; y grows downwards.
 */
export interface Point {
  readonly x: number;
  readonly y: number;
}

export type NodeRole = 'unit' | 'landmark' | 'target' | 'referenced' | 'generator' | 'masked';

export interface LayoutNode {
  readonly id: string; // the unit name
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly type: string; // unit type: service, mount, ...
  readonly origin: string; // file | generator | referenced
  /** A special target of systemd.special(7)/bootup(7) (sysinit.target, initrd-fs.target, ...). */
  readonly landmark: boolean;
  readonly masked: boolean;
  /** Findings about this unit (rule + message), drawn as an outline and tooltip. */
  readonly findings: ReadonlyArray<{ readonly rule: string; readonly severity: string; readonly message: string }>;
  /** Timeline view: the job's step (longest Before-chain position) and lane. */
  readonly step?: number;
  readonly lane?: number;
  readonly critical?: boolean;
  /** False for a unit outside the target's transaction (drawn faded; only a --focus view has them). */
  readonly inTransaction?: boolean;
  /** The unit named by --focus. */
  readonly focus?: boolean;
  /** Timeline with durations: predicted start and the measured duration, in seconds. */
  readonly start?: number;
  readonly duration?: number;
  /** The isolate phase (its target) that stops this unit (boot plan step 2). */
  readonly stoppedBy?: string;
  /** The phases (their targets) in which the unit gets a job. */
  readonly jobs?: readonly string[];
}

export interface LayoutEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: string; // Before, Wants, Requires, ...
  readonly origin: string; // file | wants-dir | default | implicit | generator
  /** The route: start, bend points, end (orthogonal segments). */
  readonly points: readonly Point[];
  /** Where this edge branches off others that share its port (drawn as dots). */
  readonly junctions?: readonly Point[];
  readonly critical?: boolean;
}

/**
 * Free text of a layout. `phase`: a landmark's name in the timeline (x = the text's left end);
 * `axis`: a tick of the timeline's step or time axis (x = the tick); `legend`: a note for the
 * drawing's header, e.g. which edges were left out (x, y unused).
 */
export interface LayoutLabel {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly kind: 'phase' | 'legend' | 'title' | 'axis';
}

export interface Layout {
  readonly view: 'ordering' | 'timeline' | 'diff';
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
  readonly labels: readonly LayoutLabel[];
  /** Timeline: phase bands between landmark targets. */
  readonly phases?: ReadonlyArray<{ readonly name: string; readonly x0: number; readonly x1: number }>;
  /**
   * Timeline: where a step of the boot plan begins (the isolate of initrd-switch-root.target once
   * initrd.target is reached) and where the boot leaves the initrd (the switch), each a line at x.
   */
  readonly boundaries?: ReadonlyArray<{ readonly x: number; readonly text: string }>;
}

/** Injected text measurement: a width table in the CLI, a canvas in the browser. */
export type MeasureText = (text: string, fontSize: number) => number;
