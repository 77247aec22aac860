/**
 * The plain values the parse stage produces. `UnitSet` is what `loadUnits` returns and all later
 * stages consume; nothing here depends on graphology.
 */
export const UNIT_TYPES = [
  'service', 'socket', 'target', 'device', 'mount', 'automount', 'swap', 'timer', 'path', 'slice', 'scope',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/**
 * The section named after a unit type: 'service' → 'Service'. One string per type, made once: a
 * section compared against it then meets the same (pooled) string, not a fresh copy per call.
 */
const TYPE_SECTIONS: ReadonlyMap<string, string> = new Map(UNIT_TYPES.map((t) => [t, t.charAt(0).toUpperCase() + t.slice(1)]));
export const typeSection = (type: UnitType): string => TYPE_SECTIONS.get(type) ?? type.charAt(0).toUpperCase() + type.slice(1);

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** A problem in the input that did not stop the job (skipped line, bad link, ...). */
export interface Diagnostic {
  readonly code: string; // e.g. 'invalid-utf8', 'line-too-long', 'dangling-link'
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}

/** One `Key=value` assignment, after continuation lines are joined. */
export interface Directive {
  readonly section: string; // without brackets, e.g. "Unit", "Service", "X-Foo"
  readonly key: string;
  readonly value: string; // raw value, leading/trailing whitespace stripped; "" is a reset
  readonly file: string; // path inside the source
  readonly line: number; // 1-based line of the key
}

export interface ParsedUnitFile {
  readonly file: string;
  readonly sections: readonly string[];
  readonly directives: readonly Directive[];
  readonly diagnostics: readonly Diagnostic[];
}

export type UnitOrigin = 'file' | 'generator' | 'referenced';

/** A `.wants/`, `.requires/` or `.upholds/` link: `owner` pulls in `unit`. */
export interface WantsLink {
  readonly kind: 'Wants' | 'Requires' | 'Upholds';
  readonly unit: string; // the link's name (an instance name for template links)
  readonly file: string; // the link's path inside the source
}

export interface Unit {
  readonly name: string;
  readonly type: UnitType;
  origin: UnitOrigin;
  /** Path of the fragment inside the source as found on the search path; null if none. */
  file: string | null;
  /** Where `file` resolves to after following symlinks (inside the source root). */
  realFile: string | null;
  masked: boolean;
  /** Other names of this unit (symlinks with another name to the same fragment). */
  aliases: string[];
  /** Drop-in files in the order systemd applies them. */
  dropins: string[];
  /** Fragment directives followed by drop-in directives, in application order. */
  directives: Directive[];
  /** `.wants/`, `.requires/`, `.upholds/` entries of this unit and its aliases. */
  wantsLinks: WantsLink[];
  /** For `foo@bar.service`: template `foo@.service`, instance `bar`. */
  template?: string;
  instance?: string;
  /** For generated units: which generator made it and why. */
  generator?: string;
  /**
   * Made at boot from input unitgraph cannot see (root= on the kernel command line): the unit
   * exists, but its settings, and so its own dependencies, are unknown and not invented.
   */
  assumed?: boolean;
  /**
   * Why systemd refuses to load this unit (load state "bad-setting"), e.g. a mount whose Where=
   * does not match its name, or a fragment systemd stops reading (invalid UTF-8, overlong line).
   */
  loadError?: string;
  /**
   * What kind of failure `loadError` is: 'parse' (the fragment cannot be read: invalid UTF-8, an
   * overlong line, ...; rule load-error), 'value' (a value whose parser returns an error, e.g. an
   * ExecStart= that is neither an absolute path nor a file name; rule invalid-value), 'verify' (the
   * per-type check after loading, e.g. a service without ExecStart=; rule unit-refused), 'name'
   * (Where= not matching the unit name; rule device-name-mismatch), 'unseen' (the unit file resolves
   * to an archive member whose bytes unitgraph did not keep: unitgraph, not systemd, cannot read
   * it; rule load-error).
   */
  loadErrorKind?: 'parse' | 'value' | 'verify' | 'name' | 'unseen';
}

/** What a path inside the source is, after every symlink on it is resolved inside the source root. */
export interface PathStat {
  /** The resolved absolute path. */
  readonly path: string;
  readonly type: 'file' | 'dir' | 'other';
  /** Permission bits (0o7777) of a regular file where the source records them; absent where unknown. */
  readonly mode?: number;
}

export type SourceKind = 'initrd' | 'root' | 'unit-dir' | 'nixos';

export interface UnitSet {
  readonly source: string; // as the user named it
  readonly sourceKind: SourceKind;
  /** True when the tree is an initrd (initrd archive, or a root with etc/initrd-release). */
  readonly initrd: boolean;
  /** Directories of the unit search path that exist, in priority order. */
  readonly searchPath: readonly string[];
  /** All units by name, including aliases' canonical units only (aliases map below). */
  readonly units: Map<string, Unit>;
  /** alias name → canonical unit name */
  readonly aliases: Map<string, string>;
  readonly diagnostics: Diagnostic[];
  /** Notes on what was emulated and what could not be (shown by the CLI). */
  readonly notes: string[];
  /**
   * The systemd version the image carries (found in it, or given with --systemd-version): the
   * generators and the implicit/default dependencies follow it. Absent when unknown (then 256 is
   * emulated, and a note says so).
   */
  readonly systemdVersion?: { readonly version: number; readonly patch?: number; readonly from: string };
  /**
   * Names that own a `.wants/`, `.requires/` or `.upholds/` directory on the search path (what
   * `WantedBy=X` / `RequiredBy=X` made), sorted. X may be named nowhere else, and a misspelt X
   * (a device typed with `-` for `\x2d`) is then never started: checks look at these names too.
   */
  readonly dependencyDirOwners?: readonly string[];
  /** The default target for this source (initrd.target or default.target). */
  readonly defaultTarget: string;
  /**
   * The unit of a name as systemd would load it when something references it: an existing unit
   * (also through an alias), an instance made from its template, or a `referenced` unit with no
   * file (it still gets the `.wants/`/`.requires/` links and drop-ins named after it). Adds the
   * unit to `units`. Undefined for invalid names.
   */
  readonly lookup: (name: string) => Unit | undefined;
  /**
   * The text of a script inside the source (an absolute path, links resolved inside the source
   * root): a regular file of at most 64 KiB that starts with `#!`. Undefined for anything else
   * (a binary, a missing file). Checks read what a unit's ExecStart= runs through this.
   */
  readonly readScript?: (path: string) => string | undefined;
  /**
   * What an absolute path is inside the source (links resolved inside the source root, as
   * execve(2) and open(2) would resolve them there); undefined when it does not exist, is not
   * absolute, or its links loop (ELOOP). Metadata only: never reads a file's bytes. Memoised.
   */
  readonly statPath?: (path: string) => PathStat | undefined;
  /**
   * The manager's DefaultEnvironment= from the image's /etc/systemd/system.conf (the environment
   * every unit starts with, PATH included), when the file sets it; undefined without the file.
   */
  readonly defaultEnvironment?: ReadonlyMap<string, string>;
}

export const unitTypeOf = (name: string): UnitType | undefined => {
  const dot = name.lastIndexOf('.');
  const suffix = dot < 0 ? '' : name.slice(dot + 1);
  return (UNIT_TYPES as readonly string[]).includes(suffix) ? (suffix as UnitType) : undefined;
};
