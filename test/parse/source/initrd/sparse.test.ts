/**
 * openSource reads a file whose compressed part is one zstd frame to its end sparsely
 * (decompress/file-input.ts readSparseZstd): an early cpio whole, of the frame only the frame and
 * block headers, the system's zstd reading the frame from the file itself. The tree must be the one the whole bytes give, with zstd on PATH or without
 * (then the bytes are read in before the bundled decoder needs them), and any other layout
 * must be read whole.
 */
import { describe, it, expect, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSource } from '../../../../src/parse/source/open-source.js';
import { readInitrd, readSparseZstd } from '../../../../src/parse/source/initrd/read-initrd.js';
import { Vfs } from '../../../../src/parse/source/vfs.js';
import { concatBytes, writeCpio } from '../../../helpers/cpio-writer.js';
import { compress } from './compress.js';
import { skipTitle } from '../../../helpers/skip.js';

const HAVE_ZSTD = ((): boolean => {
  try {
    execFileSync('zstd', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A unit tree and 3 MiB of noise that compresses badly: a frame of several MiB, many blocks. */
const archive = (): Uint8Array => {
  const noise = new Uint8Array(3 << 20);
  let x = 12345;
  for (let i = 0; i < noise.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    noise[i] = x >>> 24;
  }
  return writeCpio([
    { name: 'etc', type: 'dir' },
    { name: 'etc/systemd', type: 'dir' },
    { name: 'etc/systemd/system', type: 'dir' },
    { name: 'etc/systemd/system/a.service', data: '[Unit]\nDescription=a\n' },
    { name: 'etc/systemd/system/initrd.target', data: '[Unit]\nWants=a.service\n' },
    { name: 'usr', type: 'dir' },
    { name: 'usr/lib', type: 'dir' },
    { name: 'usr/lib/noise.bin', data: noise },
  ]);
};

const listing = (vfs: Vfs, dir = '/'): string[] =>
  vfs.readdir(dir).flatMap((name) => {
    const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
    const node = vfs.lstat(path);
    const line = `${path} ${node?.type ?? '?'} ${node?.type === 'file' ? node.size : ''}`;
    return node?.type === 'dir' ? [line, ...listing(vfs, path)] : [line];
  });

const run = (title: string, fn: () => Promise<void>): void => (HAVE_ZSTD ? it : it.skip)(skipTitle(HAVE_ZSTD, 'zstd is not installed', title), fn, 60_000);

describe('a file whose compressed part is one zstd frame to its end, read sparsely', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unitgraph-sparse-'));
  const path = join(dir, 'initrd.img');
  const path2 = join(dir, 'padded.img');
  const path3 = join(dir, 'early.img');
  const frame = HAVE_ZSTD ? compress('zstd', archive()) : new Uint8Array(0);
  const early = writeCpio([{ name: 'kernel', type: 'dir' }, { name: 'kernel/x86', type: 'dir' }, { name: 'kernel/x86/microcode.bin', data: new Uint8Array(70_001).fill(7) }], { padTo: 512 });
  if (HAVE_ZSTD) {
    writeFileSync(path, frame);
    writeFileSync(path2, concatBytes(frame, new Uint8Array(512)));
    writeFileSync(path3, concatBytes(early, new Uint8Array(100), frame));
  }
  const pathEnv = process.env['PATH'];
  afterAll(() => {
    process.env['PATH'] = pathEnv;
    rmSync(dir, { recursive: true, force: true });
  });

  run('reads only the headers, and the whole file when asked', async () => {
    expect(frame.length).toBeGreaterThan(1 << 20);
    const fd = openSync(path, 'r');
    try {
      const sparse = readSparseZstd(fd, frame.length, path);
      expect(sparse).toBeDefined();
      expect(Buffer.from(sparse?.bytes.subarray(0, 4) ?? []).equals(Buffer.from(frame.subarray(0, 4)))).toBe(true);
      expect(Buffer.from(sparse?.bytes ?? []).equals(Buffer.from(frame))).toBe(false); // the payload is not read
      sparse?.load();
      expect(Buffer.from(sparse?.bytes ?? []).equals(Buffer.from(frame))).toBe(true);
      // not one frame to the end of the file, or too small: read whole
      expect(readSparseZstd(fd, frame.length + 1, path)).toBeUndefined();
      expect(readSparseZstd(fd, 1000, path)).toBeUndefined();
    } finally {
      closeSync(fd);
    }
    const fd2 = openSync(path2, 'r');
    try {
      expect(readSparseZstd(fd2, frame.length + 512, path2)).toBeUndefined();
    } finally {
      closeSync(fd2);
    }
    // after an early cpio and padding: those are read whole, the frame sparsely
    const fd3 = openSync(path3, 'r');
    try {
      const whole = readFileSync(path3);
      const sparse = readSparseZstd(fd3, whole.length, path3);
      expect(sparse).toBeDefined();
      const start = early.length + 100;
      expect(Buffer.from(sparse?.bytes.subarray(0, start + 4) ?? []).equals(whole.subarray(0, start + 4))).toBe(true);
      expect(Buffer.from(sparse?.bytes ?? []).equals(whole)).toBe(false);
      sparse?.load();
      expect(Buffer.from(sparse?.bytes ?? []).equals(whole)).toBe(true);
    } finally {
      closeSync(fd3);
    }
  });

  run('gives the tree of the whole bytes, with zstd on PATH and without it', async () => {
    const whole = await readInitrd(readFileSync(path), path, {}, { keep: 'relevant', externalDecompressors: false });
    const expected = listing((await openSource(path2)).vfs);
    expect(listing(new Vfs(whole, path))).toEqual(expected);
    expect(listing((await openSource(path)).vfs)).toEqual(expected);
    const expectedEarly = listing(new Vfs(await readInitrd(readFileSync(path3), path3, {}, { keep: 'relevant', externalDecompressors: false }), path3));
    expect(expectedEarly).toContain('/kernel/x86/microcode.bin file 70001');
    expect(listing((await openSource(path3)).vfs)).toEqual(expectedEarly);
    process.env['PATH'] = '/nonexistent';
    try {
      expect(listing((await openSource(path)).vfs)).toEqual(expected);
      expect(listing((await openSource(path3)).vfs)).toEqual(expectedEarly);
      expect(listing((await openSource(path, { externalDecompressors: false })).vfs)).toEqual(expected);
    } finally {
      process.env['PATH'] = pathEnv;
    }
    const bytes = (await openSource(path)).vfs.lstat('/etc/systemd/system/a.service');
    expect(bytes?.type === 'file' ? new TextDecoder().decode(bytes.read()) : '').toBe('[Unit]\nDescription=a\n');
  });
});
