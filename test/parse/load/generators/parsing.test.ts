/** The small parsers under the generators: system.conf, words, time spans, fstab lines, options. */
import { describe, expect, it } from '@jest/globals';
import { filterOptions, nodeToUdevNode, testYesNo } from '../../../../src/parse/load/generators/fstab-util.js';
import { parseMntEntries } from '../../../../src/parse/load/generators/mntent.js';
import { mangleUnitName } from '../../../../src/parse/load/generators/paths.js';
import { parseSystemConf } from '../../../../src/parse/load/generators/system-conf.js';
import { formatTimespan, parseSec, parseSecFix0 } from '../../../../src/parse/load/generators/time.js';
import { splitWords } from '../../../../src/parse/load/generators/words.js';
import { detectSystemdVersion, runGenerators } from '../../../../src/parse/load/generators/index.js';

describe('system.conf ManagerEnvironment=', () => {
  it('splits with systemd quoting, accumulates lines, resets on empty, skips invalid assignments', () => {
    const c = parseSystemConf([
      '[Manager]',
      '# comment',
      'DefaultEnvironment=PATH=/bin:/sbin',
      'ManagerEnvironment=PATH=/bin:/sbin SYSTEMD_SYSROOT_FSTAB=/nix/store/x-initrd-fstab',
      'ManagerEnvironment="A=with space" B=\'single q\' C=tab\\there',
      'ManagerEnvironment=NOT-VALID=1 =x D=1 \\',
      '  E=continued',
      '[Other]',
      'ManagerEnvironment=IGNORED=1',
    ].join('\n'));
    expect(Object.fromEntries(c.managerEnvironment)).toEqual({
      PATH: '/bin:/sbin', SYSTEMD_SYSROOT_FSTAB: '/nix/store/x-initrd-fstab', A: 'with space', B: 'single q', C: 'tab\there', D: '1', E: 'continued',
    });
    expect(c.defaultEnvironment.get('PATH')).toBe('/bin:/sbin');
    expect(c.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [6, 'invalid environment assignment, ignoring: NOT-VALID=1'],
      [6, 'invalid environment assignment, ignoring: =x'],
    ]);
    expect(parseSystemConf('[Manager]\nManagerEnvironment=A=1\nManagerEnvironment=\nManagerEnvironment=B=2\n').managerEnvironment)
      .toEqual(new Map([['B', '2']]));
  });

  it('runGenerators reads it when the caller passes no environment', () => {
    const files: Record<string, string> = {
      '/etc/systemd/system.conf': '[Manager]\nManagerEnvironment="SYSTEMD_SYSROOT_FSTAB=/f"\n',
      '/f': '/dev/sda1 / ext4 x-initrd.mount 0 0\n',
    };
    const t = runGenerators({ initrd: true, read: (p) => files[p], env: new Map() });
    expect(t.files.has('/run/systemd/generator/sysroot.mount')).toBe(true);
  });
});

describe('words, time spans, options', () => {
  it('extract_first_word', () => {
    expect(splitWords(`a "b c" 'd e'f \\x41`, undefined, { unquote: true, cunescape: true }).words).toEqual(['a', 'b c', 'd ef', 'A']);
    expect(splitWords('a "b', undefined, { unquote: true }).error).toBeDefined();
    expect(splitWords('root=/dev/sda "rd.luks.name=a=b c"', undefined, { unquote: true, relax: true, retainEscape: true }).words)
      .toEqual(['root=/dev/sda', 'rd.luks.name=a=b c']);
  });

  it('parse_sec / format_timespan', () => {
    expect(parseSec('90')).toBe(90_000_000);
    expect(parseSec('1min 30s')).toBe(90_000_000);
    expect(parseSec('1.5s')).toBe(1_500_000);
    expect(parseSec('3.')).toBeUndefined();
    expect(parseSec('12.34.56')).toBeUndefined();
    expect(parseSec('-1')).toBeUndefined();
    expect(parseSecFix0('0')).toBe(Number.POSITIVE_INFINITY);
    expect(formatTimespan(90_000_000)).toBe('1min 30s');
    expect(formatTimespan(1_500_000)).toBe('1.500000s');
    expect(formatTimespan(Number.POSITIVE_INFINITY)).toBe('infinity');
    expect(formatTimespan(3_600_000_000 + 1_000)).toBe('1h 1ms');
  });

  it('fstab options: filtering, yes/no, device specs, dependency names', () => {
    expect(filterOptions('a,x-systemd.device-timeout=5,,b\\,c', ['x-systemd.device-timeout'])).toEqual(
      expect.objectContaining({ found: true, value: '5', filtered: 'a,b\\,c' }));
    expect(filterOptions('x-systemd.requires=a,x-systemd.requires', ['x-systemd.requires'], true).values).toEqual(['a']);
    expect(testYesNo('noauto,auto', 'noauto', 'auto')).toBe(false);
    expect(testYesNo('auto,noauto', 'noauto', 'auto')).toBe(true);
    expect(nodeToUdevNode('LABEL=my disk')).toBe('/dev/disk/by-label/my\\x20disk');
    expect(nodeToUdevNode('PARTUUID="ab-cd"')).toBe('/dev/disk/by-partuuid/ab-cd');
    expect(mangleUnitName('/srv/a-b', '.mount')).toBe('srv-a\\x2db.mount');
    expect(mangleUnitName('/dev/sda1', '.mount')).toBe('dev-sda1.device');
    expect(mangleUnitName('foo.service', '.mount')).toBe('foo.service');
    expect(mangleUnitName('my thing', '.mount')).toBe('my\\x20thing.mount');
  });

  it('getmntent: blanks, octal escapes, missing fields', () => {
    expect(parseMntEntries('  # c\n/dev/a\t/m\\040n  ext4 defaults 1\n\nx y\n')).toEqual([
      { fsname: '/dev/a', dir: '/m n', type: 'ext4', opts: 'defaults', freq: 1, passno: 0, line: 2, fields: 5 },
      { fsname: 'x', dir: 'y', type: '', opts: '', freq: 0, passno: 0, line: 4, fields: 2 },
    ]);
  });
});

describe('the systemd version of the image', () => {
  it('comes from libsystemd-shared-NNN.so', () => {
    const read = (p: string): string | undefined => (p === '/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so' ? 'ELF' : undefined);
    expect(detectSystemdVersion(read)).toEqual({ version: 252, path: '/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so' });
    const t = runGenerators({ initrd: true, read: (p) => (p === '/etc/crypttab' ? 'root /dev/sda2 -\n' : read(p)), env: new Map([['PATH', '/bin']]), cmdline: '' });
    // v252: a volume named root still conflicts with umount.target
    expect(t.files.get('/run/systemd/generator/systemd-cryptsetup@root.service')).toContain('Conflicts=umount.target\n');
    expect(t.notes[0]).toMatch(/^systemd 252 found in the image/);
  });
});
