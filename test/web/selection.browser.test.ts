/**
 * Issue 14: selecting sysroot.mount in the page paints exactly what it depends on (what it pulls
 * in and what it is ordered after) and what needs it, following only pull-in and ordering edges
 * in their direction, in both shared NixOS cases. The sets are written out: they are what a
 * person reads off the image (the unlock, fsck and root device first; the root-fs target, the
 * rest of the initrd and step 2 after), not a second computation of the same rule. The page
 * opens fitted to the spine at a readable scale. Screenshots go to artifacts/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { BTRFS_EXAMPLE, CHROMIUM, CHROMIUM_ARGS, EXAMPLE, screenshotPath, writeExamplePage } from './helpers.js';

const haveChromium = existsSync(CHROMIUM);
const suite = haveChromium ? describe : describe.skip;

const CASES = [
  {
    name: 'remote-unlock',
    source: EXAMPLE,
    deps: [
      'basic.target', 'cryptsetup.target', 'initrd-nixos-copy-secrets.service', 'initrd-root-device.target', 'kmod-static-nodes.service', 'local-fs.target',
      'modprobe@configfs.service', 'network-pre.target', 'paths.target', 'slices.target', 'sockets.target', 'swap.target', 'sys-kernel-config.mount', 'sysinit.target',
      'systemd-ask-password-console.path', 'systemd-cryptsetup@root.service', 'systemd-fsck-root.service', 'systemd-modules-load.service', 'systemd-network-generator.service',
      'systemd-sysctl.service', 'systemd-tmpfiles-setup-dev-early.service', 'systemd-tmpfiles-setup-dev.service', 'systemd-tmpfiles-setup.service', 'systemd-udev-trigger.service',
      'systemd-udevd.service', 'timers.target', 'unlock-luks.service',
    ],
    rdeps: [
      'initrd-cleanup.service', 'initrd-find-nixos-closure.service', 'initrd-fs.target', 'initrd-nixos-activation.service', 'initrd-parse-etc.service', 'initrd-root-fs.target',
      'initrd-switch-root.service', 'initrd-switch-root.target', 'initrd.target', 'sysroot-run.mount', 'systemd-tmpfiles-setup-sysroot.service',
    ],
  },
  {
    name: 'btrfs-optin',
    source: BTRFS_EXAMPLE,
    deps: ['rollback.service', 'systemd-cryptsetup@enc.service'],
    rdeps: [
      'initrd-cleanup.service', 'initrd-find-nixos-closure.service', 'initrd-fs.target', 'initrd-nixos-activation.service', 'initrd-parse-etc.service', 'initrd-root-fs.target',
      'initrd-switch-root.service', 'initrd-switch-root.target', 'initrd.target', 'sysroot-nix.mount', 'sysroot-persist.mount', 'sysroot-run.mount', 'sysroot-var-log.mount',
      'systemd-tmpfiles-setup-sysroot.service',
    ],
  },
];

suite('selecting sysroot.mount in the page (Chromium)', () => {
  let browser: Browser;
  const dirs: string[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  for (const c of CASES)
    test(`${c.name}: exactly its dependencies and dependents, and the page opens readable on the spine`, async () => {
      const made = await writeExamplePage(c.source);
      dirs.push(made.dir);
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(pathToFileURL(made.file).href);
      await page.waitForSelector('#unitgraph-app[data-view="ordering"]', { timeout: 60_000 });
      // opened at a readable scale, with the landmark targets in view
      const k = Number(/scale\(([\d.]+)/.exec((await page.locator('svg.ug-graph > g.ug-viewport').getAttribute('transform')) ?? '')?.[1] ?? 'NaN');
      expect(k).toBeGreaterThanOrEqual(0.75);
      const view = await page.locator('svg.ug-graph').boundingBox();
      const spine = await page.locator('svg.ug-graph g[data-unit="initrd-root-fs.target"]').boundingBox();
      expect(view).not.toBeNull();
      expect(spine).not.toBeNull();
      if (view !== null && spine !== null) {
        expect(spine.x).toBeGreaterThanOrEqual(view.x);
        expect(spine.x + spine.width).toBeLessThanOrEqual(view.x + view.width);
      }
      await page.screenshot({ path: screenshotPath(`selection-${c.name}-opened.png`) });
      await page.locator('svg.ug-graph g[data-unit="sysroot.mount"]').click();
      await page.waitForTimeout(200);
      const attr = (sel: string): Promise<string[]> => page.locator(sel).evaluateAll((els: Array<{ getAttribute(n: string): string | null }>) => els.map((e) => e.getAttribute('data-unit') ?? '').sort());
      await expect(attr('g[data-unit].ug-selected')).resolves.toEqual(['sysroot.mount']);
      await expect(attr('g[data-unit].ug-dep')).resolves.toEqual(c.deps);
      await expect(attr('g[data-unit].ug-rdep')).resolves.toEqual(c.rdeps);
      await page.screenshot({ path: screenshotPath(`selection-${c.name}-sysroot.png`) });
      expect(problems).toEqual([]);
      await page.close();
    }, 120_000);
});
