/**
 * `check SRC...` and `--stdin-list`: several sources in one run, through main(argv, io) (the
 * sources one after another in this thread: jest runs the TypeScript sources, which cannot be a
 * worker) and through the built bin (worker threads). Mixed good, broken and unreadable sources,
 * every format, exit codes. The SARIF of a fleet is validated against the schema in
 * sarif-schema.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { queueOf, take } from '../../cli/check-pool.js';
import { corpusDir, REPO } from '../helpers/fixture.js';

const GOOD = join(corpusDir('btrfs-optin-state'), 'initrd'); // no findings
const LUKS = join(corpusDir('remote-unlock-luks'), 'initrd'); // a warning and an info

/** A root tree whose default.target requires a unit that does not exist: one missing-unit error. */
const broken = (() => {
  let dir: string | undefined;
  return (): string => {
    if (dir !== undefined) return dir;
    dir = mkdtempSync(join(tmpdir(), 'unitgraph-fleet-'));
    mkdirSync(join(dir, 'etc/systemd/system'), { recursive: true });
    writeFileSync(join(dir, 'etc/systemd/system/default.target'), '[Unit]\nDescription=broken\nRequires=nope.service\n');
    writeFileSync(join(dir, 'garbage.img'), 'this is not an initrd\n');
    return dir;
  };
})();
const BROKEN = (): string => broken();
const MISSING = '/nonexistent/unitgraph-fleet.img';
const GARBAGE = (): string => join(broken(), 'garbage.img');

const run = async (argv: string[], stdin = '') => {
  const io = memoryIo({}, stdin);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
};

describe('check with several sources', () => {
  it('exit code is the worst of all: 0 good, 1 with a broken source, 2 with an unreadable one', async () => {
    expect((await run(['check', GOOD, LUKS])).code).toBe(0);
    expect((await run(['check', GOOD, BROKEN()])).code).toBe(1);
    expect((await run(['check', GOOD, LUKS, '--strict'])).code).toBe(1);
    expect((await run(['check', BROKEN(), GOOD, MISSING])).code).toBe(2);
    expect((await run(['check', GARBAGE(), GOOD])).code).toBe(2);
  });

  it('text: one group per source in the order given, each as alone; an unreadable source is its one line, also on stderr', async () => {
    const r = await run(['check', GOOD, MISSING, BROKEN(), GARBAGE()]);
    expect(r.code).toBe(2);
    const headings = r.out.split('\n').filter((l) => l.startsWith('── '));
    expect(headings).toEqual([`── ${GOOD}`, `── ${MISSING}`, `── ${BROKEN()}`, `── ${GARBAGE()}`]);
    const alone = (await run(['check', GOOD])).out;
    expect(r.out).toContain(`── ${GOOD}\n${alone}`);
    expect(r.out).toContain(`── ${MISSING}\ncould not be checked: ${MISSING}: no such file or directory\n`);
    expect(r.out).toMatch(/missing-unit +default\.target has Requires=nope\.service/);
    expect(r.out).toContain(`── ${GARBAGE()}\ncould not be checked: ${GARBAGE()}: not an initrd`);
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('4 sources: 1 with errors, 2 could not be checked; 1 error, 0 warnings, 0 infos');
    expect(r.err.split('\n').filter((l) => l !== '')).toEqual([`unitgraph: ${MISSING}: no such file or directory`, expect.stringMatching(new RegExp(`^unitgraph: ${GARBAGE()}: not an initrd`))]);
  });

  it('json: an array, one element per source in order, each exactly the single-source object; {source, error} for an unreadable one', async () => {
    const r = await run(['check', BROKEN(), MISSING, LUKS, '--format', 'json']);
    expect(r.code).toBe(2);
    const arr = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(arr.map((o) => o['source'])).toEqual([BROKEN(), MISSING, LUKS]);
    expect(arr[0]).toEqual(JSON.parse((await run(['check', BROKEN(), '--format', 'json'])).out));
    expect(arr[1]).toEqual({ source: MISSING, error: `${MISSING}: no such file or directory` });
    expect(arr[2]).toEqual(JSON.parse((await run(['check', LUKS, '--format', 'json'])).out));
    expect((arr[0]?.['summary'] as { errors: number }).errors).toBe(1);
  });

  it('a single source keeps the single-source JSON object (not an array)', async () => {
    const j = JSON.parse((await run(['check', GOOD, '--format', 'json'])).out) as unknown;
    expect(Array.isArray(j)).toBe(false);
  });

  it('sarif: one run per source with its own category; an unreadable source a failed invocation', async () => {
    const r = await run(['check', LUKS, MISSING, BROKEN(), '--format', 'sarif']);
    expect(r.code).toBe(2);
    const log = JSON.parse(r.out) as { runs: Array<{ automationDetails: { id: string }; properties: { source: string }; invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<{ message: { text: string } }> }>; results: Array<{ ruleId: string }> }> };
    expect(log.runs.map((x) => x.automationDetails.id)).toEqual([`unitgraph/${LUKS}/`, `unitgraph/${MISSING}/`, `unitgraph/${BROKEN()}/`]);
    expect(log.runs.map((x) => x.properties.source)).toEqual([LUKS, MISSING, BROKEN()]);
    expect(log.runs.map((x) => x.invocations[0]?.executionSuccessful)).toEqual([true, false, true]);
    expect(log.runs[1]?.invocations[0]?.toolExecutionNotifications?.[0]?.message.text).toBe(`${MISSING}: no such file or directory`);
    expect(log.runs.map((x) => x.results.map((res) => res.ruleId))).toEqual([['after-without-wants', 'duplicate-unlock'], [], ['missing-unit']]);
  });

  it('github: every annotation names its source; an unreadable source is an ::error', async () => {
    const r = await run(['check', LUKS, BROKEN(), MISSING, '--format', 'github']);
    expect(r.code).toBe(2);
    const lines = r.out.trimEnd().split('\n');
    const annotations = lines.filter((l) => l.startsWith('::'));
    expect(annotations.map((l) => /^::(\w+) /.exec(l)?.[1])).toEqual(['warning', 'notice', 'error', 'error']);
    expect(annotations[0]).toContain(`::${LUKS}: unlock-luks.service`);
    expect(annotations[2]).toMatch(new RegExp(`title=unitgraph missing-unit::${BROKEN()}: default\\.target has Requires=nope\\.service`));
    expect(annotations[3]).toBe(`::error title=unitgraph::${MISSING}: could not be checked: ${MISSING}: no such file or directory`);
    expect(lines.at(-1)).toBe('unitgraph: 1 errors, 1 warnings, 1 infos in 3 sources, 1 could not be checked');
  });

  it('--stdin-list reads one source per line (blank lines skipped), after those on the command line', async () => {
    const r = await run(['check', GOOD, '--stdin-list', '--format', 'json'], `${LUKS}\n\n${BROKEN()}\n`);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as Array<{ source: string }>).map((o) => o.source)).toEqual([GOOD, LUKS, BROKEN()]);
    // one source from stdin is still a list: the array form
    expect(Array.isArray(JSON.parse((await run(['check', '--stdin-list', '--format', 'json'], `${GOOD}\n`)).out))).toBe(true);
    const none = await run(['check', '--stdin-list'], '\n');
    expect([none.code, none.err]).toEqual([2, 'unitgraph: check: --stdin-list read no source from standard input\n']);
  });

  it('usage errors: no source at all, a bad --jobs, a bad configuration (exit 2 before any source is read)', async () => {
    expect(await run(['check'])).toEqual({ code: 2, out: '', err: 'unitgraph: check: no source given\n' });
    expect(await run(['check', GOOD, LUKS, '--jobs', '0'])).toEqual({ code: 2, out: '', err: 'unitgraph: --jobs: not a positive count: 0\n' });
    expect((await run(['check', GOOD, LUKS, '--config', MISSING])).code).toBe(2);
  });
});

const BIN = join(REPO, 'bin', 'unitgraph.js');
(existsSync(join(REPO, 'dist', 'unitgraph.mjs')) ? describe : describe.skip)('check with several sources, built bin (worker threads)', () => {
  const bin = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

  it('checks the sources in worker threads and prints what the main thread alone prints', () => {
    // eight sources for three lanes: the two workers start while this thread checks the first
    const args = ['check', LUKS, MISSING, BROKEN(), GOOD, LUKS, GOOD, LUKS, GOOD, '--format', 'json'];
    const threaded = bin(...args, '--jobs', '3', '--timings');
    const checkedInWorkers = Number(/^timing: 8 sources, 3 at once \(the main thread and 2 worker threads, which checked (\d+)\): /m.exec(threaded.stderr)?.[1]);
    expect(checkedInWorkers).toBeGreaterThan(0);
    const alone = bin(...args, '--jobs', '1', '--timings');
    expect(alone.stderr).toMatch(/^timing: 8 sources, 1 at once \(the main thread\): /m);
    expect(threaded.status).toBe(2);
    expect(alone.status).toBe(2);
    expect(threaded.stdout).toBe(alone.stdout);
    expect(threaded.stderr).toMatch(new RegExp(`^timing: ${LUKS}: checks: `, 'm'));
    expect(threaded.stderr).toContain(`unitgraph: ${MISSING}: no such file or directory\n`);
  });
});

describe('the queue of a fleet (cli/check-pool.ts)', () => {
  /** Takes every job with lanes picked by `pick`; what each lane took, in order. */
  const drain = (jobs: number, lanes: number, pick: (step: number) => number): number[][] => {
    const q = queueOf(jobs, lanes);
    const took: number[][] = Array.from({ length: lanes }, () => []);
    // a lane is told -1 only once no run has anything left: then every lane would be
    for (let step = 0; ; step++) {
      const lane = pick(step) % lanes;
      const i = take(q, lane);
      if (i < 0) break;
      (took[lane] as number[]).push(i);
      if (step > 10 * jobs + 10) throw new Error('the queue never ran dry');
    }
    for (let lane = 0; lane < lanes; lane++) expect(take(q, lane)).toBe(-1);
    return took;
  };

  it('gives every job exactly once, whatever the lanes and the order they ask in', () => {
    let seed = 7;
    const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    for (const [jobs, lanes] of [[0, 2], [1, 2], [2, 2], [10, 2], [10, 3], [7, 4], [100, 8], [3, 5]] as const) {
      for (let trial = 0; trial < 50; trial++) {
        const all = drain(jobs, lanes, () => random()).flat().sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: jobs }, (_, i) => i));
      }
    }
  });

  it('keeps neighbours together: each lane starts with its own run, in order; a lane that is done takes from the end of the longest run left', () => {
    // two lanes taking turns: the main thread 0-4, the worker 5-9
    expect(drain(10, 2, (s) => s)).toEqual([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]);
    // the worker starts late (it checks one source while this thread checks four): this thread
    // takes its own run, then the end of the worker's
    expect(drain(10, 2, (s) => (s % 5 === 4 ? 1 : 0))).toEqual([[0, 1, 2, 3, 4, 9, 8, 7], [5, 6]]);
    // a worker that never takes anything (it could not start): its run is taken from its end
    expect(drain(4, 2, () => 0)).toEqual([[0, 1, 3, 2], []]);
  });
});
