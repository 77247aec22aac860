/**
 * A Jest reporter that prints, after the summary of a normal run, why tests were skipped: each
 * skipped test names its reason in its own or its suite's title, `(skipped: REASON)`
 * (test/helpers/skip.ts). Skipped tests without one are listed as such, so no skip is silent.
 * Last, one plain line `tests: N passed, N failed, N skipped` (and the same counts alone, for .ci/run).
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const REASON = /\(skipped: (.*)\)\s*$/;

export default class SkipReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    this.reportSkips(results);
    // The plain closing line that CI reads to know tests ran (Jest's own "Tests: N passed, N total"
    // is not one it recognises); .ci/run repeats it as its last line through UNITGRAPH_TEST_SUMMARY,
    // in its barest form `N passed, N failed, N skipped`.
    const skipped = results.numPendingTests + results.numTodoTests;
    const counts = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`;
    process.stderr.write(`tests: ${counts}\n`);
    if (process.env.UNITGRAPH_TEST_SUMMARY) writeFileSync(process.env.UNITGRAPH_TEST_SUMMARY, `${counts}\n`);
  }

  reportSkips(results) {
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
