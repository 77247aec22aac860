/**
 * Findings new and resolved: a finding is the same in both generations when its rule, its units
 * and its message (store hashes normalised unless kept) are. Severity and location may differ
 * without making it new: a line that moved is the same problem.
 */
import type { Finding } from '../checks/types.js';
import type { DiffFinding } from './types.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const toDiffFinding = (f: Finding): DiffFinding => ({
  rule: f.rule,
  severity: f.severity,
  units: [...f.units],
  message: f.message,
  ...(f.location === undefined ? {} : { location: { ...f.location } }),
});

export const compareFindings = (a: DiffFinding, b: DiffFinding): number => cmp(a.rule, b.rule) || cmp(a.units.join('\u0000'), b.units.join('\u0000')) || cmp(a.message, b.message);

export const diffFindings = (
  oldFindings: readonly Finding[], newFindings: readonly Finding[], norm: (s: string) => string,
): { new: DiffFinding[]; resolved: DiffFinding[] } => {
  const key = (f: Finding): string => `${f.rule}\u0000${f.units.join('\u0001')}\u0000${norm(f.message)}`;
  const a = new Set(oldFindings.map(key));
  const b = new Set(newFindings.map(key));
  const only = (fs: readonly Finding[], other: Set<string>): DiffFinding[] => {
    const seen = new Set<string>();
    return fs.filter((f) => !other.has(key(f)) && !seen.has(key(f)) && seen.add(key(f))).map(toDiffFinding).sort(compareFindings);
  };
  return { new: only(newFindings, a), resolved: only(oldFindings, b) };
};
