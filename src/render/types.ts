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
  readonly inTransaction: boolean;
}

export interface RenderFinding {
  readonly rule: string;
  readonly severity: string;
  readonly units: readonly string[];
  readonly message: string;
  readonly location?: { readonly file: string; readonly line?: number };
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
  /** Every unit of the graph; `inTransaction` tells the target's transaction apart. */
  readonly nodes: readonly RenderNode[];
  readonly edges: readonly RenderEdge[];
  readonly findings: readonly RenderFinding[];
  /** Merged unit texts, for the interactive page (omitted for static SVG). */
  readonly units?: Readonly<Record<string, RenderUnitText>>;
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
