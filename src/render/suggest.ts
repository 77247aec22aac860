/**
 * "Did you mean": the unit a mistyped name most likely meant. systemctl's own rule first (a name
 * without a type suffix means `.service`, unit_name_mangle()), then the same name in another
 * case, then the closest name by edit distance (at most 2, or 3 for names past 20 characters).
 */

const distance = (a: string, b: string, limit: number): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length] ?? limit + 1;
};

/** The name `name` most likely meant among `names`, or undefined. */
export const suggestUnit = (name: string, names: Iterable<string>): string | undefined => {
  const all = [...new Set(names)].sort();
  if (!name.includes('.') && all.includes(`${name}.service`)) return `${name}.service`;
  const lower = name.toLowerCase();
  const sameCase = all.find((n) => n.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  const limit = name.length > 20 ? 3 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const n of all) {
    const d = distance(name, n, limit);
    if (d < bestDistance) {
      best = n;
      bestDistance = d;
    }
  }
  return best;
};

/** `; did you mean X?` when there is a likely X, else ''. */
export const didYouMean = (name: string, names: Iterable<string>): string => {
  const s = suggestUnit(name, names);
  return s === undefined ? '' : `; did you mean ${s}?`;
};
