/** Each unit file of the image once (templates serve many instances), with a unit of its type. */
import type { Unit } from '../../parse/types.js';
import type { UnitGraph } from '../build.js';
import { compareText } from '../../text-order.js';

/** Several rules ask for the same list; it is kept per graph while the unit set does not grow. */
const memo = new WeakMap<UnitGraph, { size: number; units: Unit[] }>();

export const distinctFileUnits = (g: UnitGraph): Unit[] => {
  const cached = memo.get(g);
  if (cached !== undefined && cached.size === g.set.units.size) return [...cached.units];
  const out = computeDistinctFileUnits(g);
  memo.set(g, { size: g.set.units.size, units: out });
  return [...out];
};

const computeDistinctFileUnits = (g: UnitGraph): Unit[] => {
  const seen = new Set<string>();
  const out: Unit[] = [];
  const units = [...g.set.units.values()].sort((a, b) => compareText(a.name, b.name));
  for (const u of units) {
    if (u.origin !== 'file' || u.masked) continue;
    const key = [u.realFile, ...u.dropins].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(u);
  }
  return out;
};
