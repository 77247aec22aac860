/**
 * The safety bounds, end to end through main(argv, io): a bound passed on the archive (its
 * decompressed size, its number of members) or on the tree (a chain of symlinks) is exit 2 with
 * one line on stderr that names the file, the bound and how to raise it; a unit file too large
 * or a line too long is a diagnostic and that unit fails to load, not a failure of the run.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { MAX_HOPS } from '../../src/parse/source/vfs.js';
import { LONG_LINE_MAX } from '../../src/parse/unit-file/lexer.js';
import { MAX_UNIT_FILE_BYTES } from '../../src/parse/load/load-units.js';
import { writeCpio, type CpioEntry } from '../helpers/cpio-writer.js';
import { skipTitle } from '../helpers/skip.js';

const run = async (...argv: string[]) => {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
};

/** exit 2, exactly one line on stderr, naming the file and matching `what`. */
const expectFailure = (r: { code: number; err: string }, file: string, what: RegExp): void => {
  expect(r.code).toBe(2);
  expect(r.err.endsWith('\n')).toBe(true);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).toContain(file);
  expect(r.err).toMatch(what);
};

const tmp = (): string => mkdtempSync(join(tmpdir(), 'unitgraph-limits-'));
const has = (tool: string): boolean => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** A small initrd: a unit tree, `extra` files of `size` bytes each. */
const initrd = (extra: number, size: number): Uint8Array => {
  const entries: CpioEntry[] = [
    { name: 'etc', type: 'dir' },
    { name: 'etc/initrd-release', data: 'ID=test\n' },
    { name: 'etc/systemd', type: 'dir' },
    { name: 'etc/systemd/system', type: 'dir' },
    { name: 'etc/systemd/system/initrd.target', data: '[Unit]\nDescription=Initrd\n' },
    { name: 'data', type: 'dir' },
  ];
  for (let i = 0; i < extra; i++) entries.push({ name: `data/f${i}`, data: new Uint8Array(size).fill(0x61 + (i % 26)) });
  return writeCpio(entries);
};

const write = (bytes: Uint8Array, name = 'initrd.img'): string => {
  const file = join(tmp(), name);
  writeFileSync(file, bytes);
  return file;
};

describe('decompressed size (--max-bytes)', () => {
  const archive = initrd(4, 1 << 20); // 4 MiB of data, gzip makes it a few KiB

  it('a gzip archive that unpacks past the bound: exit 2, one line that says how to raise it', async () => {
    const file = write(gzipSync(archive));
    expectFailure(await run('check', file, '--max-bytes', '1M'), file, /decompresses to more than 1 MiB; if the image is genuine, raise the bound with --max-bytes\n$/);
    expect((await run('check', file, '--max-bytes', '8M')).code).toBe(0);
  });

  (has('zstd') ? it : it.skip)(skipTitle(has('zstd'), 'zstd is not installed', 'the same through the zstd fast path and through the bundled decoder'), async () => {
    const file = write(new Uint8Array(execFileSync('zstd', ['-c', '-q'], { input: archive })));
    expectFailure(await run('check', file, '--max-bytes', '2M'), file, /decompresses to more than 2 MiB/);
    const io = memoryIo({ UNITGRAPH_EXTERNAL_DECOMPRESSORS: '0' });
    expect(await main(['check', file, '--max-bytes', '2M'], io)).toBe(2);
    expect(io.err).toMatch(/decompresses to more than 2 MiB/);
  });

  it('an uncompressed archive is bounded too', async () => {
    const file = write(archive);
    expectFailure(await run('list', file, '--max-bytes', '100K'), file, /decompresses to more than 100 KiB/);
  });

  it('a size that is not a size is a usage error', async () => {
    const file = write(archive);
    expectFailure(await run('check', file, '--max-bytes', 'lots'), '--max-bytes', /not a size: lots/);
  });
});

describe('number of members (--max-members)', () => {
  const archive = gzipSync(initrd(60, 10));

  it('more members than allowed: exit 2, one line that says how to raise it', async () => {
    const file = write(archive);
    expectFailure(await run('check', file, '--max-members', '50'), file, /more than 50 members; if the image is genuine, raise the bound with --max-members\n$/);
    expect((await run('check', file, '--max-members', '66')).code).toBe(0);
  });

  it('a count that is not a count is a usage error', async () => {
    expectFailure(await run('check', write(archive), '--max-members', '-3'), '--max-members', /not a count: -3/);
  });
});

describe(`symlink depth (more than ${MAX_HOPS} links, the kernel's ELOOP bound)`, () => {
  /** A root whose a.service is reached through `hops` links in a row. */
  const chain = (hops: number): string => {
    const root = tmp();
    const units = join(root, 'etc/systemd/system');
    mkdirSync(units, { recursive: true });
    mkdirSync(join(root, 'links'));
    writeFileSync(join(root, 'etc/initrd-release'), 'ID=test\n');
    writeFileSync(join(root, 'etc/systemd/system/initrd.target'), '[Unit]\nWants=a.service\n');
    writeFileSync(join(root, 'etc/systemd/system/sysinit.target'), '[Unit]\n'); // a.service's default Requires=
    writeFileSync(join(root, 'links/real.service'), '[Service]\nExecStart=/bin/true\n');
    for (let i = 1; i < hops; i++) symlinkSync(i === hops - 1 ? '/links/real.service' : `/links/l${i + 1}`, join(root, `links/l${i}`));
    symlinkSync(hops === 1 ? '/links/real.service' : '/links/l1', join(units, 'a.service'));
    return root;
  };

  it(`${MAX_HOPS} links are followed`, async () => {
    const r = await run('check', chain(MAX_HOPS), '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });

  type Findings = { findings: Array<{ rule: string; units: string[]; message: string }> };
  const loadErrors = (out: string) => (JSON.parse(out) as Findings).findings.filter((f) => f.rule === 'load-error');

  it(`${MAX_HOPS + 1} links to a unit file: a load-error on that unit (as systemd fails only it), the rest analysed`, async () => {
    const root = chain(MAX_HOPS + 1);
    const r = await run('check', root, '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(loadErrors(r.out)).toEqual([expect.objectContaining({
      units: ['a.service'],
      message: expect.stringMatching(new RegExp(`^a\\.service cannot be loaded by systemd \\(etc/systemd/system/a\\.service: symlink loop \\(more than ${MAX_HOPS} links\\)`)),
    })]);
  });

  it('a unit file that is a link loop, reached through Wants= in a unit directory: a load-error, not silence', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'default.target'), '[Unit]\nWants=a.service b.service\n');
    writeFileSync(join(dir, 'b.service'), '[Service]\nExecStart=/bin/true\n');
    symlinkSync('loop1', join(dir, 'a.service'));
    symlinkSync('loop2', join(dir, 'loop1'));
    symlinkSync('loop1', join(dir, 'loop2'));
    const r = await run('check', dir, '--format', 'json', '--target', 'default.target');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(loadErrors(r.out).map((f) => f.units)).toEqual([['a.service']]);
  });

  it('a drop-in or a .wants/ entry that is a link loop is skipped (conf_files_list cannot stat it), the unit loads', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'default.target'), '[Unit]\nWants=a.service\n');
    writeFileSync(join(dir, 'a.service'), '[Service]\nExecStart=/bin/true\n');
    mkdirSync(join(dir, 'a.service.d'));
    symlinkSync('l2', join(dir, 'a.service.d/l1.conf'));
    symlinkSync('l1.conf', join(dir, 'a.service.d/l2'));
    writeFileSync(join(dir, 'a.service.d/ok.conf'), '[Unit]\nDescription=ok\n');
    mkdirSync(join(dir, 'a.service.wants'));
    symlinkSync('w2', join(dir, 'a.service.wants/b.service'));
    symlinkSync('b.service', join(dir, 'a.service.wants/w2'));
    const r = await run('show', dir, 'a.service', '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { dropins: string[] };
    expect(j.dropins).toEqual(['a.service.d/ok.conf']);
    expect(r.out).toContain('b.service');
  });

  it('a loop: exit 2, one line', async () => {
    const root = tmp();
    mkdirSync(join(root, 'etc/systemd'), { recursive: true });
    symlinkSync('/etc/systemd/loop', join(root, 'etc/systemd/system'));
    symlinkSync('/etc/systemd/system', join(root, 'etc/systemd/loop'));
    mkdirSync(join(root, 'usr/lib/systemd/system'), { recursive: true });
    writeFileSync(join(root, 'usr/lib/systemd/system/default.target'), '[Unit]\n');
    expectFailure(await run('list', root), root, /symlink loop/);
  });

  it('in an archive too', async () => {
    const entries: CpioEntry[] = [
      { name: 'etc', type: 'dir' }, { name: 'etc/systemd', type: 'dir' }, { name: 'etc/systemd/system', type: 'dir' },
      { name: 'etc/systemd/system/initrd.target', data: '[Unit]\nWants=a.service\n' },
      { name: 'etc/systemd/system/a.service', type: 'symlink', target: '/l1' },
    ];
    for (let i = 1; i <= MAX_HOPS + 1; i++) entries.push({ name: `l${i}`, type: 'symlink', target: `/l${i + 1}` });
    const file = write(writeCpio(entries));
    const r = await run('check', file, '--format', 'json');
    expect(r.code).toBe(1);
    expect(loadErrors(r.out).map((f) => f.units)).toEqual([['a.service']]);
  });
});

describe('unit file size and line length: a diagnostic, the unit fails to load, the run goes on', () => {
  const root = (files: Record<string, string | number>): string => {
    const dir = tmp();
    mkdirSync(join(dir, 'etc/systemd/system'), { recursive: true });
    writeFileSync(join(dir, 'etc/initrd-release'), 'ID=test\n');
    writeFileSync(join(dir, 'etc/systemd/system/sysinit.target'), '[Unit]\n'); // the services' default Requires=
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, 'etc/systemd/system', name);
      mkdirSync(join(path, '..'), { recursive: true });
      if (typeof content === 'number') {
        writeFileSync(path, '[Unit]\nDescription=huge\n');
        truncateSync(path, content); // sparse: large, and never read
      } else writeFileSync(path, content);
    }
    return dir;
  };
  type Report = { findings: Array<{ rule: string; units: string[]; message: string }>; diagnostics?: Array<{ message: string; file?: string }> };

  it(`a unit file over ${MAX_UNIT_FILE_BYTES / 1024 / 1024} MiB is not read: diagnostic, load-error, exit 1`, async () => {
    const dir = root({ 'initrd.target': '[Unit]\nRequires=big.service\n', 'big.service': MAX_UNIT_FILE_BYTES + 1, 'ok.service': MAX_UNIT_FILE_BYTES - 100 });
    const r = await run('check', dir, '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out) as Report;
    expect(j.diagnostics?.some((d) => d.file === 'etc/systemd/system/big.service' && /more than the 4 MiB unitgraph reads of a unit file/.test(d.message))).toBe(true);
    expect(j.diagnostics?.some((d) => d.file === 'etc/systemd/system/ok.service')).toBe(false);
    expect(j.findings.filter((f) => f.rule === 'load-error').map((f) => f.units)).toEqual([['big.service']]);
  });

  it('a drop-in over the bound is ignored, with a diagnostic', async () => {
    const dir = root({ 'initrd.target': '[Unit]\nWants=a.service\n', 'a.service': '[Service]\nExecStart=/bin/true\n', 'a.service.d/big.conf': MAX_UNIT_FILE_BYTES + 1 });
    const r = await run('check', dir, '--format', 'json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Report).diagnostics?.some((d) => d.file === 'etc/systemd/system/a.service.d/big.conf')).toBe(true);
  });

  it(`a line longer than LONG_LINE_MAX (${LONG_LINE_MAX} bytes): diagnostic, load-error, exit 1`, async () => {
    const dir = root({ 'initrd.target': '[Unit]\nRequires=long.service\n', 'long.service': `[Service]\nExecStart=/bin/true ${'x'.repeat(LONG_LINE_MAX)}\n` });
    const r = await run('check', dir, '--format', 'json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as Report;
    expect(j.diagnostics?.some((d) => /Line longer than 1048576 bytes/.test(d.message))).toBe(true);
    expect(j.findings.filter((f) => f.rule === 'load-error').map((f) => f.units)).toEqual([['long.service']]);
  });
});

describe('configuration files the generators read: bounded like unit files', () => {
  const root = (file: string, size: number): string => {
    const dir = tmp();
    mkdirSync(join(dir, 'etc/systemd/system'), { recursive: true });
    writeFileSync(join(dir, 'etc/initrd-release'), 'ID=test\n');
    writeFileSync(join(dir, 'etc/systemd/system/initrd.target'), '[Unit]\n');
    writeFileSync(join(dir, file), '');
    truncateSync(join(dir, file), size); // sparse NUL bytes
    return dir;
  };

  it.each(['etc/fstab', 'etc/crypttab', 'etc/systemd/system.conf'])('a 3 GiB sparse %s in a directory: exit 2, one line naming it', async (file) => {
    const dir = root(file, 3 * 1024 ** 3);
    expectFailure(await run('check', dir), dir, new RegExp(`: ${file.replace(/\./g, '\\.')} is 3072\\.0 MiB, more than the 4 MiB unitgraph reads of a configuration file\\n$`));
  });

  it('one byte past 4 MiB in an archive: the same; 4 MiB is read', async () => {
    const entries = (size: number): CpioEntry[] => [
      { name: 'etc', type: 'dir' }, { name: 'etc/initrd-release', data: 'ID=test\n' },
      { name: 'etc/systemd', type: 'dir' }, { name: 'etc/systemd/system', type: 'dir' },
      { name: 'etc/systemd/system/initrd.target', data: '[Unit]\n' },
      { name: 'etc/fstab', data: new Uint8Array(size).fill(0x23) }, // '#': comment lines' worth of bytes
    ];
    const big = write(writeCpio(entries(MAX_UNIT_FILE_BYTES + 1)));
    expectFailure(await run('check', big), big, /: etc\/fstab is 4\.0 MiB, more than the 4 MiB unitgraph reads of a configuration file\n$/);
    expect((await run('check', write(writeCpio(entries(MAX_UNIT_FILE_BYTES))))).code).toBe(0);
  });
});

describe('leading NUL bytes and --max-bytes values', () => {
  const archive = initrd(1, 10);

  it('any amount of NUL padding before a valid image is skipped, as the kernel does', async () => {
    for (const pad of [0, 4, 4096, 8192, 1 << 20]) {
      const r = await run('check', write(new Uint8Array([...new Uint8Array(pad), ...archive])));
      expect({ pad, code: r.code, err: r.err }).toEqual({ pad, code: 0, err: '' });
    }
  });

  it('accepts 1T, 1.5G, 512MiB, 100KB, 0.5M and plain bytes', async () => {
    const file = write(archive);
    for (const size of ['1T', '1.5G', '1.5g', '512MiB', '100KB', '0.5M', '1048576', '2 GiB']) {
      expect({ size, code: (await run('check', file, '--max-bytes', size)).code }).toEqual({ size, code: 0 });
    }
  });

  it('a value it cannot use names the option, never the internal key', async () => {
    const file = write(archive);
    for (const size of ['-1', 'lots', '99999999999T', '1e3']) {
      const r = await run('check', file, '--max-bytes', size);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--max-bytes/);
      expect(r.err).not.toMatch(/maxBytes/);
    }
    expectFailure(await run('check', file, '--max-bytes', '1K'), file, /raise the bound with --max-bytes\n$/);
  });
});
