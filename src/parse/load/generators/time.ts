/**
 * Time spans as systemd parses and prints them (src/basic/time-util.c parse_time(),
 * parse_sec_fix_0(), format_timespan()). Microseconds as numbers; `INFINITY_USEC` for "infinity".
 */
export const INFINITY_USEC = Number.POSITIVE_INFINITY;

const SEC = 1_000_000;
const MINUTE = 60 * SEC;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 2_629_800 * SEC;
const YEAR = 31_557_600 * SEC;

const MULTIPLIERS: [string, number][] = [
  ['seconds', SEC], ['second', SEC], ['sec', SEC], ['s', SEC],
  ['minutes', MINUTE], ['minute', MINUTE], ['min', MINUTE],
  ['months', MONTH], ['month', MONTH], ['M', MONTH],
  ['msec', 1000], ['ms', 1000], ['m', MINUTE],
  ['hours', HOUR], ['hour', HOUR], ['hr', HOUR], ['h', HOUR],
  ['days', DAY], ['day', DAY], ['d', DAY],
  ['weeks', WEEK], ['week', WEEK], ['w', WEEK],
  ['years', YEAR], ['year', YEAR], ['y', YEAR],
  ['usec', 1], ['us', 1], ['μs', 1], ['µs', 1],
];

const WS = /^[ \t\n\r]*/;

/** parse_time(t, default_unit=sec): microseconds, or undefined when systemd would refuse it. */
export const parseSec = (t: string): number | undefined => {
  let p = t.replace(WS, '');
  if (p.startsWith('infinity')) return p.slice(8).replace(WS, '') === '' ? INFINITY_USEC : undefined;
  let usec = 0;
  let something = false;
  for (;;) {
    p = p.replace(WS, '');
    if (p === '') return something ? usec : undefined;
    if (p.startsWith('-')) return undefined;
    const m = /^\+?(\d*)(\.(\d*))?/.exec(p);
    const intPart = m?.[1] ?? '';
    if (m === null || (intPart === '' && m[2] === undefined)) return undefined;
    if (m[2] !== undefined && (m[3] ?? '') === '') return undefined; // "3." / "3.sec"
    p = p.slice(m[0].length);
    const afterWs = p.replace(WS, '');
    const mult = MULTIPLIERS.find(([s]) => afterWs.startsWith(s));
    const multiplier = mult?.[1] ?? SEC;
    if (mult === undefined && p !== '' && !/^[ \t\n\r]/.test(p)) return undefined;
    p = mult === undefined ? p : afterWs.slice(mult[0].length);
    usec += Number(intPart === '' ? '0' : intPart) * multiplier;
    let m10 = Math.floor(multiplier / 10);
    for (const d of m[3] ?? '') {
      usec += Number(d) * m10;
      m10 = Math.floor(m10 / 10);
    }
    something = true;
  }
};

/** parse_sec_fix_0(): like parseSec, but "0" means infinity. */
export const parseSecFix0 = (t: string): number | undefined => {
  const u = parseSec(t);
  return u === 0 ? INFINITY_USEC : u;
};

const TABLE: [string, number][] = [
  ['y', YEAR], ['month', MONTH], ['w', WEEK], ['d', DAY], ['h', HOUR], ['min', MINUTE], ['s', SEC], ['ms', 1000], ['us', 1],
];

/** format_timespan(t, accuracy=0) */
export const formatTimespan = (t: number): string => {
  if (t === INFINITY_USEC) return 'infinity';
  if (t <= 0) return '0';
  const parts: string[] = [];
  let rest = t;
  for (const [suffix, unit] of TABLE) {
    if (rest <= 0) break;
    if (rest < unit) continue;
    const a = Math.floor(rest / unit);
    const b = rest % unit;
    if (rest < MINUTE && b > 0) {
      let j = 0;
      for (let cc = unit; cc > 1; cc /= 10) j++;
      if (j > 0) {
        parts.push(`${a}.${String(b).padStart(j, '0')}${suffix}`);
        break;
      }
    }
    parts.push(`${a}${suffix}`);
    rest = b;
  }
  return parts.join(' ');
};
