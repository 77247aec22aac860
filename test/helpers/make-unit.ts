/**
 * Plain `Unit` values for graph-stage tests: a name plus `[Section]\nKey=value` text, read by the
 * real lexer (src/parse/unit-file/lexer.ts), and a `DepContext` over a handful of such units.
 */
import { parseUnitFile } from '../../src/parse/unit-file/lexer.js';
import { unitTypeOf, type Unit, type UnitOrigin } from '../../src/parse/types.js';
import type { DepContext } from '../../src/graph/default-deps.js';
import type { DepEdge } from '../../src/graph/types.js';

export interface MakeUnitOptions {
  origin?: UnitOrigin;
  masked?: boolean;
  /** Path of the fragment inside the source; default `etc/systemd/system/<name>`. */
  file?: string;
}

export const makeUnit = (name: string, text = '', opts: MakeUnitOptions = {}): Unit => {
  const type = unitTypeOf(name);
  if (type === undefined) throw new Error(`not a unit name: ${name}`);
  const origin = opts.origin ?? 'file';
  const file = origin === 'referenced' ? null : (opts.file ?? `etc/systemd/system/${name}`);
  const at = name.indexOf('@');
  const stem = name.slice(0, name.length - type.length - 1);
  const instance = at < 0 ? undefined : stem.slice(at + 1);
  const unit: Unit = {
    name, type, origin, file, realFile: file, masked: opts.masked ?? false, aliases: [], dropins: [],
    directives: file === null ? [] : [...parseUnitFile(text, file).directives], wantsLinks: [],
    ...(instance !== undefined && instance !== '' ? { template: `${stem.slice(0, at)}@.${type}`, instance } : {}),
  };
  return unit;
};

export interface ContextOptions {
  initrd?: boolean;
  systemdVersion?: number;
  /** Extra Before edges that exist already, as [from, to] pairs. */
  before?: ReadonlyArray<readonly [string, string]>;
}

/** A DepContext over `units`; names not among them are absent (peek) or `referenced` (unit). */
export const makeContext = (units: readonly Unit[], opts: ContextOptions = {}): DepContext => {
  const byName = new Map(units.map((u) => [u.name, u]));
  const befores = new Set((opts.before ?? []).map(([a, b]) => `${a} ${b}`));
  return {
    initrd: opts.initrd ?? false,
    ...(opts.systemdVersion === undefined ? {} : { systemdVersion: opts.systemdVersion }),
    unit: (n) => byName.get(n) ?? (unitTypeOf(n) === undefined ? undefined : makeUnit(n, '', { origin: 'referenced' })),
    peek: (n) => byName.get(n),
    hasBefore: (from, to) => befores.has(`${from} ${to}`),
  };
};

/** Edges as compact strings `from Kind to`, sorted, for table comparisons. */
export const edgeStrings = (edges: readonly DepEdge[]): string[] => edges.map((e) => `${e.from} ${e.kind} ${e.to}`).sort();
