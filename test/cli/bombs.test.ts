/**
 * Peak memory of the built command on a bomb of one huge member (issue 16): the member's bytes
 * are counted and dropped as they stream past, so reading up to the --max-bytes bound costs tens
 * of MiB, not the bound. Runs the CLI bundle under /usr/bin/time (skipped where either is missing).
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../helpers/fixture.js';
import { concatBytes, cpioFileHeader, writeCpio } from '../helpers/cpio-writer.js';
import { zstdRleFrame } from '../helpers/hostile.js';

const BIN = join(REPO, 'bin', 'unitgraph.js');
const TIME = '/usr/bin/time';
const MiB = 1 << 20;

/** A zstd frame: a raw block with a unit tree and the header of a 4 GiB member, then `size` zeros as RLE blocks. */
const memberBomb = (size: number): Uint8Array => {
  const head = concatBytes(
    writeCpio([
      { name: 'etc', type: 'dir' }, { name: 'etc/initrd-release', data: 'ID=test\n' },
      { name: 'etc/systemd', type: 'dir' }, { name: 'etc/systemd/system', type: 'dir' },
      { name: 'etc/systemd/system/initrd.target', data: '[Unit]\n' },
    ], { trailer: false }),
    cpioFileHeader('usr/lib/huge', 0xffffffff),
  );
  const rle = zstdRleFrame(size);
  const raw = [(head.length << 3) & 0xff, (head.length >> 5) & 0xff, (head.length >> 13) & 0xff];
  return concatBytes(rle.subarray(0, 6), new Uint8Array(raw), head, rle.subarray(6));
};

(existsSync(join(REPO, 'dist', 'unitgraph.mjs')) && existsSync(TIME) ? describe : describe.skip)('peak memory on a bomb', () => {
  it.each([['the zstd tool', '1'], ['the bundled decoder', '0']])('one member streamed to the 1 GiB bound through %s: under 256 MiB', (_name, external) => {
    const dir = mkdtempSync(join(tmpdir(), 'unitgraph-bomb-'));
    // (the bundled decoder refuses at once: the frame's RLE blocks claim more than the bound)
    const file = join(dir, 'bomb.img');
    writeFileSync(file, memberBomb(1100 * MiB));
    const r = spawnSync(TIME, ['-f', '%M', '-o', join(dir, 'rss'), process.execPath, BIN, 'check', file, '--max-ratio', '0', '--max-bytes', '1G'], {
      encoding: 'utf8', env: { ...process.env, UNITGRAPH_EXTERNAL_DECOMPRESSORS: external },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/decompresses to more than 1 GiB; if the image is genuine, raise the bound with --max-bytes\n$/);
    // GNU time writes "Command exited with non-zero status 2" first
    const peakMiB = Number(readFileSync(join(dir, 'rss'), 'utf8').trim().split('\n').at(-1)) / 1024;
    expect(peakMiB).toBeLessThan(256); // before: 1.07 GiB, the member's bytes were all kept
    rmSync(dir, { recursive: true, force: true });
  });
});
