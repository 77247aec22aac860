/**
 * The fuzz harness itself (scripts/fuzz.mjs, issue 16) keeps working: one seeded input of each
 * mutation class on the examples, run through the built CLI, counted per class, with the timing
 * and RSS summary; exit 0 when the contract held. The campaign itself is `npm run fuzz`.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from '../helpers/fixture.js';

describe('npm run fuzz', () => {
  it('runs six seeded inputs, one per mutation class, and keeps the contract', () => {
    const out = mkdtempSync(join(tmpdir(), 'unitgraph-fuzz-test-'));
    const r = spawnSync(process.execPath, [join(REPO, 'scripts', 'fuzz.mjs'), '--inputs', '6', '--seconds', '120', '--seed', '7', '--examples-only', '--out', out], { encoding: 'utf8', timeout: 170_000 });
    expect(r.stderr).toBe('');
    for (const cls of ['byte', 'cpio-header', 'name', 'link', 'unit-text', 'compression']) expect(r.stdout).toMatch(new RegExp(`^${cls} +1 `, 'm'));
    expect(r.stdout).toMatch(/^6 inputs in \d+ s$/m);
    expect(r.stdout).toMatch(/^time +p50 \d+ ms +p99 \d+ ms +max \d+ ms$/m);
    expect(r.stdout).toMatch(/^peak RSS +p50 \d+ MiB/m);
    expect(r.stdout).toMatch(/no contract violations/);
    expect(r.status).toBe(0);
  }, 180_000);

  it('measures each run\'s own peak RSS, not the high-water mark of the process that spawned it', () => {
    // a parent far bigger than the child: Linux's rusage maxrss of the child would report the parent's
    const ballast = Buffer.alloc(400 * 1024 * 1024, 1);
    const file = join(mkdtempSync(join(tmpdir(), 'unitgraph-fuzz-rss-')), 'rss');
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(REPO, 'scripts', 'fuzz-rss.mjs')).href, '-e', '0'], {
      env: { ...process.env, UNITGRAPH_FUZZ_RSS: file },
      encoding: 'utf8',
    });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
    const kib = Number(readFileSync(file, 'utf8'));
    expect(kib).toBeGreaterThan(10 * 1024);
    expect(kib).toBeLessThan(200 * 1024);
    expect(ballast.length).toBe(400 * 1024 * 1024);
  });
});
