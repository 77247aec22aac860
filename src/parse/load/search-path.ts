/**
 * The system manager's unit search path (src/basic/path-lookup.c, lookup_paths_init() for
 * RUNTIME_SCOPE_SYSTEM), highest priority first. Only directories that exist are kept, and a
 * directory reached twice through links (dracut's /lib -> usr/lib) is kept once, at its first place.
 */
import type { Vfs } from '../source/vfs.js';

export const GENERATOR_DIR = '/run/systemd/generator';

export const SYSTEM_UNIT_PATH: readonly string[] = [
  '/etc/systemd/system.control',
  '/run/systemd/system.control',
  '/run/systemd/transient',
  '/run/systemd/generator.early',
  '/etc/systemd/system',
  '/etc/systemd/system.attached',
  '/run/systemd/system',
  '/run/systemd/system.attached',
  GENERATOR_DIR,
  '/usr/local/lib/systemd/system',
  '/usr/lib/systemd/system',
  '/lib/systemd/system',
  '/run/systemd/generator.late',
];

export const computeSearchPath = (vfs: Vfs, candidates: readonly string[] = SYSTEM_UNIT_PATH): string[] => {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const dir of candidates) {
    const r = vfs.resolve(dir);
    if (r.node?.type !== 'dir' || seen.has(r.path)) continue;
    seen.add(r.path);
    out.push(dir);
  }
  return out;
};
