/**
 * Reads the output of `systemd-analyze blame`: one unit a line, its time first, as systemd's
 * format_timespan() writes it ("1.234s unit.service", "123ms x.service", "1min 2.345s y.service",
 * "812us z.service"; newer versions write "µs"). Durations come back in seconds.
 */
import { UnitgraphError } from '../../errors.js';

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  y: 31557600,
  month: 2629800,
  w: 604800,
  d: 86400,
  h: 3600,
  min: 60,
  s: 1,
  ms: 1e-3,
  us: 1e-6,
  'µs': 1e-6, // U+00B5 MICRO SIGN
  'μs': 1e-6, // U+03BC GREEK SMALL LETTER MU
};

const PART = /^(\d+(?:\.\d+)?)(y|month|w|d|h|min|ms|s|us|µs|μs)$/u;

/** The seconds a time span like "1min 2.3s" stands for, or undefined if it is not one. */
export const parseTimespan = (parts: readonly string[]): number | undefined => {
  if (parts.length === 0) return undefined;
  let total = 0;
  for (const p of parts) {
    const m = PART.exec(p);
    if (m === null) return undefined;
    total += Number(m[1]) * (UNIT_SECONDS[m[2] ?? ''] ?? 0);
  }
  return Math.round(total * 1e6) / 1e6;
};

/** unit name → seconds. Blank lines are skipped; any other line that is not "<time> <unit>" is an error. */
export const parseBlame = (text: string, file?: string): Map<string, number> => {
  const out = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const words = (lines[i] ?? '').trim().split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) continue;
    const unit = words[words.length - 1] ?? '';
    const secs = words.length >= 2 ? parseTimespan(words.slice(0, -1)) : undefined;
    if (secs === undefined || !/^[^\s/]+\.[a-z]+$/.test(unit)) {
      throw new UnitgraphError('malformed', `line ${i + 1}: not a line of \`systemd-analyze blame\` output: ${(lines[i] ?? '').trim().slice(0, 80)}`, file === undefined ? {} : { file });
    }
    // a unit listed twice (it ran twice) counts with its longest run
    out.set(unit, Math.max(out.get(unit) ?? 0, secs));
  }
  return out;
};
