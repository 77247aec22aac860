/**
 * systemd-cryptsetup-generator (src/cryptsetup/cryptsetup-generator.c run()): the rd.luks.* /
 * luks.* kernel command line (rd. stripped in the initrd, ignored outside), then /etc/crypttab
 * ($SYSTEMD_CRYPTTAB), then the command-line-only volumes.
 */
import { parseBoolean, parseCmdline } from './cmdline.js';
import type { GeneratorContext } from './context.js';
import { createDisk } from './crypttab-disk.js';
import { filterOptions, nodeToUdevNode } from './fstab-util.js';
import { pathStartsWith } from './paths.js';
import { prepare } from './setup.js';
import type { GeneratedTree, GeneratorInput } from './types.js';

interface CryptoDevice {
  uuid: string;
  keyfile?: string;
  keydev?: string;
  headerdev?: string;
  datadev?: string;
  name?: string;
  options?: string;
  create: boolean;
}

interface Args {
  enabled: boolean;
  readCrypttab: boolean;
  allowList: boolean;
  disks: Map<string, CryptoDevice>;
  defaultOptions?: string;
  defaultKeyfile?: string;
}

/** id128_is_valid() */
const id128Valid = (s: string): boolean => /^[0-9a-fA-F]{32}$/.test(s) || /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s);

/** split_locationspec(): `file:device` when the part after the last colon is a device spec. */
export const splitLocationspec = (spec: string | undefined): { file: string | undefined; device: string | undefined } => {
  if (spec === undefined) return { file: undefined, device: undefined };
  const c = spec.lastIndexOf(':');
  if (c >= 0) {
    const device = nodeToUdevNode(spec.slice(c + 1));
    if (device.startsWith('/')) return { file: spec.slice(0, c), device };
  }
  return { file: spec, device: undefined };
};

/** filter_header_device(): `header=file:device` → headerdev + `header=file`. */
const filterHeaderDevice = (options: string): { options: string; headerdev: string | undefined } => {
  const r = filterOptions(options, ['header']);
  if (!r.found) return { options: r.filtered, headerdev: undefined };
  const { file, device } = splitLocationspec(r.value);
  return { options: r.filtered === '' ? `header=${file ?? ''}` : `${r.filtered},header=${file ?? ''}`, headerdev: device };
};

/** sscanf(value, "%m[0-9a-fA-F-]=%ms") */
const scanUuidValue = (value: string): [string, string] | undefined => {
  const m = /^([0-9a-fA-F-]+)=(\S+)/.exec(value);
  return m === null ? undefined : [m[1] as string, m[2] as string];
};

const parseArgs = (ctx: GeneratorContext, cmdline: string): Args => {
  const a: Args = { enabled: true, readCrypttab: true, allowList: false, disks: new Map() };
  const get = (uuid: string): CryptoDevice => {
    let d = a.disks.get(uuid);
    if (d === undefined) a.disks.set(uuid, (d = { uuid, create: false }));
    return d;
  };
  const warn = (text: string): void => ctx.note(`kernel command line: ${text}`);
  for (const { key, value } of parseCmdline(cmdline, ctx.initrd, true)) {
    if (key === 'luks' || key === 'luks.crypttab') {
      const b = value === undefined ? true : parseBoolean(value);
      if (b === undefined) warn(`cannot parse ${key}=${value ?? ''}, ignored`);
      else if (key === 'luks') a.enabled = b;
      else a.readCrypttab = b;
      continue;
    }
    if (value === undefined) continue;
    if (key === 'luks.uuid') {
      get(value.startsWith('luks-') ? value.slice(5) : value).create = a.allowList = true;
    } else if (key === 'luks.options') {
      const s = scanUuidValue(value);
      if (s === undefined) a.defaultOptions = value;
      else if (!id128Valid(s[0])) warn(`luks.options=: invalid UUID ${s[0]}, ignored`);
      else {
        const d = get(s[0]);
        const h = filterHeaderDevice(s[1]);
        d.options = h.options;
        if (h.headerdev === undefined) delete d.headerdev;
        else d.headerdev = h.headerdev;
      }
    } else if (key === 'luks.key' || key === 'luks.data') {
      const n = /^[A-Za-z0-9-]*/.exec(value)?.[0].length ?? 0;
      if (value[n] !== '=') {
        if (key === 'luks.key') a.defaultKeyfile = value;
        else warn('luks.data=: UUID is invalid, ignored');
        continue;
      }
      const uuid = value.slice(0, n);
      if (!id128Valid(uuid)) {
        warn(`${key}=: invalid UUID ${uuid}, ignored`);
        continue;
      }
      const d = get(uuid);
      if (key === 'luks.data') d.datadev = nodeToUdevNode(value.slice(n + 1));
      else {
        const { file, device } = splitLocationspec(value.slice(n + 1));
        if (file === undefined) delete d.keyfile;
        else d.keyfile = file;
        if (device === undefined) delete d.keydev;
        else d.keydev = device;
      }
    } else if (key === 'luks.name') {
      const s = scanUuidValue(value);
      if (s === undefined) warn(`cannot parse luks.name=${value}, ignored`);
      else {
        const d = get(s[0]);
        d.create = a.allowList = true;
        d.name = s[1];
      }
    }
  }
  return a;
};

const WS = /[ \t\n\v\f\r]+/;

/** add_crypttab_devices(); false when an entry failed (v252-v256 then stop there). */
const addCrypttabDevices = (ctx: GeneratorContext, a: Args): boolean => {
  if (!a.readCrypttab) return true;
  const path = ctx.env.get('SYSTEMD_CRYPTTAB') ?? '/etc/crypttab';
  const text = ctx.input.read(path);
  if (text === undefined) return true;
  let ok = true;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const [idx, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(WS);
    if (fields.length < 2) {
      ctx.diag({ code: 'crypttab-malformed-line', severity: 'error', file: path, line: idx + 1,
        message: `failed to parse ${path}:${idx + 1} (needs at least a name and a device), ignoring` });
      continue;
    }
    if (fields.length > 4)
      ctx.diag({ code: 'crypttab-extra-fields', severity: 'info', file: path, line: idx + 1,
        message: `more than 4 fields; systemd ignores everything after '${fields[3] ?? ''}'` });
    const [name, device, keyspec, options] = fields as [string, string, string | undefined, string | undefined];
    const uuid = device.startsWith('UUID=') ? device.slice(5)
      : pathStartsWith(device, '/dev/disk/by-uuid') || (name.startsWith('luks-') ? name.slice(5) : undefined);
    const d = uuid === undefined || uuid === '' ? undefined : a.disks.get(uuid);
    if (a.allowList && d === undefined) {
      ctx.note(`not creating device '${name}' from ${path}: it is not named by luks.uuid=/luks.name= on the kernel command line`);
      continue;
    }
    const { file, device: keydev } = splitLocationspec(keyspec);
    let opts = options;
    let headerdev: string | undefined;
    if (opts !== undefined && d?.options === undefined) ({ options: opts, headerdev } = filterHeaderDevice(opts));
    const created = createDisk(ctx, {
      name, device, keyFile: file, keydev,
      headerdev: d?.options !== undefined ? d.headerdev : headerdev,
      options: d?.options !== undefined ? d.options : opts,
      source: path, line: idx + 1,
    });
    if (!created) {
      ok = false;
      if (ctx.version < 257) {
        ctx.note(`systemd-cryptsetup-generator ${ctx.version} stops at the failed entry ${path}:${idx + 1}; later volumes are not generated`);
        return false;
      }
    }
    if (d !== undefined) d.create = false;
  }
  return ok;
};

const addCmdlineDevices = (ctx: GeneratorContext, a: Args): void => {
  for (const d of a.disks.values()) {
    if (!d.create) continue;
    const ok = createDisk(ctx, {
      name: d.name ?? `luks-${d.uuid}`,
      device: d.datadev ?? `UUID=${d.uuid}`,
      keyFile: d.keyfile ?? a.defaultKeyfile,
      keydev: d.keydev,
      headerdev: d.headerdev,
      options: d.options ?? a.defaultOptions,
      source: '/proc/cmdline',
    });
    if (!ok && ctx.version < 257) return;
  }
};

export const runCryptsetupGeneratorIn = (ctx: GeneratorContext, cmdline: string): void => {
  const a = parseArgs(ctx, cmdline);
  if (!a.enabled) return;
  if (!addCrypttabDevices(ctx, a) && ctx.version < 257) return;
  addCmdlineDevices(ctx, a);
};

export function runCryptsetupGenerator(input: GeneratorInput): GeneratedTree {
  const { ctx, cmdline } = prepare('systemd-cryptsetup-generator', input);
  runCryptsetupGeneratorIn(ctx, cmdline);
  return ctx.tree;
}
