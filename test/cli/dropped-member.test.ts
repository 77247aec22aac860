/**
 * A unit path that resolves to an archive member whose bytes the reader did not keep (a program,
 * say: keep.ts keeps unit files, configuration and scripts). Found by the fuzz harness (seed
 * 20261205, input 602: a member renamed onto initrd-parse-etc.service's path, a link to
 * systemd's kernel-install): every command failed with exit 2 and a line naming the member instead
 * of the image. Now the unit is analysed as one whose settings are unknown: a load-error finding on
 * it, the rest of the image checked; a drop-in that resolves there is reported and ignored.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../helpers/fixture.js';
import { writeCpio } from '../helpers/cpio-writer.js';

const BIN = join(REPO, 'bin', 'unitgraph.js');
const ELF = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, ...new Array<number>(83).fill(0)]);

const image = (extra: Parameters<typeof writeCpio>[0] = []): Uint8Array => writeCpio([
  { name: 'bin', type: 'dir' }, { name: 'bin/prog', data: ELF, mode: 0o755 },
  { name: 'etc', type: 'dir' }, { name: 'etc/initrd-release', data: 'ID=test\n' },
  { name: 'etc/systemd', type: 'dir' }, { name: 'etc/systemd/system', type: 'dir' },
  { name: 'etc/systemd/system/initrd.target', data: '[Unit]\nWants=x.service y.service\n' },
  { name: 'etc/systemd/system/x.service', type: 'symlink', data: '/bin/prog' },
  { name: 'etc/systemd/system/y.service', data: '[Service]\nExecStart=/bin/prog\n' },
  { name: 'etc/systemd/system/y.service.d', type: 'dir' },
  { name: 'etc/systemd/system/y.service.d/z.conf', type: 'symlink', data: '/bin/prog' },
  ...extra,
]);

(existsSync(join(REPO, 'dist', 'unitgraph.mjs')) ? describe : describe.skip)('a unit file that is a member whose bytes were not kept', () => {
  it('is a load-error finding on that unit (exit 1), not a failure of the whole image', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unitgraph-dropped-'));
    try {
      const file = join(dir, 'x.img');
      writeFileSync(file, image());
      const r = spawnSync(process.execPath, [BIN, 'check', file, '--format', 'json'], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(1);
      const findings = (JSON.parse(r.stdout) as { findings: Array<{ rule: string; units: string[]; message: string }> }).findings;
      const onX = findings.filter((f) => f.units.includes('x.service'));
      expect(onX.map((f) => f.rule)).toContain('load-error');
      expect(onX.find((f) => f.rule === 'load-error')?.message).toMatch(/^x.service's unit file cannot be read by unitgraph \(.*resolves to a 90-byte member .* did not keep/);
      // y.service loads; its drop-in is the only thing about it unitgraph could not read
      expect(findings.filter((f) => f.units.includes('y.service') && f.rule === 'load-error')).toEqual([]);
      expect(findings.filter((f) => f.units.includes('y.service') && f.rule === 'ignored-input').map((f) => f.message)).toEqual([expect.stringMatching(/did not keep/)]);
      const list = spawnSync(process.execPath, [BIN, 'list', file], { encoding: 'utf8' });
      expect([list.status, list.stderr]).toEqual([0, '']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a configuration file the generators read (crypttab) that resolves to one: exit 2, one line naming the image, then the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unitgraph-dropped-'));
    try {
      const file = join(dir, 'x.img');
      writeFileSync(file, image([{ name: 'etc/crypttab', type: 'symlink', data: '/bin/prog' }]));
      const r = spawnSync(process.execPath, [BIN, 'check', file], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`unitgraph: ${file}: etc/crypttab resolves to a 90-byte member that is not configuration (its bytes were not kept while reading the archive): the generators cannot read it\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
