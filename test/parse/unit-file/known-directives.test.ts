import { describe, it, expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UnitType } from '../../../src/parse/types.js';
import { UNIT_TYPES } from '../../../src/parse/types.js';
import { DIRECTIVES } from '../../../src/parse/unit-file/directives-data.js';
import {
  FIRST_VERSION, LAST_VERSION, lookupDirective, suggestKey,
} from '../../../src/parse/unit-file/known-directives.js';
import { parseUnitFile } from '../../../src/parse/unit-file/lexer.js';
import { skipTitle } from '../../helpers/skip.js';

describe('lookupDirective', () => {
  it.each([
    ['Service', 'ImportCredential', 'service', 254],
    ['Service', 'Delegate', 'service', 245],
    ['Unit', 'ConditionACPower', 'service', 245],
    ['Service', 'SuccessExitStatus', 'service', 245],
    ['Unit', 'RequiresMountsFor', 'mount', 245],
    ['Unit', 'Upholds', 'target', 249],
    ['Install', 'WantedBy', 'timer', 245],
    ['Install', 'UpheldBy', 'service', 254],
    ['Mount', 'What', 'mount', 245],
    ['Mount', 'Options', 'mount', 245],
    ['Socket', 'ListenStream', 'socket', 245],
    ['Socket', 'ExecStartPre', 'socket', 245],
    ['Swap', 'Priority', 'swap', 245],
    ['Timer', 'OnCalendar', 'timer', 245],
    ['Path', 'PathExists', 'path', 245],
    ['Automount', 'ExtraOptions', 'automount', 250],
    ['Slice', 'MemoryMax', 'slice', 245],
    ['Scope', 'OOMPolicy', 'scope', 253],
  ] as const)('[%s] %s= in a .%s is known since %i', (section, key, type, since) => {
    expect(lookupDirective(section, key, type)).toMatchObject({ status: 'known', since, until: LAST_VERSION });
  });

  it('gives the last version of keys systemd dropped in the range', () => {
    expect(lookupDirective('Unit', 'ConditionNull', 'service')).toEqual({ status: 'known', since: 245, until: 246 });
  });

  it('marks keys systemd accepts only for compatibility', () => {
    expect(lookupDirective('Service', 'Capabilities', 'service')).toMatchObject({ status: 'known', legacy: 'removed' });
    expect(lookupDirective('Unit', 'RequiresOverridable', 'service')).toMatchObject({ status: 'known', legacy: 'obsolete' });
    expect(lookupDirective('Service', 'StartLimitInterval', 'service')).toMatchObject({ status: 'known', legacy: 'alias' });
    expect(lookupDirective('Unit', 'StartLimitIntervalSec', 'service')).toEqual({ status: 'known', since: 245, until: LAST_VERSION });
  });

  it('reports unknown keys, with a suggestion for typos', () => {
    expect(lookupDirective('Unit', 'Afer', 'service')).toEqual({ status: 'unknown-key' });
    expect(suggestKey('Unit', 'Afer', 'service')).toBe('After');
    expect(suggestKey('Unit', 'after', 'service')).toBe('After');
    expect(suggestKey('Service', 'ExecStrat', 'service')).toBe('ExecStart');
    expect(suggestKey('Service', 'RemainAfterExt', 'service')).toBe('RemainAfterExit');
    expect(suggestKey('Unit', 'Wnats', 'service')).toBe('Wants');
    expect(suggestKey('Unit', 'After', 'service')).toBeUndefined();
    expect(suggestKey('Unit', 'CompletelyDifferent', 'service')).toBeUndefined();
  });

  it('matches keys case-sensitively, as systemd does', () => {
    expect(lookupDirective('Unit', 'after', 'service').status).toBe('unknown-key');
  });

  it('reports a known key in the wrong section, naming where it belongs', () => {
    expect(lookupDirective('Service', 'Before', 'service')).toEqual({ status: 'wrong-section', validSections: ['Unit'] });
    expect(lookupDirective('Unit', 'WantedBy', 'service')).toEqual({ status: 'wrong-section', validSections: ['Install'] });
    expect(lookupDirective('Unit', 'User', 'service')).toEqual({ status: 'wrong-section', validSections: ['Service'] });
    // What= belongs to no section a .service reads: all sections that know it are named.
    expect(lookupDirective('Service', 'What', 'service')).toEqual({ status: 'wrong-section', validSections: ['Mount', 'Swap'] });
    expect(suggestKey('Service', 'Before', 'service')).toBeUndefined();
  });

  it('ignores X- sections, and X- keys in any section systemd reads', () => {
    expect(lookupDirective('X-Foo', 'Anything', 'service')).toEqual({ status: 'ignored-section' });
    expect(lookupDirective('Service', 'X-Whatever', 'service')).toEqual({ status: 'known', extension: true });
  });

  it("treats another type's section as one systemd skips", () => {
    expect(lookupDirective('Mount', 'What', 'service')).toEqual({ status: 'unknown-section', validSections: ['Mount', 'Swap'] });
    expect(lookupDirective('Service', 'ExecStart', 'socket')).toEqual({ status: 'unknown-section', validSections: ['Service'] });
    expect(lookupDirective('Servce', 'Type', 'service')).toEqual({ status: 'unknown-section', validSections: ['Service'] });
    expect(lookupDirective('Target', 'Foo', 'target')).toEqual({ status: 'unknown-key' });
  });

  it('has the shape the extraction promises', () => {
    expect(FIRST_VERSION).toBe(245);
    expect(LAST_VERSION).toBe(257);
    expect(Object.keys(DIRECTIVES.Install ?? {}).sort()).toEqual(['Alias', 'Also', 'DefaultInstance', 'RequiredBy', 'UpheldBy', 'WantedBy']);
    for (const keys of Object.values(DIRECTIVES)) {
      for (const [since, until] of Object.values(keys)) {
        expect(since).toBeGreaterThanOrEqual(FIRST_VERSION);
        expect(until).toBeLessThanOrEqual(LAST_VERSION);
        expect(since).toBeLessThanOrEqual(until);
      }
    }
    // The exec, kill and cgroup contexts are expanded into the types that include them.
    for (const s of ['Service', 'Socket', 'Mount', 'Swap']) expect(DIRECTIVES[s]?.['ExecSearchPath']).toBeDefined();
    for (const s of ['Service', 'Socket', 'Mount', 'Swap', 'Scope']) expect(DIRECTIVES[s]?.['KillMode']).toBeDefined();
    for (const s of ['Service', 'Socket', 'Mount', 'Swap', 'Scope', 'Slice']) expect(DIRECTIVES[s]?.['MemoryMax']).toBeDefined();
    expect(DIRECTIVES.Slice?.['KillMode']).toBeUndefined();
    expect(DIRECTIVES.Scope?.['User']).toBeUndefined();
  });
});

describe('scripts/extract-directives.mjs', () => {
  interface Entry { section: string; key: string; legacy?: string }
  interface Extractor {
    extractGperf(text: string): Map<string, Entry>;
    extractInstall(text: string): Map<string, Entry>;
    buildTable(versions: Array<{ version: number; entries: Map<string, Entry> }>): { replacements: Map<string, string> };
    extractStringTable(text: string, name: string): { words: string[]; boolean: boolean } | undefined;
  }
  const load = async (): Promise<Extractor> => {
    const path = new URL('../../../scripts/extract-directives.mjs', import.meta.url).href;
    return (await import(path)) as Extractor;
  };

  it('expands the context macros of an m4-era table (names made up here)', async () => {
    const { extractGperf } = await load();
    const m4 = [
      '%{', '#include "x.h"', '%}', '%%',
      "m4_define(`EXEC_CONTEXT_CONFIG_ITEMS',",
      '`$1.WorkingDirectory,   config_parse_working_directory, 0, 0',
      "m4_ifdef(`HAVE_SECCOMP',",
      '`$1.SystemCallFilter,   config_parse_syscall_filter, 0, 0\',',
      '`$1.SystemCallFilter,   config_parse_warn_compat, DISABLED_CONFIGURATION, 0\')',
      '$1.Capabilities,        config_parse_warn_compat, DISABLED_LEGACY, 0\'',
      ')m4_dnl',
      'Unit.Description,       config_parse_unit_string_printf, 0, 0',
      'm4_dnl The following is a legacy alias name for compatibility',
      'Unit.BindTo,            config_parse_unit_deps, UNIT_BINDS_TO, 0',
      'Unit.BindsTo,           config_parse_unit_deps, UNIT_BINDS_TO, 0',
      'EXEC_CONTEXT_CONFIG_ITEMS(Service)m4_dnl',
      'EXEC_CONTEXT_CONFIG_ITEMS(Socket)m4_dnl',
      'Install.Alias,          NULL, 0, 0',
    ].join('\n');
    const got = [...extractGperf(m4).values()].map(({ section, key, legacy }) => ({ section, key, ...(legacy === undefined ? {} : { legacy }) }));
    expect(got).toEqual([
      { section: 'Unit', key: 'Description' },
      { section: 'Unit', key: 'BindTo', legacy: 'alias' },
      { section: 'Unit', key: 'BindsTo' },
      { section: 'Service', key: 'WorkingDirectory' },
      { section: 'Service', key: 'SystemCallFilter' },
      { section: 'Service', key: 'Capabilities', legacy: 'removed' },
      { section: 'Socket', key: 'WorkingDirectory' },
      { section: 'Socket', key: 'SystemCallFilter' },
      { section: 'Socket', key: 'Capabilities', legacy: 'removed' },
      { section: 'Install', key: 'Alias' },
    ]);
  });

  it('expands the context macros of a jinja-era table, and reads install.c', async () => {
    const { extractGperf, extractInstall } = await load();
    const j2 = [
      '{%- macro KILL_CONTEXT_CONFIG_ITEMS(type) -%}',
      '{{type}}.KillMode,  config_parse_kill_mode, 0, offsetof({{type}}, kill_context.kill_mode)',
      '{%- endmacro -%}',
      '%{', '%}', '%%',
      'Unit.RequiresOverridable, config_parse_obsolete_unit_deps, UNIT_REQUIRES, 0',
      "{{ KILL_CONTEXT_CONFIG_ITEMS('Scope') }}",
    ].join('\n');
    expect([...extractGperf(j2).keys()]).toEqual(['Unit.RequiresOverridable', 'Scope.KillMode']);
    expect(extractGperf(j2).get('Unit.RequiresOverridable')?.legacy).toBe('obsolete');
    // the replacement of a legacy key: the current key that fills the same field
    const withRequires = `${j2}\nUnit.Requires, config_parse_unit_deps, UNIT_REQUIRES, 0\nService.FailureAction, config_parse_emergency_action, 0, offsetof(Unit, failure_action)`
      .replace('{{ KILL', '{# The following is a legacy alias name for compatibility #}\nService.FailureAction2, config_parse_emergency_action, 0, offsetof(Unit, failure_action)\n{{ KILL');
    const { buildTable } = await load();
    const table = buildTable([{ version: 257, entries: extractGperf(withRequires) }]);
    expect([...table.replacements]).toEqual([['Unit.RequiresOverridable', 'Unit.Requires'], ['Service.FailureAction2', 'Service.FailureAction']]);
    const install = '{ "Install", "Alias", config_parse_alias, 0, &info->aliases },\n{ "Install", "UpheldBy", config_parse_strv, 0, x },';
    expect([...extractInstall(install).keys()]).toEqual(['Install.Alias', 'Install.UpheldBy']);
  });

  it('reads the words of a string table, and whether it is looked up with booleans', async () => {
    const { extractStringTable } = await load();
    const c = 'static const char* const protect_home_table[_PROTECT_HOME_MAX] = {\n        [PROTECT_HOME_NO] = "no",\n        [PROTECT_HOME_YES] = "yes",\n        [PROTECT_HOME_READ_ONLY] = "read-only",\n};\n\nDEFINE_STRING_TABLE_LOOKUP_WITH_BOOLEAN(protect_home, ProtectHome, PROTECT_HOME_YES);\n';
    expect(extractStringTable(c, 'protect_home')).toEqual({ words: ['no', 'yes', 'read-only'], boolean: true });
    expect(extractStringTable(c, 'kill_mode')).toBeUndefined();
  });
});

// --- Cross-checks against the systemd installed here (Debian 12: 252), skipped without it. ---

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const hostVersion = analyze.status === 0 ? Number(/systemd (\d+)/.exec(analyze.stdout)?.[1]) : NaN;
const haveAnalyze = hostVersion >= FIRST_VERSION && hostVersion <= LAST_VERSION;
const systemdBinary = ['/usr/lib/systemd/systemd', '/lib/systemd/systemd'].find((p) => existsSync(p));

/** Would systemd `version` warn about this key (unknown key or unknown section)? */
function tableSaysWarns(section: string, key: string, type: UnitType, version: number): boolean {
  const r = lookupDirective(section, key, type);
  if (r.status === 'ignored-section') return false;
  if (r.status !== 'known') return true;
  if (r.extension) return false;
  return !(r.since !== undefined && r.until !== undefined && r.since <= version && version <= r.until);
}

(haveAnalyze ? describe : describe.skip)(skipTitle(haveAnalyze, 'systemd-analyze is not installed', `systemd-analyze verify ${hostVersion} agrees with the table`), () => {
  it('on a sample of known, unknown and misplaced keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ug-verify-'));
    try {
      const samples: Record<string, string> = {
        'ugchk.service': [
          '[Unit]', 'Description=x', 'Afer=a.target', 'Before=b.target', 'WantedBy=c.target', 'Upholds=d.service',
          'ConditionACPower=true', 'RequiresMountsFor=/var', 'X-Mine=1', 'ConditionNull=true',
          '[Service]', 'ExecStart=/bin/true', 'Before=b.target', 'Delegate=yes', 'SuccessExitStatus=3',
          'ImportCredential=foo', 'What=/dev/sda', 'User=nobody', 'KillMode=mixed', 'Capabilities=x',
          '# comment', 'ExecStartPost=/bin/true \\', '# skipped inside a continuation', '  --flag', 'ExecStrat=/bin/false',
          '[Mount]', 'What=/dev/sda',
          '[X-Tools]', 'Anything=1',
          '[Install]', 'WantedBy=multi-user.target', 'UpheldBy=e.service', 'Also=f.service', 'Foo=1', '',
        ].join('\r\n'),
        'ugchk.socket': ['[Unit]', 'After=a.target', '[Socket]', 'ListenStream=/run/ugchk.sock', 'ExecStartPre=/bin/true',
          'Accept=no', 'Restart=always', '[Service]', 'ExecStart=/bin/true', ''].join('\n'),
        'ugchk.slice': ['[Slice]', 'MemoryMax=1G', 'KillMode=mixed', 'Delegate=yes', 'CPUWeight=10', ''].join('\n'),
        'ugchk.timer': ['[Timer]', 'OnCalendar=daily', 'Persistent=true', 'FixedRandomDelay=yes', 'Unit=ugchk.service',
          'OnClockChange=yes', 'AccuracySec=1s', 'Wants=x', ''].join('\n'),
      };
      const expected: string[] = [];
      for (const [name, text] of Object.entries(samples)) {
        writeFileSync(join(dir, name), text);
        const type = name.slice(name.lastIndexOf('.') + 1) as UnitType;
        const seen = new Set<string>();
        for (const d of parseUnitFile(text, name).directives) {
          if (lookupDirective(d.section, d.key, type).status === 'unknown-section') {
            if (!seen.has(d.section)) expected.push(`${name} section ${d.section}`);
            seen.add(d.section);
          } else if (tableSaysWarns(d.section, d.key, type, hostVersion)) {
            expected.push(`${name} key ${d.section}.${d.key}`);
          }
        }
      }
      const run = spawnSync('systemd-analyze', ['verify', '--man=no', ...Object.keys(samples).map((n) => join(dir, n))], {
        encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_COLOR: '0', SYSTEMD_LOG_LOCATION: '0' },
      });
      const got: string[] = [];
      for (const line of run.stderr.split('\n')) {
        const file = /\/(ugchk\.\w+):\d+:/.exec(line)?.[1];
        if (!file) continue;
        const key = /Unknown key (?:name )?'([^']+)' in section (?:\[([^\]]+)\]|'([^']+)')/.exec(line);
        const section = /Unknown section '([^']+)'/.exec(line);
        if (key) got.push(`${file} key ${key[2] ?? key[3]}.${key[1]}`);
        else if (section) got.push(`${file} section ${section[1]}`);
      }
      expect(got.sort()).toEqual(expected.sort());
      // The sample is meant to exercise both answers.
      expect(expected.length).toBeGreaterThan(8);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Scopes are left out: systemd refuses to load a .scope from a file at all. Empty assignments are
  // resets, which nearly every parser takes; the few that call an empty value fatal (DynamicUser=,
  // RootDirectory=, ...) end the parse, so such a key is dropped and the file verified again.
  it.each(UNIT_TYPES.filter((t) => t !== 'scope'))('on every key of the table in each section a .%s reads', (type) => {
    const dir = mkdtempSync(join(tmpdir(), 'ug-verify-'));
    try {
      const keys = [...new Set(Object.values(DIRECTIVES).flatMap((o) => Object.keys(o)))];
      const sections = ['Unit', type.charAt(0).toUpperCase() + type.slice(1), 'Install'];
      const entries = sections.flatMap((s) => [`[${s}]`, ...keys.map((k) => `${s}.${k}`)]);
      const file = join(dir, `ugall.${type}`);
      let got: string[] = [];
      let fatal = true;
      for (let round = 0; fatal && round < 60; round++) {
        writeFileSync(file, entries.map((e) => (e.startsWith('[') ? e : `${e.slice(e.indexOf('.') + 1)}=`)).join('\n'));
        const run = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
        fatal = /has fatal error/.test(run.stderr);
        got = [...run.stderr.matchAll(/Unknown key (?:name )?'([^']+)' in section (?:\[([^\]]+)\]|'([^']+)')/g)]
          .map((m) => `${m[2] ?? m[3]}.${m[1]}`);
        if (fatal) {
          const lines = [...run.stderr.matchAll(/ugall\.\w+:(\d+):/g)].map((m) => Number(m[1]));
          const last = lines[lines.length - 1];
          if (last === undefined) break;
          entries.splice(last - 1, 1);
        }
      }
      expect(fatal).toBe(false);
      const expected = entries.filter((e) => !e.startsWith('[')).filter((e) => {
        const [s = '', k = ''] = e.split('.');
        return tableSaysWarns(s, k, type, hostVersion);
      });
      const gotSet = new Set(got);
      const wantSet = new Set(expected);
      // Keys a distribution backported into its stable release: systemd knows them, the table says later.
      const backported = expected.filter((k) => !gotSet.has(k));
      expect(got.filter((k) => !wantSet.has(k))).toEqual([]);
      expect(backported.length).toBeLessThanOrEqual(3);
      expect(got.length).toBeGreaterThan(400);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

(haveAnalyze && systemdBinary ? describe : describe.skip)(skipTitle(haveAnalyze && systemdBinary !== undefined, 'systemd is not installed', `systemd ${hostVersion} --dump-configuration-items agrees`), () => {
  it('lists exactly the keys the table has for that version, per section', () => {
    const run = spawnSync(systemdBinary ?? 'systemd', ['--dump-configuration-items'], { encoding: 'utf8' });
    const dumped = new Set<string>();
    let section = '';
    for (const line of run.stdout.split('\n')) {
      const head = /^\[(.+)\]$/.exec(line);
      if (head) section = head[1] ?? '';
      else if (line.includes('=')) dumped.add(`${section}.${line.slice(0, line.indexOf('='))}`);
    }
    const ours = new Set<string>();
    for (const [s, keys] of Object.entries(DIRECTIVES)) {
      for (const [key, [since, until, legacy]] of Object.entries(keys)) {
        // systemd leaves out keys it only warns about; those are 'removed' here.
        if (since <= hostVersion && hostVersion <= until && legacy !== 'removed') ours.add(`${s}.${key}`);
      }
    }
    const missing = [...dumped].filter((k) => !ours.has(k));
    const extra = [...ours].filter((k) => !dumped.has(k));
    // Distributions backport a few keys into their stable releases (Debian's 252 has Scope.OOMPolicy
    // from 253): such keys must still be known to the table, just from a later version.
    for (const k of missing) {
      const [s = '', key = ''] = k.split('.');
      const type = (UNIT_TYPES as readonly string[]).includes(s.toLowerCase()) ? (s.toLowerCase() as UnitType) : 'service';
      expect([k, lookupDirective(s, key, type).status]).toEqual([k, 'known']);
    }
    expect(missing.length).toBeLessThanOrEqual(3);
    expect(extra).toEqual([]);
    expect(dumped.size).toBeGreaterThan(1000);
  });
});
