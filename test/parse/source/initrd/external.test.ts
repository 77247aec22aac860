/**
 * The fast path through the system's `zstd`, `xz` and `lz4` (decompress/external.ts) against the bundled
 * decoders: the same tree from the same bytes, the same failures on bad input, and the byte
 * budget still stopping a bomb; also when the tool reads the stream from the open file. Skipped
 * where the tools are not installed.
 */
import { describe, it, expect } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnitgraphError } from '../../../../src/errors.js';
import { readInitrd, type InitrdFs } from '../../../../src/parse/source/initrd/read-initrd.js';
import { decodeWithTool, setUserBufferReads, ToolUnavailable } from '../../../../src/parse/source/initrd/decompress/external.js';
import { fileInput } from '../../../../src/parse/source/initrd/decompress/file-input.js';
import { concatBytes, cpioOfTree, writeCpio } from '../../../helpers/cpio-writer.js';
import { REPO } from '../../../helpers/fixture.js';
import { compress } from './compress.js';
import { skipTitle } from '../../../helpers/skip.js';

const has = (tool: string): boolean => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const HAVE_ZSTD = has('zstd');
const HAVE_XZ = has('xz');
const HAVE_LZ4 = has('lz4');
const DRACUT = join(REPO, 'test/fixtures/build/dracut');

/** Every path of the tree with what it is: type, size, link target, a digest of the bytes. */
const describeTree = (fs: InitrdFs): string[] => {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdir(dir)) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const node = fs.lstat(path);
      if (node?.type === 'file') out.push(`${path} file ${node.size} ${node.dropped === true ? 'dropped' : createHash('sha1').update(node.read()).digest('hex')}`);
      else if (node?.type === 'symlink') out.push(`${path} -> ${node.target}`);
      else out.push(`${path} ${node?.type ?? 'missing'}`);
      if (node?.type === 'dir') walk(path);
    }
  };
  walk('/');
  return out;
};

const both = async (bytes: Uint8Array, limits = {}): Promise<[InitrdFs, InitrdFs]> => [
  await readInitrd(bytes, 'x.img', limits, { externalDecompressors: true }),
  await readInitrd(bytes, 'x.img', limits, { externalDecompressors: false }),
];

/** A small tree plus files big enough to span many pipe chunks. */
const sampleTree = (): Uint8Array => {
  const big = new Uint8Array(3 << 20);
  for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
  return writeCpio([
    { name: 'etc', type: 'dir' },
    { name: 'etc/systemd', type: 'dir' },
    { name: 'etc/systemd/system', type: 'dir' },
    { name: 'etc/systemd/system/a.service', data: '[Unit]\nDescription=a\nAfter=b.service\n' },
    { name: 'etc/systemd/system/default.target', type: 'symlink', target: 'initrd.target' },
    { name: 'usr', type: 'dir' },
    { name: 'usr/bin', type: 'dir' },
    { name: 'usr/bin/big', data: big },
    { name: 'usr/bin/also', data: big.subarray(1000, 200_000) },
  ]);
};

/** Zeros compress to almost nothing: a few KiB of zstd or xz that unpack to `size` bytes. */
const bomb = (size: number): Uint8Array => writeCpio([{ name: 'zeros', data: new Uint8Array(size) }]);

const failure = async (p: Promise<unknown>): Promise<UnitgraphError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof UnitgraphError) return e;
    throw e;
  }
  throw new Error('expected a failure');
};

describe.each([
  ['zstd', HAVE_ZSTD, ['zstd', '-c', '-q']],
  ['xz', HAVE_XZ, ['xz', '-c', '--check=crc32']],
  ['lz4', HAVE_LZ4, ['lz4', '-l', '-c', '-q']],
] as const)('%s through the system tool', (format, available, command) => {
  const run = (title: string, fn: () => Promise<void>, timeout?: number): void => (available ? it : it.skip)(skipTitle(available, `${format} is not installed`, title), fn, timeout);
  const pack = (data: Uint8Array): Uint8Array => {
    const [cmd, ...args] = command;
    return new Uint8Array(execFileSync(cmd, args, { input: data, maxBuffer: 1 << 30 }));
  };
  // padding between two segments: the legacy lz4 frame has no end mark, so unlz4 stops only at a
  // zero size word (3 zero bytes and the next magic read as a block longer than it allows)
  const gap = (): Uint8Array => new Uint8Array(format === 'lz4' ? 4 : 3);

  run('gives the same tree as the bundled decoder', async () => {
    const [a, b] = await both(pack(sampleTree()));
    expect(describeTree(a)).toEqual(describeTree(b));
    expect(a.segments).toEqual(b.segments);
    expect(describeTree(a)).toContain('/etc/systemd/system/default.target -> initrd.target');
    // keeping only what unitgraph reads (openSource's policy): what is kept is copied out of the reused buffer
    const relevant = async (external: boolean): Promise<string[]> =>
      describeTree(await readInitrd(pack(sampleTree()), 'x.img', {}, { externalDecompressors: external, keep: 'relevant' }));
    expect(await relevant(true)).toEqual(await relevant(false));
    expect(await relevant(true)).toContain('/usr/bin/big file 3145728 dropped');
  });

  run('reads the same segments around it: early cpio, padding, the stream, then another', async () => {
    const early = writeCpio([{ name: 'kernel', type: 'dir' }, { name: 'kernel/microcode.bin', data: 'ucode' }], { padTo: 512 });
    const second = pack(cpioOfTree({ 'etc/late.conf': 'late\n' }));
    const [a, b] = await both(concatBytes(early, new Uint8Array(100), pack(sampleTree()), gap(), second));
    expect(describeTree(a)).toEqual(describeTree(b));
    expect(a.segments).toEqual(b.segments);
    expect(a.segments.map((s) => s.compression)).toEqual(['none', format, format]);
  });

  run('stops a bomb at the byte budget, with the same error as the bundled decoder', async () => {
    const bytes = pack(bomb(64 << 20));
    expect(bytes.length).toBeLessThan(1 << 20);
    const t0 = performance.now();
    const [ext, js] = [
      await failure(readInitrd(bytes, 'bomb.img', { maxBytes: 4 << 20 }, { externalDecompressors: true })),
      await failure(readInitrd(bytes, 'bomb.img', { maxBytes: 4 << 20 }, { externalDecompressors: false })),
    ];
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(ext.kind).toBe('limit');
    expect(ext.toLine()).toBe(js.toLine());
    expect(ext.message).toMatch(/decompresses to more than 4 MiB/);
  });

  /** readInitrd given the open file too (openSource's way): the tool reads a stream that ends the file from it. */
  const fromFile = async <T>(bytes: Uint8Array, limits: object, use: (p: Promise<InitrdFs>) => Promise<T>): Promise<T> => {
    const dir = mkdtempSync(join(tmpdir(), 'unitgraph-external-'));
    const path = join(dir, 'x.img');
    writeFileSync(path, bytes);
    const fd = openSync(path, 'r');
    try {
      return await use(readInitrd(bytes, 'x.img', limits, { externalDecompressors: true, file: { fd, size: bytes.length } }));
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  };

  run('reads the stream that ends the file from the file: the same tree, segments and failures', async () => {
    const early = writeCpio([{ name: 'kernel', type: 'dir' }, { name: 'kernel/microcode.bin', data: 'ucode' }], { padTo: 512 });
    const stream = pack(sampleTree());
    const second = pack(cpioOfTree({ 'etc/late.conf': 'late\n' }));
    for (const bytes of [stream, concatBytes(early, new Uint8Array(100), stream), concatBytes(early, stream, gap(), second), concatBytes(stream, new Uint8Array(4))]) {
      const [, js] = await both(bytes);
      const a = await fromFile(bytes, {}, (p) => p);
      expect(describeTree(a)).toEqual(describeTree(js));
      expect(a.segments).toEqual(js.segments);
    }
    const truncated = stream.subarray(0, stream.length - 5000);
    expect((await fromFile(truncated, {}, failure)).kind).toBe('malformed');
    const bomb64 = pack(bomb(64 << 20));
    const limit = await fromFile(bomb64, { maxBytes: 4 << 20 }, failure);
    expect(limit.toLine()).toBe((await failure(readInitrd(bomb64, 'x.img', { maxBytes: 4 << 20 }, { externalDecompressors: false }))).toLine());
  });

  if (format === 'lz4') {
    run('a block found corrupt after the tool has written some output: the same line as the bundled decoder', async () => {
      const data = new Uint8Array(9 << 20); // two legacy blocks of at most 8 MiB of output
      for (let i = 0, x = 1; i < data.length; i++) data[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
      const bytes = pack(writeCpio([{ name: 'etc', type: 'dir' }, { name: 'etc/data.bin', data }]));
      const word = (at: number): number => ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24)) >>> 0;
      const second = 8 + word(4); // magic, the first size word and block, then the second size word
      // a token of 0xff followed by 0xff bytes: a literal length that never ends, in the second block
      bytes.fill(0xff, second + 4, second + 4 + word(second));
      const [ext, js] = [
        await failure(readInitrd(bytes, 'bad.img', {}, { externalDecompressors: true })),
        await failure(readInitrd(bytes, 'bad.img', {}, { externalDecompressors: false })),
      ];
      expect(js.message).toMatch(/lz4 block is corrupt/);
      expect(ext.toLine()).toBe(js.toLine());
    }, 60_000);
  }

  run('rejects a corrupt or truncated stream as malformed, like the bundled decoder', async () => {
    const good = pack(sampleTree());
    const truncated = good.subarray(0, good.length - 5000);
    const flipped = good.slice();
    for (let i = 200; i < flipped.length - 200; i += 997) flipped[i] = (flipped[i] as number) ^ 0x55;
    for (const bytes of [truncated, flipped]) {
      const [ext, js] = [
        await failure(readInitrd(bytes, 'bad.img', {}, { externalDecompressors: true })),
        await failure(readInitrd(bytes, 'bad.img', {}, { externalDecompressors: false })),
      ];
      expect(ext.kind).toBe('malformed');
      expect(js.kind).toBe('malformed');
    }
  });
});

describe('decodeWithTool', () => {
  (HAVE_ZSTD ? it : it.skip)(skipTitle(HAVE_ZSTD, 'zstd is not installed', 'hands over exactly what the tool writes, and kills it past the limit'), async () => {
    const data = sampleTree();
    const frame = compress('zstd', data);
    const got: Uint8Array[] = [];
    const memory = new Set<ArrayBufferLike>();
    await decodeWithTool({ command: 'zstd', args: ['-d', '-c', '-q'] }, frame, (c, transient) => {
      expect(transient).toBe(true);
      memory.add(c.buffer);
      got.push(c.slice()); // a transient chunk is overwritten by the next read
    }, Infinity);
    expect(Buffer.concat(got).equals(Buffer.from(data))).toBe(true);
    // every read went into one buffer: no fresh memory per read
    expect(got.length).toBeGreaterThan(1);
    expect(memory.size).toBe(1);
    // and as a stream of fresh chunks, where Node's internals are not as expected
    setUserBufferReads(false);
    try {
      const fresh: Uint8Array[] = [];
      await decodeWithTool({ command: 'zstd', args: ['-d', '-c', '-q'] }, frame, (c, transient) => {
        expect(transient).toBe(false);
        fresh.push(c);
      }, Infinity);
      expect(Buffer.concat(fresh).equals(Buffer.from(data))).toBe(true);
    } finally {
      setUserBufferReads(true);
    }
    let seen = 0;
    const refused = new Error('limit');
    await expect(decodeWithTool({ command: 'zstd', args: ['-d', '-c', '-q'] }, compress('zstd', bomb(64 << 20)), (c) => {
      seen += c.length;
      if (seen > 1 << 20) throw refused;
    }, 1 << 20)).rejects.toBe(refused);
    expect(seen).toBeLessThan((1 << 20) + (1 << 20)); // the tool was stopped, not run to 256 MiB
  });
  (HAVE_ZSTD ? it : it.skip)(skipTitle(HAVE_ZSTD, 'zstd is not installed', 'reads from the file it is given, once, positioned at the stream'), async () => {
    const data = sampleTree();
    const frame = compress('zstd', data);
    const dir = mkdtempSync(join(tmpdir(), 'unitgraph-external-'));
    const path = join(dir, 'x.img');
    writeFileSync(path, concatBytes(new Uint8Array(1000), frame));
    const fd = openSync(path, 'r');
    try {
      const state = { taken: false };
      const got: Uint8Array[] = [];
      // the bytes handed over are not the stream: the output can only come from the file
      await decodeWithTool({ command: 'zstd', args: ['-d', '-c', '-q'] }, new Uint8Array(8), (c) => got.push(c.slice()), Infinity, fileInput({ fd, size: 1000 + frame.length }, 1000, state));
      expect(Buffer.concat(got).equals(Buffer.from(data))).toBe(true);
      expect(state.taken).toBe(true);
      expect(fileInput({ fd, size: 1000 + frame.length }, 1000, state).take()).toBeUndefined();
      expect(fileInput({ fd, size: 1 }, 0, { taken: false }).take()).toBeUndefined(); // the file changed size
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a tool that fails before any output is as good as missing: the bundled decoder reads the stream', async () => {
    await expect(decodeWithTool({ command: 'false', args: [] }, new Uint8Array(1), () => undefined, 10)).rejects.toBeInstanceOf(ToolUnavailable);
  });
  it('says when the tool is missing, before any output', async () => {
    await expect(decodeWithTool({ command: 'unitgraph-no-such-tool', args: [] }, new Uint8Array(1), () => undefined, 10)).rejects.toBeInstanceOf(ToolUnavailable);
  });
});

describe('real dracut images', () => {
  for (const name of ['zstd', 'xz', 'lz4', 'early-microcode']) {
    const file = join(DRACUT, `${name}.img`);
    const ok = existsSync(file) && HAVE_ZSTD && HAVE_XZ && HAVE_LZ4;
    (ok ? it : it.skip)(skipTitle(ok, existsSync(file) ? 'zstd, xz or lz4 is not installed' : 'dracut fixtures not built: bash scripts/build-dracut-fixtures.sh', `${name}.img: the same tree either way`), async () => {
      const [a, b] = await both(readFileSync(file));
      expect(describeTree(a)).toEqual(describeTree(b));
      expect(a.segments).toEqual(b.segments);
    }, 120_000);
  }
});

/**
 * Decoders on PATH as the command line finds them: the built bin run with its own PATH (jest's
 * process.env is not the one child_process spawns with, so setting PATH inside a test proves
 * nothing). Skipped when dist/ is not built.
 */
const BIN = join(REPO, 'bin', 'unitgraph.js');
const BUILT = existsSync(join(REPO, 'dist', 'unitgraph.mjs'));
describe('the tools the command line finds on PATH', () => {
  const ownPath = process.env['PATH'] ?? '';
  const listWith = (bytes: Uint8Array, PATH: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'unitgraph-path-'));
    try {
      const img = join(dir, 'x.img');
      writeFileSync(img, bytes);
      return spawnSync(process.execPath, [BIN, 'list', img, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, ...env, PATH } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const run = (title: string, fn: () => void): void => (BUILT ? it : it.skip)(skipTitle(BUILT, 'dist/ not built: npm run build', title), fn, 60_000);

  run('an lz4 on PATH that cannot read the legacy frame (it fails at once): the bundled decoder reads the image', () => {
    const bytes = compress('lz4', sampleTree());
    const expected = listWith(bytes, ownPath, { UNITGRAPH_EXTERNAL_DECOMPRESSORS: '0' });
    expect(expected.status).toBe(0);
    const fake = mkdtempSync(join(tmpdir(), 'unitgraph-fake-lz4-'));
    try {
      writeFileSync(join(fake, 'lz4'), '#!/bin/sh\ncat >/dev/null\necho "lz4: unrecognized header" >&2\nexit 1\n', { mode: 0o755 });
      const got = listWith(bytes, `${fake}:${ownPath}`);
      expect({ status: got.status, stderr: got.stderr }).toEqual({ status: 0, stderr: '' });
      expect(got.stdout).toBe(expected.stdout);
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });

  run('no zstd on PATH: the bundled decoder, the same listing', () => {
    const bytes = compress('zstd', sampleTree());
    const withTools = listWith(bytes, ownPath);
    const without = listWith(bytes, '/nonexistent');
    expect({ status: without.status, stderr: without.stderr }).toEqual({ status: 0, stderr: '' });
    expect(without.stdout).toBe(withTools.stdout);
  });
});
