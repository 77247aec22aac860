/**
 * The interactive page in a real browser (Debian's chromium through playwright-core), loaded
 * from file:// with every other request refused: search, click, highlight, side panel, why box,
 * timeline, edge toggles, findings, zoom; the page `serve` sends too. Screenshots of each state
 * go to artifacts/screenshots/ for a person to look at.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../cli/commands/serve.js';
import { memoryIo } from '../../cli/io.js';
import type { RenderInput } from '../../src/render/types.js';
import { CHROMIUM, CHROMIUM_ARGS, EXAMPLE, expectedHighlight, jobIds, screenshotPath, writeExamplePage } from './helpers.js';

const haveChromium = existsSync(CHROMIUM);
const suite = haveChromium ? describe : describe.skip;
const title = haveChromium ? 'the interactive page in Chromium' : `the interactive page in Chromium (skipped: ${CHROMIUM} is absent; apt-get install chromium)`;

type El = { getAttribute(name: string): string | null; textContent: string | null };
const attrsOf = (page: Page, selector: string, name: string): Promise<string[]> =>
  page.locator(selector).evaluateAll((els: El[], n: string) => els.map((e) => e.getAttribute(n) ?? ''), name);

suite(title, () => {
  let browser: Browser;
  let page: Page;
  let input: RenderInput;
  let dir: string;
  const problems: string[] = [];
  const offsite: string[] = [];

  /** The highlight goes through every unit that gets a job (folded plumbing included) and every unit drawn. */
  const among = (): Set<string> => jobIds(input);
  const amongDrawn = async (): Promise<Set<string>> => new Set([...jobIds(input), ...(await drawn())]);
  const drawn = async (): Promise<Set<string>> => new Set(await attrsOf(page, 'svg.ug-graph g[data-unit]', 'data-unit'));
  const highlighted = async (): Promise<{ selected: string[]; deps: string[]; rdeps: string[] }> => ({
    selected: await attrsOf(page, 'g[data-unit].ug-selected', 'data-unit'),
    deps: (await attrsOf(page, 'g[data-unit].ug-dep', 'data-unit')).sort(),
    rdeps: (await attrsOf(page, 'g[data-unit].ug-rdep', 'data-unit')).sort(),
  });

  beforeAll(async () => {
    const made = await writeExamplePage();
    input = made.input;
    dir = made.dir;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    // works with no network: anything but the file itself is refused and recorded
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

  test('loads from file:// with no network, no errors and no CSP violations', async () => {
    await page.screenshot({ path: screenshotPath('01-ordering.png') });
    expect(problems).toEqual([]);
    expect(offsite).toEqual([]);
    const ids = await drawn();
    const transaction = input.nodes.filter((n) => n.inTransaction).map((n) => n.id);
    expect(ids.size).toBeGreaterThan(20);
    for (const id of ids) expect(transaction).toContain(id);
    expect(ids.has('sysroot.mount')).toBe(true);
    // a plain page has no diff view
    await expect(page.locator('[data-tab="diff"], svg.ug-graph.ug-diffview, .ug-diff-legend').count()).resolves.toBe(0);
  });

  test('the search box suggests units as one types and selects the one picked', async () => {
    await page.fill('#ug-search', 'sysroot.m');
    const suggestions = await attrsOf(page, '#ug-search-list li', 'data-unit');
    expect(suggestions[0]).toBe('sysroot.mount');
    for (const s of suggestions) expect(s).toContain('sysroot.m');
    await page.screenshot({ path: screenshotPath('02-search.png') });
    await page.press('#ug-search', 'Enter');
    await expect(page.locator('#unitgraph-app').getAttribute('data-selected')).resolves.toBe('sysroot.mount');
  });

  test('clicking a unit highlights exactly its transitive dependencies and dependents', async () => {
    await page.waitForTimeout(500); // the centring transition
    await page.locator('svg.ug-graph g[data-unit="sysroot.mount"]').click();
    await page.waitForTimeout(200);
    const got = await highlighted();
    const want = expectedHighlight(input, 'sysroot.mount', await drawn(), (e) => e.kind !== 'Conflicts', among());
    expect(got.selected).toEqual(['sysroot.mount']);
    expect(got.deps).toEqual(want.deps);
    expect(got.rdeps).toEqual(want.rdeps);
    // what a person knows about this image: the LUKS unlock and fsck come first, the root-fs target after
    expect(got.deps).toEqual(expect.arrayContaining(['unlock-luks.service', 'systemd-fsck-root.service']));
    expect(got.rdeps).toEqual(expect.arrayContaining(['initrd-root-fs.target', 'initrd.target']));
    // everything else is faded: the drawing is in focus mode and the rest carries no highlight class
    await expect(page.locator('svg.ug-graph.ug-focused').count()).resolves.toBe(1);
    await page.screenshot({ path: screenshotPath('03-selected.png') });
  });

  test('the side panel shows the merged text with each line\'s origin, aliases and counts', async () => {
    const what = input.units?.['sysroot.mount']?.directives.find((d) => d.key === 'What');
    expect(what?.value).toBe('/dev/mapper/root');
    const line = page.locator('[data-unit-panel="sysroot.mount"] .ug-line[data-key="What"]');
    await expect(line.locator('.ug-kv').textContent()).resolves.toBe('What=/dev/mapper/root');
    await expect(line.locator('.ug-origin').textContent()).resolves.toBe(`${what?.file}:${what?.line}`);
    await expect(line.locator('.ug-origin').textContent()).resolves.toBe('run/systemd/generator/sysroot.mount:12');
    const panel = (await page.locator('[data-unit-panel="sysroot.mount"]').textContent()) ?? '';
    expect(panel).toContain('aliases');
    // the panel counts every unit with a job, folded plumbing included, not only those drawn
    const want = expectedHighlight(input, 'sysroot.mount', among(), (e) => e.kind !== 'Conflicts', among());
    expect(panel).toContain(`depends on ${want.deps.length}`);
    expect(panel).toContain(`needed by ${want.rdeps.length}`);
  });

  test('the why box explains why unlock-luks.service is ordered before sysroot.mount', async () => {
    await page.click('[data-tab="why"]');
    await page.fill('#ug-why-a', 'unlock-luks.service');
    await page.press('#ug-why-a', 'Enter');
    await page.fill('#ug-why-b', 'sysroot.mount');
    await page.press('#ug-why-b', 'Enter');
    const answer = page.locator('.ug-why-result');
    await expect(answer.locator('.ug-why-order .ug-why-title').textContent()).resolves.toBe('unlock-luks.service is ordered before sysroot.mount:');
    const chain = (await answer.locator('.ug-why-order .ug-chain').textContent()) ?? '';
    expect(chain).toContain('etc/systemd/system/unlock-luks.service:3');
    expect(chain).toContain('Before=sysroot.mount');
    // the chain is drawn on top
    const whyEdges = await page.locator('path[data-edge].ug-why').count();
    expect(whyEdges).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('04-why.png') });
    await page.click('[data-action="swap"]');
    await expect(answer.locator('.ug-why-order .ug-why-title').textContent()).resolves.toBe('sysroot.mount is not ordered before unlock-luks.service; it is ordered after it:');
    await page.click('[data-action="swap"]');
  });

  test('the timeline view keeps the selection and its highlight', async () => {
    await page.click('[data-tab="unit"]');
    await page.locator('input[name="ug-view"][value="timeline"]').check({ force: true });
    await page.waitForSelector('#unitgraph-app[data-view="timeline"]');
    await page.waitForTimeout(500);
    await expect(page.locator('svg.ug-graph g.body.timeline').count()).resolves.toBe(1);
    const got = await highlighted();
    expect(got.selected).toEqual(['sysroot.mount']);
    const want = expectedHighlight(input, 'sysroot.mount', await drawn(), (e) => e.kind !== 'Conflicts', among());
    expect(got.deps).toEqual(want.deps);
    await page.screenshot({ path: screenshotPath('05-timeline.png') });
  });

  test('edge toggles hide edges and narrow the highlight to the kinds shown (all-edges view)', async () => {
    await page.locator('input[name="ug-view"][value="all"]').check({ force: true });
    await page.waitForSelector('#unitgraph-app[data-view="all"]');
    await page.locator('[data-toggle="defaults"]').uncheck();
    // Conflicts= edges are off by default (step 2's units bring some written in unit files)
    const hidden = await attrsOf(page, 'path[data-edge].ug-hidden:not([data-kind="Conflicts"])', 'data-origin');
    const visible = await attrsOf(page, 'path[data-edge]:not(.ug-hidden)', 'data-origin');
    expect(hidden.length).toBeGreaterThan(0);
    for (const o of hidden) expect(['default', 'implicit']).toContain(o);
    for (const o of visible) expect(['default', 'implicit']).not.toContain(o);
    const want = expectedHighlight(input, 'sysroot.mount', await drawn(), (e) => e.kind !== 'Conflicts' && e.origin !== 'default' && e.origin !== 'implicit', await amongDrawn());
    const got = await highlighted();
    expect(got.deps).toEqual(want.deps);
    expect(got.rdeps).toEqual(want.rdeps);
    await page.locator('[data-toggle="ordering"]').uncheck();
    const kinds = await attrsOf(page, 'path[data-edge]:not(.ug-hidden)', 'data-kind');
    expect(kinds).not.toContain('Before');
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath('06-toggles.png') });
    await page.locator('[data-toggle="ordering"]').check();
    await page.locator('[data-toggle="defaults"]').check();
    await page.locator('input[name="ug-view"][value="ordering"]').check({ force: true });
    await page.waitForSelector('#unitgraph-app[data-view="ordering"]');
  });

  test('a finding in the findings list selects its unit', async () => {
    await page.click('[data-tab="findings"]');
    const entry = page.locator('.ug-finding[data-rule="after-without-wants"]');
    await expect(entry.count()).resolves.toBe(input.findings.filter((f) => f.rule === 'after-without-wants').length);
    await entry.first().locator('.ug-msg').click();
    await expect(page.locator('#unitgraph-app').getAttribute('data-selected')).resolves.toBe('unlock-luks.service');
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshotPath('07-findings.png') });
  });

  test('the wheel zooms and a drag pans the drawing', async () => {
    const transform = (): Promise<string | null> => page.locator('svg.ug-graph > g.ug-viewport').getAttribute('transform');
    const before = await transform();
    const box = await page.locator('svg.ug-graph').boundingBox();
    if (box === null) throw new Error('no drawing');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(300);
    const zoomed = await transform();
    expect(zoomed).not.toBe(before);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, { steps: 5 });
    await page.mouse.up();
    expect(await transform()).not.toBe(zoomed);
    expect(problems).toEqual([]);
  });

  test('the policy refuses any other script', async () => {
    const before = problems.length;
    await page.addScriptTag({ content: 'window.__unitgraphInjected = 1;' }).catch(() => undefined);
    await expect(page.evaluate('typeof window.__unitgraphInjected')).resolves.toBe('undefined');
    const refused = problems.slice(before);
    expect(refused.some((p) => p.includes('Content Security Policy'))).toBe(true);
    problems.length = before;
  });

  test('the page `serve` sends loads and works the same', async () => {
    let server: RunningServer | undefined;
    try {
      server = await startServer(EXAMPLE, { port: '0', host: '127.0.0.1' }, memoryIo());
      const p2 = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      p2.on('pageerror', (e) => errors.push(e.message));
      p2.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await p2.goto(server.url);
      await p2.waitForSelector('#unitgraph-app[data-view="ordering"]', { timeout: 60_000 });
      await p2.fill('#ug-search', 'sysroot.mount');
      await p2.press('#ug-search', 'Enter');
      await expect(p2.locator('g[data-unit].ug-selected').getAttribute('data-unit')).resolves.toBe('sysroot.mount');
      await p2.screenshot({ path: screenshotPath('08-serve.png') });
      expect(errors).toEqual([]);
      await p2.close();
    } finally {
      await server?.close();
    }
  });
});
