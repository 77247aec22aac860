#!/usr/bin/env node
/**
 * Mutation fuzzing of unitgraph against its exit-code contract (issue 16).
 *
 *   npm run fuzz -- [--seconds 60] [--seed 1] [--workers 2] [--inputs N] [--out DIR] [--replay I] [--examples-only]
 *
 * Bases: examples/*\/initrd and, when they were built, the real dracut images
 * (test/fixtures/build/*.img, test/fixtures/build/*\/*.img). Each input i is made from its own
 * PRNG seeded by (seed, i), so `--replay I --seed S` writes input I again (to --out) and runs it.
 * Mutation classes:
 *   byte         bit flips, byte overwrites, truncation, deleted/duplicated/inserted ranges of the
 *                file, or of its tree written as one uncompressed cpio
 *   cpio-header  one header field of one member corrupted (magic, mode, sizes, nlink, check ...)
 *   name         member names: controls, newline, `..`, absolute, empty, overlong, duplicates
 *   link         symlinks: loops, chains, exponential link bombs, dangling, escaping, /dev/null
 *   unit-text    unit files: random dependencies and cycles, bad names, controls, NUL, invalid
 *                UTF-8, overlong lines, continuations, sections, specifiers; fstab/crypttab lines
 *   compression  recompressed (gzip, zstd, xz, lzma, lz4 legacy, bzip2) then corrupted, truncated,
 *                concatenated, NUL-prefixed or put behind an early cpio
 * Every input is run as `unitgraph <command> <file>` (mostly `check` in a random format) in an
 * empty directory that is also its HOME and TMPDIR, and must keep the contract: exit 0, 1 or 2;
 * on exit 2 exactly one stderr line naming the input; under 30 s and 1 GiB peak RSS; no control
 * character but newline on stdout or stderr; nothing written to its directory; the input file
 * unchanged. Violations are kept in --out with what was run. Exit 0 when there are none.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(REPO, 'bin', 'unitgraph.js');
const RSS_HOOK = join(REPO, 'scripts', 'fuzz-rss.mjs');
const LIMIT_MS = 30_000;
const LIMIT_RSS_KIB = 1024 * 1024;
// eslint-disable-next-line no-control-regex -- finding these characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

// ------------------------------------------------------------------------------------------ args
const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? dflt : argv[i + 1];
};
const SECONDS = Number(arg('seconds', '60'));
const SEED = Number(arg('seed', '1'));
const WORKERS = Number(arg('workers', '2'));
const MAX_INPUTS = Number(arg('inputs', 'Infinity'));
const REPLAY = arg('replay', undefined);
const OUT = arg('out', join(tmpdir(), `unitgraph-fuzz-${SEED}`));

if (!existsSync(join(REPO, 'dist', 'unitgraph.mjs')) || !existsSync(join(REPO, 'dist', 'src', 'parse', 'source', 'initrd', 'read-initrd.js'))) {
  console.error('unitgraph fuzz: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const { readInitrd } = await import(pathToFileURL(join(REPO, 'dist', 'src', 'parse', 'source', 'initrd', 'read-initrd.js')).href);

// ------------------------------------------------------------------------------------------ prng
const { prng } = await import('./gen-units.mjs');
const seedOf = (i) => createHash('sha256').update(`${SEED}:${i}`).digest().readUInt32LE(0);
const tools = (rand) => {
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rand() * list.length)];
  return { rand, int, pick, chance: (p) => rand() < p };
};

const enc = new TextEncoder();
const UNIT_DIRS = /^(?:usr\/)?lib\/systemd\/system\/|^etc\/systemd\/system\//;

// ------------------------------------------------------------------------------------------ bases
const examples = readdirSync(join(REPO, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(REPO, 'examples', d.name, 'initrd')))
  .map((d) => join(REPO, 'examples', d.name, 'initrd'))
  .sort();
const fixtures = argv.includes('--examples-only') ? [] : [
  ...['test/fixtures/build', ...(existsSync(join(REPO, 'test/fixtures/build')) ? readdirSync(join(REPO, 'test/fixtures/build'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `test/fixtures/build/${d.name}`) : [])]
    .flatMap((dir) => (existsSync(join(REPO, dir)) ? readdirSync(join(REPO, dir)).filter((f) => f.endsWith('.img')).map((f) => join(REPO, dir, f)) : [])),
].sort();
const bases = [...examples, ...fixtures];
/** The small examples most of the time (a run of them takes well under a second), a dracut image one time in eight. */
const pickBase = (t) => (fixtures.length > 0 && (examples.length === 0 || t.chance(0.125)) ? t.pick(fixtures) : t.pick(examples));

/**
 * A base's members as a list (parents first), file contents as bytes; files over 64 KiB outside
 * the unit directories (binaries, firmware) are kept as an 8-byte stub, so that a mutated tree is
 * small and a run spends its time on the units.
 */
const trees = new Map();
const treeOf = async (file) => {
  const hit = trees.get(file);
  if (hit !== undefined) return hit;
  const fs = await readInitrd(new Uint8Array(readFileSync(file)), file);
  const entries = [];
  const walk = (dir) => {
    for (const name of fs.readdir(dir)) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const node = fs.lstat(path);
      if (node === undefined) continue;
      const rel = path.slice(1);
      if (node.type === 'dir') {
        entries.push({ name: rel, type: 'dir' });
        walk(path);
      } else if (node.type === 'symlink') entries.push({ name: rel, type: 'symlink', data: new TextEncoder().encode(node.target) });
      else if (node.type === 'file') entries.push({ name: rel, type: 'file', data: node.size > 65536 && !UNIT_DIRS.test(rel) && !/\.(service|target|mount|socket|conf)$/.test(rel) ? enc.encode('\u007fELF stub') : node.read(), mode: 0o755 });
      else entries.push({ name: rel, type: 'chr' });
    }
  };
  walk('/');
  trees.set(file, entries);
  return entries;
};

// ------------------------------------------------------------------------------------------ cpio
const TYPE_BITS = { file: 0o100000, dir: 0o040000, symlink: 0o120000, chr: 0o020000 };
const hex8 = (n) => (n >>> 0).toString(16).padStart(8, '0');
const pad4 = (n) => (4 - (n % 4)) % 4;
const concat = (parts) => Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));

/** newc; `corrupt` (cpio-header class) changes one field of one member's header as it is written. */
const writeCpio = (entries, corrupt) => {
  const parts = [];
  let ino = 100;
  const all = [...entries, { name: 'TRAILER!!!', type: 'trailer' }];
  all.forEach((e, index) => {
    const name = typeof e.name === 'string' ? enc.encode(e.name) : e.name;
    const body = e.data ?? new Uint8Array(0);
    const trailer = e.type === 'trailer';
    const mode = trailer ? 0 : TYPE_BITS[e.type] | (e.mode ?? (e.type === 'dir' ? 0o755 : 0o644));
    const fields = [trailer ? 0 : ino++, mode, 0, 0, e.type === 'dir' ? 2 : 1, 0, body.length, 0, 0, 0, 0, name.length + 1, 0];
    let header = '070701' + fields.map(hex8).join('');
    if (corrupt !== undefined && corrupt.index === index) header = corrupt.apply(header);
    parts.push(enc.encode(header), name, new Uint8Array(1 + pad4(110 + name.length + 1)), body, new Uint8Array(pad4(body.length)));
  });
  return concat(parts);
};

// ------------------------------------------------------------------------------------------ compression
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const COMPRESSORS = {
  none: (b) => b,
  gzip: (b) => gzipSync(b, { level: 1 }),
  ...(has('zstd') ? { zstd: (b) => tool('zstd', ['-q', '-1', '-c'], b) } : {}),
  ...(has('xz') ? { xz: (b) => tool('xz', ['-0', '-c', '--check=crc32'], b), lzma: (b) => tool('xz', ['--format=lzma', '-0', '-c'], b) } : {}),
  ...(has('lz4') ? { lz4: (b) => tool('lz4', ['-l', '-q', '-c'], b) } : {}),
  ...(has('bzip2') ? { bzip2: (b) => tool('bzip2', ['-1', '-c'], b) } : {}),
};
const tool = (cmd, args, input) => {
  const r = spawnSync(cmd, args, { input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return new Uint8Array(r.stdout);
};

// ------------------------------------------------------------------------------------------ mutations
const CONTROLS = ['\u001b[2K\u001b[1A', '\u001b]0;owned\u0007', '\n', '\r', '\u0000', '\u009b31m', '\u007f', '\t', '\u202e', '\u0001'];
// unit files anywhere: NixOS keeps them in /nix/store/<hash>-unit-<name>/ behind links
const UNIT_SUFFIX = /\.(service|target|mount|socket|path|timer|swap|slice|scope|automount)$/;
const isUnitFile = (e) => e.type === 'file' && UNIT_SUFFIX.test(e.name) && !/\.d\//.test(e.name);
const unitNames = (entries) => [...new Set(entries.filter((e) => e.type !== 'dir' && UNIT_SUFFIX.test(e.name)).map((e) => e.name.split('/').pop()))];
const dirsOf = (entries) => entries.filter((e) => e.type === 'dir').map((e) => e.name);

const hostileName = (t, names) => {
  const base = t.pick(names.length > 0 ? names : ['x.service']);
  return t.pick([
    () => `${base.replace(/\./, t.pick(CONTROLS) + '.')}`,
    () => `gone${t.pick(CONTROLS)}.service`,
    () => `${'a'.repeat(t.int(200, 300))}.service`,
    () => `foo@${t.pick(['', '%i', '%', '\\x2d', '..', 'a/b', t.pick(CONTROLS)])}.service`,
    () => `dev-disk-by\\x2dlabel-${t.pick(['root', 'x-y', '\\x'])}.device`,
    () => t.pick(['-.mount', '-.slice', '.service', 'a..service', 'x.notatype', 'sysroot.mount', 'initrd.target', 'initrd-switch-root.target']),
    () => base,
  ])();
};

const UNIT_LINES = (t, names) => {
  const n = () => hostileName(t, names);
  return [
    () => `${t.pick(['Requires', 'Wants', 'BindsTo', 'Requisite', 'PartOf', 'Upholds', 'Conflicts', 'OnFailure', 'After', 'Before'])}=${n()} ${n()}`,
    () => `After=${n()}\nBefore=${n()}`,
    () => `DefaultDependencies=${t.pick(['no', 'yes', 'maybe', ''])}`,
    () => `${t.pick(['Exec', 'bad\u0001key', 'X-Foo', 'Description', 'ExecStart', 'Type', 'What', 'Where', 'Options', 'ConditionPathExists', 'EnvironmentFile', 'Environment'])}=${t.pick(['', '/bin/true', '-/nonexistent', '@/bin/sh sh -c "x"', '%n %i %%', 'A=' + t.pick(CONTROLS), '/dev/disk/by-label/x-y'])}`,
    () => `[${t.pick(['Unit', 'Service', 'Install', 'Mount', 'X-Foo', 'Unit ', 'unit', '', 'Service\u001b'])}]`,
    () => `Description=${'x'.repeat(t.pick([10, 5000, 70000]))}`,
    () => `ExecStart=/bin/sh -c \\\n  'continued' \\`,
    () => `Wants=${n()}${t.pick(CONTROLS)}`,
    () => `${t.pick(CONTROLS)}Key=${t.pick(CONTROLS)}`,
    () => '\u0000\u0000binary\u0000',
    () => '\u00ff\u00fe invalid utf-8 follows',
    () => '# comment \\',
    () => `WantedBy=${n()}\nRequiredBy=${n()}\nAlias=${n()}`,
  ];
};

const invalidUtf8 = (s) => {
  const b = enc.encode(s);
  return concat([b, new Uint8Array([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80])]);
};

const MUTATORS = {
  byte: (bytes, t) => {
    const b = Buffer.from(bytes);
    const how = t.pick(['flip', 'overwrite', 'truncate', 'delete', 'duplicate', 'insert', 'zero']);
    if (b.length === 0) return { bytes: b, note: 'empty' };
    const at = t.int(0, b.length - 1);
    switch (how) {
      case 'flip':
        for (let k = t.int(1, 16); k > 0; k--) {
          const i = t.chance(0.5) ? t.int(0, Math.min(b.length - 1, 4096)) : t.int(0, b.length - 1);
          b[i] ^= 1 << t.int(0, 7);
        }
        return { bytes: b, note: 'bit flips' };
      case 'overwrite':
        for (let k = t.int(1, 32); k > 0; k--) b[t.int(0, b.length - 1)] = t.int(0, 255);
        return { bytes: b, note: 'bytes overwritten' };
      case 'truncate':
        return { bytes: b.subarray(0, at), note: `truncated at ${at}` };
      case 'delete':
        return { bytes: Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + t.int(1, 4096)))]), note: `range deleted at ${at}` };
      case 'duplicate':
        return { bytes: Buffer.concat([b.subarray(0, at), b.subarray(at, at + t.int(1, 8192)), b.subarray(at)]), note: `range duplicated at ${at}` };
      case 'insert':
        return { bytes: Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: t.int(1, 512) }, () => t.int(0, 255))), b.subarray(at)]), note: `junk inserted at ${at}` };
      default:
        return { bytes: Buffer.concat([b.subarray(0, at), Buffer.alloc(t.int(1, 8192)), b.subarray(at)]), note: `zeros inserted at ${at}` };
    }
  },
  'cpio-header': (entries, t) => {
    const index = t.int(0, entries.length);
    const field = t.int(0, 13); // 0 = magic, 1..13 the fields
    const value = t.pick(['00000000', 'ffffffff', '7fffffff', hex8(t.int(0, 0xffffffff)), 'zzzzzzzz', '0000000g', hex8(t.int(0, 300)), '        ']);
    const apply = (h) => (field === 0 ? t.pick(['070707', '070702', '07070x', '000000']) + h.slice(6) : h.slice(0, 6 + (field - 1) * 8) + value + h.slice(6 + field * 8));
    return { cpio: writeCpio(entries, { index, apply }), note: `member ${index}: ${field === 0 ? 'magic' : `field ${field}`} corrupted` };
  },
  name: (entries, t) => {
    const out = [...entries];
    const notes = [];
    for (let k = t.int(1, 4); k > 0; k--) {
      const i = t.int(0, out.length - 1);
      const e = out[i];
      const how = t.pick(['control', 'dotdot', 'absolute', 'empty', 'long', 'duplicate', 'slashes', 'escape']);
      const dir = e.name.includes('/') ? e.name.slice(0, e.name.lastIndexOf('/')) : '';
      const leaf = e.name.slice(dir.length + (dir === '' ? 0 : 1));
      const name = {
        control: () => `${dir}/${leaf.slice(0, 3)}${t.pick(CONTROLS)}${leaf.slice(3)}`,
        dotdot: () => `${dir}/../../${leaf}`,
        absolute: () => `/${e.name}`,
        empty: () => '',
        long: () => `${dir}/${'n'.repeat(t.pick([255, 4095, 5000]))}.service`,
        duplicate: () => out[t.int(0, out.length - 1)].name,
        slashes: () => `${dir}//./${leaf}/`,
        escape: () => `${dir}/${leaf.replace(/-/g, '\\x2d')}`,
      }[how]();
      out[i] = { ...e, name };
      notes.push(`${how}: ${JSON.stringify(e.name)}`);
    }
    return { entries: out, note: notes.join('; ') };
  },
  link: (entries, t) => {
    const out = [...entries];
    const units = out.filter(isUnitFile);
    const dirs = dirsOf(out);
    const notes = [];
    const sym = (name, target) => ({ name, type: 'symlink', data: enc.encode(target) });
    const replace = (name, entry) => {
      const i = out.findIndex((e) => e.name === name);
      if (i < 0) out.push(entry);
      else out[i] = entry;
    };
    for (let k = t.int(1, 3); k > 0; k--) {
      const how = t.pick(['self', 'cycle', 'chain', 'bomb', 'dangling', 'escape', 'devnull', 'dir', 'unitdir']);
      const u = t.pick(units.length > 0 ? units : out);
      const d = t.pick(dirs.length > 0 ? dirs : ['etc']);
      switch (how) {
        case 'self':
          replace(u.name, sym(u.name, u.name.split('/').pop()));
          break;
        case 'cycle':
          replace(u.name, sym(u.name, `${u.name.split('/').pop()}.b`));
          out.push(sym(`${u.name}.b`, u.name.split('/').pop()));
          break;
        case 'chain': {
          const n = t.int(30, 45);
          for (let j = 0; j < n; j++) out.push(sym(`${d}/chain${j}`, j === n - 1 ? `/${u.name}` : `chain${j + 1}`));
          replace(u.name + '.chained.service', sym(`${u.name}.chained.service`, `/${d}/chain0`));
          break;
        }
        case 'bomb': {
          const n = t.int(1, 14);
          out.push({ name: 'bomb', type: 'dir' }, sym('bomb/l0', '.'));
          for (let j = 1; j <= n; j++) out.push(sym(`bomb/l${j}`, Array.from({ length: 4 }, () => `l${j - 1}`).join('/')));
          out.push({ name: `bomb/l${n}/victim.service`, type: 'file', data: enc.encode('[Service]\nExecStart=/bin/true\n') });
          if (t.chance(0.5)) replace(u.name, sym(u.name, `/bomb/l${n}/victim.service`));
          notes.push(`bomb depth ${n}`);
          break;
        }
        case 'dangling':
          replace(u.name, sym(u.name, `/nonexistent/${t.int(0, 1e6)}.service`));
          break;
        case 'escape':
          replace(u.name, sym(u.name, t.pick(['../../../../../../etc/passwd', '/../../../../proc/self/environ', '/proc/self/fd/0', '/dev/zero', '/dev/urandom'])));
          break;
        case 'devnull':
          replace(u.name, sym(u.name, '/dev/null'));
          break;
        case 'dir':
          replace(u.name, sym(u.name, t.pick(['/', '.', '..', `/${d}`])));
          break;
        default: {
          const unitDir = t.pick(['etc/systemd/system', 'usr/lib/systemd/system', 'lib']);
          const i = out.findIndex((e) => e.name === unitDir);
          if (i >= 0) out.splice(i, 1, sym(unitDir, t.pick(['/', '.', unitDir.split('/').pop(), '/usr/lib/systemd/system', '/etc/systemd/system'])));
        }
      }
      notes.push(`${how}: ${JSON.stringify(u.name)}`);
    }
    return { entries: out, note: notes.join('; ') };
  },
  'unit-text': (entries, t) => {
    const out = [...entries];
    const names = unitNames(out);
    const lines = UNIT_LINES(t, names);
    const notes = [];
    const units = out.map((e, i) => [e, i]).filter(([e]) => isUnitFile(e));
    for (let k = t.int(1, 6); k > 0 && units.length > 0; k--) {
      const [e, i] = t.pick(units);
      let text = new TextDecoder().decode(out[i].data);
      const how = t.pick(['append', 'insert', 'replace', 'crlf', 'bom', 'utf8', 'cut', 'huge']);
      if (how === 'append') text += '\n' + Array.from({ length: t.int(1, 8) }, () => t.pick(lines)()).join('\n');
      else if (how === 'insert') {
        const ls = text.split('\n');
        ls.splice(t.int(0, ls.length), 0, t.pick(lines)());
        text = ls.join('\n');
      } else if (how === 'replace') text = Array.from({ length: t.int(1, 20) }, () => t.pick(lines)()).join('\n');
      else if (how === 'crlf') text = text.replace(/\n/g, '\r\n');
      else if (how === 'bom') text = '\ufeff' + text;
      else if (how === 'cut') text = text.slice(0, t.int(0, text.length));
      else if (how === 'huge') text += `\nDescription=${'y'.repeat(t.pick([65536, 1 << 20]))}`;
      out[i] = { ...e, data: how === 'utf8' ? invalidUtf8(text) : enc.encode(text) };
      notes.push(`${how}: ${JSON.stringify(e.name)}`);
    }
    if (t.chance(0.3)) {
      // a drop-in, a .wants link, an fstab or crypttab line
      const u = t.pick(names.length > 0 ? names : ['x.service']);
      const what = t.pick(['dropin', 'wants', 'fstab', 'crypttab']);
      if (what === 'dropin') out.push({ name: `etc/systemd/system/${u}.d`, type: 'dir' }, { name: `etc/systemd/system/${u}.d/${t.pick(['10-x', 'x' + t.pick(CONTROLS)])}.conf`, type: 'file', data: enc.encode(`[Unit]\n${t.pick(lines)()}\n`) });
      else if (what === 'wants') out.push({ name: `etc/systemd/system/${t.pick(names.length > 0 ? names : ['initrd.target'])}.wants`, type: 'dir' }, { name: `etc/systemd/system/${t.pick(names.length > 0 ? names : ['initrd.target'])}.wants/${hostileName(t, names)}`, type: 'symlink', data: enc.encode(`/etc/systemd/system/${hostileName(t, names)}`) });
      else {
        const file = what === 'fstab' ? 'etc/fstab' : 'etc/crypttab';
        const line = what === 'fstab' ? `${t.pick(['/dev/sda1', 'UUID=x', 'LABEL=a-b', '/dev/mapper/r' + t.pick(CONTROLS)])} ${t.pick(['/sysroot', '/sysroot/x', '/', 'none', '/x y'])} ${t.pick(['ext4', 'btrfs', 'nfs', 'swap'])} ${t.pick(['defaults', 'x-initrd.mount', 'nofail,x-systemd.requires=' + hostileName(t, names)])} 0 0` : `${t.pick(['root', 'r' + t.pick(CONTROLS)])} ${t.pick(['UUID=abc', '/dev/sda2'])} ${t.pick(['none', '/key', '-'])} ${t.pick(['luks', 'discard', 'tpm2-device=auto', 'keyfile-timeout=5s'])}`;
        const i = out.findIndex((e) => e.name === file);
        const old = i < 0 ? '' : new TextDecoder().decode(out[i].data);
        const entry = { name: file, type: 'file', data: enc.encode(`${old}\n${Array.from({ length: t.pick([1, 5, 200]) }, () => line).join('\n')}\n`) };
        if (i < 0) out.push(entry);
        else out[i] = entry;
      }
      notes.push(what);
    }
    return { entries: out, note: notes.join('; ') };
  },
  compression: (entries, t) => {
    const cpio = writeCpio(entries);
    const names = Object.keys(COMPRESSORS).filter((c) => c !== 'none');
    const c = t.pick(names);
    let z = Buffer.from(COMPRESSORS[c](cpio));
    const how = t.pick(['flip', 'truncate', 'append', 'concat', 'nul-prefix', 'early-cpio', 'double']);
    if (how === 'flip') for (let k = t.int(1, 8); k > 0; k--) z[t.int(Math.min(z.length - 1, 20), z.length - 1)] ^= 1 << t.int(0, 7);
    else if (how === 'truncate') z = z.subarray(0, t.int(0, z.length - 1));
    else if (how === 'append') z = Buffer.concat([z, Buffer.from(Array.from({ length: t.int(1, 600) }, () => t.pick([0, t.int(0, 255)])))]);
    else if (how === 'concat') z = Buffer.concat([z, Buffer.from(COMPRESSORS[t.pick(names)](writeCpio([{ name: 'etc/extra', type: 'file', data: enc.encode('x') }])))]);
    else if (how === 'nul-prefix') z = Buffer.concat([Buffer.alloc(t.pick([4, 512, 4096, 4100, 70000])), z]);
    else if (how === 'early-cpio') z = Buffer.concat([writeCpio([{ name: 'kernel', type: 'dir' }, { name: 'kernel/x86', type: 'dir' }, { name: 'kernel/x86/microcode', type: 'dir' }, { name: 'kernel/x86/microcode/GenuineIntel.bin', type: 'file', data: new Uint8Array(t.int(0, 5000)) }]), Buffer.alloc(t.pick([0, 512, 3])), z]);
    else z = Buffer.from(COMPRESSORS[t.pick(names)](z));
    return { bytes: z, note: `${c}, ${how}` };
  },
};
const CLASSES = Object.keys(MUTATORS);

/** Input i: its class, a note of what was done, the bytes. */
const makeInput = async (i) => {
  const t = tools(prng(seedOf(i)));
  const cls = CLASSES[i % CLASSES.length];
  const base = pickBase(t);
  if (cls === 'byte') {
    // the file as it is (its compressed stream), or its tree as one uncompressed cpio
    const raw = t.chance(0.5);
    const r = MUTATORS.byte(raw ? new Uint8Array(readFileSync(base)) : writeCpio(await treeOf(base)), t);
    return { cls, base, note: `${raw ? 'file' : 'uncompressed cpio'}: ${r.note}`, bytes: r.bytes, t };
  }
  const entries = await treeOf(base);
  const r = MUTATORS[cls](entries, t);
  if (cls === 'compression') return { cls, base, note: r.note, bytes: r.bytes, t };
  const cpio = r.cpio ?? writeCpio(r.entries);
  const c = t.pick(Object.keys(COMPRESSORS));
  return { cls, base, note: `${r.note} (${c})`, bytes: COMPRESSORS[c](cpio), t };
};

// ------------------------------------------------------------------------------------------ running
const commandFor = (t, file) =>
  t.pick([
    ['check', file],
    ['check', file, '--format', 'json'],
    ['check', file, '--format', 'github'],
    ['check', file, '--format', 'sarif'],
    ['check', file, '--strict'],
    ['list', file],
    ['show', file, t.pick(['initrd.target', 'sysroot.mount', 'default.target', 'systemd-fsck-root.service'])],
    ['graph', file, '--format', 'dot'],
  ]);

const runOne = (args, dir) =>
  new Promise((resolve) => {
    const rssFile = join(dir, '..', `${dir.split('/').pop()}.rss`);
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', pathToFileURL(RSS_HOOK).href, BIN, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, TMPDIR: dir, UNITGRAPH_FUZZ_RSS: rssFile, LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    let outBytes = 0;
    child.stdout.on('data', (d) => {
      outBytes += d.length;
      if (outBytes < 64 << 20) out.push(d);
    });
    child.stderr.on('data', (d) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, LIMIT_MS + 5_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      let rss;
      try {
        rss = Number(readFileSync(rssFile, 'utf8'));
        rmSync(rssFile);
      } catch {
        rss = undefined;
      }
      resolve({ code, signal, timedOut, ms, rss, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') });
    });
  });

const violationsOf = (r, file, dir) => {
  const v = [];
  if (r.timedOut) v.push(`killed after ${LIMIT_MS + 5000} ms`);
  else if (r.ms > LIMIT_MS) v.push(`took ${Math.round(r.ms)} ms (bound ${LIMIT_MS})`);
  if (r.rss !== undefined && r.rss > LIMIT_RSS_KIB) v.push(`peak RSS ${Math.round(r.rss / 1024)} MiB (bound 1024)`);
  if (!r.timedOut && ![0, 1, 2].includes(r.code)) v.push(`exit ${r.code}${r.signal === null ? '' : ` (${r.signal})`}`);
  if (r.code === 2) {
    const lines = r.err.split('\n');
    if (lines.length !== 2 || lines[1] !== '') v.push(`exit 2 with ${lines.length - 1} stderr lines`);
    if (!lines[0].startsWith('unitgraph: ') || !lines[0].includes(file)) v.push('exit 2 line does not name the input');
    if (/internal error/.test(lines[0])) v.push('internal error');
  } else if (r.code === 0 || r.code === 1) {
    if (r.err !== '') v.push('stderr not empty on success');
  }
  if (RAW_CONTROL.test(r.out)) v.push(`control character on stdout (${JSON.stringify(r.out.match(RAW_CONTROL)?.[0])})`);
  if (RAW_CONTROL.test(r.err)) v.push(`control character on stderr (${JSON.stringify(r.err.match(RAW_CONTROL)?.[0])})`);
  if (readdirSync(dir).length > 0) v.push(`wrote into its directory: ${readdirSync(dir).join(', ')}`);
  return v;
};

const quantile = (xs, q) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

// ------------------------------------------------------------------------------------------ main
mkdirSync(OUT, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'unitgraph-fuzz-work-'));
const gitStatus = () => spawnSync('git', ['status', '--porcelain', '--ignored=no'], { cwd: REPO, encoding: 'utf8' }).stdout ?? '';
const statusBefore = gitStatus();
console.log(`unitgraph fuzz: seed ${SEED}, ${WORKERS} workers, ${REPLAY === undefined ? `${SECONDS} s` : `replay of input ${REPLAY}`}; ${bases.length} bases (${bases.map((b) => b.slice(REPO.length + 1)).join(', ')}); compressors: ${Object.keys(COMPRESSORS).join(', ')}; reproducers in ${OUT}`);

const stats = Object.fromEntries(CLASSES.map((c) => [c, { inputs: 0, exit0: 0, exit1: 0, exit2: 0, violations: 0 }]));
const times = [];
const rsss = [];
const violations = [];
const deadline = performance.now() + SECONDS * 1000;
let next = REPLAY === undefined ? 0 : Number(REPLAY);
const last = REPLAY === undefined ? MAX_INPUTS : Number(REPLAY) + 1;

const worker = async (w) => {
  for (;;) {
    if (next >= last || (REPLAY === undefined && performance.now() > deadline)) return;
    const i = next++;
    let input;
    try {
      input = await makeInput(i);
    } catch (e) {
      console.error(`input ${i}: could not be made (${e instanceof Error ? e.message : String(e)}); skipped`);
      continue;
    }
    const dir = join(work, `w${w}-${i}`);
    mkdirSync(dir);
    const file = join(work, `input-${i}.img`);
    writeFileSync(file, input.bytes);
    const hash = createHash('sha256').update(input.bytes).digest('hex');
    const args = commandFor(input.t, file);
    const r = await runOne(args, dir);
    const v = violationsOf(r, file, dir);
    if (createHash('sha256').update(readFileSync(file)).digest('hex') !== hash) v.push('the input file was changed');
    const s = stats[input.cls];
    s.inputs++;
    if (r.code === 0 || r.code === 1 || r.code === 2) s[`exit${r.code}`]++;
    times.push(r.ms);
    if (r.rss !== undefined) rsss.push(r.rss);
    if (v.length > 0 || REPLAY !== undefined) {
      const keep = join(OUT, `input-${i}.img`);
      writeFileSync(keep, input.bytes);
      const record = { input: i, seed: SEED, class: input.cls, base: input.base.slice(REPO.length + 1), mutation: input.note, command: ['unitgraph', ...args.map((a) => (a === file ? keep : a))].join(' '), exit: r.code, ms: Math.round(r.ms), rssMiB: r.rss === undefined ? null : Math.round(r.rss / 1024), violations: v, stderr: r.err.slice(0, 2000), stdoutHead: r.out.slice(0, 2000) };
      writeFileSync(join(OUT, `input-${i}.json`), JSON.stringify(record, null, 2) + '\n');
      if (v.length > 0) {
        s.violations++;
        violations.push(record);
        console.log(`VIOLATION input ${i} (${input.cls}: ${input.note}): ${v.join('; ')} — ${record.command}`);
      } else console.log(JSON.stringify(record, null, 2));
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
};

const t0 = performance.now();
await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
rmSync(work, { recursive: true, force: true });
if (gitStatus() !== statusBefore) violations.push({ violations: ['the repository changed during the run'] });

const total = Object.values(stats).reduce((n, s) => n + s.inputs, 0);
console.log(`\n${total} inputs in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
console.log(`${'class'.padEnd(12)} ${'inputs'.padStart(6)} ${'exit 0'.padStart(6)} ${'exit 1'.padStart(6)} ${'exit 2'.padStart(6)} ${'viol.'.padStart(6)}`);
for (const [c, s] of Object.entries(stats)) console.log(`${c.padEnd(12)} ${String(s.inputs).padStart(6)} ${String(s.exit0).padStart(6)} ${String(s.exit1).padStart(6)} ${String(s.exit2).padStart(6)} ${String(s.violations).padStart(6)}`);
const ms = (x) => `${Math.round(x)} ms`;
const mib = (x) => `${Math.round(x / 1024)} MiB`;
console.log(`time      p50 ${ms(quantile(times, 0.5))}  p99 ${ms(quantile(times, 0.99))}  max ${ms(Math.max(0, ...times))}`);
console.log(`peak RSS  p50 ${mib(quantile(rsss, 0.5))}  p99 ${mib(quantile(rsss, 0.99))}  max ${mib(Math.max(0, ...rsss))}  (${rsss.length} of ${total} measured)`);
console.log(violations.length === 0 ? 'no contract violations' : `${violations.length} contract violations; reproducers in ${OUT}`);
process.exitCode = violations.length === 0 ? 0 : 1;
