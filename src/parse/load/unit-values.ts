/**
 * Reading a merged unit's settings the way systemd applies them: for a single-valued key the
 * last assignment wins and an empty assignment resets it to the default; for a list-valued key
 * every assignment appends its whitespace-separated words and an empty assignment clears the list.
 */
import type { Directive, Unit } from '../types.js';

type HasDirectives = Pick<Unit, 'directives'>;

/** The directive that finally sets `section.key`, or undefined if unset or reset. */
export const lastDirective = (unit: HasDirectives, section: string, key: string): Directive | undefined => {
  let found: Directive | undefined;
  for (const d of unit.directives) if (d.section === section && d.key === key) found = d;
  return found === undefined || found.value === '' ? undefined : found;
};

export const lastValue = (unit: HasDirectives, section: string, key: string): string | undefined =>
  lastDirective(unit, section, key)?.value;

export interface ListItem {
  readonly value: string;
  readonly directive: Directive;
}

/** Whitespace-separated words of every assignment of `section.key`, with resets applied. */
export const listValues = (unit: HasDirectives, section: string, key: string): ListItem[] => {
  let items: ListItem[] = [];
  for (const d of unit.directives) {
    if (d.section !== section || d.key !== key) continue;
    if (d.value === '') {
      items = [];
      continue;
    }
    for (const word of d.value.split(/\s+/)) if (word !== '') items.push({ value: word, directive: d });
  }
  return items;
};

/** systemd's parse_boolean(). Undefined for anything else. */
export const parseBoolean = (v: string | undefined): boolean | undefined => {
  if (v === undefined) return undefined;
  const s = v.toLowerCase();
  if (['1', 'yes', 'y', 'true', 't', 'on'].includes(s)) return true;
  if (['0', 'no', 'n', 'false', 'f', 'off'].includes(s)) return false;
  return undefined;
};
