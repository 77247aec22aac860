/**
 * The diff page (`unitgraph diff OLD NEW --html`) in a real browser, loaded from file:// with
 * every other request refused: the union graph coloured by status, the Diff tab listing the
 * changed units, and a changed unit's panel showing its old → new values. The screenshot goes to
 * artifacts/screenshots/diff-page.png.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RenderInput } from '../../src/render/types.js';
import { CHROMIUM, CHROMIUM_ARGS, screenshotPath, writeDiffPage } from './helpers.js';

const haveChromium = existsSync(CHROMIUM);
const suite = haveChromium ? describe : describe.skip;
const title = haveChromium ? 'the diff page in Chromium' : `the diff page in Chromium (skipped: ${CHROMIUM} is absent; apt-get install chromium)`;

type El = { getAttribute(name: string): string | null };
const attrsOf = (page: Page, selector: string, name: string): Promise<string[]> =>
  page.locator(selector).evaluateAll((els: El[], n: string) => els.map((e) => e.getAttribute(n) ?? ''), name);

suite(title, () => {
  let browser: Browser;
  let page: Page;
  let input: RenderInput;
  let dir: string | undefined;
  const problems: string[] = [];
  const offsite: string[] = [];

  beforeAll(async () => {
    const made = await writeDiffPage('remote-next');
    input = made.input;
    dir = made.dir;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      offsite.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(made.file).href);
    await page.waitForSelector('#unitgraph-app[data-view="ordering"]', { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('loads with no errors and colours units and edges by their status', async () => {
    expect(problems).toEqual([]);
    expect(offsite).toEqual([]);
    await expect(page.locator('svg.ug-graph.ug-diffview').count()).resolves.toBe(1);
    await expect(attrsOf(page, 'svg.ug-graph g[data-unit].ug-d-added', 'data-unit')).resolves.toEqual(['ssh-banner.service']);
    const changed = await attrsOf(page, 'svg.ug-graph g[data-unit].ug-d-changed', 'data-unit');
    expect(changed).toContain('unlock-luks.service');
    await expect(page.locator('svg.ug-graph g[data-unit="sysroot.mount"]').getAttribute('class')).resolves.toContain('ug-d-unchanged');
    const stroke = await page.locator('svg.ug-graph g[data-unit="ssh-banner.service"] > :is(rect, polygon)').first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { stroke: string } }).getComputedStyle(el).stroke);
    expect(stroke).toBe('rgb(24, 128, 56)'); // DIFF_COLORS.added
    const addedEdges = await attrsOf(page, 'svg.ug-graph path[data-edge].ug-d-added', 'data-to');
    expect(addedEdges).toContain('ssh-banner.service');
  });

  test('the Diff tab lists the changed units, and clicking one shows its old → new values', async () => {
    await expect(page.locator('[data-tab="diff"]').getAttribute('aria-selected')).resolves.toBe('true');
    const listed = await attrsOf(page, '[data-pane="diff"] .ug-diff-unit[data-status="changed"]', 'data-unit');
    const want = Object.entries(input.diff?.units ?? {}).filter(([, s]) => s === 'changed').map(([id]) => id).sort();
    expect(listed).toEqual(want);
    expect(listed).toContain('unlock-luks.service');
    const pane = (await page.locator('[data-pane="diff"]').textContent()) ?? '';
    expect(pane).toContain('Ordering gained');
    expect(pane).toContain('Resolved findings');
    await page.locator('[data-pane="diff"] .ug-diff-unit[data-unit="unlock-luks.service"] button[data-unit="unlock-luks.service"]').click();
    await expect(page.locator('#unitgraph-app').getAttribute('data-selected')).resolves.toBe('unlock-luks.service');
    const row = page.locator('[data-unit-panel="unlock-luks.service"] .ug-change[data-key="After"]');
    await expect(row.locator('.ug-change-key').textContent()).resolves.toBe('[Unit] After');
    await expect(row.locator('.ug-old').textContent()).resolves.toBe('network-online.target');
    await expect(row.locator('.ug-new').textContent()).resolves.toBe('systemd-networkd.service');
    await expect(row.locator('.ug-change-vals').textContent()).resolves.toBe('network-online.target → systemd-networkd.service');
    await page.waitForTimeout(500); // the centring transition
    await page.screenshot({ path: screenshotPath('diff-page-unit.png') });
  });

  test('a change in a drop-in shows the whole old and new command line', async () => {
    await page.click('[data-tab="diff"]');
    await page.locator('[data-pane="diff"] .ug-diff-unit[data-unit="systemd-networkd-wait-online.service"] button[data-unit]').click();
    const row = page.locator('[data-unit-panel="systemd-networkd-wait-online.service"] .ug-change[data-key="ExecStart"]');
    await expect(row.locator('.ug-old').textContent()).resolves.toContain('"--timeout=120"');
    await expect(row.locator('.ug-new').textContent()).resolves.toContain('"--timeout=30"');
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshotPath('diff-page-dropin.png') });
  });

  test('the overview with the Diff tab open (screenshot)', async () => {
    await page.click('[data-tab="diff"]');
    await page.locator('[data-pane="diff"] .ug-diff-unit[data-unit="unlock-luks.service"] button[data-unit]').click();
    await page.waitForTimeout(500); // centred on the change
    await page.keyboard.press('Escape'); // no selection: every unit shows its status
    await page.click('[data-tab="diff"]');
    await expect(page.locator('svg.ug-graph.ug-focused').count()).resolves.toBe(0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath('diff-page.png') });
    expect(problems).toEqual([]);
  });
});

suite('the diff page of a unit joining the boot (Chromium)', () => {
  let browser: Browser;
  let dir: string | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('systemd-networkd-wait-online.service joins: drawn and listed as joined, with the ordering gained through it', async () => {
    const made = await writeDiffPage('waits-online');
    dir = made.dir;
    expect(made.input.diff?.membership).toEqual({ 'systemd-networkd-wait-online.service': { status: 'joined', text: 'joins the boot: a job in step 1 (initrd.target)' } });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(pathToFileURL(made.file).href);
    await page.waitForSelector('#unitgraph-app[data-view="ordering"]', { timeout: 60_000 });
    // drawn: the joined unit carries its class, shown in full; nothing left
    await expect(attrsOf(page, 'svg.ug-graph g[data-unit].ug-d-joined', 'data-unit')).resolves.toEqual(['systemd-networkd-wait-online.service']);
    await expect(page.locator('svg.ug-graph g[data-unit].ug-d-left').count()).resolves.toBe(0);
    const opacity = await page.locator('svg.ug-graph g[data-unit="systemd-networkd-wait-online.service"]').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { opacity: string } }).getComputedStyle(el).opacity);
    expect(opacity).toBe('1');
    // the new ordering edge into unlock-luks.service, and the old edge from systemd-networkd.service whose ordering is new
    await expect(attrsOf(page, 'svg.ug-graph path[data-edge].ug-d-added[data-kind="Before"]', 'data-edge')).resolves.toEqual(['Before:systemd-networkd-wait-online.service->unlock-luks.service']);
    await expect(attrsOf(page, 'svg.ug-graph path[data-edge].ug-d-through', 'data-from')).resolves.toContain('systemd-networkd.service');
    // listed: the Diff tab names it under "Joined the boot", and the ordering gained through it
    await expect(attrsOf(page, '[data-pane="diff"] [data-list="joined"] .ug-diff-unit', 'data-unit')).resolves.toEqual(['systemd-networkd-wait-online.service']);
    const gained = (await page.locator('[data-pane="diff"] [data-list="gained"]').textContent()) ?? '';
    expect(gained).toContain('systemd-networkd-wait-online.service before unlock-luks.service');
    expect(gained).toContain('systemd-networkd.service before systemd-networkd-wait-online.service');
    await page.screenshot({ path: screenshotPath('diff-page-joined.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
