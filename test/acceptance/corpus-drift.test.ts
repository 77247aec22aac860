/**
 * examples/ holds the repository's copy of the shared NixOS corpus cases the tests read
 * (initrd, expected.json, configuration.nix, and the corpus README as examples/CORPUS.md), so a
 * fresh clone passes without ../shared. When the shared corpus is at hand, the copy must be
 * byte-identical to it: scripts/sync-corpus.sh --check names each file that drifted. Without it
 * the test is skipped, and the reason is printed after the summary.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from '../helpers/fixture.js';
import { skipTitle } from '../helpers/skip.js';

const check = spawnSync('bash', [join(REPO, 'scripts', 'sync-corpus.sh'), '--check'], { encoding: 'utf8' });
const present = check.status !== 3;

describe('examples/ against the shared NixOS corpus', () => {
  (present ? it : it.skip)(skipTitle(present, '../shared/corpus/nixos is absent (set UNITGRAPH_SHARED to check elsewhere)', 'is an exact copy (bash scripts/sync-corpus.sh to refresh)'), () => {
    expect({ status: check.status, out: check.stdout + check.stderr }).toEqual({ status: 0, out: expect.stringContaining('examples/ matches') });
  });
});
