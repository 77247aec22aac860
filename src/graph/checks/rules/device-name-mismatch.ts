/**
 * device-name-mismatch: a .device or .mount unit name that is not systemd's escaping of the path
 * it is meant to name, so nothing ever activates it (systemd.unit(5) "String Escaping for
 * Inclusion in Unit Names", systemd-escape(1) --path; systemd.mount(5): "Mount units must be
 * named after the mount point directories they control"). The common slip: `-` written where
 * systemd writes `\x2d` (`dev-disk-by-label-root.device` for /dev/disk/by-label/root, whose unit
 * is `dev-disk-by\x2dlabel-root.device`; zvols and LVM names with dashes).
 * Found three ways: a mount unit whose Where= does not escape to its name; a referenced device
 * or mount name that equals the escaping of a path used in this image (What=, Where=, crypttab,
 * fstab) only when `\x2d` is read as `-`; and names whose unescaped path cannot exist
 * (/dev/disk/by/..., /dev/mapper/a/b). Names only a `.wants/`, `.requires/` or `.upholds/`
 * directory mentions (WantedBy= on a misspelt device) are looked at the same way.
 */
import { escapePath, unescapePath } from '../../../parse/load/escape.js';
import { lastValue, listValues } from '../../../parse/load/unit-values.js';
import type { Unit, UnitSet } from '../../../parse/types.js';
import { volumesOpenedBy } from '../../query/unlock-commands.js';
import { defineCheck } from '../define-check.js';
import { locationOf } from '../../query/hard-deps.js';
import type { DepEdge } from '../../types.js';
import type { UnitGraph } from '../../build.js';
import type { Report } from '../types.js';

const loosen = (escaped: string): string => escaped.replace(/\\x2d/g, '-');

/** Paths this image uses for devices and mount points. */
const knownPaths = (set: UnitSet, units: Iterable<Unit>): Set<string> => {
  const paths = new Set<string>();
  for (const u of units) {
    for (const key of ['What', 'Where']) {
      const v = lastValue(u, u.type === 'swap' ? 'Swap' : 'Mount', key);
      if (v?.startsWith('/') === true) paths.add(v);
    }
    for (const item of listValues(u, 'Unit', 'RequiresMountsFor')) paths.add(item.value);
    // the volumes units open (the cryptsetup units generated from crypttab, unlock scripts)
    for (const v of volumesOpenedBy(set, u)) {
      if (v.device.startsWith('/')) paths.add(v.device);
      paths.add(`/dev/mapper/${v.name}`);
    }
  }
  return paths;
};

const impossible = (path: string): string | undefined => {
  if (path.startsWith('/dev/disk/by/')) return 'the directories under /dev/disk are by-uuid, by-label, by-id, by-path, by-partuuid, by-partlabel: they contain a dash';
  if (/^\/dev\/mapper\/[^/]+\//.test(path)) return '/dev/mapper has no subdirectories';
  return undefined;
};

/** Every mismatch in the image, whatever phase it belongs to. */
const findMismatches = (g: UnitGraph): Report[] => {
  const found: Report[] = [];
  const units = [...g.set.units.values()];
  const paths = knownPaths(g.set, units);
  const byLoose = new Map<string, string>();
  for (const p of paths) {
    const e = escapePath(p);
    if (e !== undefined) byLoose.set(loosen(e), p);
  }
  // 1. mount units whose file name does not match Where=
  for (const u of units) {
    if (u.type !== 'mount' || u.origin !== 'file' || u.masked) continue;
    const where = lastValue(u, 'Mount', 'Where');
    if (where === undefined) continue;
    const expected = `${escapePath(where) ?? ''}.mount`;
    if (expected !== u.name) {
      const d = u.directives.find((x) => x.section === 'Mount' && x.key === 'Where');
      found.push({ messageId: 'where', units: [u.name], data: { unit: u.name, path: where, expected }, ...(d ? { location: { file: d.file, line: d.line } } : {}) });
    }
  }
  // 2./3. referenced device and mount names (no file of their own)
  // edges that name the unit in a file, either way round (After= is stored as device → unit)
  const refsOf = (name: string): DepEdge[] =>
    g.view.mapEdges(name, (_k, e) => e).filter((e) => e.origin === 'file' && e.owner !== undefined && e.owner !== name);
  // who names the unit, and where: looked up only for a name that is reported (most are not)
  type Referrers = () => { referrers: string[]; location: { location?: { file: string; line?: number } } };
  const checkName = (name: string, type: 'device' | 'mount', referredBy: Referrers): void => {
    const stem = name.slice(0, name.length - type.length - 1);
    const wrongPath = unescapePath(stem);
    // the name may escape some dashes and not others (dev-disk-by\x2dlabel-my-root: the directory
    // copied from systemctl's output, the label typed by hand)
    const path = byLoose.get(loosen(stem));
    if (path !== undefined && escapePath(path) !== stem) {
      const expected = `${escapePath(path) ?? ''}.${type}`;
      const { referrers, location } = referredBy();
      found.push({ messageId: 'known', units: [name, ...referrers], data: { unit: name, path, wrongPath, expected }, ...location });
      return;
    }
    const why = impossible(wrongPath);
    if (why !== undefined && !paths.has(wrongPath)) {
      const guess = wrongPath
        .replace(/^\/dev\/disk\/by\/([a-z]+)\/(.*)$/, (_m, kind: string, rest: string) => `/dev/disk/by-${kind}/${rest.replace(/\//g, '-')}`)
        .replace(/^\/dev\/mapper\/(.*)$/, (_m, rest: string) => `/dev/mapper/${rest.replace(/\//g, '-')}`);
      const expected = `${escapePath(guess) ?? stem}.${type}`;
      const { referrers, location } = referredBy();
      found.push({ messageId: 'impossible', units: [name, ...referrers], data: { unit: name, wrongPath, why, expected }, ...location });
    }
  };
  g.view.forEachNode((name, attrs) => {
    const u = attrs.unit;
    if ((u.type !== 'device' && u.type !== 'mount') || (u.type === 'mount' && u.origin !== 'referenced')) return;
    checkName(name, u.type, () => {
      const refs = refsOf(name);
      const ref = refs[0];
      return { referrers: [...new Set(refs.map((e) => e.owner as string))].sort(), location: ref ? locationOf(ref) : {} };
    });
  });
  // 4. names only a directory mentions: `WantedBy=X` made `X.wants/`, and nothing else names X
  // (NixOS wantedBy = [ "dev-zvol-rpool-volumes-bootsecrets-part1.device" ]); the units linked
  // there are never started
  for (const owner of g.set.dependencyDirOwners ?? []) {
    if (g.view.hasNode(owner)) continue;
    const u = g.set.lookup(owner);
    if (u === undefined || u.origin !== 'referenced' || (u.type !== 'device' && u.type !== 'mount')) continue;
    const link = u.wantsLinks[0];
    checkName(owner, u.type, () => ({ referrers: [...new Set(u.wantsLinks.map((l) => l.unit))].sort(), location: link === undefined ? {} : { location: { file: link.file } } }));
  }
  return found;
};

/** findMismatches per graph: the rule runs once per phase of the boot plan. */
const imageWide = new WeakMap<UnitGraph, Report[]>();

export default defineCheck({
  id: 'device-name-mismatch',
  meta: {
    defaultSeverity: 'error',
    description: 'A device or mount unit name that is not the systemd escaping of its path.',
    messages: {
      where: '{{unit}} has Where={{path}}, whose unit name is {{expected}}; systemd refuses to load a mount unit not named after its mount point',
      known: '{{unit}} names the path {{wrongPath}}, not {{path}}: the unit for {{path}} is {{expected}} (systemd-escape --path writes "-" inside a name as \\x2d); nothing will ever activate {{unit}}',
      impossible: '{{unit}} stands for {{wrongPath}}, which cannot exist ({{why}}); the intended unit is probably {{expected}}',
    },
  },
  run(ctx) {
    const g = ctx.graph;
    // the names are checked image-wide, once per graph (not once per phase); a finding belongs to
    // the phase whose transaction reaches one of its units (a step-2 unit's mistake is step 2's),
    // one that no phase reaches to step 1
    let found = imageWide.get(g);
    if (found === undefined) imageWide.set(g, (found = findMismatches(g)));
    const first = g.plan.phases[0] === ctx.phase;
    for (const r of found) {
      if (r.units.some((n) => ctx.phase.units.has(n)) || (first && !r.units.some((n) => g.transaction.has(n)))) ctx.report(r);
    }
  },
});
