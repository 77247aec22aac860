/**
 * Start-up cost: the commands that only read and check (`check`, `list`, `show`, `graph`) must
 * not load the drawing libraries (elkjs, d3, the page bundle: together they cost more than the
 * rest of start-up); render, html and serve load them when they need them. Checked on the built bin, with a module hook that records every module Node
 * resolves. The bin compiles the script dist/unitgraph.cjs with its code cache
 * (scripts/build-cli.mjs), in which packages are require()d when needed (a CommonJS hook sees
 * them) and the drawing code is neither run nor compiled unless called; with
 * UNITGRAPH_CODE_CACHE=0 (or no script) it loads the ES module dist/unitgraph.mjs, whose page code
 * sits in a chunk of its own (dist/chunks/page-*.mjs) and whose elkjs stays in node_modules.
 * Skipped when dist/ is not built.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../helpers/fixture.js';
import { skipTitle } from '../helpers/skip.js';

const BIN = join(REPO, 'bin', 'unitgraph.js');
const EXAMPLE = join(REPO, 'examples', 'nixos-remote-unlock', 'initrd');
const HOOK = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(
  'export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("LOADED " + r.url + "\\\\n"); return r; }'));
`)}`;

/** The module URLs a command loads (node: builtins left out), the bin loading the ES module. */
const loaded = (...args: string[]): string[] => {
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], { encoding: 'utf8', env: { ...process.env, UNITGRAPH_CODE_CACHE: '0' } });
  expect(r.status === 0 || r.status === 1).toBe(true);
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ') && !l.startsWith('LOADED node:')).map((l) => l.slice(7));
};

const DRAWING = /\/node_modules\/(elkjs|d3[^/]*)\/|\/dist\/web\/|\/dist\/chunks\/page-/;

const built = existsSync(join(REPO, 'dist', 'unitgraph.mjs'));
(built ? describe : describe.skip)(skipTitle(built, 'dist/ not built: npm run build', 'start-up'), () => {
  it.each([
    ['check', EXAMPLE],
    ['list', EXAMPLE],
    ['graph', EXAMPLE, '--format', 'dot'],
    ['show', EXAMPLE, 'initrd.target'],
  ])('%s loads no drawing code', (...args) => {
    const urls = loaded(...args);
    expect(urls.some((u) => u.includes('/dist/unitgraph.mjs'))).toBe(true); // the hook works
    expect(urls.filter((u) => DRAWING.test(u))).toEqual([]);
  });

  it('render does load elkjs (so the test above would see it)', () => {
    const urls = loaded('render', EXAMPLE);
    expect(urls.some((u) => u.includes('/node_modules/elkjs/'))).toBe(true);
  });
});

const script = existsSync(join(REPO, 'dist', 'unitgraph.cjs'));
(script ? describe : describe.skip)(skipTitle(script, 'dist/ not built: npm run build', 'start-up with the code cache'), () => {
  it('the build made a cache for this script and this Node', () => {
    const source = readFileSync(join(REPO, 'dist', 'unitgraph.cjs'));
    const header = `unitgraph code cache ${createHash('sha1').update(source).digest('hex')} ${process.version}\n`;
    expect(readFileSync(join(REPO, 'dist', 'unitgraph.cjs.cache')).subarray(0, header.length).toString('latin1')).toBe(header);
  });

  it('and one for the shell parser the script requires late (the example checks scripts)', () => {
    const source = readFileSync(createRequire(join(REPO, 'package.json')).resolve('mvdan-sh'));
    const header = `unitgraph code cache ${createHash('sha1').update(source).digest('hex')} ${process.version}\n`;
    expect(readFileSync(join(REPO, 'dist', 'mvdan-sh.cache')).subarray(0, header.length).toString('latin1')).toBe(header);
  });

  it.each([
    ['check', EXAMPLE],
    ['list', EXAMPLE],
    ['graph', EXAMPLE, '--format', 'dot'],
    ['show', EXAMPLE, 'initrd.target'],
  ])('%s requires no drawing package and loads the script, not the ES module', (...args) => {
    const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], { encoding: 'utf8' });
    expect(r.stderr.split('\n').some((l) => l.includes('/dist/unitgraph.mjs'))).toBe(false);
    expect(required(...args).filter((m) => /^(elkjs|d3)/.test(m))).toEqual([]);
  });

  it('render does require elkjs (so the test above would see it)', () => {
    expect(required('render', EXAMPLE).some((m) => m.startsWith('elkjs'))).toBe(true);
  });
});

/**
 * The shell parser (mvdan-sh, 1.5 MB of GopherJS) is resolved through createRequire the first
 * time a script is checked, and required (or compiled with its code cache by the bin), so a
 * CommonJS hook records it.
 */
const required = (...args: string[]): string[] => {
  const dir = mkdtempSync(join(tmpdir(), 'unitgraph-require-'));
  const hook = join(dir, 'hook.cjs');
  // a package is either required or (the shell parser, with its own code cache) resolved and compiled by the bin
  writeFileSync(hook, "const M = require('module'); for (const f of ['_load', '_resolveFilename']) { const o = M[f]; M[f] = function (r, ...a) { process.stderr.write('REQUIRED ' + r + '\\n'); return o.call(this, r, ...a); }; }\n");
  try {
    const r = spawnSync(process.execPath, ['--require', hook, BIN, ...args], { encoding: 'utf8' });
    expect(r.status === 0 || r.status === 1).toBe(true);
    return r.stderr.split('\n').filter((l) => l.startsWith('REQUIRED ')).map((l) => l.slice(9));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

(existsSync(join(REPO, 'dist', 'unitgraph.mjs')) ? describe : describe.skip)('the shell parser is loaded only when a script is checked', () => {
  it('check of an image whose units run shell scripts loads it', () => {
    expect(required('check', EXAMPLE)).toContain('mvdan-sh');
  });

  it('check of a tree whose units run no script, and list of the image, do not', () => {
    const root = mkdtempSync(join(tmpdir(), 'unitgraph-noscript-'));
    try {
      mkdirSync(join(root, 'etc/systemd/system/multi-user.target.wants'), { recursive: true });
      mkdirSync(join(root, 'usr/bin'), { recursive: true });
      writeFileSync(join(root, 'usr/bin/daemon'), 'ELF');
      writeFileSync(join(root, 'etc/systemd/system/multi-user.target'), '[Unit]\nDescription=m\n');
      writeFileSync(join(root, 'etc/systemd/system/a.service'), '[Service]\nExecStart=/usr/bin/daemon\n');
      symlinkSync('multi-user.target', join(root, 'etc/systemd/system/default.target'));
      symlinkSync('../a.service', join(root, 'etc/systemd/system/multi-user.target.wants/a.service'));
      expect(required('check', root)).not.toContain('mvdan-sh');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    expect(required('list', EXAMPLE)).not.toContain('mvdan-sh');
  });
});
