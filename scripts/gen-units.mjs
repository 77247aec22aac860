#!/usr/bin/env node
/**
 * Writes a realistic systemd root directory of about N units, for the benchmark and for scale
 * tests: services, mounts (with their devices), sockets and timers (each with its service),
 * targets, templates and their instances, drop-ins, `.wants/` and `.requires/` directories, a few
 * aliases and masks, and a layered ordering with no cycle (a unit only depends on units of lower
 * layers), each unit naming 3-6 others. Deterministic for a given N and seed.
 *
 *   node scripts/gen-units.mjs OUT-DIR N [--seed S]
 *
 * The tree: OUT-DIR/usr/lib/systemd/system (vendor units), OUT-DIR/etc/systemd/system (drop-ins,
 * links, aliases, masks). `default.target` (an alias of multi-user.target) pulls in the top layer, so nearly every unit is part of
 * the default transaction, with the base targets (sysinit, basic, sockets, ...) that default
 * dependencies name. `systemd-analyze verify --root=OUT-DIR default.target` accepts it.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** mulberry32: a small deterministic PRNG (the fuzz harness uses it too). */
export const prng = (seed) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/**
 * Generate the tree under `out` (created; an existing tree there is removed first).
 * Returns counts of what was written.
 */
export const generateUnits = (out, n, { seed = 1 } = {}) => {
  const rand = prng(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rand() * list.length)];
  rmSync(out, { recursive: true, force: true });
  const vendor = join(out, 'usr/lib/systemd/system');
  const etc = join(out, 'etc/systemd/system');
  mkdirSync(vendor, { recursive: true });
  mkdirSync(etc, { recursive: true });
  const stats = { units: 0, files: 0, dropins: 0, links: 0, aliases: 0, masks: 0, instances: 0 };
  const write = (dir, name, text) => {
    writeFileSync(join(dir, name), text);
    stats.files++;
  };
  const link = (dir, name, target) => {
    mkdirSync(dir, { recursive: true });
    symlinkSync(target, join(dir, name));
    stats.links++;
  };

  // Layers: ~8 for small trees, growing slowly with N; each has a target that orders after the
  // previous one. Units of layer k depend on units of layers k-1 and k-2 only, so no cycle.
  const layers = Math.max(4, Math.round(2 * Math.log2(Math.max(n, 16) / 4)));
  const perLayer = Math.max(1, Math.floor((n - layers - 1) / layers));
  /** Names usable as a dependency, per layer, with how (plain units only: no masks, no templates). */
  const byLayer = Array.from({ length: layers }, () => []);
  const wantOnly = Array.from({ length: layers }, () => []); // masked or optional: Wants= only

  const unitText = (sections) =>
    Object.entries(sections)
      .filter(([, lines]) => lines.length > 0)
      .map(([s, lines]) => `[${s}]\n${lines.join('\n')}\n`)
      .join('\n');

  for (let k = 0; k < layers; k++) {
    const target = `layer${k}.target`;
    const unit = [`Description=Layer ${k}`];
    if (k > 0) unit.push(`Wants=layer${k - 1}.target`, `After=layer${k - 1}.target`);
    write(vendor, target, unitText({ Unit: unit }));
    stats.units++;
    let made = 0;
    for (let i = 0; made < perLayer; i++) {
      const id = `${k}-${i}`;
      const r = rand();
      // dependencies on lower layers (3-6 names): ordering and pull-in together
      const deps = () => {
        const lower = k === 0 ? [] : [...byLayer[k - 1], ...(k > 1 ? byLayer[k - 2] : [])];
        if (lower.length === 0) return [];
        const count = int(3, 6);
        const chosen = new Set();
        for (let t = 0; t < count * 2 && chosen.size < count; t++) chosen.add(pick(lower));
        const list = [...chosen];
        const lines = [`After=${list.join(' ')}`];
        const hard = list.slice(0, int(0, 2));
        const soft = list.slice(hard.length);
        if (hard.length > 0) lines.push(`Requires=${hard.join(' ')}`);
        if (soft.length > 0) lines.push(`Wants=${soft.join(' ')}`);
        const optional = wantOnly[k - 1] ?? [];
        if (optional.length > 0 && rand() < 0.2) {
          const o = pick(optional);
          lines.push(`Wants=${o}`, `After=${o}`);
        }
        return lines;
      };
      const wantedBy = (name) => {
        // pulled in by the layer's target through a .wants/ (or now and then .requires/) link
        const kind = rand() < 0.1 ? 'requires' : 'wants';
        link(join(etc, `${target}.${kind}`), name, `/usr/lib/systemd/system/${name}`);
      };
      if (r < 0.55) {
        // a plain service
        const name = `svc-${id}.service`;
        const service = [pick(['Type=oneshot', 'Type=simple', 'Type=notify', 'Type=exec']), `ExecStart=/usr/bin/svc-${id} --serve`];
        if (rand() < 0.3) service.push('RemainAfterExit=yes');
        if (rand() < 0.3) service.push(`Environment=LAYER=${k} ID=${i}`);
        write(vendor, name, unitText({ Unit: [`Description=Service ${id}`, ...deps()], Service: service, Install: [`WantedBy=${target}`] }));
        wantedBy(name);
        if (rand() < 0.15) {
          // a drop-in, sometimes adding an ordering of its own
          const dir = join(etc, `${name}.d`);
          mkdirSync(dir, { recursive: true });
          const extra = k > 0 && rand() < 0.5 ? [`After=${pick(byLayer[k - 1])}`] : [];
          write(dir, '10-override.conf', unitText({ Unit: extra, Service: ['Environment=OVERRIDE=1', 'TimeoutStartSec=30'] }));
          stats.dropins++;
        }
        if (rand() < 0.02) {
          link(etc, `alias-${id}.service`, `/usr/lib/systemd/system/${name}`);
          stats.aliases++;
        }
        byLayer[k].push(name);
        stats.units++;
        made++;
      } else if (r < 0.65) {
        // a mount and the device it needs (implicit BindsTo/After on the .device)
        const name = `srv-vol${k}x${i}.mount`;
        const lowerMounts = k === 0 ? [] : byLayer[k - 1].filter((u) => u.endsWith('.mount'));
        const after = lowerMounts.length === 0 ? [] : [`After=${pick(lowerMounts)}`];
        write(vendor, name, unitText({
          Unit: [`Description=Volume ${id}`, ...after],
          Mount: [`What=/dev/disk/by-label/vol${k}x${i}`, `Where=/srv/vol${k}x${i}`, 'Type=ext4', 'Options=noatime'],
        }));
        wantedBy(name);
        byLayer[k].push(name);
        stats.units++;
        made++;
      } else if (r < 0.73) {
        // a socket and the service it activates
        const base = `sock-${id}`;
        write(vendor, `${base}.socket`, unitText({ Unit: [`Description=Socket ${id}`], Socket: [`ListenStream=/run/${base}.sock`], Install: ['WantedBy=sockets.target'] }));
        write(vendor, `${base}.service`, unitText({ Unit: [`Description=Socket service ${id}`, ...deps()], Service: [`ExecStart=/usr/bin/${base}`] }));
        wantedBy(`${base}.socket`);
        byLayer[k].push(`${base}.socket`);
        stats.units += 2;
        made += 2;
      } else if (r < 0.79) {
        // a timer and its service
        const base = `tick-${id}`;
        write(vendor, `${base}.timer`, unitText({ Unit: [`Description=Timer ${id}`], Timer: [pick(['OnCalendar=daily', 'OnBootSec=5min', 'OnUnitActiveSec=1h'])] }));
        write(vendor, `${base}.service`, unitText({ Unit: [`Description=Timer service ${id}`, ...deps()], Service: ['Type=oneshot', `ExecStart=/usr/bin/${base}`] }));
        wantedBy(`${base}.timer`);
        byLayer[k].push(`${base}.timer`);
        stats.units += 2;
        made += 2;
      } else if (r < 0.85) {
        // a template with instances: one pulled in by a link, others by Wants=
        const tmpl = `inst-${id}@.service`;
        write(vendor, tmpl, unitText({ Unit: [`Description=Instance %i of ${id}`, ...deps()], Service: ['Type=oneshot', `ExecStart=/usr/bin/inst-${id} %i`] }));
        const count = int(2, 4);
        for (let j = 0; j < count; j++) {
          const inst = `inst-${id}@n${j}.service`;
          if (j === 0) link(join(etc, `${target}.wants`), inst, `/usr/lib/systemd/system/${tmpl}`);
          byLayer[k].push(inst);
          stats.instances++;
        }
        stats.units += count;
        made += count;
      } else if (r < 0.88) {
        // a masked unit that others only want
        const name = `gone-${id}.service`;
        write(vendor, name, unitText({ Unit: [`Description=Masked ${id}`], Service: [`ExecStart=/usr/bin/gone-${id}`] }));
        link(etc, name, '/dev/null');
        stats.masks++;
        wantOnly[k].push(name);
        stats.units++;
        made++;
      } else if (r < 0.93) {
        // an intermediate target grouping a few units of the layer
        const name = `group-${id}.target`;
        const members = byLayer[k].slice(-int(2, 5));
        const lines = [`Description=Group ${id}`];
        if (members.length > 0) lines.push(`Wants=${members.join(' ')}`, `After=${members.join(' ')}`);
        write(vendor, name, unitText({ Unit: lines }));
        wantedBy(name);
        byLayer[k].push(name);
        stats.units++;
        made++;
      } else {
        // a service pulled in by another through .requires/ and bound to it
        const name = `part-${id}.service`;
        const lines = [`Description=Part ${id}`, ...deps()];
        const owner = byLayer[k].filter((u) => u.startsWith('svc-')).at(-1);
        if (owner !== undefined) lines.push(`PartOf=${owner}`, `Before=${owner}`);
        write(vendor, name, unitText({ Unit: lines, Service: ['Type=oneshot', `ExecStart=/usr/bin/part-${id}`] }));
        if (owner !== undefined) link(join(etc, `${owner}.requires`), name, `/usr/lib/systemd/system/${name}`);
        else wantedBy(name);
        byLayer[k].push(name);
        stats.units++;
        made++;
      }
    }
  }
  // the targets every default dependency names, as a distribution ships them
  const early = (description, ...lines) => unitText({ Unit: [`Description=${description}`, 'DefaultDependencies=no', ...lines] });
  const base = {
    'sysinit.target': early('System Initialization', 'Wants=local-fs.target', 'After=local-fs.target', 'Conflicts=shutdown.target', 'Before=shutdown.target'),
    'local-fs.target': early('Local File Systems', 'After=local-fs-pre.target', 'Conflicts=shutdown.target', 'Before=shutdown.target'),
    'local-fs-pre.target': early('Preparation for Local File Systems', 'Before=local-fs.target'),
    'basic.target': unitText({ Unit: ['Description=Basic System', 'Requires=sysinit.target', 'Wants=sockets.target timers.target paths.target slices.target', 'After=sysinit.target sockets.target paths.target slices.target timers.target'] }),
    'sockets.target': early('Sockets'),
    'timers.target': early('Timers'),
    'paths.target': early('Path Units'),
    'slices.target': early('Slice Units', 'Wants=system.slice', 'After=system.slice'),
    'time-set.target': early('System Time Set'),
    'time-sync.target': early('System Time Synchronized', 'After=time-set.target', 'Wants=time-set.target'),
    'shutdown.target': early('System Shutdown'),
    'umount.target': early('Unmount All Filesystems', 'Conflicts=shutdown.target', 'Before=shutdown.target'),
    'system.slice': unitText({ Unit: ['Description=System Slice', 'DefaultDependencies=no', 'Before=slices.target'] }),
    'multi-user.target': unitText({ Unit: ['Description=Multi-User System', 'Requires=basic.target', `Wants=layer${layers - 1}.target`, `After=basic.target layer${layers - 1}.target`] }),
  };
  for (const [name, text] of Object.entries(base)) write(vendor, name, text);
  link(vendor, 'default.target', 'multi-user.target');
  stats.units += Object.keys(base).length;
  return stats;
};

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const [out, count, ...rest] = process.argv.slice(2);
  const n = Number(count);
  if (out === undefined || !Number.isInteger(n) || n < 10) {
    console.error('usage: node scripts/gen-units.mjs OUT-DIR N [--seed S]   (N >= 10)');
    process.exit(2);
  }
  const seedAt = rest.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(rest[seedAt + 1]) : 1;
  const stats = generateUnits(out, n, { seed });
  console.log(`${out}: ${stats.units} units (${stats.instances} instances, ${stats.masks} masked, ${stats.aliases} aliases), ${stats.files} files, ${stats.dropins} drop-ins, ${stats.links} links`);
}
