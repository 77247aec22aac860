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
  // each one worked out only when the value uses it (unescaping encodes and decodes)
  const specifier = (c: string): string | undefined => {
    switch (c) {
      case '%': return '%';
      case 'n': return unitName;
      case 'N': return unitName.slice(0, unitName.length - p.suffix.length - 1);
      case 'p': return prefix;
      case 'P': return unescapeName(prefix);
      case 'i': return instance;
      case 'I': return unescapeName(instance);
      case 'f': return instance !== '' ? unescapePath(instance) : unescapePath(prefix);
      case 'j': return j;
      case 'J': return unescapeName(j);
      default: return undefined;
    }
  };
  return value.replace(/%(.)/g, (m, c: string) => specifier(c) ?? m);
};
