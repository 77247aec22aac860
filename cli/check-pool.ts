/**
 * `check SRC...`: several sources checked in one process, up to `threads` at once in worker
 * threads (node:worker_threads), each worker a fresh copy of this very module: in the bundle
 * (dist/unitgraph.mjs, scripts/build-cli.mjs) and in tsc's output alike, the module that starts
 * the workers is the one they run, and the guard at the bottom makes it serve jobs there. Where
 * that module cannot be a worker (the TypeScript sources under jest), or with one thread, the
 * sources are checked one after another in this thread: the same code, the same outcomes.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { checkSourceJob, type CheckJob, type SourceOutcome } from './check-source.js';

const WORKER_FLAG = 'unitgraphCheckWorker';

/** This module's own file, if Node can run it as a worker (JavaScript that exists on disk). */
const workerFile = (): URL | undefined => {
  const url = new URL(import.meta.url);
  if (url.protocol !== 'file:' || !/\.m?js$/.test(url.pathname) || !existsSync(fileURLToPath(url))) return undefined;
  return url;
};

/** The default number of sources checked at once: the cores Node may use. */
export const defaultThreads = (): number => Math.max(1, availableParallelism());

/**
 * Check every job, at most `threads` at once; outcomes in the order of `jobs`, and the number of
 * worker threads used (0: all in this thread). `onDone` is called
 * as each source finishes (the progress line). A worker that dies takes only its current source
 * with it (an internal error for that source); the rest go on in a new worker.
 */
export const checkSources = async (jobs: readonly CheckJob[], threads: number, onDone: (done: number) => void = () => undefined): Promise<{ outcomes: SourceOutcome[]; workers: number }> => {
  const outcomes: SourceOutcome[] = new Array<SourceOutcome>(jobs.length);
  let done = 0;
  const finish = (i: number, o: SourceOutcome): void => {
    outcomes[i] = o;
    onDone(++done);
  };
  const file = workerFile();
  const n = Math.min(threads, jobs.length);
  if (file === undefined || n <= 1) {
    for (const [i, job] of jobs.entries()) finish(i, await checkSourceJob(job));
    return { outcomes, workers: 0 };
  }
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const worker = new Worker(file, { workerData: { [WORKER_FLAG]: true } });
      // one worker serves jobs until the queue is empty or it dies
      await new Promise<void>((resolve) => {
        let current = -1;
        const give = (): void => {
          if (next >= jobs.length) {
            current = -1;
            void worker.terminate().then(() => resolve());
            return;
          }
          current = next++;
          worker.postMessage(jobs[current]);
        };
        worker.on('message', (o: SourceOutcome) => {
          finish(current, o);
          give();
        });
        const die = (e: unknown): void => {
          if (current >= 0) {
            const job = jobs[current] as CheckJob;
            finish(current, { source: job.source, code: 2, error: `internal error: the worker checking ${job.source} died: ${e instanceof Error ? e.message : String(e)}`, stderr: '' });
            current = -1;
          }
          resolve();
        };
        worker.on('error', die);
        worker.on('exit', (code) => (current >= 0 ? die(new Error(`exit code ${code}`)) : resolve()));
        give();
      });
    }
  };
  await Promise.all(Array.from({ length: n }, lane));
  return { outcomes, workers: n };
};

// in a worker started by checkSources: check each job posted, post back its outcome
if (!isMainThread && parentPort !== null && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG] === true) {
  const port = parentPort;
  port.on('message', (job: CheckJob) => {
    void checkSourceJob(job).then((o) => port.postMessage(o));
  });
}
