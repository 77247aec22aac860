#!/usr/bin/env node
/**
 * Builds src/parse/unit-file/directives-data.ts from systemd's unit-file parser tables.
 *
 * systemd's src/core/load-fragment-gperf.gperf.m4 (up to v248) or .gperf.in (v249 on) lists every
 * `Section.Key` the service manager accepts, and src/shared/install.c lists the [Install] keys that
 * `systemctl enable` reads. This script reads those files for each version, extracts only the
 * section and key names (plus whether systemd marks a key as legacy), and prints a TypeScript module.
 * systemd's own files are input only: they are never copied into this repository.
 *
 * With --values-out it also writes src/parse/unit-file/value-data.ts: for the value grammars
 * unitgraph checks (invalid-value), which keys each of systemd's parser functions reads
 * (config_parse_bool, config_parse_sec, ...) in the newest version, and the words each enum parser
 * accepts (the string tables of service.c, kill.c, execute.c, job.c, ...) with the versions that
 * accept each word. That needs --git (the tables are found with git grep at each tag).
 *
 * Usage:
 *   node scripts/extract-directives.mjs --git DIR [--tags v245,...,v257] [--out FILE] [--values-out FILE]
 *       reads the files with `git show TAG:PATH` from a systemd clone (any that has the tags)
 *   node scripts/extract-directives.mjs [--out FILE] 245=gperf-file[,install.c] 246=... ...
 *       reads the files given for each version
 * Without --out the module is printed on stdout.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const ENTRY = /^\s*`?\s*(\$1|\{\{\s*type\s*\}\}|[A-Z][A-Za-z0-9]*)\.([A-Za-z0-9_-]+)\s*,\s*([A-Za-z0-9_]+)\s*,\s*([^,]*?)\s*,\s*(.*?)\s*$/;
const M4_DEFINE = /^m4_define\(`([A-Z_]+)'/;
const M4_END = /^\)m4_dnl/;
const M4_CALL = /^([A-Z_]+)\((\w+)\)m4_dnl/;
const J2_MACRO = /^\{%-?\s*macro\s+([A-Z_]+)\(\w+\)\s*-?%\}/;
const J2_END = /^\{%-?\s*endmacro\s*-?%\}/;
const J2_CALL = /^\{\{\s*([A-Z_]+)\('(\w+)'\)\s*\}\}/;
const LEGACY_NOTE = /legacy alias|only exists? for compatibility/i;
const COUNT_WORDS = { is: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8 };

/** @returns {Map<string, {section: string, key: string, legacy?: string}>} keyed by "Section.Key" */
export function extractGperf(text) {
  const lines = text.split('\n');
  const macros = new Map(); // name -> entries with section "$1"
  const out = new Map();
  let inBody = false;
  let macro = null; // entries being collected
  let legacyLeft = 0;

  const add = (target, section, key, handler, ltype, offset) => {
    let legacy;
    if (handler === 'config_parse_warn_compat' && ltype === 'DISABLED_LEGACY') legacy = 'removed';
    else if (/^config_parse_obsolete/.test(handler)) legacy = 'obsolete';
    else if (legacyLeft > 0) legacy = 'alias';
    if (legacyLeft > 0) legacyLeft--;
    // where the value goes: offsetof(Service, x) and offsetof($1, x) name the same field for every section
    const where = (offset ?? '').replace(/offsetof\(\s*[\w${}\s]+,/, 'offsetof(T,');
    const field = where !== '' && where !== '0' ? where : `${handler.replace(/^config_parse_obsolete_/, 'config_parse_')}|${ltype}`;
    target.push({ section, key, handler, field, ...(legacy ? { legacy } : {}) });
  };

  const put = (e) => {
    const id = `${e.section}.${e.key}`;
    const prev = out.get(id);
    // A key listed twice (build-option branches) keeps the legacy mark of its real handler.
    if (!prev || (prev.legacy && !e.legacy)) out.set(id, e);
  };

  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (!inBody) {
      if (line.trim() === '%%') inBody = true;
      // The macros of the .in files come before the first %%; they are parsed below too.
      if (!J2_MACRO.test(line) && macro === null) continue;
    }
    const comment = /^m4_dnl\s*(.*)$/.exec(line) ?? /^\{#\s*(.*?)\s*#\}$/.exec(line);
    if (comment) {
      const note = comment[1] ?? '';
      if (LEGACY_NOTE.test(note)) {
        const m = /following\s+(\w+)/i.exec(note);
        legacyLeft = (m && COUNT_WORDS[m[1].toLowerCase()]) || 1;
      }
      continue;
    }
    let m;
    if ((m = M4_DEFINE.exec(line) ?? J2_MACRO.exec(line))) {
      macro = [];
      macros.set(m[1], macro);
      continue;
    }
    if (macro !== null) {
      const e = ENTRY.exec(line);
      if (e) add(macro, '$1', e[2], e[3], e[4], e[5]);
      if (J2_END.test(line) || M4_END.test(line)) macro = null;
      continue;
    }
    if ((m = M4_CALL.exec(line) ?? J2_CALL.exec(line))) {
      const body = macros.get(m[1]);
      if (!body) throw new Error(`unknown macro ${m[1]}`);
      for (const e of body) put({ ...e, section: m[2] });
      continue;
    }
    const e = ENTRY.exec(line);
    if (e && !e[1].startsWith('$') && !e[1].startsWith('{')) {
      const list = [];
      add(list, e[1], e[2], e[3], e[4], e[5]);
      put(list[0]);
    }
  }
  return out;
}

/** The [Install] keys of src/shared/install.c: `{ "Install", "Alias", ... }`. */
export function extractInstall(text) {
  const out = new Map();
  for (const m of text.matchAll(/\{\s*"Install"\s*,\s*"([A-Za-z]+)"\s*,/g)) {
    out.set(`Install.${m[1]}`, { section: 'Install', key: m[1] });
  }
  return out;
}

function gitShow(dir, tag, path) {
  return execFileSync('git', ['--git-dir', dir, 'show', `${tag}:${path}`], { encoding: 'utf8', maxBuffer: 1 << 26 });
}

function gitFind(dir, tag) {
  const names = execFileSync('git', ['--git-dir', dir, 'ls-tree', '--name-only', tag, 'src/core/'], { encoding: 'utf8' })
    .split('\n')
    .filter((n) => /load-fragment-gperf\.gperf\.(m4|in)$/.test(n));
  if (names.length !== 1) throw new Error(`${tag}: no single load-fragment gperf file`);
  return names[0];
}

function parseArgs(argv) {
  const opts = { git: undefined, tags: undefined, out: undefined, valuesOut: undefined, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--git') opts.git = argv[++i];
    else if (a === '--tags') opts.tags = argv[++i].split(',');
    else if (a === '--out') opts.out = argv[++i];
    else if (a === '--values-out') opts.valuesOut = argv[++i];
    else if (/^\d+=/.test(a)) {
      const [v, list] = a.split('=');
      const [gperf, install] = list.split(',');
      opts.files.push({ version: Number(v), gperf, install });
    } else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

function loadVersions(opts) {
  const versions = [];
  if (opts.git) {
    const tags = opts.tags ?? Array.from({ length: 13 }, (_, i) => `v${245 + i}`);
    for (const tag of tags) {
      const gperfPath = gitFind(opts.git, tag);
      versions.push({
        version: Number(tag.replace(/^v/, '')),
        tag,
        source: `${tag}:${gperfPath}`,
        entries: new Map([
          ...extractGperf(gitShow(opts.git, tag, gperfPath)),
          ...extractInstall(gitShow(opts.git, tag, 'src/shared/install.c')),
        ]),
      });
    }
  }
  for (const f of opts.files) {
    const entries = extractGperf(readFileSync(f.gperf, 'utf8'));
    if (f.install) for (const [k, v] of extractInstall(readFileSync(f.install, 'utf8'))) if (!entries.has(k)) entries.set(k, v);
    versions.push({ version: f.version, source: f.gperf, entries });
  }
  if (versions.length === 0) throw new Error('no input: give --git DIR or VERSION=FILE arguments');
  return versions.sort((a, b) => a.version - b.version);
}

export function buildTable(versions) {
  const all = versions.map((v) => v.version);
  const table = new Map(); // section -> key -> {since, until, legacy, gaps}
  for (const { version, entries } of versions) {
    for (const e of entries.values()) {
      let keys = table.get(e.section);
      if (!keys) table.set(e.section, (keys = new Map()));
      const cur = keys.get(e.key) ?? { versions: [] };
      cur.versions.push(version);
      if (e.legacy) cur.legacy = e.legacy;
      else if (version === all[all.length - 1]) delete cur.legacy;
      keys.set(e.key, cur);
    }
  }
  for (const keys of table.values()) {
    for (const info of keys.values()) {
      const vs = info.versions;
      const first = all.indexOf(vs[0]);
      const contiguous = vs.every((v, i) => all[first + i] === v);
      info.since = vs[0];
      info.until = vs[vs.length - 1];
      if (!contiguous) info.only = vs;
    }
  }
  // A legacy key's replacement: the current key of the newest version that fills the same field.
  const replacements = new Map();
  const newest = versions[versions.length - 1];
  const current = [...newest.entries.values()].filter((e) => !e.legacy && e.field);
  for (const e of newest.entries.values()) {
    if (!e.legacy || e.legacy === 'removed' || !e.field) continue;
    const same = current.filter((c) => c.field === e.field);
    const pick = same.find((c) => c.section === e.section) ?? same.find((c) => c.section === 'Unit') ?? same[0];
    if (pick) replacements.set(`${e.section}.${e.key}`, `${pick.section}.${pick.key}`);
  }
  return { table, all, replacements };
}

export function renderModule({ table, all, replacements }, sources) {
  const sectionOrder = ['Unit', 'Install', 'Service', 'Socket', 'Mount', 'Automount', 'Swap', 'Timer', 'Path', 'Slice', 'Scope'];
  const sections = [...table.keys()].sort((a, b) => {
    const ia = sectionOrder.indexOf(a);
    const ib = sectionOrder.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const first = all[0];
  const last = all[all.length - 1];
  const lines = [];
  lines.push('/**');
  lines.push(' * GENERATED by scripts/extract-directives.mjs: do not edit by hand, regenerate instead.');
  lines.push(` * The unit-file keys systemd v${first}..v${last} accepts, by section, extracted (names only) from`);
  lines.push(' * src/core/load-fragment-gperf.gperf.{m4,in} and src/shared/install.c at these tags:');
  for (const s of sources) lines.push(` *   ${s}`);
  lines.push(' * Each entry: [first version, last version] and, where systemd marks it, a legacy note:');
  lines.push(" * 'removed' (accepted with a warning and ignored), 'obsolete' (warns, still applied),");
  lines.push(" * 'alias' (an old name kept for compatibility). `only` lists versions when they have a gap.");
  lines.push(' */');
  lines.push('');
  lines.push(`export const FIRST_VERSION = ${first};`);
  lines.push(`export const LAST_VERSION = ${last};`);
  lines.push('');
  lines.push("export type LegacyNote = 'removed' | 'obsolete' | 'alias';");
  lines.push('export type DirectiveSpan = readonly [since: number, until: number, legacy?: LegacyNote | undefined, only?: readonly number[]];');
  lines.push('');
  lines.push('export const DIRECTIVES: Readonly<Record<string, Readonly<Record<string, DirectiveSpan>>>> = {');
  for (const section of sections) {
    const keys = table.get(section);
    lines.push(`  ${section}: {`);
    for (const key of [...keys.keys()].sort()) {
      const i = keys.get(key);
      const parts = [i.since, i.until];
      if (i.legacy || i.only) parts.push(i.legacy ? `'${i.legacy}'` : 'undefined');
      if (i.only) parts.push(`[${i.only.join(', ')}]`);
      lines.push(`    ${/^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`}: [${parts.join(', ')}],`);
    }
    lines.push('  },');
  }
  lines.push('};');
  lines.push('');
  lines.push(`/** A legacy key → the current key of v${last} that sets the same thing ("Section.Key"). */`);
  lines.push('export const REPLACEMENTS: Readonly<Record<string, string>> = {');
  for (const [k, v] of [...(replacements ?? new Map())].sort()) lines.push(`  '${k}': '${v}',`);
  lines.push('};');
  lines.push('');
  return lines.join('\n');
}

/**
 * The parser functions whose grammar src/parse/unit-file/value-grammar.ts implements. Only keys
 * read by one of these are listed in value-data.ts; every other key's value is not checked.
 */
export const GRAMMARS = [
  'bool', 'tristate', 'sec', 'sec_fix_0', 'sec_def_infinity', 'sec_def_unset', 'service_timeout', 'job_timeout_sec',
  'job_running_timeout_sec', 'unsigned', 'mode', 'unit_deps', 'exec', 'unit_path_printf', 'environ',
  'exec_output', 'exec_input', 'emergency_action', 'kill_mode', 'timer', 'path_spec',
];

/** Parsers written by hand in load-fragment.c that look their word up in a string table. */
const CUSTOM_ENUMS = { kill_mode: 'kill_mode', emergency_action: 'emergency_action', exec_output: 'exec_output', exec_input: 'exec_input' };
const ENUM_DEF = /DEFINE_CONFIG_PARSE_ENUM\(\s*config_parse_(\w+)\s*,\s*(\w+)\s*,/g;

const gitGrepFiles = (dir, tag, pattern) => {
  try {
    return execFileSync('git', ['--git-dir', dir, 'grep', '-l', '-E', pattern, tag, '--', 'src'], { encoding: 'utf8' })
      .split('\n').filter(Boolean).map((l) => l.slice(tag.length + 1));
  } catch {
    return [];
  }
};

/** The words of `static const char* const NAME_table[...] = { [X] = "word", ... };` in `text`. */
export function extractStringTable(text, name) {
  const start = new RegExp(`\\b${name}_table\\[[^\\]]*\\]\\s*=\\s*\\{`).exec(text);
  if (!start) return undefined;
  const body = text.slice(start.index + start[0].length, text.indexOf('};', start.index));
  const words = [...body.matchAll(/=\s*"([^"]*)"/g)].map((m) => m[1]);
  const boolean = new RegExp(`DEFINE_(?:PRIVATE_)?STRING_TABLE_LOOKUP_WITH_BOOLEAN\\(\\s*${name}\\s*,`).test(text);
  return { words, boolean };
}

/** handler → keys (newest version), enum handler → word → versions that accept it. */
export function buildValues(dir, versions) {
  const last = versions[versions.length - 1];
  const keysOf = new Map();
  for (const e of last.entries.values()) {
    const h = (e.handler ?? '').replace(/^config_parse_/, '');
    if (!GRAMMARS.includes(h) && !h.match(/^[a-z_]+$/)) continue;
    if (!keysOf.has(h)) keysOf.set(h, []);
    keysOf.get(h).push(`${e.section}.${e.key}`);
  }
  const enums = new Map(); // handler -> { words: Map<word, versions[]>, boolean }
  for (const v of versions) {
    const lf = gitShow(dir, v.tag, 'src/core/load-fragment.c');
    const tables = new Map(Object.entries(CUSTOM_ENUMS));
    for (const m of lf.matchAll(ENUM_DEF)) tables.set(m[1], m[2]);
    for (const [handler, name] of tables) {
      if (!keysOf.has(handler)) continue;
      for (const file of gitGrepFiles(dir, v.tag, `${name}_table\\[[^]]*\\] *= *\\{`)) {
        const t = extractStringTable(gitShow(dir, v.tag, file), name);
        if (!t) continue;
        const cur = enums.get(handler) ?? { words: new Map(), boolean: false, table: name };
        for (const w of t.words) cur.words.set(w, [...(cur.words.get(w) ?? []), v.version]);
        if (t.boolean) cur.boolean = true;
        enums.set(handler, cur);
        break;
      }
    }
  }
  return { keysOf, enums, first: versions[0].version, last: last.version };
}

export function renderValues({ keysOf, enums, first, last }, tags) {
  const lines = [];
  lines.push('/**');
  lines.push(' * GENERATED by scripts/extract-directives.mjs --values-out: do not edit by hand, regenerate instead.');
  lines.push(` * Which parser function of systemd v${last} reads each key (src/core/load-fragment-gperf.gperf.in), for`);
  lines.push(' * the grammars value-grammar.ts implements, and the words each enum parser accepts, from the');
  lines.push(` * string tables of systemd's sources at ${tags[0]}..${tags[tags.length - 1]}, with the first and last version accepting each.`);
  lines.push(' */');
  lines.push('');
  lines.push('/** parser (config_parse_ prefix dropped) → "Section.Key" it reads. */');
  lines.push('export const PARSER_KEYS: Readonly<Record<string, readonly string[]>> = {');
  const enumHandlers = [...enums.keys()];
  for (const h of [...keysOf.keys()].sort()) {
    if (!GRAMMARS.includes(h) && !enumHandlers.includes(h)) continue;
    lines.push(`  ${h}: [${keysOf.get(h).sort().map((k) => `'${k}'`).join(', ')}],`);
  }
  lines.push('};');
  lines.push('');
  lines.push('export interface EnumGrammar {');
  lines.push('  /** systemd\'s string table the parser looks the word up in. */');
  lines.push('  readonly table: string;');
  lines.push('  /** word → [first version, last version] accepting it. */');
  lines.push('  readonly words: Readonly<Record<string, readonly [number, number]>>;');
  lines.push('  /** The table is looked up WITH_BOOLEAN: yes/no/true/... are accepted too. */');
  lines.push('  readonly boolean: boolean;');
  lines.push('}');
  lines.push('');
  lines.push(`export const VALUES_FIRST_VERSION = ${first};`);
  lines.push(`export const VALUES_LAST_VERSION = ${last};`);
  lines.push('');
  lines.push('export const ENUMS: Readonly<Record<string, EnumGrammar>> = {');
  for (const h of enumHandlers.sort()) {
    const e = enums.get(h);
    lines.push(`  ${h}: {`);
    lines.push(`    table: '${e.table}',`);
    lines.push(`    boolean: ${e.boolean},`);
    lines.push('    words: {');
    for (const [w, vs] of [...e.words].sort((a, b) => a[0].localeCompare(b[0]))) {
      lines.push(`      '${w}': [${vs[0]}, ${vs[vs.length - 1]}],`);
    }
    lines.push('    },');
    lines.push('  },');
  }
  lines.push('};');
  lines.push('');
  return lines.join('\n');
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const opts = parseArgs(process.argv.slice(2));
  const versions = loadVersions(opts);
  const built = buildTable(versions);
  const text = renderModule(built, versions.map((v) => v.source));
  if (opts.out) writeFileSync(opts.out, text);
  else process.stdout.write(text);
  if (opts.valuesOut) {
    if (!opts.git) throw new Error('--values-out needs --git');
    writeFileSync(opts.valuesOut, renderValues(buildValues(opts.git, versions), versions.map((v) => v.tag)));
  }
  for (const [section, keys] of built.table) process.stderr.write(`${section}: ${keys.size}\n`);
}
