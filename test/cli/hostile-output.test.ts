/**
 * Issue 16, items 5-7: nothing from the image reaches a terminal, a CI log or a drawing raw.
 * Unit names, keys, values and member paths holding terminal controls (ESC[2K ESC[1A erases the
 * line above, ESC]0;…BEL retitles the terminal, C1 CSI, DEL, bidi overrides) are shown as visible
 * escapes in every text output and on stderr; JSON stays the same value with them as \u escapes;
 * SVG stays well-formed XML with what XML forbids replaced.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { cpioOfTree, type Tree } from '../helpers/cpio-writer.js';
import { parseSvg } from '../render/svg-check.js';
import { escapeControls, escapeDeep, escapeJsonControls } from '../../src/render/terminal-text.js';
import { Vfs } from '../../src/parse/source/vfs.js';
import { readInitrd } from '../../src/parse/source/initrd/read-initrd.js';
import { buildPage, DATA_ELEMENT_ID } from '../../src/render/html/page.js';

const ERASE = '\u001b[2K\u001b[1A';
const TITLE = '\u001b]0;pwned\u0007';
/** Every character a terminal may act on; the outputs may hold none but newline. */
// eslint-disable-next-line no-control-regex -- finding these characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const run = async (...argv: string[]) => {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err, files: io.files };
};

const S = 'etc/systemd/system';
/** systemd refuses such a name (and so does unitgraph, with a diagnostic naming the file). */
const BAD_NAME = `evil${TITLE}.service`;
const DROPIN = `10-${TITLE}\n.conf`;
/**
 * An initrd whose target pulls in a unit with controls in its description, keys, values, the
 * names it depends on and its drop-in's file name, beside a file whose name holds them.
 */
const hostileTree = (): Tree => ({
  etc: null,
  'etc/initrd-release': 'NAME=test\n',
  'etc/systemd': null,
  [S]: null,
  [`${S}/initrd.target`]: `[Unit]\nDescription=Initrd\nWants=evil.service ${BAD_NAME}\n`,
  [`${S}/evil.service`]:
    `[Unit]\nDescription=ok${ERASE}\u009b2K\u007f\u202e\nRequires=gone${ERASE}.service\nAfter=gone${ERASE}.service\nBindsTo=bound.service\n` +
    `[Service]\nType=oneshot\nExecStart=/bin/true\nbad\u0001key=1\nX-Ok\u001b[31m=1\n`,
  [`${S}/evil.service.d`]: null,
  [`${S}/evil.service.d/${DROPIN}`]: `[Unit]\nWants=missing${TITLE}.service\n[Service]\nEnvironment=A=${ERASE}\n`,
  [`${S}/${BAD_NAME}`]: '[Service]\nExecStart=/bin/true\n',
  [`${S}/bound.service`]: '[Service]\nExecStart=/bin/true\n',
});

const hostileInitrd = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'unitgraph-hostile-'));
  const file = join(dir, 'initrd');
  writeFileSync(file, cpioOfTree(hostileTree()));
  return file;
};

const expectNoRawControls = (r: { out: string; err: string }): void => {
  expect(r.out).not.toMatch(RAW_CONTROL);
  expect(r.err).not.toMatch(RAW_CONTROL);
};

describe('escapeControls', () => {
  it('shows C0, DEL, C1, separators and bidi controls as visible escapes, and leaves the rest', () => {
    expect(escapeControls(`a${ERASE}b`)).toBe('a\\x1b[2K\\x1b[1Ab');
    expect(escapeControls(TITLE)).toBe('\\x1b]0;pwned\\x07');
    expect(escapeControls('\u009b\u007f\t\n\r\u202e\u2028')).toBe('\\x9b\\x7f\\x09\\x0a\\x0d\\u202e\\u2028');
    expect(escapeControls('dev-disk-by\\x2dlabel-root.device é ü 日本')).toBe('dev-disk-by\\x2dlabel-root.device é ü 日本');
  });

  it('escapeDeep escapes strings inside plain data and keeps its shape', () => {
    const data = { a: ['x\u001by'], m: new Map([['k\u0007', { n: 1, s: new Set(['\u009b']) }]]), n: null, u: undefined, b: true };
    expect(escapeDeep(data)).toEqual({ a: ['x\\x1by'], m: new Map([['k\\x07', { n: 1, s: new Set(['\\x9b']) }]]), n: null, u: undefined, b: true });
  });

  it('escapeJsonControls keeps the JSON value and leaves no raw control', () => {
    const value = { s: `\u007f\u0085\u009b${TITLE}\u2028\u202e` };
    const json = escapeJsonControls(JSON.stringify(value));
    expect(json).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('item 5: no raw control character from the image in any text output', () => {
  const source = hostileInitrd();

  it.each([
    ['check (text)', ['check', source]],
    ['check --format github', ['check', source, '--format', 'github']],
    ['check --format json', ['check', source, '--format', 'json']],
    ['check --format sarif', ['check', source, '--format', 'sarif']],
    ['list', ['list', source]],
    ['list --format json', ['list', source, '--format', 'json']],
    ['show', ['show', source, 'evil.service']],
    ['show --format json', ['show', source, 'evil.service', '--format', 'json']],
    ['why', ['why', source, 'evil.service', 'initrd.target']],
    ['why --format json', ['why', source, 'evil.service', 'initrd.target', '--format', 'json']],
    ['graph --format dot', ['graph', source, '--format', 'dot']],
    ['graph --format mermaid', ['graph', source, '--format', 'mermaid']],
    ['graph --format json', ['graph', source]],
    ['diff', ['diff', source, source]],
    ['diff --format json', ['diff', source, source, '--format', 'json']],
  ])('%s', async (_name, argv) => {
    const r = await run(...argv);
    expect(r.code).toBeLessThan(2);
    expectNoRawControls(r);
  });

  it('shows the escapes where the raw sequences were: the finding, the unit, its keys and values', async () => {
    const text = await run('check', source);
    expect(text.out).toContain('gone\\x1b[2K\\x1b[1A.service');
    expect(text.out).toContain('evil\\x1b]0;pwned\\x07.service');
    const gh = await run('check', source, '--format', 'github');
    expect(gh.out).toMatch(/^::warning file=etc\/systemd\/system\/evil\.service,line=\d+,title=unitgraph unknown-directive::.*bad\\x01key/m);
    const show = await run('show', source, 'evil.service');
    expect(show.out).toContain('bad\\x01key=1');
    expect(show.out).toContain('Description=ok\\x1b[2K\\x1b[1A\\x9b2K\\x7f\\u202e');
    // JSON: the same strings, as JSON escapes
    expect(show.out).toContain(`# drop-in:  etc/systemd/system/evil.service.d/10-\\x1b]0;pwned\\x07\\x0a.conf`);
    const json = JSON.parse((await run('show', source, 'evil.service', '--format', 'json')).out) as { dropins: string[]; directives: Array<{ key: string; value: string }> };
    expect(json.dropins).toEqual([`${S}/evil.service.d/${DROPIN}`]);
    expect(json.directives.map((d) => d.key)).toContain('bad\u0001key');
  });

  it('the exit-2 line: one line, escaped (a unit name given on the command line, a path)', async () => {
    const r = await run('show', source, `no${ERASE}\nsuch.service`);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(2); // one line and its newline
    expect(r.err).toContain('no\\x1b[2K\\x1b[1A\\x0asuch.service');
    expectNoRawControls(r);
    const missing = await run('check', `/nonexistent/${TITLE}\n/initrd`);
    expect(missing.code).toBe(2);
    expect(missing.err.split('\n')).toHaveLength(2);
    expectNoRawControls(missing);
  });
});

describe('item 6: a newline in a member name keeps the exit-2 message one line', () => {
  it('the link-loop message quotes the path', async () => {
    const raw = await readInitrd(cpioOfTree({ etc: null, [`etc/lo\nop${TITLE}`]: { symlink: `lo\nop${TITLE}` } }), 'x');
    const vfs = new Vfs(raw, 'x');
    let message = '';
    try {
      vfs.resolve(`/etc/lo\nop${TITLE}`);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^symlink loop .* resolving "\/etc\/lo\\nop\\u001b\]0;pwned\\u0007"$/);
  });

  it('end to end: a member named with a newline that fails the archive is one line on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unitgraph-hostile-'));
    const file = join(dir, 'initrd');
    // a truncated member whose name holds a newline and ESC
    const whole = cpioOfTree({ ...hostileTree(), [`${S}/x\ny${ERASE}.service`]: '[Unit]\n'.repeat(200) }, { trailer: false });
    writeFileSync(file, whole.subarray(0, whole.length - 100));
    const r = await run('check', file);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(2);
    expect(r.err).toContain(file);
    expectNoRawControls(r);
  });
});

describe('item 7: what XML forbids never reaches the SVG or the page', () => {
  const source = hostileInitrd();

  it.each([
    ['ordering', []],
    ['timeline', ['--view', 'timeline']],
    ['focus', ['--focus', 'evil.service']],
  ])('render (%s) writes well-formed SVG', async (_n, extra) => {
    const r = await run('render', source, ...extra);
    expect(r.code).toBe(0);
    const doc = parseSvg(r.out);
    expect(doc.documentElement?.textContent).toContain('evil.service');
    if (extra[0] !== '--view') expect(r.out).toContain('bad\\x01key'); // the finding as the unit's tooltip
  });

  it('render and html to stdout: no raw control character but newline and tab (DEL, C1, CR included)', async () => {
    // eslint-disable-next-line no-control-regex -- finding these characters is the point
    const TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
    for (const argv of [['render', source], ['render', source, '--view', 'timeline'], ['html', source]]) {
      const r = await run(...argv);
      expect(r.code).toBe(0);
      expect(r.out).not.toMatch(TERMINAL);
    }
  });

  it('diff -o writes a well-formed SVG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unitgraph-hostile-'));
    const r = await run('diff', source, source, '-o', join(dir, 'd.svg'));
    expect(r.code).toBe(0);
    parseSvg(r.files.get(join(dir, 'd.svg')) ?? '');
  });

  it('the page embeds the data intact, as JSON the page script parses', async () => {
    const r = await run('html', source);
    expect(r.code).toBe(0);
    const m = new RegExp(`<script type="application/json" id="${DATA_ELEMENT_ID}">(.*?)</script>`, 's').exec(r.out);
    const data = JSON.parse(m?.[1] ?? 'null') as { units: Record<string, { directives: Array<{ key: string }> }> };
    expect(data.units['evil.service']?.directives.map((d) => d.key)).toContain('bad\u0001key');
    expect(buildPage).toBeDefined();
  });
});
