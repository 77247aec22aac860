/**
 * Issue 16, item 8: a documented node bound for the ELK layout. Above it, `render` (ordering
 * view), `html`, `serve` and `diff -o/--html` are exit 2 with one line that names the bound and
 * the option to raise it, before ELK runs; --max-nodes raises it; the timeline has no bound.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { DEFAULT_MAX_LAYOUT_NODES } from '../../src/render/layout/layout-graph.js';

const run = async (...argv: string[]) => {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
};

/** A unit directory whose default.target pulls in `n` services (n + 3 units in its transaction, with what default dependencies name). */
const unitDir = (n: number): string => {
  const dir = mkdtempSync(join(tmpdir(), 'unitgraph-bound-'));
  const names = Array.from({ length: n }, (_, i) => `s${i}.service`);
  writeFileSync(join(dir, 'default.target'), `[Unit]\nWants=${names.join(' ')}\n`);
  for (const name of names) writeFileSync(join(dir, name), '[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/true\n');
  return dir;
};

describe('the layout bound', () => {
  it('is 500 units by default: 600 are refused before ELK runs, quickly, naming the bound and --max-nodes', async () => {
    expect(DEFAULT_MAX_LAYOUT_NODES).toBe(500);
    const dir = unitDir(600);
    const t0 = performance.now();
    const r = await run('render', dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `unitgraph: the ordering view of default.target's boot plan has 601 units, more than the layout bound of 500 (ELK's layered layout takes minutes and gigabytes above it); draw a part with --focus UNIT --depth N, use --view timeline, or raise the bound with --max-nodes 601\n`,
    );
    expect(r.out).toBe('');
    expect(performance.now() - t0).toBeLessThan(20_000);
    const page = await run('html', dir);
    expect(page.code).toBe(2);
    expect(page.err).toMatch(/^unitgraph: the page of default\.target's transaction has 603 units, more than the layout bound of 500 .*--max-nodes 603\n$/);
  }, 60_000);

  it('--max-nodes lowers or raises it; the timeline and --focus are not bound by the transaction size', async () => {
    const dir = unitDir(12);
    expect((await run('render', dir, '--max-nodes', '12')).err).toMatch(/has 13 units, more than the layout bound of 12 .*--max-nodes 13\n$/);
    expect((await run('render', dir, '--max-nodes', '15')).code).toBe(0);
    expect((await run('render', dir, '--max-nodes', '5', '--view', 'timeline')).code).toBe(0);
    expect((await run('render', dir, '--max-nodes', '5', '--focus', 's1.service', '--depth', '1')).code).toBe(0);
    expect((await run('html', dir, '--max-nodes', '5')).code).toBe(2);
    expect((await run('diff', dir, dir, '-o', join(dir, 'd.svg'), '--max-nodes', '5')).code).toBe(2);
    const bad = await run('render', dir, '--max-nodes', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('unitgraph: --max-nodes: not a whole number >= 1: lots\n');
  }, 60_000);
});
