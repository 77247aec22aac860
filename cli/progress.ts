/**
 * Progress on a terminal: one status line on stderr (`unitgraph: laying out 512 units (ELK) …
 * 3.1 s`) that is rewritten in place and erased before any other output. Only when stderr is a
 * TTY and `UNITGRAPH_PROGRESS` is not `0`; never in pipes, files, CI logs or tests. A step is
 * shown only once the command has run for `delayMs` (default 300 ms), so quick commands print
 * nothing; a timer repaints the line while the event loop is free (an external decompressor,
 * ELK's layout), and every new step repaints it at once.
 */
import { escapeControls } from '../src/render/terminal-text.js';

export interface Progress {
  /**
   * A new step begins; `label` says what is being done ("reading big.img (19.7 MiB)"). A step
   * known to block the event loop for long (ELK's layout) passes `now` to be shown at once: no
   * timer can paint it while it runs.
   */
  step(label: string, now?: boolean): void;
  /** Erase the line (before other output, and at the end). */
  clear(): void;
}

export const NO_PROGRESS: Progress = { step: () => undefined, clear: () => undefined };

export interface ProgressOptions {
  readonly write: (text: string) => void;
  readonly now?: () => number;
  readonly delayMs?: number;
  /** Repaint interval for the elapsed time; 0 disables the timer (tests). */
  readonly tickMs?: number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export const makeProgress = (opts: ProgressOptions): Progress => {
  const now = opts.now ?? (() => performance.now());
  const delay = opts.delayMs ?? 300;
  const tickMs = opts.tickMs ?? 250;
  const t0 = now();
  let label: string | undefined;
  let shown = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const paint = (force = false): void => {
    if (label === undefined || (!force && now() - t0 < delay)) return;
    opts.write(`\r\x1b[2Kunitgraph: ${label} … ${seconds(now() - t0)}`);
    shown = true;
  };
  return {
    step(next: string, immediately = false): void {
      label = escapeControls(next);
      paint(immediately);
      if (timer === undefined && tickMs > 0) {
        timer = setInterval(() => paint(), tickMs);
        timer.unref(); // never keeps the process alive
      }
    },
    clear(): void {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      label = undefined;
      if (shown) opts.write('\r\x1b[2K');
      shown = false;
    },
  };
};
