/**
 * Runs the host's real systemd generators (Debian: /lib/systemd/system-generators/) on test
 * inputs, through the environment overrides their sources read: SYSTEMD_FSTAB,
 * SYSTEMD_SYSROOT_FSTAB, SYSTEMD_CRYPTTAB, SYSTEMD_IN_INITRD, SYSTEMD_PROC_CMDLINE,
 * RUNTIME_DIRECTORY. In a container, detect_container() would make fstab-generator drop swap
 * entries, so the binary runs as PID 1 of a new PID namespace with `container=` empty (the
 * authoritative "not a container" answer for PID 1) when `unshare` allows it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GENERATOR_BIN_DIR = ['/lib/systemd/system-generators', '/usr/lib/systemd/system-generators'].find((d) =>
  existsSync(join(d, 'systemd-fstab-generator')));

/** `systemd 252 (252.39-1~deb12u2)` → { version: 252, patch: 39 } */
export const oracleVersion = (): { version: number; patch: number } | undefined => {
  const r = spawnSync('systemctl', ['--version'], { encoding: 'utf8' });
  const m = /^systemd (\d+)(?: \(\d+\.(\d+))?/.exec(r.stdout ?? '');
  return m?.[1] === undefined ? undefined : { version: Number(m[1]), patch: Number(m[2] ?? 0) };
};

const canUnshare = (): boolean => spawnSync('unshare', ['-p', '-f', '-m', '--mount-proc', 'true']).status === 0;
const UNSHARE = GENERATOR_BIN_DIR !== undefined && canUnshare();
/** whether the oracle runs as a non-container (swap entries are then generated) */
export const ORACLE_NOT_IN_CONTAINER = UNSHARE || spawnSync('systemd-detect-virt', ['-c']).status !== 0;

export interface OracleInput {
  generator: 'fstab' | 'cryptsetup';
  initrd: boolean;
  cmdline: string;
  fstab?: string;
  sysrootFstab?: string;
  crypttab?: string;
}

export interface OracleRun {
  /** output relative to the output dir: file → text, link → '-> target' */
  out: Map<string, string>;
  /** absolute paths of the input files as the generator saw them */
  paths: { fstab: string; sysrootFstab: string; crypttab: string; runtime: string };
  stderr: string;
  /** the temporary directory holding inputs and output; remove with cleanup() */
  work: string;
}

export const walk = (dir: string, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    const rel = prefix === '' ? e : `${prefix}/${e}`;
    const st = lstatSync(p);
    if (st.isSymbolicLink()) out.set(rel, `-> ${readlinkSync(p)}`);
    else if (st.isDirectory()) for (const [k, v] of walk(p, rel)) out.set(k, v);
    else out.set(rel, readFileSync(p, 'utf8'));
  }
  return out;
};

/** Runs one generator; the caller gets the input paths to build the emulation's env from. */
export const runOracle = (input: OracleInput, work = mkdtempSync(join(tmpdir(), 'unitgraph-oracle-'))): OracleRun => {
  if (GENERATOR_BIN_DIR === undefined) throw new Error('no generator binaries');
  const paths = { fstab: join(work, 'fstab'), sysrootFstab: join(work, 'sysroot-fstab'), crypttab: join(work, 'crypttab'), runtime: join(work, 'cryptsetup') };
  if (input.fstab !== undefined) writeFileSync(paths.fstab, input.fstab);
  if (input.sysrootFstab !== undefined) writeFileSync(paths.sysrootFstab, input.sysrootFstab);
  if (input.crypttab !== undefined) writeFileSync(paths.crypttab, input.crypttab);
  const outDir = join(work, 'out');
  const env = [
    'container=', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'SYSTEMD_LOG_LEVEL=info',
    `SYSTEMD_IN_INITRD=${input.initrd ? '1' : '0'}`, `SYSTEMD_PROC_CMDLINE=${input.cmdline}`,
    `SYSTEMD_FSTAB=${paths.fstab}`, `SYSTEMD_CRYPTTAB=${paths.crypttab}`, `RUNTIME_DIRECTORY=${paths.runtime}`,
    ...(input.sysrootFstab === undefined ? [] : [`SYSTEMD_SYSROOT_FSTAB=${paths.sysrootFstab}`]),
  ];
  const bin = join(GENERATOR_BIN_DIR, `systemd-${input.generator}-generator`);
  const argv = [...(UNSHARE ? ['unshare', '-p', '-f', '-m', '--mount-proc'] : []), 'env', '-i', ...env, bin, outDir];
  spawnSync('mkdir', ['-p', outDir]);
  const r = spawnSync(argv[0] as string, argv.slice(1), { encoding: 'utf8' });
  const out = walk(outDir);
  return { out, paths, stderr: r.stderr ?? '', work };
};

export const cleanup = (work: string): void => rmSync(work, { recursive: true, force: true });
