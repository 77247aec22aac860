#!/usr/bin/env node
// Turn the state dump of `systemd --test --system --unit=TARGET` (systemd 252) into JSON.
//
// usage: node scripts/parse-systemd-dump.mjs DUMP [--log STDERR_FILE] [--map FROM=TO]... [--meta JSON_FILE]
//
//   DUMP        what systemd --test printed on stdout ("-> By units:" ... "-> By jobs:" ...)
//   --log       what it printed on stderr; kept as `log` (lines, with --map applied)
//   --map       rewrite path prefixes everywhere (fragment/drop-in paths, log lines), e.g.
//               --map /tmp/oracle.X/root/= turns /tmp/oracle.X/root/etc/a.service into etc/a.service
//   --meta      a JSON object whose keys are copied into the output (verify, unitPath, ...)
//
// Output (stable: units and their deps sorted):
// { systemd, units: { "<name>": { loadState, fragmentPath, sourcePath?, dropins[], aliases?, mergedInto?,
//     loadError?, defaultDependencies?, host?, job?, requiresMountsFor?, deps: [{ kind, unit, origins[] }] } },
//   jobs: [{ unit, type, state }], log: [] }
//
// Dependencies are exactly as systemd prints them, in both directions (After and Before, Wants and
// WantedBy, ...); `origins` are systemd's mask names: origin-file, origin-implicit, origin-default,
// origin-udev, origin-path, origin-mountinfo, origin-proc-swap, origin-slice-property, origin-mount-file
// (a mount unit's own What=/Where=) ... and the matching destination-* (added from the other side).
// `host: true` marks units that systemd made from the *host's* /proc/self/mountinfo or
// /proc/swaps (it enumerates them even in --test mode); they are not part of the image.
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const DEP_KINDS = new Set([
  'Requires', 'Requisite', 'Wants', 'BindsTo', 'PartOf', 'Upholds',
  'RequiredBy', 'RequisiteOf', 'WantedBy', 'BoundBy', 'ConsistsOf', 'UpheldBy',
  'Conflicts', 'ConflictedBy', 'Before', 'After',
  'OnSuccess', 'OnSuccessOf', 'OnFailure', 'OnFailureOf',
  'Triggers', 'TriggeredBy', 'PropagatesReloadTo', 'ReloadPropagatedFrom',
  'PropagatesStopTo', 'StopPropagatedFrom', 'JoinsNamespaceOf',
  'References', 'ReferencedBy', 'InSlice', 'SliceOf',
]);
const MOUNTS_FOR = new Set(['RequiresMountsFor', 'WantsMountsFor']);
const DEP_LINE = /^(\S+) \(((?:origin|destination)-[^)]*)\)$/;

function parseArgs(argv) {
  const opts = { dump: null, log: null, maps: [], meta: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--log') opts.log = next();
    else if (a === '--meta') opts.meta = next();
    else if (a === '--map') {
      const v = next();
      const eq = v.indexOf('=');
      if (eq < 1) throw new Error(`--map wants FROM=TO, got ${v}`);
      opts.maps.push([v.slice(0, eq), v.slice(eq + 1)]);
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (opts.dump === null) opts.dump = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (opts.dump === null) throw new Error('usage: parse-systemd-dump.mjs DUMP [--log FILE] [--map FROM=TO]... [--meta FILE]');
  // longest prefix first, so /x/root/ wins over /x/
  opts.maps.sort((a, b) => b[0].length - a[0].length);
  return opts;
}

function makeMapper(maps) {
  const mapPath = (p) => {
    for (const [from, to] of maps) if (p.startsWith(from)) return to + p.slice(from.length);
    return p;
  };
  const mapText = (s) => {
    let out = s;
    for (const [from, to] of maps) out = out.split(from).join(to);
    return out;
  };
  return { mapPath, mapText };
}

export function parseDump(text, { mapPath = (p) => p } = {}) {
  const units = {};
  const jobs = [];
  let section = null; // 'units' | 'jobs'
  let unit = null;
  let job = null;
  let systemd = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '-> By units:') { section = 'units'; unit = null; continue; }
    if (line === '-> By jobs:') { section = 'jobs'; unit = null; job = null; continue; }
    let m;
    if ((m = /^\t-> Unit (.+):$/.exec(line)) && section === 'units') {
      unit = { name: m[1], loadState: null, fragmentPath: null, dropins: [], deps: [] };
      units[m[1]] = unit;
      continue;
    }
    if ((m = /^\t-> Job (\d+):$/.exec(line)) && section === 'jobs') {
      job = { unit: null, type: null, state: null };
      jobs.push(job);
      continue;
    }
    // only the unit's/job's own "\t\tKey: value" lines; deeper levels are exec commands, nested jobs, ...
    m = /^\t\t([^\t:][^:]*): ?(.*)$/.exec(line);
    if (!m) continue;
    const [, key, value] = m;
    if (section === 'jobs' && job) {
      if (key === 'Action') {
        const a = /^(.*) -> (\S+)$/.exec(value);
        if (a) { job.unit = a[1]; job.type = a[2]; }
      } else if (key === 'State') job.state = value;
      continue;
    }
    if (section !== 'units' || !unit) continue;
    if (DEP_KINDS.has(key) || MOUNTS_FOR.has(key)) {
      const d = DEP_LINE.exec(value);
      if (!d) continue;
      const origins = d[2].split(' ').filter(Boolean).sort();
      if (MOUNTS_FOR.has(key)) {
        (unit[key === 'RequiresMountsFor' ? 'requiresMountsFor' : 'wantsMountsFor'] ??= []).push({ path: d[1], origins });
      } else {
        unit.deps.push({ kind: key, unit: d[1], origins });
      }
      continue;
    }
    switch (key) {
      case 'Unit Load State': unit.loadState = value; break;
      case 'Load Error Code': unit.loadError = value; break;
      case 'Fragment Path': unit.fragmentPath = mapPath(value); break;
      case 'Source Path': unit.sourcePath = mapPath(value); break;
      case 'DropIn Path': unit.dropins.push(mapPath(value)); break;
      case 'Alias': (unit.aliases ??= []).push(value); break;
      case 'Merged into': unit.mergedInto = value; break;
      case 'Following': unit.following = value; break;
      case 'Description': unit.description = value; break;
      case 'DefaultDependencies': unit.defaultDependencies = value === 'yes'; break;
      case 'From /proc/self/mountinfo': if (value === 'yes') unit.host = true; break;
      case 'From /proc/swaps': if (value === 'yes') unit.host = true; break;
      case 'Found':
        // device units: found-mount / found-swap come from the host's mount and swap tables
        if (/found-(mount|swap)/.test(value)) unit.host = true;
        break;
      default: break;
    }
  }
  for (const j of jobs) {
    const u = j.unit && units[j.unit];
    if (u) u.job = j.type;
  }
  const sorted = {};
  for (const name of Object.keys(units).sort()) {
    const { name: _n, ...u } = units[name];
    u.deps.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.unit, b.unit));
    u.dropins.sort();
    u.aliases?.sort();
    u.requiresMountsFor?.sort((a, b) => cmp(a.path, b.path));
    u.wantsMountsFor?.sort((a, b) => cmp(a.path, b.path));
    sorted[name] = u;
  }
  jobs.sort((a, b) => cmp(a.unit ?? '', b.unit ?? '') || cmp(a.type ?? '', b.type ?? ''));
  return { systemd, units: sorted, jobs };
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { mapPath, mapText } = makeMapper(opts.maps);
  const dump = readFileSync(opts.dump, 'utf8');
  if (!dump.includes('-> By units:')) throw new Error(`${opts.dump}: not a systemd --test dump (no "-> By units:")`);
  const result = parseDump(dump, { mapPath });
  let log = [];
  if (opts.log) {
    log = readFileSync(opts.log, 'utf8').split('\n').filter((l) => l.trim() !== '').map(mapText)
      // the only line that changes from run to run
      .map((l) => l.replace(/^(Loaded units and determined initial transaction in )[\d.]+\s*\S*s\.$/, '$1(time).'));
    const banner = log.map((l) => /^systemd (\S+) running in test/.exec(l)).find(Boolean);
    if (banner) result.systemd = banner[1];
  }
  const meta = opts.meta ? JSON.parse(readFileSync(opts.meta, 'utf8')) : {};
  const out = { systemd: result.systemd, ...meta, units: result.units, jobs: result.jobs, log };
  if (out.systemd === null) delete out.systemd;
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`parse-systemd-dump: ${e.message}\n`);
    process.exit(2);
  }
}
