/** `unitgraph render` end to end through main(argv, io): output, options, and its failures (exit 2, one line). */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { memoryIo, processIo } from '../../cli/io.js';
import { REPO } from '../helpers/fixture.js';
import { parseSvg } from './svg-check.js';

const SRC = join(REPO, 'examples', 'nixos-remote-unlock', 'initrd');

const run = async (...argv: string[]) => {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err, files: io.files };
};

const tmp = (): string => mkdtempSync(join(tmpdir(), 'unitgraph-render-'));

describe('unitgraph render', () => {
  it('writes the ordering view as SVG to stdout, or to -o', async () => {
    const r = await run('render', SRC);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    parseSvg(r.out);
    const o = await run('render', SRC, '-o', '/tmp/x.svg');
    expect(o.code).toBe(0);
    expect(o.out).toBe('');
    expect(o.files.get('/tmp/x.svg')).toBe(r.out);
  });

  it('draws the timeline, with durations from systemd-analyze blame', async () => {
    const dir = tmp();
    const blame = join(dir, 'blame.txt');
    writeFileSync(blame, '  3.101s unlock-luks.service\n   412ms systemd-udevd.service\n 1.003s sysroot.mount\n');
    const r = await run('render', SRC, '--view', 'timeline', '--durations', blame);
    expect(r.code).toBe(0);
    parseSvg(r.out);
    expect(r.out).toContain('predicted start');
    expect(r.out).toContain('time →');
  });

  it('refuses an -o it cannot write before laying anything out, and reports --timings per stage', async () => {
    const io = memoryIo();
    io.checkWritable = () => {
      throw Object.assign(new Error('no such directory'), { code: 'ENOENT' });
    };
    const code = await main(['render', SRC, '-o', '/nonexistent/x.svg', '--timings'], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/\/nonexistent\/x\.svg: cannot write here \(ENOENT\)/);
    expect(io.err).not.toMatch(/timing: (open|ELK)/);
    const ok = await run('render', SRC, '--timings');
    expect(ok.code).toBe(0);
    for (const stage of ['open', 'build graph', 'checks and render input', 'ordering reduction', 'ELK layout', 'drawing the SVG']) expect(ok.err).toContain(`timing: ${stage}`);
    // the real check: a directory that does not exist, a directory given as the file
    expect(() => processIo().checkWritable(join(tmp(), 'missing', 'x.svg'))).toThrow(/ENOENT/);
    expect(() => processIo().checkWritable(tmp())).toThrow(/directory/);
    expect(() => processIo().checkWritable(join(tmp(), 'x.svg'))).not.toThrow();
  });

  it('draws a focus view and hides defaults', async () => {
    const r = await run('render', SRC, '--focus', 'sysroot.mount', '--depth', '1', '--hide-defaults', '--all-edges');
    expect(r.code).toBe(0);
    expect(r.out).toContain('around sysroot.mount');
    expect(r.out).not.toMatch(/\(default\)<\/title>|\(implicit\)<\/title>/);
  });

  it('fails with exit 2 and one line for bad options', async () => {
    const dir = tmp();
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'this is not blame output\n');
    const cases: Array<[string[], RegExp]> = [
      [['--focus', 'nope.service'], /--focus: no unit named nope\.service/],
      [['--view', 'timeline', '--durations', join(dir, 'missing.txt')], /missing\.txt: no such durations file/],
      [['--view', 'timeline', '--durations', bad], /bad\.txt: line 1: not a line of `systemd-analyze blame` output/],
      [['--durations', bad], /--durations applies to --view timeline only/],
      [['--focus', 'sysroot.mount', '--depth', 'x'], /--depth: not a whole number/],
    ];
    for (const [args, msg] of cases) {
      const r = await run('render', SRC, ...args);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
