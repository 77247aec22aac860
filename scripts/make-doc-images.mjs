#!/usr/bin/env node
/**
 * The pictures in docs/images, made the way a user makes them and photographed in Chromium:
 *
 *   node scripts/make-doc-images.mjs          (after npm run build; needs /usr/bin/chromium)
 *
 * For each of the two shared NixOS cases (examples/*) and the real dracut crypt image
 * test/fixtures/build/dracut/sshd-crypt.img:
 *   <name>-ordering.svg/.png       unitgraph render                       what runs before what
 *   <name>-focus-sysroot.svg/.png  unitgraph render --focus sysroot.mount what runs right before sysroot.mount, what waits for it
 *   <name>-timeline.svg/.png       unitgraph render --view timeline       both steps of the boot plan to the switch
 *   <name>-page-sysroot.png        unitgraph html, sysroot.mount clicked  what it depends on / what needs it
 *   <name>-diff-joined.png         unitgraph diff --html of a change that makes a unit join the boot
 * The diffs: remote-unlock, unlock-luks.service wants and waits for
 * systemd-networkd-wait-online.service; btrfs, rollback.service for systemd-udev-settle.service
 * (test/helpers/next-generation.ts variants waits-online and rollback-settles); dracut,
 * dracut-pre-mount.service for systemd-udev-settle.service (a drop-in on a copy of the unpacked image).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(repo, 'docs', 'images');
const bin = join(repo, 'bin', 'unitgraph.js');
const work = mkdtempSync(join(tmpdir(), 'unitgraph-doc-images-'));
mkdirSync(out, { recursive: true });

const run = (...args) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repo });
  if (r.status !== 0 && r.status !== 1) throw new Error(`unitgraph ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r;
};

/** The next-generation helper (TypeScript), bundled once to load its variants. */
const loadVariants = async () => {
  const file = join(repo, 'test', 'helpers', `.next-generation-${process.pid}.mjs`);
  await build({ entryPoints: [join(repo, 'test', 'helpers', 'next-generation.ts')], bundle: true, platform: 'node', format: 'esm', outfile: file, external: ['elkjs', 'fzstd', 'seek-bzip', 'xz-decompress'], logLevel: 'error' });
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
  }
};

const dracutDiff = () => {
  const root = join(repo, 'test', 'fixtures', 'build', 'dracut', 'sshd-crypt.root');
  const old = join(work, 'dracut-old');
  const next = join(work, 'dracut-new');
  cpSync(root, old, { recursive: true, verbatimSymlinks: true });
  cpSync(root, next, { recursive: true, verbatimSymlinks: true });
  const d = join(next, 'etc', 'systemd', 'system', 'dracut-pre-mount.service.d');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'settle.conf'), '[Unit]\nWants=systemd-udev-settle.service\nAfter=systemd-udev-settle.service\n');
  return { old, new: next };
};

const main = async () => {
  const { writeVariant } = await loadVariants();
  const cases = [
    { name: 'remote-unlock', src: join('examples', 'nixos-remote-unlock', 'initrd'), diff: () => writeVariant(work, 'waits-online'), joined: 'systemd-networkd-wait-online.service' },
    { name: 'btrfs-optin', src: join('examples', 'nixos-btrfs-optin', 'initrd'), diff: () => writeVariant(work, 'rollback-settles'), joined: 'systemd-udev-settle.service' },
    { name: 'dracut-sshd-crypt', src: join('test', 'fixtures', 'build', 'dracut', 'sshd-crypt.img'), diff: async () => dracutDiff(), joined: 'systemd-udev-settle.service' },
  ];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], headless: true });
  try {
    /** An SVG at its own size (at most 1,600 px wide: wider would be cut, as a screen would), a page at 1600×1000. */
    const shoot = async (url, png, act, svgText) => {
      const m = svgText === undefined ? null : /<svg[^>]*\swidth="(\d+)" height="(\d+)"/.exec(svgText);
      const viewport = m === null ? { width: 1600, height: 1000 } : { width: Math.min(1600, Number(m[1])), height: Math.min(4000, Number(m[2])) };
      const page = await browser.newPage({ viewport });
      page.setDefaultTimeout(180_000);
      await page.goto(url);
      if (act !== undefined) await act(page);
      await page.screenshot({ path: png, timeout: 180_000 });
      await page.close();
    };
    for (const c of cases) {
      if (!existsSync(join(repo, c.src))) {
        process.stdout.write(`skipped ${c.name}: ${c.src} is absent\n`);
        continue;
      }
      for (const [suffix, args] of [['ordering', []], ['focus-sysroot', ['--focus', 'sysroot.mount']], ['timeline', ['--view', 'timeline']]]) {
        const svg = join(out, `${c.name}-${suffix}.svg`);
        run('render', c.src, '-o', join('docs', 'images', `${c.name}-${suffix}.svg`), ...args);
        await shoot(pathToFileURL(svg).href, join(out, `${c.name}-${suffix}.png`), undefined, readFileSync(svg, 'utf8'));
      }
      const select = (unit) => async (page) => {
        await page.waitForSelector('#unitgraph-app[data-view="ordering"]', { timeout: 60_000 });
        await page.locator(`svg.ug-graph g[data-unit="${unit}"]`).click();
        await page.waitForTimeout(600);
      };
      const html = join(work, `${c.name}.html`);
      run('html', c.src, '-o', html);
      await shoot(pathToFileURL(html).href, join(out, `${c.name}-page-sysroot.png`), select('sysroot.mount'));
      const gens = await c.diff();
      const diffHtml = join(work, `${c.name}-diff.html`);
      run('diff', gens.old, gens.new, '--html', diffHtml);
      await shoot(pathToFileURL(diffHtml).href, join(out, `${c.name}-diff-joined.png`), async (page) => {
        await page.waitForSelector('#unitgraph-app[data-view="ordering"]', { timeout: 60_000 });
        await page.waitForTimeout(400);
      });
      process.stdout.write(`${c.name}: done\n`);
    }
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
};

await main();
