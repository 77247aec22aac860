/**
 * Issue 16, item 8: a directory source has a member bound like an archive (500,000 entries by
 * default, --max-members): above it, exit 2 with one line naming the directory and the option.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { DEFAULT_MAX_ENTRIES } from '../../src/parse/source/host-fs.js';

const run = async (...argv: string[]) => {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
};

describe('the directory member bound', () => {
  it('refuses a directory with more entries than --max-members, in one line naming it and the option', async () => {
    expect(DEFAULT_MAX_ENTRIES).toBe(500_000);
    const dir = mkdtempSync(join(tmpdir(), 'unitgraph-dir-bound-'));
    for (let i = 0; i < 30; i++) writeFileSync(join(dir, `s${i}.service`), '[Service]\nExecStart=/bin/true\n');
    expect((await run('list', dir)).code).toBe(0);
    expect((await run('list', dir, '--max-members', '30')).code).toBe(0);
    const r = await run('list', dir, '--max-members', '29');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`unitgraph: ${dir}: more than 29 directory entries below it (the bound for a directory source; raise it with --max-members)\n`);
  });
});
