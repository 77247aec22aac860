/**
 * A source passing LARGE_SOURCE_ENTRIES members (an archive) or directory entries (a host tree)
 * tells the command line once, which then bounds the heap's growth (cli/main.ts); a smaller one
 * never does. And a host tree's entries count once each against --max-members.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostRawFs } from '../../../src/parse/source/host-fs.js';
import { DEFAULT_READ_LIMITS, ReadBudget } from '../../../src/parse/source/initrd/limits.js';
import { LARGE_SOURCE_ENTRIES, onLargeSource } from '../../../src/parse/source/large-source.js';

const counting = (): { calls: number } => {
  const seen = { calls: 0 };
  onLargeSource(() => void (seen.calls += 1));
  return seen;
};

describe('large sources', () => {
  it('an archive: told once, at the member that reaches the threshold', () => {
    const seen = counting();
    const budget = new ReadBudget(DEFAULT_READ_LIMITS, 'x.img');
    for (let i = 1; i < LARGE_SOURCE_ENTRIES; i++) budget.addMember();
    expect(seen.calls).toBe(0);
    budget.addMember();
    expect(seen.calls).toBe(1);
    for (let i = 0; i < 100; i++) budget.addMember();
    new ReadBudget(DEFAULT_READ_LIMITS, 'y.img').addMember();
    expect(seen.calls).toBe(1);
  });

  it('a host tree: told when its listings reach the threshold, not before', () => {
    const root = mkdtempSync(join(tmpdir(), 'unitgraph-large-'));
    try {
      mkdirSync(join(root, 'a'));
      mkdirSync(join(root, 'b'));
      const half = LARGE_SOURCE_ENTRIES / 2;
      for (let i = 0; i < half; i++) writeFileSync(join(root, 'a', `u${i}.service`), '');
      for (let i = 0; i < half; i++) writeFileSync(join(root, 'b', `u${i}.service`), '');
      const seen = counting();
      const fs = new HostRawFs(root);
      fs.readdir('/');
      fs.readdir('/a');
      expect(seen.calls).toBe(0);
      fs.readdir('/b');
      expect(seen.calls).toBe(1);
      const small = counting();
      new HostRawFs(root).readdir('/a');
      expect(small.calls).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);

  it('a host tree counts each directory once against its bound, also when it is listed again after forget()', () => {
    const root = mkdtempSync(join(tmpdir(), 'unitgraph-count-'));
    try {
      for (let i = 0; i < 5; i++) writeFileSync(join(root, `u${i}.service`), '');
      const fs = new HostRawFs(root, [], 9); // 5 entries: listing twice would pass 9
      expect(fs.readdir('/')).toHaveLength(5);
      fs.forget();
      expect(fs.readdir('/')).toHaveLength(5);
      expect(() => new HostRawFs(root, [], 4).readdir('/')).toThrow(/more than 4 directory entries/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

