/**
 * `loadUnits`: a Source → systemd's merged unit set. Emulates the generators, builds the name
 * map over the search path, then for each unit its fragment, drop-ins, `.wants/`, `.requires/`,
 * `.upholds/` links, aliases and masks (src/core/load-fragment.c, load-dropin.c,
 * src/shared/unit-file.c, dropin.c). Units named only by others are made on demand by
 * `UnitSet.lookup` (instances from their template, or `referenced` units with no file).
 */
import type { Source } from '../source/open-source.js';
import { basename, joinPath, type Vfs } from '../source/vfs.js';
import { MapRawFs } from '../source/mount-fs.js';
import { FATAL_DIAGNOSTIC_CODES, parseUnitFile } from '../unit-file/lexer.js';
import { escapePath } from './escape.js';
import { lastValue } from './unit-values.js';
import type { Diagnostic, Directive, ParsedUnitFile, Unit, UnitSet, WantsLink } from '../types.js';
import { runGenerators, type GeneratedTree } from './generators/index.js';
import { buildNameMap, resolveName, type NameMap } from './name-map.js';
import { dropinDirs, listDropinFiles } from './dropins.js';
import { computeSearchPath, GENERATOR_DIR } from './search-path.js';
import { parseUnitName, templateOf, withInstance } from './unit-name.js';

export interface LoadOptions {
  /** Emulate the generators (default true for initrds and roots). */
  generators?: boolean;
  /** Kernel command line to assume for the generators. */
  cmdline?: string;
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

class Loader {
  readonly units = new Map<string, Unit>();
  readonly aliases = new Map<string, string>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly parsed = new Map<string, ParsedUnitFile>();
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
      const bytes = this.vfs.readFile(path) ?? new Uint8Array();
      p = parseUnitFile(bytes, rel(path));
      this.parsed.set(path, p);
      this.diagnostics.push(...p.diagnostics);
    }
    return p;
  }

  private isGenerated(path: string): boolean {
    return path.startsWith(GENERATOR_DIR + '/') && this.generatedPaths.has(path);
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

  private makeUnit(name: string, fragment: string | undefined): Unit {
    const p = parseUnitName(name);
    const r = fragment === undefined ? undefined : this.vfs.resolve(fragment);
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
      ...(generated ? { generator: fragment.includes('cryptsetup') ? 'systemd-cryptsetup-generator' : 'systemd-fstab-generator' } : {}),
    };
    this.units.set(name, unit);
    this.applyDropins(unit);
    const loadError = this.loadError(unit);
    if (loadError !== undefined) unit.loadError = loadError;
    return unit;
  }

  /** What makes systemd refuse the unit (unit_load() failing with a bad setting). */
  private loadError(unit: Unit): string | undefined {
    if (unit.file !== null && !unit.masked) {
      const fatal = this.parse('/' + unit.file).diagnostics.find((d) => FATAL_DIAGNOSTIC_CODES.has(d.code));
      if (fatal !== undefined) return `${fatal.file ?? unit.file}:${fatal.line ?? '?'}: ${fatal.message}`;
    }
    if (unit.type === 'mount' && unit.origin !== 'referenced') {
      // mount_verify(): "Where= setting doesn't match unit name. Refusing."
      const where = lastValue(unit, 'Mount', 'Where');
      if (where !== undefined && `${escapePath(where) ?? ''}.mount` !== unit.name) return `Where=${where} does not match the unit name`;
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
    if (unit.origin === 'referenced' && dropins.some((d) => this.isGenerated(d))) unit.generator ??= 'generator drop-in';
  }

  private wantsLinks(unit: Unit, names: string[]): WantsLink[] {
    const out: WantsLink[] = [];
    const kinds = [['Wants', '.wants'], ['Requires', '.requires'], ['Upholds', '.upholds']] as const;
    for (const [kind, suffix] of kinds) {
      for (const path of listDropinFiles(this.vfs, dropinDirs(this.map, this.searchPath, names, suffix), undefined)) {
        let entry = basename(path);
        const file = rel(path);
        if (this.vfs.lstat(path)?.type !== 'symlink') {
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
const assumeRootFromCmdline = (loader: Loader, notes: string[]): void => {
  const existing = loader.units.get('sysroot.mount');
  if (existing !== undefined && existing.origin !== 'referenced') return;
  const unit = loader.lookup('sysroot.mount');
  if (unit === undefined) return;
  unit.origin = 'generator';
  unit.assumed = true;
  unit.generator = 'kernel command line root= (assumed; its settings are unknown without --cmdline)';
  notes.push('sysroot.mount is assumed to come from root= on the kernel command line at boot; pass --cmdline "root=..." to emulate it');
};

export const loadUnits = (source: Source, opts: LoadOptions = {}): UnitSet => {
  const notes = [...source.notes];
  let vfs = source.vfs;
  let generated: GeneratedTree | undefined;
  const diagnostics: Diagnostic[] = [];
  if (source.unitDir === undefined && (opts.generators ?? true)) {
    const read = (path: string): string | undefined => vfs.readText(path);
    generated = runGenerators({
      initrd: source.initrd,
      read,
      isFile: (path: string) => vfs.stat(path)?.type === 'file',
      env: new Map(), // empty: the generators read /etc/systemd/system.conf themselves
      ...(opts.cmdline === undefined ? {} : { cmdline: opts.cmdline }),
    });
    notes.push(...generated.notes);
    diagnostics.push(...generated.diagnostics);
    vfs = vfs.withMounts([{ prefix: GENERATOR_DIR, fs: new MapRawFs(generated.files, generated.links) }]);
  }
  const searchPath = source.unitDir !== undefined ? [source.unitDir] : computeSearchPath(vfs);
  const map = buildNameMap(vfs, searchPath);
  const loader = new Loader(vfs, searchPath, map, generated);
  loader.loadAll();
  if (source.initrd && generated !== undefined && opts.cmdline === undefined) assumeRootFromCmdline(loader, notes);
  diagnostics.push(...loader.diagnostics);
  return {
    source: source.label,
    sourceKind: source.kind,
    initrd: source.initrd,
    searchPath: searchPath.map(rel),
    units: loader.units,
    aliases: loader.aliases,
    diagnostics,
    notes,
    defaultTarget: source.initrd ? 'initrd.target' : 'default.target',
    lookup: (name: string) => loader.lookup(name),
  };
};

export { joinPath };
