/**
 * Reads the oracle JSON that scripts/systemd-oracle.sh writes from `systemd --test` (systemd's
 * own loaded graph of an unpacked tree) and turns its dependencies into contract edge triples.
 */
import { existsSync, readFileSync } from 'node:fs';

interface OracleDep {
  kind: string;
  unit: string;
  origins: string[];
}
interface OracleUnit {
  loadState: string;
  fragmentPath?: string | null;
  dropins?: string[];
  deps: OracleDep[];
  host?: boolean;
  job?: string | null;
}
export interface Oracle {
  units: Record<string, OracleUnit>;
}

export const readOracle = (path: string): Oracle | undefined => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Oracle) : undefined);

/** systemd's dump kinds → [contract kind, reversed?]; others (References, InSlice, ...) are not edges of the contract. */
const KINDS: Record<string, [string, boolean]> = {
  After: ['Before', true], Before: ['Before', false],
  Requires: ['Requires', false], RequiredBy: ['Requires', true],
  Requisite: ['Requisite', false], RequisiteOf: ['Requisite', true],
  Wants: ['Wants', false], WantedBy: ['Wants', true],
  BindsTo: ['BindsTo', false], BoundBy: ['BindsTo', true],
  PartOf: ['PartOf', false], ConsistsOf: ['PartOf', true],
  Upholds: ['Upholds', false], UpheldBy: ['Upholds', true],
  Conflicts: ['Conflicts', false], ConflictedBy: ['Conflicts', true],
  OnFailure: ['OnFailure', false], OnFailureOf: ['OnFailure', true],
  OnSuccess: ['OnSuccess', false], OnSuccessOf: ['OnSuccess', true],
  Triggers: ['Triggers', false], TriggeredBy: ['Triggers', true],
  PropagatesStopTo: ['PropagatesStopTo', false], StopPropagatedFrom: ['PropagatesStopTo', true],
  PropagatesReloadTo: ['PropagatesReloadTo', false], ReloadPropagatedFrom: ['PropagatesReloadTo', true],
};

/** Conflicts is symmetric in systemd: one key for both directions. */
export const tripleKey = (from: string, to: string, kind: string): string =>
  kind === 'Conflicts' ? `${[from, to].sort().join(' ')} Conflicts` : `${from} ${to} ${kind}`;

export const oracleUnits = (o: Oracle): Set<string> => new Set(Object.entries(o.units).filter(([, u]) => u.host !== true).map(([n]) => n));

export const oracleEdges = (o: Oracle): Set<string> => {
  const units = oracleUnits(o);
  const out = new Set<string>();
  for (const [name, u] of Object.entries(o.units)) {
    if (!units.has(name)) continue;
    for (const d of u.deps) {
      const k = KINDS[d.kind];
      if (k === undefined || !units.has(d.unit) || d.unit === name) continue;
      const [kind, rev] = k;
      out.add(rev ? tripleKey(d.unit, name, kind) : tripleKey(name, d.unit, kind));
    }
  }
  return out;
};
