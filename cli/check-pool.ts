/**
 * `check SRC...`: several sources checked in one process, up to `threads` at once: this thread
 * and `threads - 1` worker threads (node:worker_threads). The sources are split into one run of
 * neighbours per lane, in the order given; a lane whose run is done takes from the end of the
 * longest run left (a queue in a SharedArrayBuffer, under an Atomics lock), so a worker never
 * waits for this thread to hand it work, this thread checks sources too instead of idling, and
 * the load still evens out to one source. Neighbours because sources listed together are often
 * alike (the generations of one NixOS system): a thread parses a script once and reuses it
 * (shell-script.ts memoises by text), and loads the shell parser once; two NixOS images checked
 * in one thread cost ~60 ms more than one, against ~175 ms each in separate threads. Each worker is a
 * fresh copy of this code: the bin compiling the script dist/unitgraph.cjs with its code cache
 * (scripts/build-cli.mjs), which in a worker imports this module (main.ts serveCheckWorker); in
 * the ES module bundle (dist/unitgraph.mjs) and in tsc's output, the module that starts the
 * workers is the one they run. Either way the guard at the bottom makes it serve there. Where this module cannot be a worker (the TypeScript
 * sources under jest), or with one thread, every source is checked in this thread: the same
 * code, the same outcomes.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { checkSourceJob, type CheckJob, type SourceOutcome } from './check-source.js';

const WORKER_FLAG = 'unitgraphCheckWorker';

interface WorkerInput {
  readonly [WORKER_FLAG]: true;
  readonly jobs: readonly CheckJob[];
  /** The queue (queueOf). */
  readonly queue: Int32Array;
  /** This lane's run in the queue (0: this thread). */
  readonly lane: number;
}

/** [0]: the lock; then per lane, the next index of its run and the end of its run. */
export const queueOf = (jobs: number, lanes: number): Int32Array => {
  const q = new Int32Array(new SharedArrayBuffer(4 * (1 + 2 * lanes)));
  for (let l = 0; l < lanes; l++) {
    q[1 + 2 * l] = Math.floor((l * jobs) / lanes);
    q[2 + 2 * l] = Math.floor(((l + 1) * jobs) / lanes);
  }
  return q;
};

/** The next job for `lane`: the front of its own run, else the back of the longest run left; -1 when none is left. */
export const take = (q: Int32Array, lane: number): number => {
  // held for a few instructions that allocate nothing and cannot throw (workers are never terminated)
  while (Atomics.compareExchange(q, 0, 0, 1) !== 0);
  try {
    const front = Atomics.load(q, 1 + 2 * lane);
    if (front < Atomics.load(q, 2 + 2 * lane)) {
      Atomics.store(q, 1 + 2 * lane, front + 1);
      return front;
    }
    let longest = -1;
    let most = 0;
    for (let l = 0; 2 + 2 * l < q.length; l++) {
      const left = Atomics.load(q, 2 + 2 * l) - Atomics.load(q, 1 + 2 * l);
      if (left > most) {
        longest = l;
        most = left;
      }
    }
    return longest < 0 ? -1 : Atomics.sub(q, 2 + 2 * longest, 1) - 1;
  } finally {
    Atomics.store(q, 0, 0);
  }
};

/** What a worker posts: that it took a job, then that job's outcome. */
type WorkerMessage = { readonly took: number } | { readonly index: number; readonly outcome: SourceOutcome };

/**
 * The file a worker thread runs, if Node can run it (JavaScript that exists on disk): the entry
 * that loaded this code when it says so (bin/unitgraph.js, which compiles the bundle with its code
 * cache and, in a worker, calls main.ts's serveCheckWorker), else this module's own file.
 */
const workerFile = (): URL | undefined => {
  const entry = (globalThis as Record<symbol, unknown>)[Symbol.for('unitgraph.entry')];
  const url = new URL(typeof entry === 'string' ? entry : import.meta.url);
  if (url.protocol !== 'file:' || !/\.m?js$/.test(url.pathname) || !existsSync(fileURLToPath(url))) return undefined;
  return url;
};

/** The default number of sources checked at once: the cores Node may use. */
export const defaultThreads = (): number => Math.max(1, availableParallelism());

/** Check the jobs `lane` takes from the queue until there are none left; `post` gets each outcome. */
const serve = async (jobs: readonly CheckJob[], queue: Int32Array, lane: number, took: (i: number) => void, post: (i: number, o: SourceOutcome) => void): Promise<void> => {
  for (let i = take(queue, lane); i >= 0; i = take(queue, lane)) {
    took(i);
    post(i, await checkSourceJob(jobs[i] as CheckJob));
  }
};

/**
 * One worker thread serving jobs; a worker that dies takes only the source it was on with it.
 * Ends when the worker exits, or as soon as every source has its outcome (`allIn`): the thread's
 * own teardown (up to ~10 ms) is not waited for, and the unref'd thread does not hold the
 * process.
 */
const workerLane = (file: URL, input: WorkerInput, finish: (i: number, o: SourceOutcome) => void, allIn: Promise<void>): Promise<{ checked: number; error?: string }> =>
  new Promise((resolve) => {
    let current = -1;
    let checked = 0;
    let error: string | undefined;
    const worker = new Worker(file, { workerData: input });
    worker.on('message', (m: WorkerMessage) => {
      if ('took' in m) current = m.took;
      else {
        finish(m.index, m.outcome);
        checked++;
        current = -1;
      }
    });
    const died = (why: string | undefined): void => {
      if (current >= 0) {
        const source = (input.jobs[current] as CheckJob).source;
        finish(current, { source, code: 2, error: `internal error: the worker thread checking ${source} stopped: ${why ?? 'no reason given'}`, stderr: '' });
        current = -1;
      }
      resolve({ checked, ...(why === undefined ? {} : { error: why }) });
    };
    worker.on('error', (e: Error) => void (error = e.message));
    worker.on('exit', (code) => died(error ?? (code === 0 ? undefined : `exit code ${code}`)));
    void allIn.then(() => {
      worker.unref();
      resolve({ checked, ...(error === undefined ? {} : { error }) });
    });
  });

/**
 * Check every job, at most `threads` at once (`onDone` is called as each source finishes). A
 * worker thread that stops takes at most the source it was on with it (an internal error for that
 * source); the other lanes take the rest.
 */
export interface SourcesChecked {
  /** One per job, in the order of the jobs. */
  readonly outcomes: SourceOutcome[];
  /** Worker threads started besides this one. */
  readonly workers: number;
  /** Sources the worker threads checked (the rest: this thread). */
  readonly inWorkers: number;
  /** Why worker threads stopped early (their sources were checked by the other lanes). */
  readonly workerErrors: readonly string[];
}

export const checkSources = async (jobs: readonly CheckJob[], threads: number, onDone: (done: number) => void = () => undefined): Promise<SourcesChecked> => {
  const outcomes: SourceOutcome[] = new Array<SourceOutcome>(jobs.length);
  let done = 0;
  let everyOutcome = (): void => undefined;
  const allIn = new Promise<void>((resolve) => (everyOutcome = resolve));
  const finish = (i: number, o: SourceOutcome): void => {
    if (outcomes[i] !== undefined) return;
    outcomes[i] = o;
    onDone(++done);
    if (done === jobs.length) everyOutcome();
  };
  const file = workerFile();
  const workers = file === undefined ? 0 : Math.max(0, Math.min(threads, jobs.length) - 1);
  const queue = queueOf(jobs.length, workers + 1);
  const lanes = Array.from({ length: workers }, (_, k) => workerLane(file as URL, { [WORKER_FLAG]: true, jobs, queue, lane: k + 1 }, finish, allIn));
  // this thread is a lane too (run 0); the workers start meanwhile, and a run whose worker is
  // late or gone is taken from its end by the others
  await serve(jobs, queue, 0, () => undefined, finish);
  const ends = await Promise.all(lanes);
  const workerErrors = ends.flatMap((e) => (e.error === undefined ? [] : [e.error]));
  return { outcomes, workers, inWorkers: ends.reduce((n, e) => n + e.checked, 0), workerErrors };
};

// in a worker started by checkSources: take jobs until none are left, post each outcome, exit
if (!isMainThread && parentPort !== null && (workerData as Partial<WorkerInput> | null)?.[WORKER_FLAG] === true) {
  const port = parentPort;
  const input = workerData as WorkerInput;
  void serve(input.jobs, input.queue, input.lane, (i) => port.postMessage({ took: i } satisfies WorkerMessage), (i, outcome) => port.postMessage({ index: i, outcome } satisfies WorkerMessage)).then(() => port.close());
}
