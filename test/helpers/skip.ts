/**
 * Tests that need something a fresh clone may lack (built dracut images, ../shared, a program,
 * root) are skipped with the reason in their title, `(skipped: REASON)`; the reporter
 * test/helpers/skip-reporter.mjs prints every such reason after the summary of a normal run.
 */
import { execFileSync } from 'node:child_process';

/** Whether a program is on PATH. */
export const haveCommand = (name: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** The title, with the reason appended when the test or suite is skipped. */
export const skipTitle = (run: boolean, reason: string, title: string): string => (run ? title : `${title} (skipped: ${reason})`);
