/**
 * Which keys systemd knows, per section and unit type, for v245..v257 (systemd.directives(7)).
 *
 * How systemd decides (src/shared/conf-parser.c, src/core/load-fragment.c):
 * - each unit type accepts three sections: [Unit], its own ([Service] for .service, ...) and
 *   [Install] (the `.sections` of its unit vtable). Any other section is skipped with
 *   "Unknown section 'Mount'. Ignoring.", and sections whose name starts with `X-` silently.
 * - a key is looked up as "Section.Key" in load-fragment-gperf (case-sensitive); a miss logs
 *   "Unknown key 'Before' in section [Service], ignoring.", except for keys starting with `X-`,
 *   which are dropped silently. [Install] keys are in that table with no parser: the service
 *   manager ignores them and src/shared/install.c (systemctl enable) reads them.
 * The table itself is generated: directives-data.ts, by scripts/extract-directives.mjs.
 */
import { typeSection, type UnitType } from '../types.js';
import { DIRECTIVES, type LegacyNote } from './directives-data.js';

export { FIRST_VERSION, LAST_VERSION } from './directives-data.js';

export type DirectiveStatus = 'known' | 'unknown-key' | 'wrong-section' | 'ignored-section' | 'unknown-section';

export interface DirectiveLookup {
  readonly status: DirectiveStatus;
  /** Sections where the key is valid: for 'wrong-section' and 'unknown-section' (those this unit type accepts first). */
  readonly validSections?: string[];
  /** First and last systemd version (within FIRST_VERSION..LAST_VERSION) that knows the key here. */
  readonly since?: number;
  readonly until?: number;
  /** systemd's own mark: 'removed' keys are accepted with a warning and ignored. */
  readonly legacy?: LegacyNote;
  /** An `X-` key: systemd ignores it silently in any section it reads. */
  readonly extension?: true;
}

/** The sections systemd reads in a unit of this type, in its own order. */
export const sectionsFor = (type: UnitType): readonly string[] => ['Unit', typeSection(type), 'Install'];

const SECTIONS_BY_KEY = new Map<string, string[]>();
for (const [section, keys] of Object.entries(DIRECTIVES)) {
  for (const key of Object.keys(keys)) {
    const list = SECTIONS_BY_KEY.get(key);
    if (list) list.push(section);
    else SECTIONS_BY_KEY.set(key, [section]);
  }
}

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Every section in which systemd v245..v257 knows `key`. */
export const sectionsOfKey = (key: string): readonly string[] => SECTIONS_BY_KEY.get(key) ?? [];

const LOOKUPS_MAX = 100_000;
/** type → section → key → the answer: the strings are looked up as they are, no key is built per call. */
const lookups = new Map<string, Map<string, Map<string, DirectiveLookup>>>();
let looked = 0;

/**
 * What systemd makes of `key=` in `[section]` of a unit of this type. The answer depends on the
 * three names only, so it is kept: a big tree repeats the same few hundred keys thousands of times.
 */
export function lookupDirective(section: string, key: string, unitType: UnitType): DirectiveLookup {
  let bySection = lookups.get(unitType);
  if (bySection === undefined) lookups.set(unitType, (bySection = new Map()));
  let byKey = bySection.get(section);
  if (byKey === undefined) bySection.set(section, (byKey = new Map()));
  let r = byKey.get(key);
  if (r === undefined) {
    if (looked >= LOOKUPS_MAX) {
      // a bound for long-lived processes (serve)
      lookups.clear();
      looked = 0;
      return lookupDirective(section, key, unitType);
    }
    r = computeLookup(section, key, unitType);
    byKey.set(key, r);
    looked++;
  }
  return r;
}

function computeLookup(section: string, key: string, unitType: UnitType): DirectiveLookup {
  if (section.startsWith('X-')) return { status: 'ignored-section' };
  const accepted = sectionsFor(unitType);
  const where = sectionsOfKey(key);
  const preferred = where.filter((s) => accepted.includes(s));
  const valid = preferred.length > 0 ? preferred : [...where];
  if (!accepted.includes(section)) {
    return valid.length > 0 ? { status: 'unknown-section', validSections: valid } : { status: 'unknown-section' };
  }
  if (key.startsWith('X-')) return { status: 'known', extension: true };
  const keys = DIRECTIVES[section];
  const span = keys && own(keys, key) ? keys[key] : undefined;
  if (span) {
    const [since, until, legacy] = span;
    return legacy ? { status: 'known', since, until, legacy } : { status: 'known', since, until };
  }
  if (valid.length > 0) return { status: 'wrong-section', validSections: valid };
  return { status: 'unknown-key' };
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The known key closest to a misspelt one (`Afer` → `After`, `after` → `After`), looked for in
 * `section` first and then in the other sections this unit type reads; undefined when the key is
 * known there or nothing is close (at most 1 edit for keys under 5 letters, 2 up to 9, else 3).
 */
export function suggestKey(section: string, key: string, unitType: UnitType): string | undefined {
  const accepted = sectionsFor(unitType);
  const here = accepted.includes(section) ? [section] : [];
  const order = [...here, ...accepted.filter((s) => s !== section)];
  const keys = DIRECTIVES[section];
  if (keys && own(keys, key)) return undefined;
  const wanted = key.toLowerCase();
  const limit = key.length < 5 ? 1 : key.length < 10 ? 2 : 3;
  let best: { key: string; score: number } | undefined;
  order.forEach((s, rank) => {
    for (const candidate of Object.keys(DIRECTIVES[s] ?? {})) {
      const dist = editDistance(wanted, candidate.toLowerCase());
      if (dist > limit) continue;
      // Fewer edits first, then the key's own section, then the closer spelling by case.
      const score = dist * 100 + rank * 10 + Math.min(editDistance(key, candidate), 9);
      if (!best || score < best.score || (score === best.score && candidate < best.key)) best = { key: candidate, score };
    }
  });
  return best && best.key !== key ? best.key : undefined;
}
