/**
 * Unit specifiers in dependency values (systemd.unit(5) "Specifiers"; src/core/unit-printf.c).
 * Only the name-derived ones can be known offline; the others (%H, %m, %b, ...) are left as
 * written and reported by the caller when they appear in a unit name.
 */
import { unescapeName, unescapePath } from './escape.js';
import { parseUnitName } from './unit-name.js';

export const expandSpecifiers = (value: string, unitName: string): string => {
  if (!value.includes('%')) return value;
  const p = parseUnitName(unitName);
  if (p === undefined) return value;
  const instance = p.instance ?? '';
  const prefix = p.prefix;
  const lastDash = prefix.lastIndexOf('-');
  const j = lastDash < 0 ? prefix : prefix.slice(lastDash + 1);
  const table: Record<string, string> = {
    '%': '%',
    n: unitName,
    N: unitName.slice(0, unitName.length - p.suffix.length - 1),
    p: prefix,
    P: unescapeName(prefix),
    i: instance,
    I: unescapeName(instance),
    f: instance !== '' ? unescapePath(instance) : unescapePath(prefix),
    j,
    J: unescapeName(j),
  };
  return value.replace(/%(.)/g, (m, c: string) => table[c] ?? m);
};
