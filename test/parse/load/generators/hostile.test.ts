/**
 * The generators on hostile configuration files (issue 16): work stays linear in the number of
 * lines, and a file too large to be genuine is a diagnostic naming it, not a crash.
 */
import { describe, expect, it } from '@jest/globals';
import { runGenerators } from '../../../../src/parse/load/generators/index.js';
import type { GeneratorInput } from '../../../../src/parse/load/generators/types.js';

const run = (files: Record<string, string>, opts: Partial<GeneratorInput> = {}) =>
  runGenerators({ initrd: true, read: (p) => files[p], env: new Map(), cmdline: 'root=/dev/sda2', ...opts });

describe('duplicate fstab entries', () => {
  const line = '/dev/sda1 /sysroot/x ext4 defaults,x-initrd.mount 0 0\n';

  it('keeps the first of 20,000 identical lines and warns for each other one, in linear time', () => {
    const start = performance.now();
    const t = run({ '/etc/fstab': line.repeat(20_000) });
    const ms = performance.now() - start;
    expect(t.files.has('/run/systemd/generator/sysroot-x.mount')).toBe(true);
    const dups = t.diagnostics.filter((d) => d.code === 'generator-duplicate-unit');
    expect(dups).toHaveLength(19_999);
    expect(dups[0]).toMatchObject({ file: 'etc/fstab', line: 2 });
    expect(dups.at(-1)).toMatchObject({ file: 'etc/fstab', line: 20_000 });
    expect(ms).toBeLessThan(30_000); // about 1 s on an idle machine; was killed after 200 s (quadratic)
  });
});
