// Preloaded by scripts/fuzz.mjs into every unitgraph it runs (node --import): at exit, the
// process's peak resident set size (KiB) goes to the file named by UNITGRAPH_FUZZ_RSS. It writes
// nothing to stdout or stderr, so the run's output is unitgraph's own.
import { writeFileSync } from 'node:fs';

const file = process.env['UNITGRAPH_FUZZ_RSS'];
if (file !== undefined) {
  process.on('exit', () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // the harness reports the run's RSS as unknown
    }
  });
}
