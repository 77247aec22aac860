#!/usr/bin/env node
/**
 * `npm run bench`: how fast `unitgraph check` is, against what a user compares it with.
 *
 *   node scripts/bench.mjs [--runs N] [--quick] [--keep] [--image FILE --root DIR]
 *
 * Each command runs as a whole process (the bin run with node directly, never through npx), once
 * to warm the caches and then N times (default 5); the table gives the minimum and the median
 * wall time. Measured, when the inputs and tools are there:
 *   - check on the real dracut image big.img (test/fixtures/build/dracut, made by
 *     scripts/build-dracut-fixtures.sh), with the system's zstd and with the bundled decoder only;
 *   - the floor for the same image: `zstd -dc IMG | cpio -it` (decompress and list the archive);
 *   - `SYSTEMD_IN_INITRD=1 systemd-analyze verify --root=<unpacked image> --man=no initrd.target`;
 *   - check on generated root trees of 500, 5,000, 50,000 and 100,000 units (scripts/gen-units.mjs)
 *     with each one's peak RSS (GNU time), and verify on the 500 and 5,000 ones;
 *   - a fleet: up to ten real images (the dracut fixtures, the NixOS examples) checked in one run,
 *     against the slowest of them alone (and, without --quick, the same run with --jobs 1);
 *   - `node -e 0`, Node's own start-up;
 *   (check of the real image and its floor also with their CPU time, user + system of the process and its children);
 *   - render (ordering and timeline) and html of examples/nixos-remote-unlock/initrd (60 jobs) and
 *     of the generated 500-unit tree, with their CPU time (user + system of the process and its
 *     children), and the stage timings of one render of each.
 * The pairs whose ratio is a goal (check and the floor, the fleet and its slowest image, check and
 * verify of a generated tree) run in alternation, a b then b a, and the goal is judged on the
 * median of the per-pair ratios: the load of a shared machine drifts between two blocks of runs.
 * Then the ratios against the goals: check within 2x the floor on the real image, faster than
 * systemd-analyze verify, 5,000 units in under 1 s beyond Node's start-up and in at most half of
 * verify's time, 500→5,000 growth of at most 11x, ten images in one run within 3x the slowest
 * alone, render of the 60-unit initrd under 1 s CPU and of the 500-unit tree under 5 s CPU.
 * Anything missing (no big.img, no zstd, no systemd-analyze) is said and skipped.
 * 100,000 units in under 1 GiB of peak RSS (issue 16).
 * --quick: 3 runs and no 50,000- or 100,000-unit tree. --keep: leave the generated trees in place.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateUnits } from './gen-units.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const quick = flag('--quick');
const runs = Math.max(1, Number(option('--runs', quick ? '3' : '5')));
const image = option('--image', join(repo, 'test/fixtures/build/dracut/big.img'));
const imageRoot = option('--root', image.replace(/\.img$/, '.root'));
const bin = join(repo, 'bin/unitgraph.js');
const node = process.execPath;
const say = (s) => process.stdout.write(`${s}\n`);

const onPath = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;

/** Runs a command once to warm up, then `n` times; wall times in ms, and the exit codes seen. */
const time = (cmd, args, { env = {}, n = runs, ok = [0] } = {}) => {
  const times = [];
  const codes = new Set();
  for (let i = 0; i <= n; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
    const ms = performance.now() - t0;
    if (r.error !== undefined) throw r.error;
    codes.add(r.status);
    if (!ok.includes(r.status)) {
      say(`  ! ${cmd} ${args.join(' ')} exited ${r.status}: ${String(r.stderr).split('\n')[0]}`);
    }
    if (i > 0) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { min: times[0], median: times[Math.floor(times.length / 2)], n: times.length, codes: [...codes] };
};

const fmt = (ms) => (ms === undefined ? '-' : ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
/**
 * Runs a command like `time` does and also returns the CPU time it and its children used (user +
 * system, medians in ms), read from the shell's `times` after it exits: the drawing goals of
 * issue 14 are CPU times, which other work on a shared machine does not inflate as it does wall time.
 */
const timeCpu = (cmd, args, { n = runs, ok = [0], env = {} } = {}) => {
  const walls = [];
  const cpus = [];
  const codes = new Set();
  const secs = (x) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(x);
    return m === null ? NaN : Number(m[1]) * 60 + Number(m[2]);
  };
  // n = 0: one run, no warm-up (timePair warms each command once itself)
  for (let i = n === 0 ? 1 : 0; i <= Math.max(n, 1); i++) {
    const t0 = performance.now();
    const r = spawnSync('sh', ['-c', '"$@" >/dev/null 2>&1; s=$?; times; exit $s', 'sh', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } });
    const ms = performance.now() - t0;
    codes.add(r.status);
    if (!ok.includes(r.status)) say(`  ! ${cmd} ${args.join(' ')} exited ${r.status}`);
    const child = String(r.stdout).trim().split('\n').pop()?.trim().split(/\s+/) ?? [];
    if (i > 0) {
      walls.push(ms);
      cpus.push((secs(child[0] ?? '') + secs(child[1] ?? '')) * 1000);
    }
  }
  walls.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  return { min: walls[0], median: walls[Math.floor(walls.length / 2)], cpu: cpus[Math.floor(cpus.length / 2)], n: walls.length, codes: [...codes] };
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/**
 * Two commands whose ratio is a goal, timed like timeCpu but in alternation (a b, b a, a b, ...,
 * after one warm-up of each): on a shared machine the load drifts within seconds, and two blocks
 * of runs taken one after the other can see different loads. Returns each one's result (as
 * timeCpu's) and the median of the per-pair ratios a/b (`paired`), which a drift common to both
 * runs of a pair does not move.
 */
const timePair = (a, b, { n = runs } = {}) => {
  const one = (c) => timeCpu(c.cmd, c.args, { n: 0, ok: c.ok ?? [0], env: c.env ?? {} });
  const res = [a, b].map(() => ({ walls: [], cpus: [], codes: new Set() }));
  one(a);
  one(b);
  const ratios = [];
  for (let i = 0; i < n; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    const got = [];
    for (const k of order) {
      const r = one(k === 0 ? a : b);
      got[k] = r;
      res[k].walls.push(r.min);
      res[k].cpus.push(r.cpu);
      for (const c of r.codes) res[k].codes.add(c);
    }
    ratios.push(got[0].min / got[1].min);
  }
  const out = res.map((r) => ({ min: Math.min(...r.walls), median: median(r.walls), cpu: median(r.cpus), n: r.walls.length, codes: [...r.codes] }));
  return { a: out[0], b: out[1], paired: median(ratios), ratios };
};

const rows = [];
const results = {};
const record = (key, label, r, note = '') => {
  results[key] = r;
  rows.push([label, r.min, r.median, r.n, note]);
};
const skipped = [];
/** Ratios measured in alternation (timePair): the median of the per-pair ratios, by goal. */
const paired = {};
/** The fleet's images each checked alone, one command after another (ms); set where the fleet is measured. */
let fleetOneByOne;

// ---------------------------------------------------------------------------------------------
if (!existsSync(join(repo, 'dist/cli/main.js'))) {
  say('dist/ is missing: building it first (npm run build)');
  const r = spawnSync(node, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(repo, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(2);
}
const cpus = availableParallelism();
say(`unitgraph benchmark: ${runs} runs per command after one warm-up; node ${process.version}, ${process.platform}/${process.arch}, ${cpus} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

record('node', 'node -e 0 (start-up alone)', time(node, ['-e', '0']));

// ---- the real image -------------------------------------------------------------------------
if (!existsSync(image)) {
  skipped.push(`${relative(repo, image)} is absent: no real-image rows (make it with scripts/build-dracut-fixtures.sh big)`);
} else {
  const rel = relative(process.cwd(), image) || image;
  const checkCmd = { cmd: node, args: [bin, 'check', image], ok: [0, 1] };
  const magic = spawnSync('od', ['-An', '-tx1', '-N4', image], { encoding: 'utf8' }).stdout?.replace(/\s/g, '') ?? '';
  const decompressor = magic.startsWith('28b52ffd') ? 'zstd -dc' : magic.startsWith('1f8b') ? 'gzip -dc' : magic.startsWith('fd377a58') ? 'xz -dc' : magic.startsWith('02214c18') ? 'lz4 -dc' : magic.startsWith('0707') ? 'cat' : undefined;
  const tool = decompressor?.split(' ')[0];
  if (decompressor === undefined || !onPath(tool) || !onPath('cpio')) {
    skipped.push(`floor: needs ${tool ?? 'a known compression'} and cpio on PATH`);
    const check = timeCpu(checkCmd.cmd, checkCmd.args, { ok: checkCmd.ok });
    record('check', `check ${rel}`, check, `CPU ${fmt(check.cpu)}`);
  } else {
    const p = timePair(checkCmd, { cmd: 'sh', args: ['-c', `${decompressor} "$0" | cpio -it >/dev/null 2>&1`, image] });
    record('check', `check ${rel}`, p.a, `CPU ${fmt(p.a.cpu)}`);
    record('floor', `floor: ${decompressor} IMG | cpio -it`, p.b, `CPU ${fmt(p.b.cpu)}`);
    paired.floor = p.paired;
  }
  record('checkJs', `check ${rel} (bundled decoders only)`, time(node, [bin, 'check', image], { ok: [0, 1], env: { UNITGRAPH_EXTERNAL_DECOMPRESSORS: '0' } }));
  if (!existsSync(imageRoot)) skipped.push(`verify and check of the unpacked tree: ${relative(repo, imageRoot)} is absent (scripts/build-dracut-fixtures.sh makes it)`);
  else {
    record('checkTree', `check ${relative(process.cwd(), imageRoot) || imageRoot} (the unpacked tree)`, time(node, [bin, 'check', imageRoot], { ok: [0, 1] }));
    if (!onPath('systemd-analyze')) skipped.push('verify: systemd-analyze is not on PATH');
    else record('verify', 'SYSTEMD_IN_INITRD=1 systemd-analyze verify (unpacked tree)', time('systemd-analyze', ['verify', `--root=${imageRoot}`, '--man=no', 'initrd.target'], { env: { SYSTEMD_IN_INITRD: '1' }, ok: [0, 1] }));
  }
  // where the time goes, from one run's own stage timings
  const t = spawnSync(node, [bin, 'check', image, '--timings'], { encoding: 'utf8' });
  const stages = [...String(t.stderr).matchAll(/^timing: (.*?): ([\d.]+) ms$/gm)].map((m) => `${m[1].split(' (')[0]} ${Math.round(Number(m[2]))} ms`);
  if (stages.length > 0) say(`  stages of one check run on ${rel}: ${stages.join(', ')}`);
}

// ---- drawing: render and html (issue 14) --------------------------------------------------
const drawOut = mkdtempSync(join(tmpdir(), 'unitgraph-bench-draw-'));
const drawRows = (key, label, src) => {
  const r = timeCpu(node, [bin, 'render', src, '-o', join(drawOut, `${key}.svg`)]);
  record(`render${key}`, `render ${label}`, r, `CPU ${fmt(r.cpu)}`);
  const t = timeCpu(node, [bin, 'render', src, '--view', 'timeline', '-o', join(drawOut, `${key}-t.svg`)]);
  record(`timeline${key}`, `render --view timeline ${label}`, t, `CPU ${fmt(t.cpu)}`);
  const h = timeCpu(node, [bin, 'html', src, '-o', join(drawOut, `${key}.html`)]);
  record(`html${key}`, `html ${label}`, h, `CPU ${fmt(h.cpu)}`);
  // where the ordering drawing spends its time
  const st = spawnSync(node, [bin, 'render', src, '-o', join(drawOut, `${key}.svg`), '--timings'], { encoding: 'utf8' });
  const stages = [...String(st.stderr).matchAll(/^timing: (.*?): ([\d.]+) ms$/gm)].map((m) => `${m[1]} ${Math.round(Number(m[2]))} ms`);
  if (stages.length > 0) say(`  stages of one render of ${label}: ${stages.join(', ')}`);
};
const initrd60 = join(repo, 'examples', 'nixos-remote-unlock', 'initrd');
if (existsSync(initrd60)) drawRows('60', 'examples/nixos-remote-unlock/initrd (60 jobs)', initrd60);
else skipped.push('render/html of the 60-unit initrd: examples/nixos-remote-unlock/initrd is absent');

// ---- a fleet: ten real images in one run -----------------------------------------------------
// the dracut images of test/fixtures/build/dracut and the NixOS initrds of examples/, up to ten;
// each alone once to find the slowest, then the slowest alone and all ten in one `check` run
// (worker threads, as many as cores) timed like every other row
{
  const dracut = join(repo, 'test/fixtures/build/dracut');
  const imgs = existsSync(dracut) ? readdirSync(dracut).filter((f) => f.endsWith('.img')).sort().map((f) => join(dracut, f)) : [];
  const nixos = readdirSync(join(repo, 'examples')).map((d) => join(repo, 'examples', d, 'initrd')).filter((f) => existsSync(f));
  // the largest image first, then NixOS ones, then the rest: a fleet with both kinds and its worst case
  const bySize = [...imgs].sort((a, b) => statSync(b).size - statSync(a).size);
  const fleet = [...bySize.slice(0, 1), ...nixos, ...bySize.slice(1)].slice(0, 10);
  if (fleet.length < 10) skipped.push(`fleet: only ${fleet.length} real images (scripts/build-dracut-fixtures.sh makes the dracut ones)`);
  if (fleet.length >= 2) {
    const once = fleet.map((f) => ({ f, ms: time(node, [bin, 'check', f], { n: 1, ok: [0, 1] }).median }));
    const slowest = once.reduce((a, b) => (b.ms > a.ms ? b : a));
    const sum = once.reduce((a, b) => a + b.ms, 0);
    fleetOneByOne = sum;
    say(`  fleet: ${fleet.map((f) => relative(repo, f)).join(' ')}`);
    say(`  fleet: each alone once: ${once.map((o) => `${relative(repo, o.f).replace(/^test\/fixtures\/build\/dracut\//, '')} ${Math.round(o.ms)} ms`).join(', ')}; ten processes one after another ${Math.round(sum)} ms`);
    const p = timePair({ cmd: node, args: [bin, 'check', ...fleet], ok: [0, 1] }, { cmd: node, args: [bin, 'check', slowest.f], ok: [0, 1] });
    const [all, slow] = [p.a, p.b];
    paired.fleet = p.paired;
    record('fleetSlowest', `check the slowest of the fleet alone (${relative(repo, slowest.f)})`, slow, `CPU ${fmt(slow.cpu)}`);
    record('fleet', `check ${fleet.length} images in one run (${cpus} at once: the main thread and ${cpus - 1} worker thread${cpus === 2 ? '' : 's'})`, all, `CPU ${fmt(all.cpu)}`);
    if (!quick) {
      const serial = timeCpu(node, [bin, 'check', '--jobs', '1', ...fleet], { ok: [0, 1] });
      record('fleetSerial', `check ${fleet.length} images in one run, --jobs 1 (main thread)`, serial, `CPU ${fmt(serial.cpu)}`);
    }
  }
}

// ---- generated trees ------------------------------------------------------------------------
const sizes = quick ? [500, 5000] : [500, 5000, 50000, 100000];
/** Peak RSS (MiB) of one run, by GNU time (its own wait4: the child's own high-water mark). */
const peakMiB = (cmd, args) => {
  if (!existsSync('/usr/bin/time')) return undefined;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const kib = Number(String(r.stderr).trim().split('\n').at(-1));
  return Number.isFinite(kib) ? kib / 1024 : undefined;
};
const rss = {};
const work = mkdtempSync(join(tmpdir(), 'unitgraph-bench-'));
try {
  for (const size of sizes) {
    const dir = join(work, String(size));
    const t0 = performance.now();
    const stats = generateUnits(dir, size);
    say(`  generated ${size}: ${stats.units} units, ${stats.files} files, ${stats.links} links (${Math.round(performance.now() - t0)} ms)`);
    rss[size] = peakMiB(node, [bin, 'check', dir]);
    const rssNote = rss[size] === undefined ? '' : `peak RSS ${Math.round(rss[size])} MiB`;
    if (size <= 5000 && onPath('systemd-analyze')) {
      // in alternation with verify: their ratio is a goal
      const p = timePair({ cmd: node, args: [bin, 'check', dir], ok: [0, 1] }, { cmd: 'systemd-analyze', args: ['verify', `--root=${dir}`, '--man=no', 'default.target'], ok: [0, 1] });
      record(`gen${size}`, `check generated ${size} units`, p.a, rssNote);
      record(`verify${size}`, `systemd-analyze verify generated ${size}`, p.b);
      paired[`verify${size}`] = p.paired;
    } else {
      record(`gen${size}`, `check generated ${size} units`, time(node, [bin, 'check', dir], { n: size >= 50000 ? Math.min(runs, size >= 100000 ? 1 : 3) : runs, ok: [0, 1] }), rssNote);
    }
    if (size === 500) drawRows('500', 'generated 500 units', dir);
  }
} finally {
  if (flag('--keep')) say(`  generated trees kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
  rmSync(drawOut, { recursive: true, force: true });
}

// ---- report ---------------------------------------------------------------------------------
const width = Math.max(...rows.map((r) => r[0].length), 7);
say('');
say(`${'command'.padEnd(width)}  ${'min'.padStart(8)}  ${'median'.padStart(8)}  runs`);
for (const [label, min, median, n, note] of rows) say(`${label.padEnd(width)}  ${fmt(min).padStart(8)}  ${fmt(median).padStart(8)}  ${String(n).padStart(4)}${note ? `  ${note}` : ''}`);
for (const s of skipped) say(`skipped: ${s}`);

say('');
say('goals (medians):');
const goal = (name, value, limit, unit, pass) => {
  if (value === undefined || !Number.isFinite(value)) {
    say(`  ${name}: not measured`);
    return;
  }
  // 'x' a ratio; any other unit follows the number ('ms', 'MiB')
  const shown = unit === 'x' ? `${value.toFixed(2)}x` : `${Math.round(value)} ${unit}`;
  say(`  ${name}: ${shown} (goal ${unit === 'x' ? `${limit}x` : `${limit} ${unit}`}) ${pass ? 'PASS' : 'FAIL'}`);
};
const m = (k) => results[k]?.median;
/** A ratio goal: judged on the alternating pairs where they were measured so, with the ratio of the medians beside it. */
const pairedGoal = (name, key, a, b, limit, pass) => {
  const r = paired[key] ?? m(a) / m(b);
  goal(name, r, limit, 'x', pass(r));
  if (paired[key] !== undefined) say(`    (median of ${results[a]?.n} alternating pairs; the ratio of the two medians: ${(m(a) / m(b)).toFixed(2)}x)`);
};
pairedGoal('check / floor on the real image', 'floor', 'check', 'floor', '≤ 2', (r) => r <= 2);
if (results['check']?.cpu !== undefined && results['floor']?.cpu !== undefined) {
  say(`  (in CPU time, which other work on the machine inflates less: ${fmt(results['check'].cpu)} against ${fmt(results['floor'].cpu)}, ${(results['check'].cpu / results['floor'].cpu).toFixed(2)}x; both run their decompressor beside the reader)`);
}
goal('check / systemd-analyze verify, the same unpacked tree', m('checkTree') / m('verify'), '< 1', 'x', m('checkTree') / m('verify') < 1);
goal('check of the image / verify of its unpacked tree', m('check') / m('verify'), '< 1', 'x', m('check') / m('verify') < 1);
// verify is no shortcut: it makes a start job of initrd.target and loads its transaction (its debug
// log shows every unit); it is C, started in a few ms, where Node alone takes longer to start
if (m('verify') !== undefined && m('node') !== undefined) say(`    (Node's start-up alone, node -e 0: ${fmt(m('node'))}, ${(m('node') / m('verify')).toFixed(2)}x verify's whole run; check beyond it: ${fmt(m('checkTree') - m('node'))} for the tree)`);
goal('check of 5,000 units beyond Node start-up', m('gen5000') - m('node'), '< 1000', 'ms', m('gen5000') - m('node') < 1000);
goal('growth 500 → 5,000 units (whole command)', m('gen5000') / m('gen500'), '≤ 11', 'x', m('gen5000') / m('gen500') <= 11);
// issue 16: 100,000 units in under 1 GiB (the full run only: generating and checking them takes a minute)
if (rss[100000] !== undefined) goal('check of 100,000 units, peak RSS', rss[100000], '< 1024', 'MiB', rss[100000] < 1024);
if (m('gen500') !== undefined) {
  say(`  (beyond start-up: 500 → ${fmt(m('gen500') - m('node'))}, 5,000 → ${fmt(m('gen5000') - m('node'))}` +
    `${m('gen50000') !== undefined ? `, 50,000 → ${fmt(m('gen50000') - m('node'))}` : ''}; growth ${((m('gen5000') - m('node')) / (m('gen500') - m('node'))).toFixed(1)}x` +
    `${m('gen50000') !== undefined ? ` then ${((m('gen50000') - m('node')) / (m('gen5000') - m('node'))).toFixed(1)}x` : ''})`);
}
const cpu = (k) => results[k]?.cpu;
goal('render of the 60-unit initrd, CPU', cpu('render60'), '< 1000', 'ms', cpu('render60') < 1000);
goal('render of the generated 500-unit tree, CPU', cpu('render500'), '< 5000', 'ms', cpu('render500') < 5000);
pairedGoal('ten real images in one run / the slowest of them alone', 'fleet', 'fleet', 'fleetSlowest', '≤ 3', (r) => r <= 3);
pairedGoal('check of 5,000 units / systemd-analyze verify of the same tree', 'verify5000', 'gen5000', 'verify5000', '≤ 0.5', (r) => r <= 0.5);
if (results['fleet']?.cpu !== undefined) say(`  the fleet in CPU time (what a loaded machine does not inflate): ${fmt(results['fleet'].cpu)} for all, ${fmt(results['fleetSlowest']?.cpu)} for the slowest alone; on ${cpus} idle cores the ten would take about ${((results['fleet'].cpu / cpus) / results['fleetSlowest']?.cpu).toFixed(2)}x its time`);
if (fleetOneByOne !== undefined && m('fleet') !== undefined) say(`  the fleet against its images checked one command after another (each alone once): ${fmt(m('fleet'))} against ${fmt(fleetOneByOne)} (${(fleetOneByOne / m('fleet')).toFixed(2)}x faster; unlike the ratio to the slowest image, it does not grow when one image gets faster)`);
if (m('fleetSerial') !== undefined) say(`  the fleet in worker threads: ${fmt(m('fleet'))} against ${fmt(m('fleetSerial'))} in the main thread alone (${(m('fleetSerial') / m('fleet')).toFixed(2)}x)`);
say(`  load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus} cores (wall times grow with it)`);
if (m('verify5000') !== undefined) say(`  check / verify on generated trees: 500 ${(m('gen500') / m('verify500')).toFixed(2)}x, 5,000 ${(m('gen5000') / m('verify5000')).toFixed(2)}x`);
if (m('checkJs') !== undefined) say(`  the system zstd/xz fast path: ${fmt(m('check'))} against ${fmt(m('checkJs'))} with the bundled decoder (${(m('checkJs') / m('check')).toFixed(1)}x)`);
