/**
 * Next generations of the NixOS corpus initrds (examples/, synced from the shared corpus), built
 * by script (never checked in).
 *
 * A generation starts from the corpus *archive* (read with the real initrd reader), is edited as a tree the way
 * a rebuild with a changed configuration.nix would change it, and is written back as an
 * uncompressed newc archive (a valid source: the kernel and unitgraph accept plain cpio).
 *
 * Edits follow NixOS's layout (see examples/CORPUS.md): a unit whose text changes
 * gets a new store path `/nix/store/<hash>-unit-<name>/<name>` (hash derived from the content),
 * a changed /etc file a new `/nix/store/<hash>-initrd-<basename>`, and every rebuild that touches
 * a unit moves the unit directory to a new `<hash>-initrd-units`: the store-hash churn the diff
 * has to see through. Store paths no longer referenced are dropped, as they would be from the
 * closure.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInitrd } from '../../src/parse/source/initrd/read-initrd.js';
import type { RawFs } from '../../src/parse/source/raw-fs.js';
import { writeCpio, type CpioEntry } from './cpio-writer.js';
import { corpusDir, type CorpusCase } from './fixture.js';

export type { CorpusCase };

type Node = { type: 'file'; data: Uint8Array; mode: number } | { type: 'dir' } | { type: 'symlink'; target: string } | { type: 'other' };

const enc = new TextEncoder();
const dec = new TextDecoder();
const NIX32 = '0123456789abcdfghijklmnpqrsvwxyz';

/** A fake but well-formed store hash (32 chars of nix base-32), derived from the content. */
export const storeHash = (...parts: string[]): string => {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  let out = '';
  for (let i = 0; i < 32; i++) out += NIX32[(digest[i] as number) % 32];
  return out;
};

const STORE_PATH = /\/nix\/store\/[0-9a-df-np-sv-z]{32}-[^/\s"']+/g;
const parent = (p: string): string => p.slice(0, p.lastIndexOf('/')) || '/';
/** The store name NixOS gives a unit's directory: `@ : \` become `-` (systemd-lib.nix). */
const storeUnitName = (unit: string): string => unit.replace(/[@:\\]/g, '-');

/** An editable initrd tree: absolute paths ('/etc/crypttab') to nodes, links never followed implicitly. */
export class Generation {
  private constructor(private readonly nodes: Map<string, Node>) {}

  static async fromCorpus(name: CorpusCase): Promise<Generation> {
    const file = join(corpusDir(name), 'initrd');
    return Generation.fromRawFs(await readInitrd(readFileSync(file), file));
  }

  static fromRawFs(fs: RawFs): Generation {
    const nodes = new Map<string, Node>();
    const walk = (dir: string): void => {
      for (const name of fs.readdir(dir)) {
        const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
        const n = fs.lstat(path);
        if (n === undefined) continue;
        if (n.type === 'dir') {
          nodes.set(path, { type: 'dir' });
          walk(path);
        } else if (n.type === 'file') nodes.set(path, { type: 'file', data: n.read().slice(), mode: n.mode ?? 0o444 }); // the archive's own permission bits
        else if (n.type === 'symlink') nodes.set(path, { type: 'symlink', target: n.target });
        else nodes.set(path, { type: 'other' });
      }
    };
    walk('/');
    return new Generation(nodes);
  }

  clone(): Generation {
    return new Generation(new Map(this.nodes));
  }

  // ---- plain tree operations ----

  /** Follows symlinks inside the tree (absolute and relative), every component. */
  resolve(path: string, depth = 0): string {
    if (depth > 40) throw new Error(`too many links at ${path}`);
    const parts = path.split('/').filter((p) => p !== '');
    let cur = '';
    for (const [i, part] of parts.entries()) {
      const next = part === '..' ? parent(cur || '/') : `${cur === '/' ? '' : cur}/${part}`;
      const node = this.nodes.get(next);
      if (node?.type === 'symlink') {
        const target = node.target.startsWith('/') ? node.target : `${parent(next)}/${node.target}`;
        const rest = parts.slice(i + 1).join('/');
        return this.resolve(rest === '' ? target : `${target}/${rest}`, depth + 1);
      }
      cur = next === '' ? '/' : next;
    }
    return cur || '/';
  }

  readText(path: string): string {
    const node = this.nodes.get(this.resolve(path));
    if (node?.type !== 'file') throw new Error(`not a file: ${path}`);
    return dec.decode(node.data);
  }

  linkTarget(path: string): string {
    const node = this.nodes.get(path);
    if (node?.type !== 'symlink') throw new Error(`not a symlink: ${path}`);
    return node.target;
  }

  private mkdirs(dir: string): void {
    if (dir === '/' || this.nodes.get(dir)?.type === 'dir') return;
    this.mkdirs(parent(dir));
    this.nodes.set(dir, { type: 'dir' });
  }

  writeFile(path: string, text: string, mode = 0o444): void {
    this.mkdirs(parent(path));
    this.nodes.set(path, { type: 'file', data: enc.encode(text), mode });
  }

  symlink(path: string, target: string): void {
    this.mkdirs(parent(path));
    this.nodes.set(path, { type: 'symlink', target });
  }

  /** Removes a path and everything below it. */
  remove(path: string): void {
    for (const p of [...this.nodes.keys()]) if (p === path || p.startsWith(`${path}/`)) this.nodes.delete(p);
  }

  private rename(from: string, to: string): void {
    for (const [p, n] of [...this.nodes]) {
      if (p !== from && !p.startsWith(`${from}/`)) continue;
      this.nodes.delete(p);
      this.nodes.set(to + p.slice(from.length), n);
    }
  }

  // ---- the Nix store ----

  /** Adds a store path holding one file (or a tree of files) and returns it. */
  storeAdd(name: string, content: string | Record<string, { text: string; mode?: number }>): string {
    const body = typeof content === 'string' ? content : Object.entries(content).map(([k, v]) => `${k}\u0000${v.text}`).join('\u0001');
    const path = `/nix/store/${storeHash(name, body)}-${name}`;
    if (typeof content === 'string') this.writeFile(path, content);
    else for (const [rel, f] of Object.entries(content)) this.writeFile(`${path}/${rel}`, f.text, f.mode ?? 0o444);
    return path;
  }

  /** Store paths (`/nix/store/<hash>-<name>`) named anywhere outside `except`. */
  private referencedStorePaths(except: string): Set<string> {
    const out = new Set<string>();
    for (const [p, n] of this.nodes) {
      if (p === except || p.startsWith(`${except}/`)) continue;
      const text = n.type === 'symlink' ? n.target : n.type === 'file' ? dec.decode(n.data) : '';
      for (const m of text.matchAll(STORE_PATH)) out.add(m[0]);
    }
    return out;
  }

  /** Drops a store path nothing refers to any more (the closure would not contain it). */
  dropIfUnreferenced(storePath: string): void {
    const top = storePath.split('/').slice(0, 4).join('/');
    if (!this.referencedStorePaths(top).has(top)) this.remove(top);
  }

  /** `/nix/store/<hash>-initrd-units`, where /etc/systemd/system points. */
  unitsDir(): string {
    return this.linkTarget('/etc/systemd/system');
  }

  // ---- NixOS operations ----

  /** A unit defined in NixOS (`systemd.services.X`): its own store path, linked into the unit dir. */
  setNixosUnit(unit: string, text: string): void {
    this.linkUnitText(`${this.unitsDir()}/${unit}`, unit, text);
  }

  /** A NixOS definition of an upstream unit: the drop-in `<unit>.d/overrides.conf`. */
  setOverrides(unit: string, text: string): void {
    this.linkUnitText(`${this.unitsDir()}/${unit}.d/overrides.conf`, unit, text);
  }

  private linkUnitText(link: string, unit: string, text: string): void {
    const old = this.nodes.get(link);
    const path = this.storeAdd(`unit-${storeUnitName(unit)}`, { [unit]: { text } });
    this.symlink(link, `${path}/${unit}`);
    if (old?.type === 'symlink') this.dropIfUnreferenced(old.target);
  }

  unitText(unit: string): string {
    return this.readText(`${this.unitsDir()}/${unit}`);
  }

  overridesText(unit: string): string {
    return this.readText(`${this.unitsDir()}/${unit}.d/overrides.conf`);
  }

  /** `wantedBy = [ target ]` / `requiredBy`: the relative link in `<target>.wants/`. */
  wantedBy(target: string, unit: string, kind: 'wants' | 'requires' = 'wants'): void {
    this.symlink(`${this.unitsDir()}/${target}.${kind}/${unit}`, `../${unit}`);
  }

  /** `systemd.units.X.enable = false` for an upstream unit: `<unit> -> /dev/null`. */
  mask(unit: string): void {
    const link = `${this.unitsDir()}/${unit}`;
    const old = this.nodes.get(link);
    this.symlink(link, '/dev/null');
    this.mkdirs('/dev'); // make-initrd-ng creates /dev when it follows a link to /dev/null
    if (old?.type === 'symlink') this.dropIfUnreferenced(old.target);
  }

  /** A NixOS job script (`script = ...`): `/nix/store/<hash>-unit-script-NAME-start/bin/NAME-start`. */
  addScript(name: string, body: string): string {
    const shebang = this.findStorePath('-bash-') ?? '/nix/store/00000000000000000000000000000000-bash';
    const path = this.storeAdd(`unit-script-${name}-start`, { [`bin/${name}-start`]: { text: `#!${shebang}/bin/bash\nset -e\n\n${body}\n`, mode: 0o555 } });
    return `${path}/bin/${name}-start`;
  }

  findStorePath(fragment: string): string | undefined {
    return [...this.nodes.keys()].find((p) => p.startsWith('/nix/store/') && p.split('/').length === 4 && p.includes(fragment));
  }

  /** An /etc file of the initrd (`boot.initrd.systemd.contents`): `/etc/X -> /nix/store/<hash>-initrd-X`. */
  setEtc(path: string, text: string): string {
    const link = `/etc/${path}`;
    const old = this.nodes.get(link);
    const store = this.storeAdd(`initrd-${path.slice(path.lastIndexOf('/') + 1)}`, text);
    this.symlink(link, store);
    if (old?.type === 'symlink') this.dropIfUnreferenced(old.target);
    return store;
  }

  /** The store file an /etc file points to, replaced by new content (and everything naming it updated). */
  replaceStoreFile(oldPath: string, newName: string, text: string): string {
    const store = this.storeAdd(newName, text);
    this.replaceReferences(oldPath, store);
    return store;
  }

  /**
   * Rewrites every mention of one store path to another in files and links. Files that change
   * are unit texts or /etc files, so they move to new store paths too (their hash is their
   * content's): units via setNixosUnit/setOverrides, /etc files via setEtc.
   */
  replaceReferences(from: string, to: string): void {
    const units = this.unitsDir();
    for (const [p, n] of [...this.nodes]) {
      // only links straight into the store; relative links (.wants/, aliases) follow their unit
      if (n.type !== 'symlink' || !n.target.startsWith('/nix/store/')) continue;
      const text = this.nodes.get(this.resolve(p));
      if (text?.type !== 'file') continue;
      const body = dec.decode(text.data);
      if (!body.includes(from)) continue;
      const updated = body.split(from).join(to);
      if (p.startsWith(`${units}/`)) {
        const rel = p.slice(units.length + 1);
        if (rel.endsWith('.d/overrides.conf')) this.setOverrides(rel.slice(0, -'.d/overrides.conf'.length), updated);
        else this.setNixosUnit(rel, updated);
      } else if (p.startsWith('/etc/')) this.setEtc(p.slice(5), updated);
    }
    this.dropIfUnreferenced(from);
  }

  /** Moves the unit directory to the store path its new content hashes to (every rebuild does). */
  rehashUnitsDir(): void {
    const dir = this.unitsDir();
    const listing = [...this.nodes]
      .filter(([p]) => p.startsWith(`${dir}/`))
      .map(([p, n]) => `${p.slice(dir.length)} ${n.type === 'symlink' ? n.target : n.type}`)
      .sort()
      .join('\n');
    const to = `/nix/store/${storeHash('initrd-units', listing)}-initrd-units`;
    if (to === dir) return;
    this.rename(dir, to);
    this.symlink('/etc/systemd/system', to);
  }

  // ---- output ----

  /** Members in `find . | sort` order, parents first, as make-initrd-ng writes them. */
  entries(): CpioEntry[] {
    const paths = [...this.nodes.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const out: CpioEntry[] = [{ name: '.', type: 'dir' }];
    for (const p of paths) {
      const n = this.nodes.get(p) as Node;
      const name = `.${p}`;
      if (n.type === 'dir') out.push({ name, type: 'dir' });
      else if (n.type === 'file') out.push({ name, data: n.data, mode: n.mode });
      else if (n.type === 'symlink') out.push({ name, type: 'symlink', target: n.target, mode: 0o777 });
      else out.push({ name, type: 'chr', devMajor: 1, devMinor: 3 });
    }
    return out;
  }

  /** An uncompressed newc archive of the tree. */
  toCpio(): Uint8Array {
    return writeCpio(this.entries());
  }
}

// ---------------------------------------------------------------------------------------------
// The changes (each one edit a real configuration change makes) and the variants built from them

export type Edit = (g: Generation) => void;

/** Replaces exactly one occurrence (fails loudly when the corpus text is not what the edit expects). */
const replaceOnce = (text: string, from: string, to: string): string => {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one '${from}' in:\n${text}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
};

const editUnit = (g: Generation, unit: string, from: string, to: string): void => g.setNixosUnit(unit, replaceOnce(g.unitText(unit), from, to));

const initrdFstab = (g: Generation): string => {
  const m = /SYSTEMD_SYSROOT_FSTAB=(\S+)/.exec(g.readText('/etc/systemd/system.conf'));
  if (m?.[1] === undefined) throw new Error('no SYSTEMD_SYSROOT_FSTAB in system.conf');
  return m[1];
};

const editFstab = (g: Generation, from: string, to: string): void => {
  const old = initrdFstab(g);
  g.replaceStoreFile(old, 'initrd-fstab', replaceOnce(g.readText(old), from, to));
};

const editCrypttab = (g: Generation, edit: (text: string) => string): void => {
  g.setEtc('crypttab', edit(g.readText('/etc/crypttab')));
};

const DATA_UUID = '0d7e5c4b-3a29-4f18-8e6d-5c4b3a291f08';
const DATA_DEVICE = `/dev/disk/by-uuid/${DATA_UUID}`;

export const EDITS = {
  /**
   * btrfs base: a second LUKS volume `data` opened in stage 1 with a key file kept on the
   * persistent subvolume (`boot.initrd.luks.devices.data.keyFile = "/sysroot/persist/keys/data.key"`),
   * so systemd-cryptsetup-generator makes it RequiresMountsFor= that path.
   */
  dataVolume: (g) => editCrypttab(g, (t) => `${t.endsWith('\n') ? t : `${t}\n`}data ${DATA_DEVICE} /sysroot/persist/keys/data.key\n`),
  /**
   * The state moves from /persist to a new `keys` subvolume mounted at /keys, and the key file with
   * it: the initrd fstab's /persist line becomes /keys (sysroot-persist.mount → sysroot-keys.mount),
   * the crypttab key path follows.
   */
  mountRenamed: (g) => {
    editFstab(g, '/dev/mapper/enc /persist btrfs subvol=persist,', '/dev/mapper/enc /keys btrfs subvol=keys,');
    editCrypttab(g, (t) => replaceOnce(t, '/sysroot/persist/keys/data.key', '/sysroot/keys/data.key'));
  },
  /** The key file moves inside the same file system: only the cryptsetup unit's texts change. */
  keyFileMoved: (g) => editCrypttab(g, (t) => replaceOnce(t, '/sysroot/persist/keys/data.key', '/sysroot/persist/secrets/data.key')),
  /** unlock-luks: `after = [ "network-online.target" ]` → `after = [ "systemd-networkd.service" ]`. */
  orderingReplaced: (g) => editUnit(g, 'unlock-luks.service', 'After=network-online.target', 'After=systemd-networkd.service'),
  /**
   * unlock-luks waits for the network to be really up: `wants`/`after` gain
   * systemd-networkd-wait-online.service, a unit of the image no other unit pulls in, so it joins
   * the transaction (issue 14's example).
   */
  waitsOnline: (g) => editUnit(g, 'unlock-luks.service', 'After=network-online.target', 'After=network-online.target\nAfter=systemd-networkd-wait-online.service\nWants=systemd-networkd-wait-online.service'),
  /**
   * btrfs: the rollback waits for udev to settle (`wants`/`after` systemd-udev-settle.service, a
   * unit of the image nothing pulled in), so that unit joins the boot before the rollback.
   */
  rollbackSettles: (g) => g.setNixosUnit('rollback.service', g.unitText('rollback.service').replace('[Unit]\n', '[Unit]\nAfter=systemd-udev-settle.service\nWants=systemd-udev-settle.service\n')),
  /** `boot.initrd.systemd.units."kmod-static-nodes.service".enable = false`: masked with /dev/null. */
  unitMasked: (g) => g.mask('kmod-static-nodes.service'),
  /** A new NixOS service wanted by initrd.target, ordered before sshd. */
  unitAdded: (g) => {
    const script = g.addScript('ssh-banner', 'echo "homelab: unlock with systemd-tty-ask-password-agent" > /etc/ssh/banner');
    const env = /^Environment="(?:LOCALE_ARCHIVE|TZDIR)=.*$/gm;
    const globals = (g.unitText('unlock-luks.service').match(env) ?? []).join('\n');
    g.setNixosUnit(
      'ssh-banner.service',
      `[Unit]\nBefore=sshd.service\nDescription=Write the initrd SSH banner\n\n[Service]\n${globals}\nExecStart=${script} \nType=oneshot\n\n[Install]\nWantedBy=initrd.target\n`,
    );
    g.wantedBy('initrd.target', 'ssh-banner.service');
  },
  /** `systemd-networkd-wait-online` with a shorter timeout: only its NixOS drop-in changes. */
  dropinOption: (g) => g.setOverrides('systemd-networkd-wait-online.service', replaceOnce(g.overridesText('systemd-networkd-wait-online.service'), '"--timeout=120"', '"--timeout=30"')),
  /**
   * The copy-secrets script is rebuilt (its bash was rebuilt, say): a new script store path, so a
   * new unit text and store path, and nothing else.
   */
  storeHashOnly: (g) => {
    const unit = g.unitText('initrd-nixos-copy-secrets.service');
    const m = /ExecStart=(\/nix\/store\/[0-9a-z]{32}-unit-script-initrd-nixos-copy-secrets-start)\//.exec(unit);
    if (m?.[1] === undefined) throw new Error('no copy-secrets script');
    const oldScript = m[1];
    const body = g.readText(`${oldScript}/bin/initrd-nixos-copy-secrets-start`);
    const rebuilt = g.storeAdd('unit-script-initrd-nixos-copy-secrets-start', { 'bin/initrd-nixos-copy-secrets-start': { text: `${body}# rebuilt\n`, mode: 0o555 } });
    g.setNixosUnit('initrd-nixos-copy-secrets.service', unit.split(oldScript).join(rebuilt));
    g.dropIfUnreferenced(oldScript);
  },
} satisfies Record<string, Edit>;

export type EditName = keyof typeof EDITS;

export interface Variant {
  readonly case: CorpusCase;
  readonly description: string;
  /** Edits that make the old generation (none: the corpus archive itself). */
  readonly base: readonly EditName[];
  /** Edits on top of the base that make the new generation. */
  readonly next: readonly EditName[];
}

export const VARIANTS = {
  'mount-renamed': { case: 'btrfs-optin-state', base: ['dataVolume'], next: ['mountRenamed'], description: 'a mount renamed because a key file moved (/persist → /keys)' },
  'key-file-moved': { case: 'btrfs-optin-state', base: ['dataVolume'], next: ['keyFileMoved'], description: 'a crypttab key file moved' },
  'ordering-replaced': { case: 'remote-unlock-luks', base: [], next: ['orderingReplaced'], description: 'After=network-online.target → After=systemd-networkd.service' },
  'waits-online': { case: 'remote-unlock-luks', base: [], next: ['waitsOnline'], description: 'unlock-luks.service now wants and waits for systemd-networkd-wait-online.service' },
  'rollback-settles': { case: 'btrfs-optin-state', base: [], next: ['rollbackSettles'], description: 'rollback.service now wants and waits for systemd-udev-settle.service' },
  'unit-masked': { case: 'remote-unlock-luks', base: [], next: ['unitMasked'], description: 'kmod-static-nodes.service masked with /dev/null' },
  'unit-added': { case: 'remote-unlock-luks', base: [], next: ['unitAdded'], description: 'ssh-banner.service added, wanted by initrd.target' },
  'dropin-option': { case: 'remote-unlock-luks', base: [], next: ['dropinOption'], description: 'wait-online timeout changed only in its drop-in' },
  'store-hash-only': { case: 'remote-unlock-luks', base: [], next: ['storeHashOnly'], description: 'a script rebuilt: only store hashes change' },
  'remote-next': {
    case: 'remote-unlock-luks', base: [], next: ['orderingReplaced', 'unitMasked', 'unitAdded', 'dropinOption', 'storeHashOnly'],
    description: 'every remote-unlock-luks change at once',
  },
} as const satisfies Record<string, Variant>;

export type VariantName = keyof typeof VARIANTS;

const apply = (g: Generation, edits: readonly EditName[]): Generation => {
  const out = g.clone();
  for (const e of edits) EDITS[e](out);
  out.rehashUnitsDir();
  return out;
};

const corpusTrees = new Map<CorpusCase, Promise<Generation>>();
const corpusTree = (c: CorpusCase): Promise<Generation> => {
  let p = corpusTrees.get(c);
  if (p === undefined) corpusTrees.set(c, (p = Generation.fromCorpus(c)));
  return p;
};

/** The corpus archive as it is (zstd). */
export const corpusInitrd = (c: CorpusCase): string => join(corpusDir(c), 'initrd');

/** Both generations of a variant as trees. */
export const variantTrees = async (name: VariantName): Promise<{ old: Generation; new: Generation }> => {
  const v: Variant = VARIANTS[name];
  const base = await corpusTree(v.case);
  const old = v.base.length === 0 ? base : apply(base, v.base);
  return { old, new: apply(old, v.next) };
};

/**
 * Writes a variant's two generations below `dir` and returns their paths. Without base edits the
 * old generation is the corpus archive itself (zstd), so the comparison also crosses encodings.
 */
export const writeVariant = async (dir: string, name: VariantName): Promise<{ old: string; new: string }> => {
  const v: Variant = VARIANTS[name];
  const trees = await variantTrees(name);
  mkdirSync(join(dir, name), { recursive: true });
  const oldPath = v.base.length === 0 ? corpusInitrd(v.case) : join(dir, name, 'old.cpio');
  if (v.base.length > 0) writeFileSync(oldPath, trees.old.toCpio());
  const newPath = join(dir, name, 'new.cpio');
  writeFileSync(newPath, trees.new.toCpio());
  return { old: oldPath, new: newPath };
};
