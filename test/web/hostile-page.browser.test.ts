/**
 * Issue 16, item 7 in a real browser: an image whose unit keys hold characters XML 1.0 forbids
 * (`bad\x01key=1`, which made the page's DOMParser reject the drawing and show an empty canvas)
 * gives a page that draws every unit of the transaction, without errors.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { cpioOfTree } from '../helpers/cpio-writer.js';
import { CHROMIUM, CHROMIUM_ARGS, ensureWebBundle } from './helpers.js';

const haveChromium = existsSync(CHROMIUM);
const suite = haveChromium ? describe : describe.skip;

suite('a page of hostile unit text draws in Chromium', () => {
  test('bad\\x01key=1 and controls in values: every unit drawn, no page error', async () => {
    ensureWebBundle();
    const dir = mkdtempSync(join(tmpdir(), 'unitgraph-hostile-page-'));
    try {
      const S = 'etc/systemd/system';
      const initrd = join(dir, 'initrd');
      writeFileSync(
        initrd,
        cpioOfTree({
          etc: null,
          'etc/initrd-release': 'NAME=test\n',
          'etc/systemd': null,
          [S]: null,
          [`${S}/initrd.target`]: '[Unit]\nWants=evil.service\n',
          [`${S}/evil.service`]: '[Unit]\nDescription=a\u0001b\u001b[2K\u0008\nAfter=\u0002x.service\n[Service]\nbad\u0001key=1\nExecStart=/bin/true \u000b\u000c\n',
        }),
      );
      const io = memoryIo();
      expect(await main(['html', initrd, '-o', join(dir, 'page.html')], io)).toBe(0);
      writeFileSync(join(dir, 'page.html'), io.files.get(join(dir, 'page.html')) ?? '');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('pageerror', (e) => problems.push(e.message));
        await page.goto(pathToFileURL(join(dir, 'page.html')).href);
        await page.waitForSelector('#unitgraph-app[data-view="ordering"]', { timeout: 60_000 });
        const units = await page.locator('svg.ug-graph g[data-unit]').evaluateAll((els) => els.map((e) => e.getAttribute('data-unit')));
        expect(units).toContain('evil.service');
        expect(units).toContain('initrd.target');
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
