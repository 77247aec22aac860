/** The values the checks produce and consume. */
import type { UnitGraph } from '../build.js';
import type { Phase } from '../plan.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface Location {
  readonly file: string;
  readonly line?: number;
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  /** Every unit the finding is about (for a cycle: all units on it, in cycle order). */
  readonly units: readonly string[];
  readonly message: string;
  readonly location?: Location;
  /**
   * The phase of the boot plan the finding belongs to (its target: initrd.target,
   * initrd-switch-root.target); the first phase in which it arises.
   */
  readonly phase?: string;
  /** Further lines (a cycle's edges with origins, the suggested fix, ...). */
  readonly details?: readonly string[];
}

export interface CheckMeta {
  readonly defaultSeverity: Severity;
  readonly description: string;
  /** messageId → template with {{placeholders}}, as ESLint rules have. */
  readonly messages: Readonly<Record<string, string>>;
  /**
   * A default severity per messageId where it differs from `defaultSeverity` (a rule whose
   * contract severity is "warning / error"); a severity set in the configuration applies to all.
   */
  readonly messageSeverities?: Readonly<Record<string, Severity>>;
}

export interface Report {
  readonly messageId: string;
  /**
   * The default severity of this finding where it differs from the rule's (an info for a
   * condition, a warning for a guarded call); the configuration's setting for the rule still wins.
   */
  readonly severity?: Severity;
  readonly units: readonly string[];
  readonly data?: Readonly<Record<string, string | number>>;
  readonly location?: Location;
  readonly details?: readonly string[];
}

export interface CheckContext {
  readonly graph: UnitGraph;
  /**
   * The phase of the boot plan being checked. Every rule runs once per phase; a finding raised
   * the same way in two phases is kept once, under the first.
   */
  readonly phase: Phase;
  /** The units active when this phase begins (jobs of earlier phases, less what they stopped). */
  readonly active: ReadonlySet<string>;
  report(r: Report): void;
}

export interface Check {
  readonly id: string;
  readonly meta: CheckMeta;
  run(ctx: CheckContext): void;
}

export interface CheckConfig {
  readonly rules?: Readonly<Record<string, SeveritySetting>>;
  readonly ignore?: ReadonlyArray<{ readonly rule?: string; readonly units?: readonly string[] }>;
}

export interface CheckResult {
  readonly findings: readonly Finding[];
  /** Findings dropped by the configuration's `ignore` entries. */
  readonly suppressed: number;
  readonly summary: { readonly errors: number; readonly warnings: number; readonly infos: number };
}
