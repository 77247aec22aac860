/**
 * Build a real source for tests: a base tree (one of the NixOS corpus archives in examples/, or nothing)
 * with extra unit files and links mounted at /run/systemd/system, which systemd searches before
 * /usr/lib/systemd/system and after /etc/systemd/system. Everything goes through the real
 * loader, parser, graph and checks.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { readInitrd } from '../../src/parse/source/initrd/read-initrd.js';
import { MapRawFs } from '../../src/parse/source/mount-fs.js';
import { Vfs } from '../../src/parse/source/vfs.js';
import type { Source } from '../../src/parse/source/open-source.js';
import { loadUnits } from '../../src/parse/load/load-units.js';
import { buildGraph, type UnitGraph } from '../../src/graph/build.js';
import { runChecks } from '../../src/graph/checks/run-checks.js';
import type { Check, CheckResult } from '../../src/graph/checks/types.js';
import type { RawFs } from '../../src/parse/source/raw-fs.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const corpusCases = ['remote-unlock-luks', 'btrfs-optin-state'] as const;
export type CorpusCase = (typeof corpusCases)[number];
/**
 * The repository's copy of a shared NixOS corpus case (initrd, expected.json, configuration.nix),
 * kept in sync by scripts/sync-corpus.sh and checked by test/acceptance/corpus-drift.test.ts,
 * so the tests run on a fresh clone without ../shared.
 */
export const EXAMPLE_OF: Readonly<Record<CorpusCase, string>> = {
  'remote-unlock-luks': 'nixos-remote-unlock',
  'btrfs-optin-state': 'nixos-btrfs-optin',
};
export const corpusDir = (c: CorpusCase): string => join(REPO, 'examples', EXAMPLE_OF[c]);

export interface FixtureOptions {
  /** A corpus case whose root/ is the base tree; 'none' for an empty tree. */
  base?: CorpusCase | 'none';
  files?: Record<string, string>;
  /** link path (relative to /run/systemd/system unless absolute) → target */
  links?: Record<string, string>;
  /** permission bits of some of `files` (path as in `files`); files without one have none recorded */
  modes?: Record<string, number>;
  initrd?: boolean;
  target?: string;
  /** the kernel command line the emulated generators assume (--cmdline) */
  cmdline?: string;
  /** the image's systemd version, as if found in it or given with --systemd-version */
  systemdVersion?: number;
}

const EMPTY: RawFs = { lstat: (p) => (p === '/' ? { type: 'dir' } : undefined), readdir: () => [] };

// The archives are the faithful trees (the shared corpus's root/ directories may have their links
// flattened into files); each is read once per test file.
const archives = new Map<string, Promise<RawFs>>();
export const corpusArchive = (name: CorpusCase): Promise<RawFs> => {
  let p = archives.get(name);
  if (p === undefined) {
    const file = join(corpusDir(name), 'initrd');
    p = readInitrd(readFileSync(file), file);
    archives.set(name, p);
  }
  return p;
};

export const makeSource = async (opts: FixtureOptions = {}): Promise<Source> => {
  const base = opts.base ?? 'remote-unlock-luks';
  const raw = base === 'none' ? EMPTY : await corpusArchive(base);
  const abs = (p: string): string => (p.startsWith('/') ? p : `/run/systemd/system/${p}`);
  // mounted at /run: unit files go to /run/systemd/system, other absolute paths to /run/...;
  // paths under /nix/store/<name>/ each make a store path of their own (a package's units)
  const storePath = (p: string): string | undefined => /^\/nix\/store\/[^/]+/.exec(p)?.[0];
  type Tree = { files: Map<string, string>; links: Map<string, string>; modes: Map<string, number> };
  const mounts = new Map<string, Tree>();
  const treeOf = (path: string): Tree => {
    const prefix = storePath(path) ?? '/run';
    const m = mounts.get(prefix) ?? { files: new Map<string, string>(), links: new Map<string, string>(), modes: new Map<string, number>() };
    mounts.set(prefix, m);
    return m;
  };
  const put = (kind: 'files' | 'links', key: string, value: string): void => {
    const path = abs(key);
    treeOf(path)[kind].set(path, value);
  };
  for (const [k, v] of Object.entries(opts.files ?? {})) put('files', k, v);
  for (const [k, v] of Object.entries(opts.links ?? {})) put('links', k, v);
  for (const [k, v] of Object.entries(opts.modes ?? {})) treeOf(abs(k)).modes.set(abs(k), v);
  if (!mounts.has('/run')) mounts.set('/run', { files: new Map(), links: new Map(), modes: new Map() });
  const vfs = new Vfs(raw, `fixture:${base}`).withMounts([...mounts].map(([prefix, m]) => ({ prefix, fs: new MapRawFs(m.files, m.links, m.modes) })));
  return { kind: 'root', label: `fixture:${base}`, vfs, initrd: opts.initrd ?? true, notes: [] };
};

export const graphOf = async (opts: FixtureOptions = {}): Promise<UnitGraph> => {
  const set = loadUnits(await makeSource(opts), opts.cmdline === undefined ? {} : { cmdline: opts.cmdline });
  const withVersion = opts.systemdVersion === undefined ? set : { ...set, systemdVersion: { version: opts.systemdVersion, from: 'test' } };
  return buildGraph(withVersion, opts.target === undefined ? {} : { target: opts.target });
};

export const checkOf = async (opts: FixtureOptions, only?: Check): Promise<CheckResult> =>
  runChecks(await graphOf(opts), {}, only === undefined ? undefined : [only]);
