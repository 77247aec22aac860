/**
 * The progress line (cli/progress.ts): shown on a terminal only, only for work that lasts, and
 * erased before any other output, so a terminal ends up with exactly what a pipe gets.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeProgress } from '../../cli/progress.js';
import { REPO } from '../helpers/fixture.js';
import { skipTitle } from '../helpers/skip.js';

const ERASE = '\r\x1b[2K';

const fake = (delayMs = 300) => {
  let t = 0;
  const out: string[] = [];
  const p = makeProgress({ write: (s) => out.push(s), now: () => t, delayMs, tickMs: 0 });
  return { p, out, advance: (ms: number) => void (t += ms) };
};

describe('makeProgress', () => {
  it('says nothing for work shorter than the delay, and erases nothing', () => {
    const { p, out, advance } = fake();
    p.step('reading x');
    advance(100);
    p.step('loading');
    p.clear();
    expect(out).toEqual([]);
  });

  it('shows the current step with the elapsed time once the delay has passed, then erases it', () => {
    const { p, out, advance } = fake();
    p.step('reading x');
    advance(400);
    p.step('laying out 512 units');
    advance(1600);
    p.step('drawing the SVG');
    p.clear();
    expect(out).toEqual([`${ERASE}unitgraph: laying out 512 units … 0.4 s`, `${ERASE}unitgraph: drawing the SVG … 2.0 s`, ERASE]);
  });

  it('shows a step that blocks the event loop at once, before the delay', () => {
    const { p, out, advance } = fake();
    advance(10);
    p.step('laying out 512 units', true);
    p.clear();
    expect(out).toEqual([`${ERASE}unitgraph: laying out 512 units … 0.0 s`, ERASE]);
  });

  it('erases once: a second clear writes nothing', () => {
    const { p, out, advance } = fake(0);
    p.step('x');
    advance(1);
    p.clear();
    p.clear();
    expect(out.filter((s) => s === ERASE)).toHaveLength(1);
  });
});

const BIN = join(REPO, 'bin', 'unitgraph.js');
const EXAMPLE = join(REPO, 'examples', 'nixos-remote-unlock', 'initrd');
const hasScript = spawnSync('sh', ['-c', 'command -v script'], { stdio: 'ignore' }).status === 0;

// render loads elkjs and lays out ~100 units: longer than the 300 ms delay on any machine
const runnable = hasScript && existsSync(join(REPO, 'dist', 'unitgraph.mjs'));
(runnable ? describe : describe.skip)(skipTitle(runnable, hasScript ? 'dist/ not built: npm run build' : 'script(1) is not installed (bsdutils)', 'the built command on a terminal'), () => {
  const run = (env: Record<string, string>, ...args: string[]): { tty: string; svg: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'ug-progress-'));
    try {
      const svg = join(dir, 'out.svg');
      const log = join(dir, 'typescript');
      const cmd = [process.execPath, BIN, ...args, '-o', svg].map((a) => `'${a}'`).join(' ');
      // script(1) gives the command a pseudo-terminal and records everything it wrote to it
      const r = spawnSync('script', ['-qec', cmd, log], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(0);
      return { tty: readFileSync(log, 'utf8'), svg: readFileSync(svg, 'utf8') };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('shows the steps of render on stderr and leaves the line erased', () => {
    const { tty, svg } = run({}, 'render', EXAMPLE);
    expect(tty).toMatch(/unitgraph: laying out the \d+ units of initrd\.target's transaction \(ordering\) … \d+\.\d s/);
    expect(tty.slice(tty.lastIndexOf('unitgraph:'))).toContain(ERASE); // the last line shown is erased
    expect(svg.startsWith('<svg')).toBe(true);
  });

  it('is silent with UNITGRAPH_PROGRESS=0', () => {
    const { tty } = run({ UNITGRAPH_PROGRESS: '0' }, 'render', EXAMPLE);
    expect(tty).not.toMatch(/unitgraph:/);
  });
});
