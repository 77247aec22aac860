/**
 * systemd path escaping (src/parse/load/escape.ts): escapePath and unescapePath undo each other,
 * the escaped form only uses the characters of a unit name, and both agree with systemd's own
 * `systemd-escape --path` / `systemd-escape --unescape --path` on a few hundred random paths
 * (one batched call each way) when that binary is installed.
 */
import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { escapeName, escapePath, simplifyPath, unescapeName, unescapePath } from '../../src/parse/load/escape.js';
import { skipTitle } from '../helpers/skip.js';

const hasSystemdEscape = ((): boolean => {
  try {
    execFileSync('systemd-escape', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Path components: plain names, dots and dashes, spaces, escapes-lookalikes, any Unicode. */
const component = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{1,8}$/),
  fc.constantFrom('.', '..', '-', '--', '.hidden', 'a-b', 'x\\x2dy', 'with space', 'tab\there', 'é', '😀', 'a:b', 'a_b.c', '\\', '%i', '@'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((s) => !s.includes('/') && !s.includes('\0')),
);
/** Absolute paths, with the sloppiness users write: doubled and trailing slashes, `.` parts. */
const messyPath = fc.tuple(fc.array(component, { maxLength: 6 }), fc.array(fc.constantFrom('/', '//', '/./'), { maxLength: 6 }), fc.boolean())
  .map(([parts, seps, trailing]) => '/' + parts.map((p, i) => (i === 0 ? '' : seps[i % Math.max(seps.length, 1)] ?? '/') + p).join('') + (trailing ? '/' : ''));
/** Normalized: no `..` part (systemd refuses those, escapePath says undefined). */
const goodPath = messyPath.filter((p) => !p.split('/').includes('..'));

const UNIT_NAME_CHARS = /^[A-Za-z0-9:_.\\-]*$/;

describe('escapePath / unescapePath', () => {
  it('undo each other: unescapePath(escapePath(p)) is p simplified', () => {
    fc.assert(fc.property(goodPath, (p) => {
      const e = escapePath(p);
      expect(e).toBeDefined();
      const simple = simplifyPath(p).replace(/\/+$/, '') || '/';
      expect(unescapePath(e as string)).toBe(simple);
    }), { numRuns: 2000 });
  });

  it('escape with unit-name characters only, never a leading dot, and nothing left to escape twice', () => {
    fc.assert(fc.property(goodPath, (p) => {
      const e = escapePath(p) as string;
      expect(e).toMatch(UNIT_NAME_CHARS);
      expect(e.startsWith('.')).toBe(false);
      expect(e === '-' || !e.startsWith('-')).toBe(true);
      expect(escapePath(unescapePath(e))).toBe(e);
    }), { numRuns: 2000 });
  });

  it('refuse a path with a .. part', () => {
    fc.assert(fc.property(fc.array(component, { minLength: 1, maxLength: 5 }), fc.nat(5), (parts, at) => {
      const withDots = [...parts.slice(0, at), '..', ...parts.slice(at)];
      expect(escapePath('/' + withDots.join('/'))).toBeUndefined();
    }), { numRuns: 300 });
  });

  it('escapeName / unescapeName undo each other for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
      expect(unescapeName(escapeName(s))).toBe(s);
      expect(escapeName(s)).toMatch(UNIT_NAME_CHARS);
    }), { numRuns: 2000 });
  });
});

(hasSystemdEscape ? describe : describe.skip)(skipTitle(hasSystemdEscape, 'systemd-escape is not installed', 'against systemd-escape'), () => {
  // one batch of a few hundred paths; systemd-escape prints the answers on one line, space-separated
  const paths = fc.sample(goodPath.filter((p) => Buffer.byteLength(p) < 200), { numRuns: 400, seed: 4242 })
    .filter((p) => simplifyPath(p) !== '/' || p === '/');

  it('escapes like `systemd-escape --path`', () => {
    const out = execFileSync('systemd-escape', ['--path', '--', ...paths], { encoding: 'utf8' }).trim().split(' ');
    expect(out).toHaveLength(paths.length);
    const mismatches = paths.map((p, i) => [p, out[i], escapePath(p)]).filter(([, theirs, ours]) => theirs !== ours);
    expect(mismatches).toEqual([]);
  });

  it('unescapes like `systemd-escape --unescape --path`', () => {
    const escaped = paths.map((p) => escapePath(p) as string);
    const ours = escaped.map(unescapePath);
    // the answers may hold spaces, so compare the whole line (and find the culprit if it differs)
    const line = execFileSync('systemd-escape', ['--unescape', '--path', '--', ...escaped], { encoding: 'utf8' }).replace(/\n$/, '');
    if (line !== ours.join(' ')) {
      const one = (e: string): string => execFileSync('systemd-escape', ['--unescape', '--path', '--', e], { encoding: 'utf8' }).replace(/\n$/, '');
      expect(escaped.map((e, i) => [e, one(e), ours[i]]).filter(([, theirs, mine]) => theirs !== mine)).toEqual([]);
    }
    expect(line).toBe(ours.join(' '));
  });
});
