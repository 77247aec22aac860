/**
 * Output order does not depend on the user's locale: names and messages sort by UTF-16 code
 * units (src/text-order.ts), not by the locale's collation. With localeCompare, a Danish locale
 * sorted "aa.service" after "z.service" (Danish "aa" is å), so one graph's findings came out
 * in another order on another machine.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareText } from '../../src/text-order.js';
import { REPO } from '../helpers/fixture.js';
import { skipTitle } from '../helpers/skip.js';

const BIN = join(REPO, 'bin', 'unitgraph.js');
const BUILT = existsSync(join(REPO, 'dist', 'unitgraph.mjs'));
const NAMES = ['aa', 'z', 'B', 'Ab', 'ab-x', 'a_b'];

const unitDir = (): string => {
  const root = mkdtempSync(join(tmpdir(), 'unitgraph-locale-'));
  const dir = join(root, 'etc/systemd/system');
  mkdirSync(dir, { recursive: true });
  for (const n of NAMES) writeFileSync(join(dir, `${n}.service`), `[Unit]\nDescription=${n}\nBogus=1\n[Service]\nExecStart=/bin/true\n`);
  writeFileSync(join(dir, 't.target'), `[Unit]\nWants=${NAMES.map((n) => `${n}.service`).join(' ')}\n`);
  return root;
};

describe('the order of the output', () => {
  it('is the code-unit order of JavaScript sort(), not a collation', () => {
    expect(['z', 'aa', 'B', 'ab-x', 'Ab', 'a_b'].sort(compareText)).toEqual(['Ab', 'B', 'a_b', 'aa', 'ab-x', 'z']);
    expect(compareText('a', 'a')).toBe(0);
  });

  (BUILT ? it : it.skip)(skipTitle(BUILT, 'dist/ not built: npm run build', 'is the same in a Danish, an American and the C locale'), () => {
    const dir = unitDir();
    const out = (locale: string, format: string): string => {
      const r = spawnSync(process.execPath, [BIN, 'check', '--target', 't.target', '--format', format, dir], {
        encoding: 'utf8',
        env: { ...process.env, LANG: locale, LC_ALL: locale },
      });
      expect(r.status).toBe(1); // sysinit.target is missing: an error
      return r.stdout;
    };
    for (const format of ['text', 'json']) {
      const c = out('C.UTF-8', format);
      expect(out('da_DK.UTF-8', format)).toBe(c);
      expect(out('en_US.UTF-8', format)).toBe(c);
    }
    const units = JSON.parse(out('da_DK.UTF-8', 'json')).findings
      .filter((f: { rule: string }) => f.rule === 'unknown-directive')
      .map((f: { units: string[] }) => f.units[0]);
    expect(units).toEqual(['Ab.service', 'B.service', 'a_b.service', 'aa.service', 'ab-x.service', 'z.service']);
  });
});
