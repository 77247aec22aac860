/**
 * The assignments of the units a phase reaches, each unit file once (instances of a template share
 * it), in the sections the unit's type reads ([Unit], its own, [Install]). For the rules that look
 * at keys and values (invalid-value, directive-too-new, directive-removed, deprecated-directive).
 */
import type { Directive, Unit } from '../../parse/types.js';
import { sectionsFor } from '../../parse/unit-file/known-directives.js';
import type { UnitGraph } from '../build.js';

/** Several rules ask for the same phase: kept per phase (its set of units). */
const memo = new WeakMap<ReadonlySet<string>, { size: number; units: Unit[] }>();

export const phaseFileUnits = (g: UnitGraph, units: ReadonlySet<string>): Unit[] => {
  const cached = memo.get(units);
  if (cached !== undefined && cached.size === g.set.units.size) return cached.units;
  const out = computePhaseFileUnits(g, units);
  memo.set(units, { size: g.set.units.size, units: out });
  return out;
};

const computePhaseFileUnits = (g: UnitGraph, units: ReadonlySet<string>): Unit[] => {
  const seen = new Set<string>();
  const out: Unit[] = [];
  for (const name of [...units].sort()) {
    const u = g.set.lookup(name);
    if (u === undefined || u.file === null || u.masked || u.origin !== 'file') continue;
    const key = [u.realFile, ...u.dropins].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(u);
  }
  return out;
};

const read = new WeakMap<readonly Directive[], Directive[]>();

/** The unit's assignments in the sections its type reads (kept per list of directives). */
export const readDirectives = (u: Unit): readonly Directive[] => {
  let r = read.get(u.directives);
  if (r === undefined) {
    const sections = sectionsFor(u.type);
    r = u.directives.filter((d) => sections.includes(d.section) && !d.key.startsWith('X-'));
    read.set(u.directives, r);
  }
  return r;
};
