/**
 * The fuzz harness itself (scripts/fuzz.mjs, issue 16) keeps working: one seeded input of each
 * mutation class on the examples, run through the built CLI, counted per class, with the timing
 * and RSS summary; exit 0 when the contract held. The campaign itself is `npm run fuzz`.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
