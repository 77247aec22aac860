/**
 * Assignments systemd ignores are ignored (value-grammar.ts via unit-values.ts), and what the
 * loader refuses (verify-unit.ts) gets no job in the boot plan.
 */
import { describe, expect, it } from '@jest/globals';
import { graphOf } from '../../helpers/fixture.js';
import { wantedBy } from '../../helpers/rule-table.js';
import { makeUnit } from '../../helpers/make-unit.js';
import { lastValue } from '../../../src/parse/load/unit-values.js';
import { checkValue, checkValueCached, isTimeSpan } from '../../../src/parse/load/value-grammar.js';
import { ENUMS, PARSER_KEYS } from '../../../src/parse/unit-file/value-data.js';

describe('values systemd ignores', () => {
  it.each([
    ['Mount', 'Where', '[Mount]\nWhere=/tmp\nWhere=1\n', '/tmp'],
    ['Mount', 'Where', '[Mount]\nWhere=/tmp\nWhere=/a/../b\n', '/tmp'],
    ['Service', 'Type', '[Service]\nType=simpel\n', undefined],
    ['Service', 'Type', '[Service]\nType=oneshot\nType=forkin\n', 'oneshot'],
    ['Service', 'RemainAfterExit', '[Service]\nRemainAfterExit=yes\nRemainAfterExit=maybe\n', 'yes'],
    ['Service', 'TimeoutStartSec', '[Service]\nTimeoutStartSec=5min 20s\nTimeoutStartSec=5x\n', '5min 20s'],
    ['Service', 'Type', '[Service]\nType=oneshot\nType=\n', undefined],
    ['Service', 'Description', '[Service]\nDescription=anything goes\n', 'anything goes'],
  ])('%s.%s in %j is %j', (section, key, text, want) => {
    expect(lastValue(makeUnit('tmp.mount', text), section, key)).toBe(want);
  });

  it('a non-absolute Where= after Where=/tmp gives no device-name-mismatch: the unit loads', async () => {
    const g = await graphOf({ files: { 'tmp.mount': '[Mount]\nWhat=tmpfs\nWhere=/tmp\nWhere=1\nType=tmpfs\n' }, links: wantedBy('initrd.target', 'tmp.mount') });
    expect(g.set.lookup('tmp.mount')?.loadError).toBeUndefined();
  });
});

describe('parse_time()', () => {
  it.each(['5', '5s', '5 s', '1min 30s', '1.5h', 'infinity', ' 2d ', '3us', '3\u00b5s', '100ms', '1y 2M', '5 5'])('accepts %j', (v) => {
    expect(isTimeSpan(v)).toBe(true);
  });
  it.each(['5x', '-1', '3.', '3.sec', '12.34.56', 'infinity s', 'forever', 's'])('rejects %j', (v) => {
    expect(isTimeSpan(v)).toBe(false);
  });
});

describe('checkValue', () => {
  it('knows the enum words of each version', () => {
    expect(checkValue('Service', 'Type', 'notify-reload', 252)?.message).toMatch(/from systemd 253 on/);
    expect(checkValue('Service', 'Type', 'notify-reload', 253)).toBeUndefined();
    expect(checkValue('Service', 'Type', 'notify-reload')).toBeUndefined();
    expect(checkValue('Service', 'Type', 'simpel')?.message).toMatch(/not one of .*simple/);
  });
  it('accepts the output prefixes and the obsolete syslog', () => {
    for (const v of ['journal+console', 'file:/run/log', 'append:/run/log', 'fd:stdout', 'syslog', 'tty']) expect(checkValue('Service', 'StandardOutput', v)).toBeUndefined();
    expect(checkValue('Service', 'StandardOutput', 'truncate:/run/x', 247)?.message).toMatch(/248/);
    expect(checkValue('Service', 'StandardOutput', 'file:run/log')?.message).toMatch(/not an absolute path/);
  });
  it('refuses an ExecStart= that is neither absolute nor a file name, unless it has the - prefix', () => {
    expect(checkValue('Service', 'ExecStart', 'bin/true')?.refuses).toBe(true);
    expect(checkValue('Service', 'ExecStart', '-bin/true')?.refuses).toBe(false);
    expect(checkValue('Service', 'ExecStart', 'true --x')).toBeUndefined();
    expect(checkValue('Service', 'ExecStart', '!!/bin/true')).toBeUndefined();
    expect(checkValue('Service', 'ExecStart', '@/bin/true true')).toBeUndefined();
    expect(checkValue('Service', 'ExecStart', '/bin/%i')).toBeUndefined();
    expect(checkValue('Service', 'ExecStart', '/bin/unlock %k')).toEqual({ message: '%k is not a specifier systemd knows (Failed to resolve unit specifiers)', refuses: true });
    expect(checkValue('Service', 'ExecStart', '-/bin/unlock %k')?.refuses).toBe(false);
    expect(checkValue('Service', 'ExecStart', '/bin/echo 100%%')).toBeUndefined();
    expect(checkValue('Unit', 'After', 'foo@%k.service')?.message).toMatch(/%k is not a specifier/);
    expect(checkValue('Service', 'RemainAfterExit', '%i')).toBeUndefined();
  });
  it('checks Environment= quoting and names', () => {
    expect(checkValue('Service', 'Environment', '"A=1 2" B=3')).toBeUndefined();
    expect(checkValue('Service', 'Environment', '"A=1 B')?.message).toMatch(/unbalanced/);
    expect(checkValue('Service', 'Environment', '1A=2')?.message).toMatch(/valid name/);
  });
  it('keeps one answer for all versions only where the version cannot change it', () => {
    // a versioned word asked first without a version, then with one it is too new for
    expect(checkValueCached('Service', 'Type', 'notify-reload')).toBeUndefined();
    expect(checkValueCached('Service', 'Type', 'notify-reload', 252)?.message).toMatch(/from systemd 253 on/);
    expect(checkValueCached('Service', 'StandardOutput', 'truncate:/run/y')).toBeUndefined();
    expect(checkValueCached('Service', 'StandardOutput', 'truncate:/run/y', 247)?.message).toMatch(/248/);
    // every key of a parser without an enum table answers the same for any version, cached or not
    const words = [...new Set(Object.values(ENUMS).flatMap((g) => Object.keys(g.words)))];
    const samples = ['yes', 'maybe', '5s', '90 sec', 'infinity', '0755', '9', '-1', '/run/x', 'run/x', '/a/../b', 'a.service', 'sysroot', 'A=1', '"A=1', '/bin/true', 'bin/true', '-bin/true', '%i', '%k', ...words];
    let compared = 0;
    for (const [parser, keys] of Object.entries(PARSER_KEYS)) {
      if (ENUMS[parser] !== undefined) continue;
      for (const k of keys) {
        const [section, key] = k.split('.') as [string, string];
        for (const v of samples) {
          const any = checkValue(section, key, v);
          for (const version of [219, 245, 252, 256]) {
            expect([k, v, version, checkValue(section, key, v, version)]).toEqual([k, v, version, any]);
            expect([k, v, version, checkValueCached(section, key, v, version)]).toEqual([k, v, version, any]);
          }
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
  it('checks unit names in dependencies', () => {
    expect(checkValue('Unit', 'After', 'a.service foo@bar.service foo@.service')).toBeUndefined();
    expect(checkValue('Unit', 'After', 'a.service sysroot')?.message).toMatch(/"sysroot" is not a valid unit name/);
  });
});

describe('refused units in the boot plan', () => {
  it('a refused unit gets no job; the unit beside it does', async () => {
    const g = await graphOf({
      files: {
        'rollback.service': '[Unit]\nDefaultDependencies=no\n[Service]\nType=oneshot\nExecStartPre=/bin/true\n',
        'fine.service': '[Unit]\nDefaultDependencies=no\n[Service]\nType=oneshot\nExecStart=/bin/true\n',
      },
      links: { ...wantedBy('initrd.target', 'rollback.service'), ...wantedBy('initrd.target', 'fine.service') },
    });
    const start = g.plan.phases[0];
    expect(start?.units.has('rollback.service')).toBe(true);
    expect(start?.jobs.has('rollback.service')).toBe(false);
    expect(start?.jobs.has('fine.service')).toBe(true);
    expect(g.set.lookup('rollback.service')?.loadErrorKind).toBe('verify');
  });
});
