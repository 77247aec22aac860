/**
 * Reading a merged unit's settings the way systemd applies them: for a single-valued key the
 * last assignment wins and an empty assignment resets it to the default; for a list-valued key
 * every assignment appends its whitespace-separated words and an empty assignment clears the list.
 * An assignment whose value systemd's parser rejects is skipped, as systemd skips it ("..., ignoring"):
 * `Where=/tmp` then `Where=1` leaves /tmp (value-grammar.ts; a value valid in any version counts).
 */
import type { Directive, Unit } from '../types.js';
import { isRejectedValue } from './value-grammar.js';

type HasDirectives = Pick<Unit, 'directives'>;

/** The directive that finally sets `section.key`, or undefined if unset or reset. */
export const lastDirective = (unit: HasDirectives, section: string, key: string): Directive | undefined => {
  let found: Directive | undefined;
  const all = unit.directives;
  for (let i = 0; i < all.length; i++) {
    const d = all[i] as Directive;
    if (d.section === section && d.key === key && !isRejectedValue(section, key, d.value)) found = d;
  }
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
  const all = unit.directives;
  for (let i = 0; i < all.length; i++) {
    const d = all[i] as Directive;
    if (d.section !== section || d.key !== key) continue;
    if (d.value === '') {
      items = [];
      continue;
    }
    for (const word of d.value.split(/\s+/)) if (word !== '') items.push({ value: word, directive: d });
  }
  return items;
};

export { parseBoolean } from './value-grammar.js';
