// Preloaded by scripts/fuzz.mjs into every unitgraph it runs (node --import): at exit, the
// process's peak resident set size (KiB) goes to the file named by UNITGRAPH_FUZZ_RSS. It writes
// nothing to stdout or stderr, so the run's output is unitgraph's own.
//
// The peak is VmHWM of /proc/self/status, this process's own address space. Not
// process.resourceUsage().maxRSS: Linux carries the high-water mark of the address space a
// process was spawned from across exec (libuv spawns with vfork semantics), so every run reported
// at least the harness's own peak (a whole 20-minute campaign said 214 MiB for every input).
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env['UNITGRAPH_FUZZ_RSS'];
const peakKiB = () => {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m !== null) return Number(m[1]);
  } catch {
    // not Linux: the rusage figure, an upper bound
  }
  return process.resourceUsage().maxRSS;
};
if (file !== undefined) {
  process.on('exit', () => {
    try {
      writeFileSync(file, String(peakKiB()));
    } catch {
      // the harness reports the run's RSS as unknown
    }
  });
}
