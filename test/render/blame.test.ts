/** Reading `systemd-analyze blame` output. */
import { describe, expect, it } from '@jest/globals';
import { parseBlame, parseTimespan } from '../../src/render/layout/blame.js';

describe('parseBlame', () => {
  it('reads seconds, milliseconds, minutes and microseconds', () => {
    const text = ['1min 2.345s plymouth-quit-wait.service', '  1.234s unlock-luks.service', '    123ms sysroot.mount', '     56us kmod-static-nodes.service', '      7µs a.service', '', '1h 2min 3s slow.service'].join('\n');
    const m = parseBlame(text);
    expect(Object.fromEntries(m)).toEqual({
      'plymouth-quit-wait.service': 62.345,
      'unlock-luks.service': 1.234,
      'sysroot.mount': 0.123,
      'kmod-static-nodes.service': 0.000056,
      'a.service': 0.000007,
      'slow.service': 3723,
    });
  });

  it('keeps the longest of repeated units and accepts CRLF', () => {
    expect(parseBlame('1s a.service\r\n2s a.service\r\n').get('a.service')).toBe(2);
  });

  it('rejects a line that is not blame output, naming the line and the file', () => {
    expect(() => parseBlame('1s a.service\nhello world\n', 'blame.txt')).toThrow(/line 2: not a line of `systemd-analyze blame` output: hello world/);
    expect(() => parseBlame('a.service\n')).toThrow(/line 1/);
    expect(() => parseBlame('1.2x a.service\n')).toThrow(/line 1/);
  });

  it('parses time spans', () => {
    expect(parseTimespan(['2min', '30s'])).toBe(150);
    expect(parseTimespan(['500ms'])).toBe(0.5);
    expect(parseTimespan(['1.5'])).toBeUndefined();
    expect(parseTimespan([])).toBeUndefined();
  });
});
