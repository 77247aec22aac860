#!/usr/bin/env node
/**
 * Measures invalid-value and unit-refused against systemd itself on a peer test suite:
 * systemdlint's tests/auto/InvalidValue (priv-kweihmann/systemdlint), the unit sections only.
 * Each test file becomes a unit (a .service for [Unit]/[Service], else the section's type);
 * `systemd-analyze verify` (the host's systemd) is the oracle for which assignments it ignores
 * and which units it refuses; unitgraph's verdicts come from the built dist/ (npm run build).
 * systemdlint's own good/bad labels are compared with the oracle too (they disagree often).
 *
 *   node scripts/peer-values.mjs --git SYSTEMDLINT_GIT_DIR [--version N]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (n) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : undefined);
const git = opt('--git');
if (!git) throw new Error('give --git DIR (a clone or mirror of priv-kweihmann/systemdlint)');
const version = Number(opt('--version') ?? /systemd (\d+)/.exec(execFileSync('systemd-analyze', ['--version'], { encoding: 'utf8' }))?.[1]);
const { checkValue, parserOf } = await import(join(repo, 'dist/src/parse/load/value-grammar.js'));
const { analyzeSource } = await import(join(repo, 'dist/src/index.js'));

const work = mkdtempSync(join(tmpdir(), 'peer-values-'));
const tar = execFileSync('git', ['--git-dir', git, 'archive', 'HEAD', 'tests/auto/InvalidValue'], { maxBuffer: 1 << 28 });
spawnSync('tar', ['-x', '-C', work], { input: tar });
const units = join(work, 'units');
spawnSync('mkdir', [units]);
const label = new Map();
let n = 0;
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else {
      const section = e.name.split('_')[0];
      if (!['Unit', 'Service', 'Socket', 'Mount', 'Swap', 'Timer', 'Path', 'Automount'].includes(section)) continue;
      const type = section === 'Unit' ? 'service' : section.toLowerCase();
      const name = `u${++n}.${type}`;
      renameSync(p, join(units, name));
      label.set(name, p.includes('/bad/') ? 'bad' : 'good');
    }
  }
};
walk(join(work, 'tests'));

const names = [...label.keys()];
let oracle = '';
for (let i = 0; i < names.length; i += 300) {
  const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...names.slice(i, i + 300).map((f) => join(units, f))], { encoding: 'utf8' });
  oracle += r.stderr + r.stdout;
}
const ignored = new Set();
const refused = new Set();
for (const l of oracle.split('\n')) {
  let m = /\/(u\d+\.\w+):(\d+): (.*)$/.exec(l);
  if (m && !/Unknown key|Unknown section|obsolete|deprecated|Support for option|has been removed/i.test(m[3])) ignored.add(`${m[1]}:${m[2]}`);
  m = /^Unit (u\d+\.\w+) has a bad unit file setting/.exec(l);
  if (m) refused.add(m[1]);
}

const values = { covered: 0, agree: 0, unitgraphOnly: 0, systemdOnly: 0, peerAgrees: 0, peerDisagrees: 0 };
for (const name of names) {
  let section = '';
  readFileSync(join(units, name), 'utf8').split('\n').forEach((line, i) => {
    const s = /^\[(.+)\]\s*$/.exec(line);
    if (s) return void (section = s[1]);
    const kv = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line);
    if (!kv || (section === 'Unit' && kv[1] === 'Description') || parserOf(section, kv[1]) === undefined) return;
    values.covered++;
    const ours = checkValue(section, kv[1], kv[2].trim(), version) !== undefined;
    const sysd = ignored.has(`${name}:${i + 1}`);
    if (ours === sysd) values.agree++;
    else if (ours) values.unitgraphOnly++;
    else values.systemdOnly++;
    if ((label.get(name) === 'bad') === sysd) values.peerAgrees++;
    else values.peerDisagrees++;
  });
}
const { set } = await analyzeSource(units);
const units_ = { units: 0, bothRefuse: 0, bothLoad: 0, unitgraphOnly: 0, systemdOnly: 0 };
for (const u of set.units.values()) {
  if (!label.has(u.name)) continue;
  units_.units++;
  const ours = u.loadError !== undefined;
  const sysd = refused.has(u.name);
  if (ours && sysd) units_.bothRefuse++;
  else if (!ours && !sysd) units_.bothLoad++;
  else if (ours) units_.unitgraphOnly++;
  else units_.systemdOnly++;
}
console.log(`systemd ${version}, ${names.length} systemdlint InvalidValue units`);
console.log('assignments whose parser unitgraph models:', JSON.stringify(values));
console.log('units refused (bad-setting):', JSON.stringify(units_));
rmSync(work, { recursive: true, force: true });
