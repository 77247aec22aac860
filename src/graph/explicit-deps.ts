/**
 * Dependencies a unit states itself: the [Unit] dependency directives (systemd.unit(5)
 * "[Unit] Section Options"; src/core/load-fragment-gperf.gperf.in → config_parse_unit_deps) and
 * its `.wants/`, `.requires/`, `.upholds/` links, normalised to the contract's forward form.
 */
import { expandSpecifiers } from '../parse/load/specifiers.js';
import { listValues } from '../parse/load/unit-values.js';
import type { Directive, Unit } from '../parse/types.js';
import type { DepEdge, EdgeKind } from './types.js';

/** Directive → (kind, direction). `reverse` means the named unit is the edge's source. */
export const DEPENDENCY_KEYS: Readonly<Record<string, { kind: EdgeKind; reverse: boolean }>> = {
  Wants: { kind: 'Wants', reverse: false },
  Requires: { kind: 'Requires', reverse: false },
  Requisite: { kind: 'Requisite', reverse: false },
  // obsolete, mapped by config_parse_obsolete_unit_deps ("... is obsolete, replacing by Requires=")
  RequiresOverridable: { kind: 'Requires', reverse: false },
  RequisiteOverridable: { kind: 'Requisite', reverse: false },
  BindsTo: { kind: 'BindsTo', reverse: false },
  BindTo: { kind: 'BindsTo', reverse: false }, // old spelling, still accepted
  PartOf: { kind: 'PartOf', reverse: false },
  Upholds: { kind: 'Upholds', reverse: false },
  Conflicts: { kind: 'Conflicts', reverse: false },
  Before: { kind: 'Before', reverse: false },
  After: { kind: 'Before', reverse: true },
  OnFailure: { kind: 'OnFailure', reverse: false },
  OnSuccess: { kind: 'OnSuccess', reverse: false },
  PropagatesReloadTo: { kind: 'PropagatesReloadTo', reverse: false },
  PropagateReloadTo: { kind: 'PropagatesReloadTo', reverse: false },
  ReloadPropagatedFrom: { kind: 'PropagatesReloadTo', reverse: true },
  PropagateReloadFrom: { kind: 'PropagatesReloadTo', reverse: true },
  PropagatesStopTo: { kind: 'PropagatesStopTo', reverse: false },
  StopPropagatedFrom: { kind: 'PropagatesStopTo', reverse: true },
};

const DEPENDENCY_ENTRIES = Object.entries(DEPENDENCY_KEYS);

export interface NameProblem {
  readonly unit: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/**
 * `resolveName` maps a written name to the canonical unit name (through aliases; creating
 * instance/referenced units as systemd would); undefined for names systemd refuses.
 */
/** `After=`, `Wants=`, ...: one string per key, shared by the via strings of every edge. */
const keyPrefixes = new Map<string, string>();
const keyEquals = (key: string): string => {
  let p = keyPrefixes.get(key);
  if (p === undefined) keyPrefixes.set(key, (p = `${key}=`));
  return p;
};

export const explicitDependencies = (
  unit: Unit,
  resolveName: (name: string) => string | undefined,
  problems: NameProblem[],
): DepEdge[] => {
  const edges: DepEdge[] = [];
  // one pass sorts the [Unit] dependency directives by key; each key is then read as listValues does
  const byKey = new Map<string, Directive[]>();
  for (let di = 0, ds = unit.directives; di < ds.length; di++) {
    const d = ds[di] as Directive;
    if (d.section !== 'Unit' || !Object.hasOwn(DEPENDENCY_KEYS, d.key)) continue;
    const list = byKey.get(d.key);
    if (list === undefined) byKey.set(d.key, [d]);
    else list.push(d);
  }
  if (byKey.size === 0 && unit.wantsLinks.length === 0) return edges;
  for (let k = 0; k < DEPENDENCY_ENTRIES.length; k++) {
    const entry = DEPENDENCY_ENTRIES[k] as [string, { kind: EdgeKind; reverse: boolean }];
    const key = entry[0];
    const spec = entry[1];
    const directives = byKey.get(key);
    if (directives === undefined) continue;
    for (const item of listValues({ directives }, 'Unit', key)) {
      const written = expandSpecifiers(item.value, unit.name);
      const other = resolveName(written);
      const d = item.directive;
      if (other === undefined) {
        problems.push({ unit: unit.name, name: written, file: d.file, line: d.line, message: `${key}=${written}: not a valid unit name; systemd ignores it` });
        continue;
      }
      if (other === unit.name) continue; // systemd drops dependencies on itself
      const [from, to] = spec.reverse ? [other, unit.name] : [unit.name, other];
      edges.push({ from, to, kind: spec.kind, origin: 'file', file: d.file, line: d.line, via: keyEquals(key) + item.value, owner: undefined });
    }
  }
  for (const link of unit.wantsLinks) {
    const other = resolveName(link.unit);
    if (other === undefined || other === unit.name) continue;
    // (literal prefixes: the via string then shares them instead of copying one per edge)
    const dir = link.kind === 'Wants' ? '.wants/' : link.kind === 'Requires' ? '.requires/' : '.upholds/';
    edges.push({ from: unit.name, to: other, kind: link.kind, origin: 'wants-dir', file: link.file, via: dir + link.unit, owner: undefined });
  }
  return edges;
};
