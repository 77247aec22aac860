/**
 * path_startswith() (src/parse/load/generators/paths.ts pathStartsWith), used by the generators
 * and by the implicit and default dependencies of mounts: its string fast path, taken when both
 * paths are already simple, answers exactly as the component-wise comparison below does, on
 * random pairs built to share prefixes (the same components, one more, one less, a component
 * that only starts the same, doubled and trailing slashes, `.` parts, relative paths).
 */
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { pathStartsWith } from '../../src/parse/load/generators/paths.js';

/** The reference: systemd's path_startswith() component by component, ignoring '' and '.'. */
const reference = (path: string, prefix: string): string | undefined => {
  if (path.startsWith('/') !== prefix.startsWith('/')) return undefined;
  const parts = (p: string): string[] => p.split('/').filter((c) => c !== '' && c !== '.');
  const p = parts(path);
  const q = parts(prefix);
  if (q.length > p.length || q.some((c, i) => c !== p[i])) return undefined;
  return p.slice(q.length).join('/');
};

const component = fc.constantFrom('dev', 'de', 'devx', 'sys', 'sysroot', 'run', 'mapper', 'a', 'a-b', 'x.y', '..', '.', '');
const join = (parts: readonly string[], seps: readonly string[], absolute: boolean, trailing: boolean): string =>
  (absolute ? '/' : '') + parts.map((c, i) => (i === 0 ? '' : seps[i % Math.max(seps.length, 1)] ?? '/') + c).join('') + (trailing ? '/' : '');
const path = fc.tuple(fc.array(component, { maxLength: 5 }), fc.array(fc.constantFrom('/', '//', '/./'), { maxLength: 3 }), fc.boolean(), fc.boolean())
  .map(([parts, seps, absolute, trailing]) => ({ parts, text: join(parts, seps, absolute, trailing), absolute }));

describe('pathStartsWith', () => {
  it('answers as the component-wise path_startswith on related and unrelated pairs', () => {
    fc.assert(
      fc.property(path, fc.nat({ max: 6 }), fc.array(component, { maxLength: 2 }), fc.boolean(), (base, cut, extra, simple) => {
        // a prefix cut from the path itself (often a real prefix), or the path grown by a little
        const prefixParts = [...base.parts.slice(0, cut), ...extra];
        const prefix = join(prefixParts, simple ? ['/'] : ['//', '/'], base.absolute, !simple && extra.length > 0);
        expect(pathStartsWith(base.text, prefix)).toBe(reference(base.text, prefix));
        expect(pathStartsWith(prefix, base.text)).toBe(reference(prefix, base.text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes the string fast path without losing the component boundary', () => {
    expect(pathStartsWith('/dev/sda1', '/dev')).toBe('sda1');
    expect(pathStartsWith('/devx/sda1', '/dev')).toBeUndefined();
    expect(pathStartsWith('/dev', '/dev')).toBe('');
    expect(pathStartsWith('/sysroot/usr', '/sysroot')).toBe('usr');
    expect(pathStartsWith('/sysroot', '/sys')).toBeUndefined();
    expect(pathStartsWith('/dev//sda1/', '/dev/')).toBe('sda1');
    expect(pathStartsWith('/', '/')).toBe('');
    expect(pathStartsWith('/a', '/')).toBe('a');
    expect(pathStartsWith('a/b', '/a')).toBeUndefined();
  });
});
