/**
 * `loadUnits`: a Source → systemd's merged unit set. Emulates the generators, builds the name
 * map over the search path, then for each unit its fragment, drop-ins, `.wants/`, `.requires/`,
 * `.upholds/` links, aliases and masks (src/core/load-fragment.c, load-dropin.c,
 * src/shared/unit-file.c, dropin.c). Units named only by others are made on demand by
 * `UnitSet.lookup` (instances from their template, or `referenced` units with no file).
 */
import { UnitgraphError } from '../../errors.js';
import type { Source } from '../source/open-source.js';
import { basename, type Resolved, type Vfs } from '../source/vfs.js';
import { MapRawFs } from '../source/mount-fs.js';
import { FATAL_DIAGNOSTIC_CODES, parseUnitFile } from '../unit-file/lexer.js';
import { escapePath } from './escape.js';
import { lastValue } from './unit-values.js';
import { refusingValue, verifyUnit } from './verify-unit.js';
import type { Diagnostic, Directive, ParsedUnitFile, PathStat, Unit, UnitSet, WantsLink } from '../types.js';
import { readSystemConf, runGenerators, type GeneratedTree } from './generators/index.js';
import { detectSystemdVersion } from './generators/version.js';
import { GENERATOR_EARLY_DIR } from './generators/debug.js';
import { DEFAULT_SYSTEMD_VERSION } from './generators/types.js';
import { nixosSystemdPaths } from './generators/nixos-paths.js';
import { buildNameMap, resolveName, type NameMap } from './name-map.js';
import { dropinDirs, listDropinFiles } from './dropins.js';
import { computeSearchPath, GENERATOR_DIR } from './search-path.js';
import { parseUnitName, templateOf, withInstance } from './unit-name.js';

export interface LoadOptions {
  /** Emulate the generators (default true for initrds and roots). */
  generators?: boolean;
  /** Kernel command line to assume for the generators. */
  cmdline?: string;
  /** The image's systemd version (--systemd-version), instead of detecting it. */
  systemdVersion?: { version: number; patch?: number };
}

/**
 * The largest unit file or drop-in unitgraph reads: 4 MiB. systemd itself has no bound on the
 * size of a unit file (config_parse() reads it line by line; only a line, continuations joined,
 * is bounded, by LONG_LINE_MAX, 1 MiB); 4 MiB is the READ_FULL_BYTES_MAX that systemd up to v245
 * applied to the files it reads whole (64 MiB - 1 since v246). No real unit file comes near it,
 * and it keeps a hostile tree (a multi-gigabyte file of short lines) from costing gigabytes. A
 * larger file is a diagnostic and is not read: a fragment then fails to load, a drop-in is skipped.
 */
export const MAX_UNIT_FILE_BYTES = 4 * 1024 * 1024;

/** Paths in output are relative to the source root, like "etc/systemd/system/foo.service". */
export const rel = (path: string): string => path.replace(/^\/+/, '');

/** The directories of dependency links, and the dependency each link makes. */
const LINK_KINDS = [['Wants', '.wants'], ['Requires', '.requires'], ['Upholds', '.upholds']] as const;

class Loader {
  readonly units = new Map<string, Unit>();
  readonly aliases = new Map<string, string>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly parsed = new Map<string, ParsedUnitFile>();
  /** Units whose fragment is a symlink loop, with the message (systemd cannot open the file: ELOOP). */
  private readonly loops = new Map<string, string>();
  private readonly generatedPaths: Set<string>;

  constructor(
    private readonly vfs: Vfs,
    readonly searchPath: string[],
    private readonly map: NameMap,
    generated: GeneratedTree | undefined,
  ) {
    this.generatedPaths = new Set(generated === undefined ? [] : [...generated.files.keys(), ...generated.links.keys()]);
  }

  private parse(path: string): ParsedUnitFile {
    let p = this.parsed.get(path);
    if (p === undefined) {
      const node = this.vfs.stat(path);
      if (node?.type === 'file' && node.size > MAX_UNIT_FILE_BYTES) {
        const message = `the file is ${(node.size / 1024 / 1024).toFixed(1)} MiB, more than the ${MAX_UNIT_FILE_BYTES / 1024 / 1024} MiB unitgraph reads of a unit file; ` +
          'not read (a unit then fails to load, a drop-in is ignored)';
        p = { file: rel(path), sections: [], directives: [], diagnostics: [{ code: 'file-too-large', severity: 'error', file: rel(path), line: 1, message }] };
        this.parsed.set(path, p);
        this.diagnostics.push(...p.diagnostics);
        return p;
      }
      if (node?.type === 'file' && node.dropped === true) {
        // a unit path that leads (through links) to a member the archive reader did not keep,
        // e.g. a program: its text is unknown, so the unit's settings are
        const message = `the file resolves to a ${node.size}-byte member that is not a unit file, configuration or script, whose bytes unitgraph did not keep while reading the archive; ` +
          'its settings are unknown (a unit then counts as failing to load, a drop-in as ignored)';
        p = { file: rel(path), sections: [], directives: [], diagnostics: [{ code: 'file-not-kept', severity: 'error', file: rel(path), line: 1, message }] };
        this.parsed.set(path, p);
        this.diagnostics.push(...p.diagnostics);
        return p;
      }
      const bytes = this.vfs.readFile(path) ?? new Uint8Array();
      p = parseUnitFile(bytes, rel(path));
      this.parsed.set(path, p);
      this.diagnostics.push(...p.diagnostics);
    }
    return p;
  }

  /** Generators name themselves in the first line they write ("# Automatically generated by X"). */
  private generatorOf(path: string): string {
    if (path.startsWith(GENERATOR_EARLY_DIR + '/')) return 'systemd-debug-generator (kernel command line)';
    const head = this.vfs.readText(path)?.slice(0, 200) ?? '';
    return /^# Automatically generated by (\S+)/.exec(head)?.[1] ?? 'generator';
  }

  private isGenerated(path: string): boolean {
    return (path.startsWith(GENERATOR_DIR + '/') || path.startsWith(GENERATOR_EARLY_DIR + '/')) && this.generatedPaths.has(path);
  }

  /**
   * Let the parsed files go once every unit is loaded (the units keep their directives): at
   * 100,000 units the cache is tens of MB. A later lookup (an instance the graph names) parses
   * its template again, once.
   */
  forgetParsed(): void {
    this.parsed.clear();
  }

  /** Every name in the name map that is not an alias becomes a unit; aliases join theirs. */
  loadAll(): void {
    for (const name of this.map.ids.keys()) this.lookup(name);
  }

  lookup(name: string): Unit | undefined {
    const known = this.units.get(name) ?? this.units.get(this.aliases.get(name) ?? '');
    if (known !== undefined) return known;
    const parsed = parseUnitName(name);
    if (parsed === undefined) return undefined;
    const resolved = resolveName(this.map, name);
    let canonical = name;
    let fragment: string | undefined;
    const names = [name];
    if (resolved !== undefined) {
      const last = resolved.chain.at(-1) as string;
      // an instance name linked to its template (foo@bar.service -> foo@.service) stays the instance
      canonical = parsed.kind === 'instance' && last === templateOf(name) ? name : last;
      fragment = resolved.entry.path;
      for (const n of resolved.chain) if (!names.includes(n)) names.push(n);
    } else if (parsed.kind === 'instance') {
      const t = resolveName(this.map, templateOf(name) as string);
      if (t !== undefined) fragment = t.entry.path;
    } else {
      const entry = this.map.ids.get(name);
      // an alias whose target has no unit of its own anywhere on the search path
      if (entry?.kind === 'alias')
        this.diagnostics.push({ code: 'dangling-link', severity: 'warning', file: rel(entry.path), message: `${rel(entry.path)} is an alias of ${entry.target}, which does not exist: ${name} is not found` });
    }
    if (canonical !== name) {
      const existing = this.lookup(canonical);
      if (existing !== undefined) {
        this.addAlias(existing, name);
        return existing;
      }
    }
    // every other name in the map that resolves to the same canonical unit is an alias of it
    const unit = this.makeUnit(canonical, fragment);
    for (const n of names) if (n !== canonical) this.addAlias(unit, n);
    return unit;
  }

  private addAlias(unit: Unit, alias: string): void {
    if (alias === unit.name || unit.aliases.includes(alias)) return;
    unit.aliases.push(alias);
    unit.aliases.sort();
    this.aliases.set(alias, unit.name);
    // an alias brings its own drop-ins and .wants/ links
    this.applyDropins(unit);
  }

  /**
   * The fragment's path resolved, or why it cannot be (a symlink loop: ELOOP, which makes
   * systemd fail to load that one unit, not the whole boot).
   */
  private resolveFragment(path: string): Resolved | { error: string } {
    try {
      return this.vfs.resolve(path);
    } catch (error) {
      if (error instanceof UnitgraphError && error.kind === 'malformed') return { error: error.message };
      throw error;
    }
  }

  private makeUnit(name: string, fragment0: string | undefined): Unit {
    const p = parseUnitName(name);
    let fragment = fragment0;
    const resolved = fragment === undefined ? undefined : this.resolveFragment(fragment);
    const loop = resolved !== undefined && 'error' in resolved ? resolved.error : undefined;
    let r = resolved === undefined || 'error' in resolved ? undefined : resolved;
    if (fragment !== undefined && r !== undefined && !r.isNull && r.node === undefined) {
      // a link to nothing: systemd finds no fragment (not-found), it does not load an empty unit
      this.diagnostics.push({ code: 'dangling-link', severity: 'warning', file: rel(fragment), message: `${rel(fragment)} links to ${r.path}, which does not exist: ${name} is not found` });
      fragment = undefined;
      r = undefined;
    }
    const masked = r !== undefined && (r.isNull || (r.node?.type === 'file' && r.node.size === 0));
    const generated = fragment !== undefined && this.isGenerated(fragment);
    const unit: Unit = {
      name,
      type: p?.type ?? 'service',
      origin: fragment === undefined ? 'referenced' : generated ? 'generator' : 'file',
      file: fragment === undefined ? null : rel(fragment),
      realFile: r === undefined ? null : masked && r.isNull ? '/dev/null' : rel(r.path),
      masked,
      aliases: [],
      dropins: [],
      directives: [],
      wantsLinks: [],
      ...(p?.kind === 'instance' ? { template: templateOf(name) as string, instance: p.instance as string } : {}),
      ...(generated ? { generator: this.generatorOf(fragment as string) } : {}),
    };
    this.units.set(name, unit);
    if (loop !== undefined) {
      // systemd: "Failed to load configuration for X: Too many levels of symbolic links"
      this.loops.set(name, `${rel(fragment as string)}: ${loop}`);
      this.diagnostics.push({ code: 'symlink-loop', severity: 'error', file: rel(fragment as string), message: loop });
    }
    this.applyDropins(unit);
    return unit;
  }

  /** What makes systemd refuse the unit (unit_load() failing with a bad setting), and which kind of failure. */
  private loadError(unit: Unit): { why: string; kind: NonNullable<Unit['loadErrorKind']> } | undefined {
    const loop = this.loops.get(unit.name);
    if (loop !== undefined) return { why: loop, kind: 'parse' }; // the fragment cannot be opened (ELOOP)
    if (unit.file !== null && !unit.masked && unit.realFile !== null) {
      const fatal = this.parse('/' + unit.file).diagnostics.find((d) => FATAL_DIAGNOSTIC_CODES.has(d.code));
      if (fatal !== undefined) return { why: `${fatal.file ?? unit.file}:${fatal.line ?? '?'}: ${fatal.message}`, kind: fatal.code === 'file-not-kept' ? 'unseen' : 'parse' };
    }
    // a parser that returns an error (config_parse_exec: -ENOEXEC) ends the load before the verify step
    const value = refusingValue(unit);
    if (value !== undefined) return { why: `${value.directive.file}:${value.directive.line}: ${value.message}`, kind: 'value' };
    if (unit.type === 'mount' && unit.origin !== 'referenced') {
      // mount_verify(): "Where= setting doesn't match unit name. Refusing."
      const where = lastValue(unit, 'Mount', 'Where');
      if (where !== undefined && `${escapePath(where) ?? ''}.mount` !== unit.name) return { why: `Where=${where} does not match the unit name`, kind: 'name' };
    }
    const refused = verifyUnit(unit);
    if (refused !== undefined) {
      const at = refused.directive ?? unit.directives.at(-1);
      const where = at === undefined ? (unit.file ?? unit.name) : `${at.file}:${at.line}`;
      return { why: `${where}: ${refused.message}`, kind: 'verify' };
    }
    return undefined;
  }

  /** (Re)compute directives, drop-ins and dependency links from all names of the unit. */
  private applyDropins(unit: Unit): void {
    const names = [unit.name, ...unit.aliases];
    const directives: Directive[] = [];
    if (unit.file !== null && !unit.masked && unit.realFile !== null) {
      directives.push(...this.parse('/' + unit.file).directives);
    }
    const dropins = unit.masked ? [] : listDropinFiles(this.vfs, dropinDirs(this.map, this.searchPath, names, '.d'), '.conf');
    for (const d of dropins) directives.push(...this.parse(d).directives);
    unit.directives = directives;
    unit.dropins = dropins.map(rel);
    unit.wantsLinks = this.wantsLinks(unit, names);
    // drop-ins found through an alias can change what systemd makes of the unit: decided again
    const failure = this.loadError(unit);
    if (failure === undefined) {
      delete unit.loadError;
      delete unit.loadErrorKind;
    } else {
      unit.loadError = failure.why;
      unit.loadErrorKind = failure.kind;
    }
    if (unit.origin === 'referenced' && dropins.some((d) => this.isGenerated(d))) unit.generator ??= 'generator drop-in';
  }

  private wantsLinks(unit: Unit, names: string[]): WantsLink[] {
    const out: WantsLink[] = [];
    for (const [kind, suffix] of LINK_KINDS) {
      for (const path of listDropinFiles(this.vfs, dropinDirs(this.map, this.searchPath, names, suffix), undefined)) {
        let entry = basename(path);
        const file = rel(path);
        const node = this.vfs.lstat(path);
        if (node === undefined) continue; // listed but gone (an overlay hiding the lower tree's entry)
        if (node.type !== 'symlink') {
          this.diagnostics.push({ code: 'dependency-not-symlink', severity: 'warning', file, message: `${kind} dependency ${entry} of ${unit.name} is not a symlink; systemd ignores it` });
          continue;
        }
        const p = parseUnitName(entry);
        if (p === undefined) {
          this.diagnostics.push({ code: 'invalid-unit-name', severity: 'warning', file, message: `${entry} is not a valid unit name; systemd ignores it` });
          continue;
        }
        if (p.kind === 'template') {
          if (unit.instance === undefined) {
            this.diagnostics.push({ code: 'template-link', severity: 'warning', file, message: `${entry} is a template linked into ${unit.name}, which has no instance; systemd ignores it` });
            continue;
          }
          entry = withInstance(entry, unit.instance);
        }
        out.push({ kind, unit: entry, file });
      }
    }
    return out;
  }
}

/**
 * In an initrd, sysroot.mount normally comes from root= on the kernel command line (systemd's
 * fstab-generator, or dracut's dracut-rootfs-generator). Without --cmdline its settings are
 * unknown: the unit is kept as made by a generator, with no settings, and a note says so.
 */
const assumeRootFromCmdline = (loader: Loader, notes: string[], elsewhere?: string): void => {
  const existing = loader.units.get('sysroot.mount');
  if (existing !== undefined && existing.origin !== 'referenced') return;
  const unit = loader.lookup('sysroot.mount');
  if (unit === undefined) return;
  unit.origin = 'generator';
  unit.assumed = true;
  if (elsewhere !== undefined) {
    // systemd-fstab-generator still writes initrd-usr-fs.target.requires/sysroot.mount
    unit.generator = `${elsewhere}; assumed, its settings are unknown`;
    notes.push(`sysroot.mount is assumed: ${elsewhere}`);
    return;
  }
  unit.generator = 'kernel command line root= (assumed; its settings are unknown without --cmdline)';
  notes.push('sysroot.mount is assumed to come from root= on the kernel command line at boot; pass --cmdline "root=..." to emulate it');
};

/** Scripts larger than this are not read (a stage-1 script is a few KiB). */
const SCRIPT_MAX_BYTES = 64 * 1024;

/**
 * A file outside the unit tree that the job only probes (a binary the generators look for, a
 * script ExecStart= runs): a link loop or an unreadable file there counts as absent, as access(2)
 * failing with ELOOP would, instead of ending the job.
 */
const probeFile = (vfs: Vfs, path: string): { size: number; read(): Uint8Array } | undefined => {
  try {
    const node = vfs.stat(path);
    return node?.type === 'file' ? node : undefined;
  } catch {
    return undefined;
  }
};

const utf8 = new TextDecoder();

const readScript = (vfs: Vfs, path: string): string | undefined => {
  if (!path.startsWith('/')) return undefined;
  const node = probeFile(vfs, path);
  if (node === undefined || node.size > SCRIPT_MAX_BYTES || node.size < 2) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = node.read();
  } catch {
    return undefined;
  }
  if (bytes[0] !== 0x23 || bytes[1] !== 0x21) return undefined; // "#!"
  return utf8.decode(bytes);
};

/**
 * readScript once per path: several checks ask for the program of the same Exec line (what it
 * runs, the volumes it opens), and a host tree's file would be read from disk each time.
 */
const scriptReader = (vfs: Vfs): ((path: string) => string | undefined) => {
  const known = new Map<string, string | undefined>();
  return (path) => {
    if (known.has(path)) return known.get(path);
    const text = readScript(vfs, path);
    known.set(path, text);
    return text;
  };
};

/** The version given, else the one the image shows; the note says which, or that 256 is emulated. */
const systemdVersionOf = (source: Source, opts: LoadOptions, notes: string[]): UnitSet['systemdVersion'] => {
  const show = (v: { version: number; patch?: number }): string => `${v.version}${v.patch === undefined ? '' : `.${v.patch}`}`;
  if (opts.systemdVersion !== undefined) {
    notes.push(`systemd ${show(opts.systemdVersion)} (--systemd-version): generators and implicit dependencies emulated as that version`);
    return { ...opts.systemdVersion, from: '--systemd-version' };
  }
  if (source.unitDir !== undefined) return undefined;
  const vfs = source.vfs;
  const found = detectSystemdVersion({
    read: (p) => (probeFile(vfs, p) === undefined ? undefined : vfs.readText(p)),
    isFile: (p) => probeFile(vfs, p) !== undefined,
    list: (p) => {
      try {
        return vfs.readdir(p);
      } catch {
        return [];
      }
    },
    readlink: (p) => vfs.readlink(p),
  });
  if (found === undefined) {
    notes.push(`systemd version not found in the image (no libsystemd-shared-NNN.so, no systemd store path): generators and implicit dependencies emulated as systemd ${DEFAULT_SYSTEMD_VERSION}; pass --systemd-version N if the image has another`);
    return undefined;
  }
  notes.push(`systemd ${show(found)} found in the image (${found.path.slice(1)}): generators and implicit dependencies emulated as that version`);
  return { version: found.version, ...(found.patch === undefined ? {} : { patch: found.patch }), from: found.path.slice(1) };
};

const statPath = (vfs: Vfs, path: string): PathStat | undefined => {
  if (!path.startsWith('/')) return undefined;
  let r;
  try {
    r = vfs.resolve(path); // memoised by the Vfs
  } catch {
    return undefined; // a link loop: ELOOP, as absent
  }
  const node = r.node;
  if (node === undefined || node.type === 'symlink') return undefined;
  if (node.type !== 'file') return { path: r.path, type: node.type };
  const mode = node.mode;
  return mode === undefined ? { path: r.path, type: 'file' } : { path: r.path, type: 'file', mode };
};

const defaultEnvironmentOf = (vfs: Vfs): { defaultEnvironment?: ReadonlyMap<string, string> } => {
  try {
    const conf = readSystemConf((path) => vfs.readText(path));
    return conf === undefined ? {} : { defaultEnvironment: conf.defaultEnvironment };
  } catch {
    return {}; // unreadable (a link loop): as absent
  }
};

/**
 * A configuration file the generators read (fstab, crypttab, system.conf): bounded like a unit
 * file. Past the bound the run fails with one line naming it (reading on would cost gigabytes,
 * and emulating the generators without it would be a different boot).
 */
const readConfig = (vfs: Vfs, label: string, path: string): string | undefined => {
  const node = vfs.stat(path);
  if (node?.type !== 'file') return undefined;
  if (node.size > MAX_UNIT_FILE_BYTES) {
    throw new UnitgraphError('limit', `${rel(path)} is ${(node.size / 1024 / 1024).toFixed(1)} MiB, more than the ` +
      `${MAX_UNIT_FILE_BYTES / 1024 / 1024} MiB unitgraph reads of a configuration file`, { file: label });
  }
  if (node.dropped === true) {
    throw new UnitgraphError('malformed', `${rel(path)} resolves to a ${node.size}-byte member that is not configuration (its bytes were not kept ` +
      'while reading the archive): the generators cannot read it', { file: label });
  }
  return new TextDecoder().decode(node.read());
};

export const loadUnits = (source: Source, opts: LoadOptions = {}): UnitSet => {
  const notes = [...source.notes];
  let vfs = source.vfs;
  let generated: GeneratedTree | undefined;
  const diagnostics: Diagnostic[] = [];
  const systemdVersion = systemdVersionOf(source, opts, notes);
  const cmdline = opts.cmdline ?? source.cmdline?.text;
  if (source.cmdline !== undefined && source.unitDir === undefined && (opts.generators ?? true))
    notes.push(opts.cmdline !== undefined
      ? `kernel command line: the one given with --cmdline (${source.cmdline.from} not used)`
      : `kernel command line from ${source.cmdline.from}: ${source.cmdline.text}`);
  if (source.unitDir === undefined && (opts.generators ?? true)) {
    const read = (path: string): string | undefined => readConfig(vfs, source.label, path);
    const paths = nixosSystemdPaths((path) => vfs.readlink(path));
    generated = runGenerators({
      initrd: source.initrd,
      read,
      isFile: (path: string) => probeFile(vfs, path) !== undefined,
      env: new Map(), // empty: the generators read /etc/systemd/system.conf themselves
      // the version is said in the notes above, once (the generators then say nothing of it)
      systemdVersion: systemdVersion?.version ?? DEFAULT_SYSTEMD_VERSION,
      ...(systemdVersion?.patch === undefined ? {} : { systemdPatch: systemdVersion.patch }),
      ...(cmdline === undefined ? {} : { cmdline }),
      ...(paths === undefined ? {} : { paths }),
    });
    notes.push(...generated.notes);
    diagnostics.push(...generated.diagnostics);
    const out = new MapRawFs(generated.files, generated.links);
    vfs = vfs.withMounts([{ prefix: GENERATOR_DIR, fs: out }, { prefix: GENERATOR_EARLY_DIR, fs: out }]);
  }
  const searchPath = source.unitDir !== undefined ? [source.unitDir] : computeSearchPath(vfs);
  const map = buildNameMap(vfs, searchPath);
  const loader = new Loader(vfs, searchPath, map, generated);
  loader.loadAll();
  if (source.initrd && generated !== undefined && cmdline === undefined) assumeRootFromCmdline(loader, notes);
  else if (source.initrd && generated?.rootElsewhere !== undefined) assumeRootFromCmdline(loader, notes, generated.rootElsewhere);
  diagnostics.push(...loader.diagnostics);
  loader.forgetParsed();
  const owners = new Set<string>();
  for (const d of map.dirs) {
    const m = /^(.+)\.(wants|requires|upholds)$/.exec(basename(d));
    if (m !== null && parseUnitName(m[1] as string) !== undefined) owners.add(m[1] as string);
  }
  const dependencyDirOwners = [...owners].sort();
  vfs.forgetResolved();
  source.vfs.forgetResolved();
  for (const path of map.invalid)
    diagnostics.push({ code: 'invalid-unit-name', severity: 'warning', file: rel(path), message: `${basename(path)} is not a valid unit name; systemd skips this file` });
  return {
    source: source.label,
    sourceKind: source.kind,
    initrd: source.initrd,
    searchPath: searchPath.map(rel),
    units: loader.units,
    aliases: loader.aliases,
    diagnostics,
    notes,
    dependencyDirOwners,
    ...(systemdVersion === undefined ? {} : { systemdVersion }),
    defaultTarget: generated?.defaultUnit ?? (source.initrd ? 'initrd.target' : 'default.target'),
    lookup: (name: string) => loader.lookup(name),
    readScript: scriptReader(vfs),
    statPath: (path: string) => statPath(vfs, path),
    ...defaultEnvironmentOf(vfs),
  };
};

