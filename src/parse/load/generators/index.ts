/**
 * The generators that matter for stage 1, emulated from systemd's sources: their output is the
 * text systemd-fstab-generator and systemd-cryptsetup-generator write into /run/systemd/generator.
 * Both run on the same input and write into one directory (systemd runs them in parallel there).
 */
import { runCryptsetupGenerator } from './crypttab.js';
import { runFstabGenerator } from './fstab.js';
import { runDebugGenerator } from './debug.js';
import { emptyTree, type GeneratedTree, type GeneratorInput } from './types.js';

export const mergeTrees = (...trees: GeneratedTree[]): GeneratedTree => {
  const out = emptyTree();
  // diagnostics both generators make (one bad line read by each) are kept once; a set of keys,
  // not a scan per diagnostic: an fstab of 20,000 duplicate lines makes 19,999 of them
  const seen = new Set<string>();
  for (const t of trees) {
    for (const [path, text] of t.files) {
      const prev = out.files.get(path);
      if (prev !== undefined && prev !== text && !path.includes('.d/'))
        out.diagnostics.push({ code: 'generator-duplicate-unit', severity: 'error', file: path.slice(1),
          message: `two generators write ${path}; the one that runs second fails to create it` });
      else out.files.set(path, text);
    }
    for (const [path, target] of t.links) if (!out.links.has(path)) out.links.set(path, target);
    for (const d of t.diagnostics) {
      const key = JSON.stringify(d);
      if (seen.has(key)) continue;
      seen.add(key);
      out.diagnostics.push(d);
    }
    for (const n of t.notes) if (!out.notes.includes(n)) out.notes.push(n);
    if (t.rootElsewhere !== undefined) out.rootElsewhere ??= t.rootElsewhere;
    if (t.defaultUnit !== undefined) out.defaultUnit = t.defaultUnit;
  }
  return out;
};

export function runGenerators(input: GeneratorInput): GeneratedTree {
  return mergeTrees(runFstabGenerator(input), runCryptsetupGenerator(input), runDebugGenerator(input));
}

export { runFstabGenerator } from './fstab.js';
export { runCryptsetupGenerator } from './crypttab.js';
export { runDebugGenerator, parseSystemdSwitches, GENERATOR_EARLY_DIR } from './debug.js';
export { parseSystemConf, readSystemConf } from './system-conf.js';
export { detectSystemdVersion } from './version.js';
export { GENERATOR_DIR, type GeneratedTree, type GeneratorInput, type SystemdPaths } from './types.js';
