/**
 * The assignments of the units a phase reaches, each unit file once (instances of a template share
 * it), in the sections the unit's type reads ([Unit], its own, [Install]). For the rules that look
 * at keys and values (invalid-value, directive-too-new, directive-removed, deprecated-directive).
 */
import type { Directive, Unit } from '../../parse/types.js';
import { sectionsFor } from '../../parse/unit-file/known-directives.js';
import type { UnitGraph } from '../build.js';

export const phaseFileUnits = (g: UnitGraph, units: ReadonlySet<string>): Unit[] => {
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

/** The unit's assignments in the sections its type reads. */
export const readDirectives = (u: Unit): Directive[] => {
  const sections = sectionsFor(u.type);
  return u.directives.filter((d) => sections.includes(d.section) && !d.key.startsWith('X-'));
};
