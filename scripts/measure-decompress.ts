/**
 * Times each initrd decompressor on a ~20 MB cpio of realistic content (binaries, libraries,
 * unit files and configuration taken from this machine's /usr and /etc), compressed with the
 * real tools at dracut's settings, and prints MB/s of decompressed output: the decoder alone,
 * and the whole readInitrd (decoder + cpio walk + tree), next to the tool's own `-dc` time.
 *
 * Node 20 cannot strip types, so compile first:
 *   npx tsc --ignoreConfig --module nodenext --target es2022 --skipLibCheck --types node \
 *     --outDir dist/measure scripts/measure-decompress.ts
 *   node dist/measure/scripts/measure-decompress.js [--mb 20] [--runs 3]
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { DECOMPRESSORS, type Compression } from '../src/parse/source/initrd/decompress/index.js';
import { readInitrd } from '../src/parse/source/initrd/read-initrd.js';
import { writeCpio, type CpioEntry } from '../test/helpers/cpio-writer.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const TARGET = arg('mb', 20) * 1e6;
const RUNS = arg('runs', 3);
const ROOTS = ['/usr/lib/systemd', '/etc', '/usr/bin', '/usr/sbin', '/usr/lib/x86_64-linux-gnu', '/usr/share/doc'];

/** Host files in a stable order until the target size; files over 4 MB are left out. */
const collect = (): CpioEntry[] => {
  const entries: CpioEntry[] = [];
  let size = 0;
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    entries.push({ name: dir.slice(1), type: 'dir' });
    for (const name of names) {
      if (size >= TARGET) return;
      const path = join(dir, name);
      try {
        const st = lstatSync(path);
        if (st.isSymbolicLink()) entries.push({ name: path.slice(1), type: 'symlink', target: readlinkSync(path) });
        else if (st.isDirectory()) walk(path);
        else if (st.isFile() && st.size <= 4e6) {
          const data = readFileSync(path);
          entries.push({ name: path.slice(1), data, mode: st.mode & 0o7777 });
          size += data.length;
        }
      } catch {
        // unreadable: leave it out
      }
    }
  };
  for (const root of ROOTS) if (size < TARGET) walk(root);
  return entries;
};

const TOOLS: Record<Exclude<Compression, 'lzo'>, [string[], string[]]> = {
  gzip: [['gzip', '-n', '-9'], ['gzip', '-dc']],
  zstd: [['zstd', '-15', '-q', '-T0'], ['zstd', '-dc']],
  xz: [['xz', '--check=crc32', '--lzma2=dict=1MiB', '-T0'], ['xz', '-dc']],
  lzma: [['lzma', '-9'], ['lzma', '-dc']],
  lz4: [['lz4', '-l', '-9', '-q'], ['lz4', '-dc']],
  bzip2: [['bzip2', '-9'], ['bzip2', '-dc']],
};

const run = (cmd: string[], input: Uint8Array): Uint8Array =>
  new Uint8Array(execFileSync(cmd[0] as string, cmd.slice(1), { input, maxBuffer: 1 << 30 }));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const time = async (f: () => Promise<unknown> | unknown): Promise<number> => {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    await f();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return median(times);
};

const main = async (): Promise<void> => {
  const entries = collect();
  const cpio = writeCpio(entries, { padTo: 512 });
  const mb = cpio.length / 1e6;
  console.log(`cpio: ${entries.length} members, ${mb.toFixed(1)} MB; median of ${RUNS} runs; MB/s of decompressed output`);
  console.log('format  compressed  decoder MB/s  readInitrd MB/s  CLI -dc MB/s');
  const plain = await time(() => readInitrd(cpio, 'cpio'));
  console.log(`none    ${mb.toFixed(1).padStart(7)} MB  ${'-'.padStart(12)}  ${(mb / plain).toFixed(0).padStart(15)}  ${'-'.padStart(12)}`);
  for (const [format, [pack, unpack]] of Object.entries(TOOLS)) {
    const packed = run(pack, cpio);
    const decoder = DECOMPRESSORS[format as Compression];
    if (decoder === undefined) continue;
    let out = 0;
    const decode = await time(async () => {
      out = 0;
      await decoder.decode(packed, (c) => (out += c.length), { remainingBytes: 2 ** 31 });
    });
    if (out !== cpio.length) throw new Error(`${format}: decoded ${out} bytes, expected ${cpio.length}`);
    const full = await time(() => readInitrd(packed, format));
    const cli = await time(() => run(unpack, packed));
    const widths = [12, 15, 12];
    const row = [mb / decode, mb / full, mb / cli].map((v, i) => v.toFixed(0).padStart(widths[i] ?? 0));
    console.log(`${format.padEnd(6)}  ${(packed.length / 1e6).toFixed(1).padStart(7)} MB  ${row.join('  ')}`);
  }
};

await main();
