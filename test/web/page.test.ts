/**
 * buildPage and `unitgraph html`: the data survives the trip through HTML whatever it holds, no
 * unit text can end a script element, the policy names exactly the inline script, and the page
 * builder is pure.
 */
import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { buildPage, toSafeJson, toSafeScript } from '../../src/render/html/page.js';
import { sha256Base64 } from '../../src/render/html/sha256.js';
import type { RenderInput } from '../../src/render/types.js';
import { embeddedInput, ensureWebBundle, EXAMPLE, REPO } from './helpers.js';

const hostile = '</script><script>alert(1)</script> <!-- x --> \u2028\u2029 & <b>"\'</b> ]]> </style>';
const input: RenderInput = {
  source: `/tmp/${hostile}`,
  target: 'initrd.target',
  nodes: [{ id: `evil${hostile}.service`, type: 'service', origin: 'file', masked: false, inTransaction: true }],
  edges: [],
  findings: [{ rule: 'unknown-directive', severity: 'warning', units: [`evil${hostile}.service`], message: hostile }],
  units: { [`evil${hostile}.service`]: { file: 'etc/x.service', realFile: null, aliases: [], dropins: [], directives: [{ section: 'Service', key: 'ExecStart', value: hostile, file: 'etc/x.service', line: 3 }] } },
};
const assets = { js: 'var s = "</script><!--"; var r = /<\\/script>/; document.title = s;', css: 'body { color: red } /* </style> */' };

describe('buildPage', () => {
  const html = buildPage(input, assets);

  test('the data comes back exactly, and nothing in it can close an element or open a comment', () => {
    expect(embeddedInput(html)).toEqual(input);
    expect(html.match(/<\/script/gi)?.length).toBe(2); // the data element's and the script's own ends
    expect(html.match(/<\/style/gi)?.length).toBe(1);
    expect(html).not.toContain('<!-- x');
    expect(html).not.toContain('\u2028');
    expect(html).not.toContain('\u2029');
    expect(toSafeJson('</script>')).toBe('"\\u003c/script\\u003e"');
  });

  test('a strict policy: nothing loads, only the one inline script (by its hash) runs', () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(script).toBe(toSafeScript(assets.js));
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data:');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/https?:/);
  });

  test('the pure SHA-256 agrees with node:crypto', () => {
    for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'ünïcødé ✓ 𝄞', hostile.repeat(40)]) {
      expect(sha256Base64(s)).toBe(createHash('sha256').update(s, 'utf8').digest('base64'));
    }
  });

  test('the page modules import nothing from node', () => {
    for (const f of ['src/render/html/page.ts', 'src/render/html/sha256.ts', 'src/render/query.ts']) {
      expect(readFileSync(join(REPO, f), 'utf8')).not.toMatch(/from ['"](node:|fs|path|os)/);
    }
  });
});

describe('unitgraph html', () => {
  test('writes one self-contained page for the example, on stdout or to -o', async () => {
    ensureWebBundle();
    const io = memoryIo();
    expect(await main(['html', EXAMPLE], io)).toBe(0);
    expect(io.err).toBe('');
    expect(io.out.startsWith('<!DOCTYPE html>')).toBe(true);
    const data = embeddedInput(io.out);
    expect(data.target).toBe('initrd.target');
    expect(data.units?.['sysroot.mount']?.directives.some((d) => d.key === 'What' && d.value === '/dev/mapper/root')).toBe(true);
    // self-contained: no src= or href= to anything
    expect(io.out).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    const io2 = memoryIo();
    expect(await main(['html', EXAMPLE, '-o', '/tmp/x.html'], io2)).toBe(0);
    expect(io2.out).toBe('');
    expect(io2.files.get('/tmp/x.html')).toBe(io.out);
  });

  test('a bad source fails with exit 2 and one line', async () => {
    const io = memoryIo();
    expect(await main(['html', '/nonexistent/initrd'], io)).toBe(2);
    expect(io.err.trim().split('\n')).toHaveLength(1);
  });
});
