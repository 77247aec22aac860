/**
 * The diff page's data: buildPage embeds RenderInput.diff as it is, a page without it is the plain
 * `html` page, and `unitgraph diff --html` carries the union graph with each unit's status and
 * changes, the edges added and removed, ordering and findings. The colours match the SVG's.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildPage } from '../../src/render/html/page.js';
import { DIFF_COLORS } from '../../src/render/formats/diff.js';
import type { RenderInput } from '../../src/render/types.js';
import { embeddedInput, REPO, writeDiffPage } from './helpers.js';

const plain: RenderInput = {
  source: 'old.cpio → new.cpio',
  target: 'initrd.target',
  nodes: [
    { id: 'a.service', type: 'service', origin: 'file', masked: false, inTransaction: true },
    { id: 'b.service', type: 'service', origin: 'file', masked: false, inTransaction: true },
  ],
  edges: [{ from: 'a.service', to: 'b.service', kind: 'Before', origin: 'file' }],
  findings: [],
};
const withDiff: RenderInput = {
  ...plain,
  diff: {
    old: { source: 'old.cpio', target: 'initrd.target' },
    new: { source: 'new.cpio', target: 'initrd.target' },
    units: { 'a.service': 'changed', 'b.service': 'added' },
    changes: { 'a.service': [{ section: 'Unit', key: 'Before', old: null, new: 'b.service </script>' }] },
    edges: [{ from: 'a.service', to: 'b.service', kind: 'Before', origin: 'file', status: 'added' }],
    ordering: { gained: [['a.service', 'b.service']], lost: [] },
    findings: { new: [], resolved: [{ rule: 'after-without-wants', severity: 'warning', units: ['a.service'], message: 'gone' }] },
    storeOnly: 1,
  },
};
const assets = { js: 'void 0;', css: 'body{}' };

describe('buildPage with a diff', () => {
  test('embeds the diff data exactly, and titles the page by the two generations', () => {
    const html = buildPage(withDiff, assets);
    expect(embeddedInput(html)).toEqual(withDiff);
    expect(embeddedInput(html).diff?.changes['a.service']?.[0]).toEqual({ section: 'Unit', key: 'Before', old: null, new: 'b.service </script>' });
    expect(html).toContain('<title>unitgraph diff: old.cpio → new.cpio</title>');
    expect(html.match(/<\/script/gi)?.length).toBe(2);
  });

  test('without a diff the page is the plain one', () => {
    const html = buildPage(plain, assets);
    expect(embeddedInput(html)).toEqual(plain);
    expect(embeddedInput(html).diff).toBeUndefined();
    expect(html).toContain('<title>unitgraph: initrd.target of old.cpio → new.cpio</title>');
  });

  test('the page draws with the colours of the diff SVG', () => {
    const css = readFileSync(join(REPO, 'web', 'page.css'), 'utf8');
    for (const [m, c] of Object.entries(DIFF_COLORS)) expect(css).toContain(`--ug-d-${m}: ${c};`);
  });
});

describe('unitgraph diff --html', () => {
  let dir: string | undefined;
  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('writes the union graph with each unit\'s status and changes', async () => {
    const made = await writeDiffPage('remote-next');
    dir = made.dir;
    const { input } = made;
    const diff = input.diff;
    if (diff === undefined) throw new Error('no diff in the page');
    expect(made.html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(diff.old.source).toBe(made.old);
    expect(diff.new.source).toBe(made.new);
    expect(diff.units['ssh-banner.service']).toBe('added');
    expect(diff.units['unlock-luks.service']).toBe('changed');
    expect(diff.units['sysroot.mount']).toBe('unchanged');
    // the rebuilt script's unit differs only in store hashes: counted, not marked
    expect(diff.units['initrd-nixos-copy-secrets.service']).toBe('unchanged');
    expect(diff.storeOnly).toBe(1);
    expect(diff.changes['unlock-luks.service']).toEqual([{ section: 'Unit', key: 'After', old: 'network-online.target', new: 'systemd-networkd.service' }]);
    expect(diff.changes['kmod-static-nodes.service']).toContainEqual({ section: '', key: 'masked', old: 'no', new: 'yes' });
    expect(Object.keys(diff.units).sort()).toEqual(input.nodes.map((n) => n.id).sort());
    expect(diff.edges).toContainEqual({ from: 'initrd.target', to: 'ssh-banner.service', kind: 'Wants', origin: 'wants-dir', status: 'added' });
    expect(diff.edges).toContainEqual({ from: 'network-online.target', to: 'unlock-luks.service', kind: 'Before', origin: 'file', status: 'removed' });
    expect(diff.ordering.gained).toContainEqual(['basic.target', 'sshd.service']);
    expect(diff.findings.resolved.map((f) => f.rule)).toContain('after-without-wants');
    // the unit texts of both sides, edges with their lines
    expect(input.units?.['ssh-banner.service']?.directives.some((d) => d.key === 'Before' && d.value === 'sshd.service')).toBe(true);
    expect(input.edges.find((e) => e.from === 'network-online.target' && e.to === 'unlock-luks.service')?.line).toBe(2);
  }, 60_000);
});
