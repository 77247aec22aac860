/**
 * What both generators need before they run: the environment they inherit (ManagerEnvironment=,
 * read from system.conf when the caller passed none), $PATH, and the kernel command line (given,
 * or assumed and said so in the notes).
 */
import { GeneratorContext } from './context.js';
import { readSystemConf } from './system-conf.js';
import { emptyTree, type GeneratorInput } from './types.js';
import { detectSystemdVersion } from './version.js';

/** DEFAULT_PATH of a split-usr build, a superset of the merged-usr one */
const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export interface Prepared {
  ctx: GeneratorContext;
  cmdline: string;
}

export const prepare = (program: string, input: GeneratorInput): Prepared => {
  const tree = emptyTree();
  const conf = input.env.size === 0 ? readSystemConf(input.read) : undefined;
  const env = conf !== undefined ? conf.managerEnvironment : input.env;
  // generators get the manager's environment with DefaultEnvironment= (the transient environment)
  // applied on top; PATH from either, else the compiled-in default
  const path = conf?.defaultEnvironment.get('PATH') ?? env.get('PATH');
  const dirs = [...new Set([...(path === undefined ? [] : path.split(':').filter((d) => d.startsWith('/'))), ...DEFAULT_PATH])];
  const detected = input.systemdVersion === undefined ? detectSystemdVersion((p) => input.read(p), input.isFile === undefined ? undefined : (p) => input.isFile?.(p) ?? false) : undefined;
  const ctx = new GeneratorContext(program, input, tree, env, dirs, detected?.version);
  for (const d of conf?.diagnostics ?? []) ctx.diag(d);
  if (input.systemdVersion === undefined)
    ctx.note(detected === undefined
      ? `systemd version not found in the image (no libsystemd-shared-NNN.so): generators emulated as systemd ${ctx.version} writes them`
      : `systemd ${ctx.version} found in the image (${detected.path.slice(1)}): generators emulated as that version writes them`);
  let cmdline = input.cmdline;
  if (cmdline === undefined) {
    if (input.initrd && env.has('SYSTEMD_SYSROOT_FSTAB')) {
      cmdline = 'root=fstab';
      ctx.note('kernel command line assumed: root=fstab (NixOS; SYSTEMD_SYSROOT_FSTAB is set in system.conf)');
    } else {
      cmdline = '';
      if (input.initrd)
        ctx.note('kernel command line assumed empty: sysroot.mount from root=, rd.luks.* and mount.usr= are not emulated unless --cmdline is given');
    }
  }
  return { ctx, cmdline };
};
