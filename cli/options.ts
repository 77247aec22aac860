/** Options shared by every command that reads a source. */
import { Option, type Command } from 'commander';
import { UnitgraphError } from '../src/errors.js';
import type { OpenOptions } from '../src/parse/source/open-source.js';
import type { LoadOptions } from '../src/parse/load/load-units.js';
import { parseSystemdVersion } from '../src/parse/load/generators/version.js';
import type { SourceKind } from '../src/parse/types.js';
import type { AnalyzeOptions } from '../src/index.js';
import type { Io } from './io.js';

export interface SourceOptions {
  timings?: boolean;
  sourceKind?: SourceKind;
  stage?: string;
  maxBytes?: string;
  maxMembers?: string;
  cmdline?: string;
  generators?: boolean;
  systemdVersion?: string;
}

export const addSourceOptions = (cmd: Command): Command =>
  cmd
    .addOption(new Option('--source-kind <kind>', 'force the kind of source').choices(['initrd', 'root', 'unit-dir', 'nixos']))
    .addOption(new Option('--stage <n>', 'for a NixOS system: 1 = its initrd, 2 = the booted system').choices(['1', '2']))
    .option('--max-bytes <n>', 'refuse archives that decompress to more than this many bytes (default 2 GiB)')
    .option('--max-members <n>', 'refuse archives with more than this many members, directories with more entries (default 500000)')
    .option('--cmdline <text>', 'kernel command line the generators should assume (e.g. "root=/dev/sda2")')
    .option('--systemd-version <n>', 'the systemd version of the image (e.g. 252 or 252.39), instead of detecting it')
    .option('--no-generators', 'do not emulate systemd-fstab-generator and systemd-cryptsetup-generator')
    .option('--timings', 'print the time of each stage on stderr');

const parseCount = (s: string): number => {
  if (!/^\d+$/.test(s.trim())) throw new UnitgraphError('usage', `--max-members: not a count: ${s}`);
  return Number(s.trim());
};

const parseSize = (s: string): number => {
  const m = /^(\d+)([KMG]i?B?)?$/i.exec(s.trim());
  if (m === null) throw new UnitgraphError('usage', `--max-bytes: not a size: ${s}`);
  const mult: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
  return Number(m[1]) * (m[2] === undefined ? 1 : (mult[m[2][0]?.toLowerCase() ?? ''] ?? 1));
};

/** `--max-nodes N`: the layout bound of the commands that draw with ELK (render, html, serve, diff). */
export const parseMaxNodes = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s.trim()) || Number(s.trim()) < 1) throw new UnitgraphError('usage', `--max-nodes: not a whole number >= 1: ${s}`);
  return Number(s.trim());
};

export const toOpenOptions = (o: SourceOptions): OpenOptions => ({
  ...(o.sourceKind === undefined ? {} : { kind: o.sourceKind }),
  ...(o.stage === undefined ? {} : { stage: o.stage === '2' ? 2 : 1 }),
  ...(o.maxBytes === undefined && o.maxMembers === undefined
    ? {}
    : { limits: { ...(o.maxBytes === undefined ? {} : { maxBytes: parseSize(o.maxBytes) }), ...(o.maxMembers === undefined ? {} : { maxMembers: parseCount(o.maxMembers) }) } }),
});

const parseVersion = (s: string): { version: number; patch?: number } => {
  const v = parseSystemdVersion(s);
  if (v === undefined || v.version < 230 || v.version > 300) throw new UnitgraphError('usage', `--systemd-version: not a systemd version: ${s} (e.g. 252 or 256.10)`);
  return v;
};

export const toLoadOptions = (o: SourceOptions): LoadOptions => ({
  ...(o.cmdline === undefined ? {} : { cmdline: o.cmdline }),
  ...(o.systemdVersion === undefined ? {} : { systemdVersion: parseVersion(o.systemdVersion) }),
  ...(o.generators === false ? { generators: false } : {}),
});

/** Everything analyzeSource needs from a command's options; --timings reports to stderr. */
export const toAnalyzeOptions = (io: Io, o: SourceOptions & { target?: string }): AnalyzeOptions => ({
  // UNITGRAPH_EXTERNAL_DECOMPRESSORS=0: decode zstd/xz in-process even when the tools are on PATH
  open: { ...toOpenOptions(o), ...(io.env['UNITGRAPH_EXTERNAL_DECOMPRESSORS'] === '0' ? { externalDecompressors: false } : {}) },
  load: toLoadOptions(o),
  build: o.target === undefined ? {} : { target: o.target },
  ...(o.timings === true ? { timing: (stage: string, ms: number) => io.stderr(`timing: ${stage}: ${ms.toFixed(1)} ms\n`) } : {}),
  progress: (label: string) => io.progress.step(label),
});

/** Synchronous stage timing for --timings (see src/index.ts `timed` for the async one). */
export const timed = <T>(timing: AnalyzeOptions['timing'], stage: string, f: () => T): T => {
  const t0 = performance.now();
  const r = f();
  timing?.(stage, performance.now() - t0);
  return r;
};

/** An output path that cannot be written is a failure found before any work is done. */
export const checkWritable = (io: Io, file: string): void => {
  try {
    io.checkWritable(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnitgraphError('unreadable', `cannot write here (${code ?? 'error'})`, { file, cause: e });
  }
};
