/**
 * A source is "large" once it has passed LARGE_SOURCE_ENTRIES archive members or directory
 * entries: tens of thousands of units, where the process's memory, not its time, is what bounds
 * it (issue 16: 100,000 units under 1 GiB). The command line is told once per thread
 * (`onLargeSource`) and makes the V8 heap grow more slowly from then on (cli/main.ts); smaller
 * sources, and many of them in one run, keep V8's own growth, which collects far less often.
 */
export const LARGE_SOURCE_ENTRIES = 20_000;

let hook: (() => void) | undefined;

/** `fn` runs the first time a source in this thread passes LARGE_SOURCE_ENTRIES. */
export const onLargeSource = (fn: () => void): void => {
  hook = fn;
};

/** Told by the readers' counters when they reach LARGE_SOURCE_ENTRIES. */
export const largeSource = (): void => {
  const fn = hook;
  hook = undefined;
  fn?.();
};
