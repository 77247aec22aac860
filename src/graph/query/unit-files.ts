/** Each unit file of the image once (templates serve many instances), with a unit of its type. */
import type { Unit } from '../../parse/types.js';
import type { UnitGraph } from '../build.js';

export const distinctFileUnits = (g: UnitGraph): Unit[] => {
  const seen = new Set<string>();
  const out: Unit[] = [];
  const units = [...g.set.units.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const u of units) {
    if (u.origin !== 'file' || u.masked) continue;
    const key = [u.realFile, ...u.dropins].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(u);
  }
  return out;
};
