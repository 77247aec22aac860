/**
 * Issue 15's rough edges, each as a new user met it: `help` exits 0, an unwritable -o is one
 * clear line, a link loop as the source says so, a mistyped unit name gets a "did you mean",
 * `serve` stops when it or the npx that started it is killed, the README's commands run as
 * written, and an invalid unit name in a dependency reaches every CI format and --strict.
 */
import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutputFile, memoryIo } from '../../cli/io.js';
import { main } from '../../cli/main.js';
import { UnitgraphError } from '../../src/errors.js';
import { suggestUnit } from '../../src/render/suggest.js';
import { corpusDir, REPO } from '../helpers/fixture.js';
import { skipTitle } from '../helpers/skip.js';

const LUKS = join(corpusDir('remote-unlock-luks'), 'initrd');
const BIN = join(REPO, 'bin', 'unitgraph.js');
const BUILT = existsSync(join(REPO, 'dist', 'unitgraph.mjs')) && existsSync(join(REPO, 'dist', 'web', 'page.js'));

const run = async (...argv: string[]) => {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
};
const tmp = (): string => mkdtempSync(join(tmpdir(), 'unitgraph-edges-'));

describe('help', () => {
  it.each([[['help']], [['help', 'check']], [['--help']], [['check', '--help']]])('%j exits 0 and prints the usage', async (argv) => {
    const r = await run(...argv);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: unitgraph/m);
  });

  it('no command at all is still a usage failure (exit 2)', async () => {
    expect((await run()).code).toBe(2);
  });
});

describe('an output file that cannot be written', () => {
  it('is one line naming the file and why, not an internal error', () => {
    const fail = (path: string): string => {
      try {
        writeOutputFile(path, 'x');
      } catch (e) {
        expect(e).toBeInstanceOf(UnitgraphError);
        return (e as UnitgraphError).toLine();
      }
      return 'written';
    };
    expect(fail('/nonexistent/x.html')).toBe('/nonexistent/x.html: cannot write the output: its directory does not exist');
    expect(fail(tmp())).toMatch(/: cannot write the output: it is a directory$/);
  });

  (BUILT ? it : it.skip)(skipTitle(BUILT, 'dist/ not built: npm run build', 'html -o /nonexistent/x.html: exit 2, one line on stderr'), () => {
    const r = spawnSync(process.execPath, [BIN, 'html', LUKS, '-o', '/nonexistent/x.html'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    // checked before any work (cli/options.ts checkWritable), or when writing (cli/io.ts writeOutputFile)
    expect(r.stderr).toMatch(/^unitgraph: \/nonexistent\/x\.html: cannot write (here \(ENOENT\)|the output: its directory does not exist)\n$/);
  });
});

describe('a source that is a link loop or a dangling link', () => {
  it('says which, in one line', async () => {
    const dir = tmp();
    symlinkSync(join(dir, 'b'), join(dir, 'a'));
    symlinkSync(join(dir, 'a'), join(dir, 'b'));
    symlinkSync(join(dir, 'gone.img'), join(dir, 'dangling'));
    const loop = await run('check', join(dir, 'a'));
    expect(loop.code).toBe(2);
    expect(loop.err).toBe(`unitgraph: ${join(dir, 'a')}: a loop of symbolic links (too many levels of symbolic links)\n`);
    const dangling = await run('check', join(dir, 'dangling'));
    expect(dangling.err).toBe(`unitgraph: ${join(dir, 'dangling')}: a symbolic link to ${join(dir, 'gone.img')}, which does not exist\n`);
    expect((await run('check', join(dir, 'nothing'))).err).toBe(`unitgraph: ${join(dir, 'nothing')}: no such file or directory\n`);
  });
});

describe('did you mean', () => {
  it('suggests what systemctl would (no suffix: .service), another case, or the closest name', () => {
    const names = ['sysroot.mount', 'unlock-luks.service', 'initrd.target', 'initrd-fs.target'];
    expect(suggestUnit('unlock-luks', names)).toBe('unlock-luks.service');
    expect(suggestUnit('Sysroot.mount', names)).toBe('sysroot.mount');
    expect(suggestUnit('sysroot.mout', names)).toBe('sysroot.mount');
    expect(suggestUnit('initrd-fs.targt', names)).toBe('initrd-fs.target');
    expect(suggestUnit('something-else.service', names)).toBeUndefined();
  });

  it.each([
    [['show', LUKS, 'unlock-luks'], /no unit unlock-luks in this source; did you mean unlock-luks\.service\?/],
    [['show', LUKS, 'sysroot.mout'], /no unit sysroot\.mout in this source; did you mean sysroot\.mount\?/],
    [['why', LUKS, 'unlock-luks.service', 'sysroot.mout'], /no unit sysroot\.mout in this source; did you mean sysroot\.mount\?/],
    [['render', LUKS, '--focus', 'sysroot.mout'], /--focus: no unit named sysroot\.mout in .*; did you mean sysroot\.mount\?/],
  ])('%j: exit 2 with the suggestion', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
  });
});

/** Starts `serve` (through `sh -c` when asked), waits until it listens; the pids of sh and node. */
const startServe = async (viaShell: boolean): Promise<{ shell?: number; node: number; exited: Promise<number | null>; err: () => string }> => {
  const args = [BIN, 'serve', LUKS, '--port', '0'];
  // `; :` keeps the shell from exec'ing node, as npm's `sh -c` does not either
  const child = viaShell
    ? spawn('sh', ['-c', `"${process.execPath}" "$@"; :`, 'sh', ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  for (let i = 0; i < 300 && !/serving/.test(err); i++) await new Promise((r) => setTimeout(r, 100));
  expect(err).toMatch(/serving .* at http:\/\/127\.0\.0\.1:\d+\//);
  let node = child.pid as number;
  if (viaShell) node = Number(spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).stdout.trim().split('\n')[0]);
  const exited = viaShell
    ? new Promise<number | null>((resolve) => {
        const poll = setInterval(() => {
          if (!existsSync(`/proc/${node}`)) {
            clearInterval(poll);
            resolve(0);
          }
        }, 100);
      })
    : new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { ...(viaShell ? { shell: child.pid as number } : {}), node, exited, err: () => err };
};

const within = <T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> => Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

(BUILT ? describe : describe.skip)(skipTitle(BUILT, 'dist/ not built: npm run build', 'serve stops when killed'), () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s: exits 0', async (signal) => {
    const s = await startServe(false);
    process.kill(s.node, signal);
    expect(await within(s.exited, 10_000)).toBe(0);
  });

  it('npx-style: the shell that started it is killed (the signal never reaches node): it stops by itself', async () => {
    const s = await startServe(true);
    expect(Number.isInteger(s.node) && s.node > 0).toBe(true);
    process.kill(s.shell as number, 'SIGTERM');
    const gone = await within(s.exited, 10_000);
    if (gone === 'timeout') process.kill(s.node, 'SIGKILL'); // never leave it behind
    expect(gone).toBe(0);
  });
});

describe('the README', () => {
  it('calls the command as npx unitgraph, which works after npm install in a clone', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    const bare = blocks.flatMap((b) => b.split('\n')).filter((l) => /^\s*unitgraph\s/.test(l));
    expect(bare).toEqual([]);
    expect(readme).toMatch(/npx unitgraph check examples\/nixos-remote-unlock\/initrd/);
  });
});

describe('input systemd ignores reaches CI: an invalid unit name in a dependency, a line it cannot parse', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'default.target'), '[Unit]\nWants=unlock.service\n');
  writeFileSync(join(dir, 'unlock.service'), '[Unit]\nDefaultDependencies=no\nAfter=cryptsetup.targt\nBefore sysroot.mount\n[Service]\nType=oneshot\nExecStart=/bin/true\n');

  it('text and JSON: warning findings with their file and line (invalid-value, ignored-input)', async () => {
    const text = await run('check', dir);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/warning ignored-input +Missing '=', ignoring line\.? .*\[unlock\.service:4/);
    expect(text.out).not.toMatch(/input problem/); // listed once, as the finding
    const json = JSON.parse((await run('check', dir, '--format', 'json')).out) as { findings: Array<Record<string, unknown>> };
    expect(json.findings.map((f) => [f['rule'], f['severity'], f['location']])).toEqual([
      ['ignored-input', 'warning', { file: 'unlock.service', line: 4 }],
      ['invalid-value', 'warning', { file: 'unlock.service', line: 3 }],
    ]);
    expect(json.findings[1]?.['message']).toMatch(/cryptsetup\.targt/);
  });

  it('--format github: annotations on the lines; SARIF: results', async () => {
    const gh = (await run('check', dir, '--format', 'github')).out;
    expect(gh).toMatch(/^::warning file=unlock\.service,line=3,title=unitgraph invalid-value::.*cryptsetup\.targt/m);
    expect(gh).toMatch(/^::warning file=unlock\.service,line=4,title=unitgraph ignored-input::/m);
    const sarif = JSON.parse((await run('check', dir, '--format', 'sarif')).out) as { runs: Array<{ results: Array<{ ruleId: string; level: string }> }> };
    expect(sarif.runs[0]?.results.map((r) => [r.ruleId, r.level])).toEqual([['ignored-input', 'warning'], ['invalid-value', 'warning']]);
  });

  it('--strict exits 1; the rule can be switched off like any other', async () => {
    expect((await run('check', dir, '--strict')).code).toBe(1);
    writeFileSync(join(dir, 'off.json'), JSON.stringify({ rules: { 'ignored-input': 'off', 'invalid-value': 'off' } }));
    const off = await run('check', dir, '--strict', '--config', join(dir, 'off.json'));
    expect(off.code).toBe(0);
    expect(off.out).toMatch(/input problems? systemd would skip or ignore:\n {2}unlock\.service:4: /);
  });
});
