/**
 * Unit names as systemd validates and splits them (src/basic/unit-name.c: unit_name_is_valid,
 * unit_name_to_prefix, unit_name_to_instance, unit_name_template, unit_name_replace_instance).
 */
import { unitTypeOf, type UnitType } from '../types.js';

export const UNIT_NAME_MAX = 255;
const VALID_CHARS = /^[A-Za-z0-9:\-_.\\@]+$/;

export type NameKind = 'plain' | 'template' | 'instance';

export interface ParsedName {
  readonly kind: NameKind;
  readonly type: UnitType;
  /** Everything before '@' (or before the suffix for plain names). */
  readonly prefix: string;
  /** The instance string (escaped), '' for templates, undefined for plain names. */
  readonly instance: string | undefined;
  readonly suffix: string;
}

/**
 * Names are parsed again and again (every lookup, drop-in search and dependency); the answers of
 * a run are kept, up to a bound so that a long-lived process (`serve`) does not grow without end.
 */
const PARSED_MAX = 200_000;
const parsed = new Map<string, ParsedName | undefined>();

export const parseUnitName = (name: string): ParsedName | undefined => {
  let p = parsed.get(name);
  if (p === undefined && !parsed.has(name)) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    p = parseUnitNameUncached(name);
    parsed.set(name, p);
  }
  return p;
};

const parseUnitNameUncached = (name: string): ParsedName | undefined => {
  if (name.length === 0 || name.length > UNIT_NAME_MAX || !VALID_CHARS.test(name)) return undefined;
  const type = unitTypeOf(name);
  if (type === undefined) return undefined;
  const stem = name.slice(0, name.length - type.length - 1);
  const at = stem.indexOf('@');
  if (at < 0) return stem === '' ? undefined : { kind: 'plain', type, prefix: stem, instance: undefined, suffix: type };
  const prefix = stem.slice(0, at);
  const instance = stem.slice(at + 1);
  if (prefix === '' || instance.includes('@')) return undefined;
  return { kind: instance === '' ? 'template' : 'instance', type, prefix, instance, suffix: type };
};

export const isValidUnitName = (name: string): boolean => parseUnitName(name) !== undefined;

/** `foo@bar.service` → `foo@.service`; undefined for non-instances. */
export const templateOf = (name: string): string | undefined => {
  const p = parseUnitName(name);
  return p?.kind === 'instance' ? `${p.prefix}@.${p.suffix}` : undefined;
};

/** `foo@.service` + `bar` → `foo@bar.service`. */
export const withInstance = (template: string, instance: string): string => {
  const p = parseUnitName(template);
  return p === undefined ? template : `${p.prefix}@${instance}.${p.suffix}`;
};
