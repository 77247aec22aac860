/**
 * Options shared by every command that reads a source: their values parsed (their commander
 * definitions are in program.ts, so that a worker thread of `check` never loads commander).
 */
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
  maxRatio?: string;
  maxSeconds?: string;
  cmdline?: string;
  generators?: boolean;
  systemdVersion?: string;
}

const parseCount = (option: string, s: string): number => {
  if (!/^\d+$/.test(s.trim())) throw new UnitgraphError('usage', `${option}: not a count: ${s}`);
  const n = Number(s.trim());
  if (!Number.isSafeInteger(n)) throw new UnitgraphError('usage', `${option}: too large: ${s}`);
  return n;
};

const MULTIPLIERS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** "2G", "1.5G", "1T", "512MiB", "100KB", "1048576": powers of 1024, rounded down to whole bytes. */
const parseSize = (s: string): number => {
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(?:([KMGT])(?:i?B)?|B)?$/i.exec(s.trim());
  if (m === null) throw new UnitgraphError('usage', `--max-bytes: not a size: ${s}`);
  const n = Math.floor(Number(m[1]) * (MULTIPLIERS[(m[2] ?? '').toLowerCase()] ?? 1));
  if (!Number.isSafeInteger(n)) throw new UnitgraphError('usage', `--max-bytes: too large: ${s}`);
  return n;
};

/** `--max-nodes N`: the layout bound of the commands that draw with ELK (render, html, serve, diff). */
export const parseMaxNodes = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s.trim()) || Number(s.trim()) < 1) throw new UnitgraphError('usage', `--max-nodes: not a whole number >= 1: ${s}`);
  return Number(s.trim());
};

export const toOpenOptions = (o: SourceOptions): OpenOptions => {
  const limits = {
    ...(o.maxBytes === undefined ? {} : { maxBytes: parseSize(o.maxBytes) }),
    ...(o.maxMembers === undefined ? {} : { maxMembers: parseCount('--max-members', o.maxMembers) }),
    ...(o.maxRatio === undefined ? {} : { maxRatio: parseCount('--max-ratio', o.maxRatio) }),
    ...(o.maxSeconds === undefined ? {} : { maxSeconds: parseCount('--max-seconds', o.maxSeconds) }),
  };
  return {
    ...(o.sourceKind === undefined ? {} : { kind: o.sourceKind }),
    ...(o.stage === undefined ? {} : { stage: o.stage === '2' ? 2 : 1 }),
    ...(Object.keys(limits).length === 0 ? {} : { limits }),
  };
};

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
