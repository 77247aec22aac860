/**
 * Start-up cost: the commands that only read and check (`check`, `list`, `show`, `graph`) must
 * not load the drawing libraries (elkjs, d3, the page bundle: together they cost more than the
 * rest of start-up); render, html and serve load them when they need them. Checked on the built bin, with a module hook that records every module Node
 * resolves. The bin loads the bundle dist/unitgraph.mjs (scripts/build-cli.mjs), whose page code
 * sits in a chunk of its own (dist/chunks/page-*.mjs) and whose elkjs stays in node_modules.
 * Skipped when dist/ is not built.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/fixture.js';

const BIN = join(REPO, 'bin', 'unitgraph.js');
const EXAMPLE = join(REPO, 'examples', 'nixos-remote-unlock', 'initrd');
const HOOK = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(
  'export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("LOADED " + r.url + "\\\\n"); return r; }'));
`)}`;

/** The module URLs a command loads (node: builtins left out). */
const loaded = (...args: string[]): string[] => {
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], { encoding: 'utf8' });
  expect(r.status === 0 || r.status === 1).toBe(true);
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ') && !l.startsWith('LOADED node:')).map((l) => l.slice(7));
};

const DRAWING = /\/node_modules\/(elkjs|d3[^/]*)\/|\/dist\/web\/|\/dist\/chunks\/page-/;

(existsSync(join(REPO, 'dist', 'unitgraph.mjs')) ? describe : describe.skip)('start-up', () => {
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
