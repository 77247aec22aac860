/**
 * The GitHub Action's shell logic (action.yml → scripts/action/*.sh), run locally by
 * scripts/test-action.sh with a fake GITHUB_OUTPUT: success, findings, fail-on-findings, exit 2,
 * an empty and an unparsable report, a failing npm ci, a too old Node.js. The check steps run
 * against this checkout's build; `bash scripts/test-action.sh --full` also installs a fresh copy
 * with the real install step (npm ci + build), as .ci/run does.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/fixture.js';
import { skipTitle } from '../helpers/skip.js';

const built = existsSync(join(REPO, 'dist', 'unitgraph.mjs'));

describe('action.yml', () => {
  (built ? it : it.skip)(skipTitle(built, 'dist/ not built: npm run build', 'every case of scripts/test-action.sh passes'), () => {
    const r = spawnSync('bash', [join(REPO, 'scripts', 'test-action.sh')], { encoding: 'utf8' });
    expect({ status: r.status, failed: r.stdout.split('\n').filter((l) => l.startsWith('test-action: FAILED')) }).toEqual({ status: 0, failed: [] });
    expect(r.stdout.split('\n').filter((l) => l.startsWith('test-action: ok: ')).length).toBeGreaterThanOrEqual(12);
  }, 120_000);
});
