/**
 * A Jest reporter that prints, after the summary of a normal run, why tests were skipped: each
 * skipped test names its reason in its own or its suite's title, `(skipped: REASON)`
 * (test/helpers/skip.ts). Skipped tests without one are listed as such, so no skip is silent.
 */
import { relative } from 'node:path';

const REASON = /\(skipped: (.*)\)\s*$/;

export default class SkipReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const groups = new Map(); // "file\treason" -> count
    for (const file of results.testResults) {
      for (const t of file.testResults) {
        if (t.status !== 'pending' && t.status !== 'skipped' && t.status !== 'todo') continue;
        const reason = [t.title, ...[...t.ancestorTitles].reverse()].map((s) => REASON.exec(s)?.[1]).find((r) => r !== undefined) ?? 'no reason given in the test';
        const key = `${relative(this.rootDir, file.testFilePath)}\t${reason}`;
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
    }
    if (groups.size === 0) return;
    const lines = [...groups].sort().map(([key, n]) => {
      const [file, reason] = key.split('\t');
      return `  ${String(n).padStart(3)} in ${file}: ${reason}`;
    });
    process.stderr.write(`\nSkipped tests, and why:\n${lines.join('\n')}\n`);
  }
}
