import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Io } from '../io.js';
import { UnitgraphError } from '../../src/errors.js';
import { readConfig } from '../config.js';
import { EXIT_OK } from '../exit-codes.js';
import { CHECKS } from '../../src/graph/checks/registry.js';
import { formatCheckGithub, formatCheckJson, formatCheckSarif, formatCheckText, type FormatContext, type PathMapping } from '../../src/render/formats/check.js';
import { formatFleetGithub, formatFleetJson, formatFleetSarif, formatFleetText, type SourceCheck } from '../../src/render/formats/check-fleet.js';
import { checkOneSource, type CheckOptions } from '../check-source.js';
import { checkSources, defaultThreads } from '../check-pool.js';
import { escapeControls, escapeDeep, escapeJsonControls, escapeLines } from '../../src/render/terminal-text.js';

export type { CheckOptions };

const formatContext = (io: Io): FormatContext => ({
  rulesMeta: Object.fromEntries(CHECKS.map((c) => [c.id, { description: c.meta.description, defaultSeverity: c.meta.defaultSeverity }])),
  color: io.stdoutIsTTY && io.env['NO_COLOR'] === undefined,
  toolVersion: '0.1.0',
});

/** `--path-map IMAGE_PREFIX=REPO_PREFIX`, each checked: one `=`, no absolute or `..` repository path. */
export const parsePathMap = (values: readonly string[]): PathMapping[] =>
  values.map((v) => {
    const eq = v.indexOf('=');
    const repo = eq < 0 ? '' : v.slice(eq + 1);
    if (eq < 0 || repo === '' || isAbsolute(repo) || repo.split('/').includes('..'))
      throw new UnitgraphError('usage', `--path-map ${v}: expected IMAGE_PREFIX=REPO_PREFIX, REPO_PREFIX a relative path in the repository (e.g. usr/lib/dracut/modules.d/99unlock=dracut/99unlock)`);
    return { image: v.slice(0, eq), repo };
  });

const dirUri = (path: string): string => pathToFileURL(path).href.replace(/\/?$/, '/');

/** The sources named on the command line, then (with --stdin-list) one per non-empty line of stdin. */
const sourcesOf = async (io: Io, args: readonly string[], opts: CheckOptions): Promise<string[]> => {
  const listed = opts.stdinList === true ? (await io.readStdin()).split(/\r?\n/).filter((l) => l.trim() !== '') : [];
  const all = [...args, ...listed];
  if (all.length === 0) throw new UnitgraphError('usage', opts.stdinList === true ? 'check: --stdin-list read no source from standard input' : 'check: no source given');
  return all;
};

const threadsOf = (opts: CheckOptions): number => {
  if (opts.jobs === undefined) return defaultThreads();
  if (!/^[1-9]\d*$/.test(opts.jobs.trim())) throw new UnitgraphError('usage', `--jobs: not a positive count: ${opts.jobs}`);
  return Number(opts.jobs.trim());
};

/**
 * `check SRC` prints the one source's report (a source that cannot be read is exit 2 with its one
 * line, as every command); `check SRC SRC...` or `--stdin-list` checks every source, in worker
 * threads, and prints them together (src/render/formats/check-fleet.ts): the exit code is the
 * worst of all, and a source that cannot be read is reported for that source (exit 2 overall)
 * while the others' findings are still printed.
 */
export const checkCommand = async (io: Io, args: readonly string[], opts: CheckOptions): Promise<number> => {
  const config = readConfig(opts.config, io.cwd);
  const ctx = formatContext(io);
  if (args.length === 1 && opts.stdinList !== true) {
    const source = args[0] as string;
    const pathMap = parsePathMap(opts.pathMap ?? []);
    const { report, code, sourceKind } = await checkOneSource(io, source, opts, config);
    ctx.sarif = {
      // the image's root is a directory on disk only for a root or unit directory given as such
      ...(sourceKind === 'root' || sourceKind === 'unit-dir' ? { imageRootUri: dirUri(resolve(io.cwd, source)) } : {}),
      workdirUri: dirUri(io.cwd),
      pathMap,
    };
    // text for a terminal or CI log shows the image's strings with their controls escaped; JSON and
    // SARIF escape them in the JSON text
    const shown = opts.format === 'json' || opts.format === 'sarif' ? report : escapeDeep(report);
    io.stdout(
      escapeJsonControls(opts.format === 'json' ? formatCheckJson(shown) : opts.format === 'sarif' ? formatCheckSarif(shown, ctx) : opts.format === 'github' ? formatCheckGithub(shown, ctx) : formatCheckText(shown, ctx)),
    );
    return code;
  }
  const sources = await sourcesOf(io, args, opts);
  // --path-map applies to every source (images built from one repository, a build matrix)
  ctx.sarif = { workdirUri: dirUri(io.cwd), pathMap: parsePathMap(opts.pathMap ?? []) };
  const threads = threadsOf(opts);
  const env = { ...io.env };
  io.progress.step(`checking ${sources.length} sources, ${Math.min(threads, sources.length)} at once`);
  const t0 = performance.now();
  const { outcomes, workers, inWorkers, workerErrors } = await checkSources(
    sources.map((source) => ({ source, opts, config, env })),
    threads,
    (done) => io.progress.step(`checked ${done} of ${sources.length} sources`),
  );
  if (opts.timings === true) {
    const lanes = workers === 0 ? 'the main thread' : `the main thread and ${workers} worker thread${workers === 1 ? '' : 's'}, which checked ${inWorkers}`;
    io.stderr(`timing: ${sources.length} sources, ${workers + 1} at once (${lanes}): ${(performance.now() - t0).toFixed(1)} ms\n`);
  }
  for (const e of workerErrors) io.stderr(`unitgraph: a worker thread stopped (${e}); the other lanes checked its sources\n`);
  const checks: SourceCheck[] = [];
  // as for one source: text and annotations escape the image's (and the sources') controls
  const inJson = opts.format === 'json' || opts.format === 'sarif';
  for (const o of outcomes) {
    // a source's own stderr (--timings), each line naming it; its failure as the one line of exit 2
    io.stderr(o.stderr.replace(/^timing: /gm, `timing: ${escapeControls(o.source)}: `));
    if ('error' in o) {
      io.stderr(`unitgraph: ${o.error}\n`);
      if (opts.debug === true && o.stack !== undefined) io.stderr(escapeLines(o.stack) + '\n');
      checks.push({ source: inJson ? o.source : escapeControls(o.source), error: o.error });
    } else checks.push({ source: inJson ? o.source : escapeControls(o.source), report: inJson ? o.report : escapeDeep(o.report) });
  }
  io.stdout(
    escapeJsonControls(opts.format === 'json' ? formatFleetJson(checks) : opts.format === 'sarif' ? formatFleetSarif(checks, ctx) : opts.format === 'github' ? formatFleetGithub(checks, ctx) : formatFleetText(checks, ctx)),
  );
  return Math.max(EXIT_OK, ...outcomes.map((o) => o.code));
};
