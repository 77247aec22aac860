import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import ini from 'ini';
import {
  FATAL_DIAGNOSTIC_CODES, LONG_LINE_MAX, isSystemdUtf8, parseUnitFile, splitQuotedWords, splitWords,
} from '../../../src/parse/unit-file/lexer.js';

const F = 'etc/systemd/system/demo.service';
const kv = (text: string | Uint8Array, file = F) =>
  parseUnitFile(text, file).directives.map((d) => [d.section, d.key, d.value, d.line] as const);
const codes = (text: string | Uint8Array, file = F) => parseUnitFile(text, file).diagnostics.map((d) => [d.code, d.line]);
const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('parseUnitFile: the basics of systemd.syntax(7)', () => {
  it('reads sections and assignments, stripping blanks around key and value', () => {
    const r = parseUnitFile('[Unit]\n  Description = A demo  \n\n[Service]\nExecStart=/bin/sh -c "echo a=b"\n', F);
    expect(r.sections).toEqual(['Unit', 'Service']);
    expect(r.directives).toEqual([
      { section: 'Unit', key: 'Description', value: 'A demo', file: F, line: 2 },
      { section: 'Service', key: 'ExecStart', value: '/bin/sh -c "echo a=b"', file: F, line: 5 },
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('keeps repeated keys in order and empty assignments (resets) as ""', () => {
    expect(kv('[Unit]\nAfter=a.target\nAfter=b.target c.target\nAfter=\nAfter=d.target\n')).toEqual([
      ['Unit', 'After', 'a.target', 2], ['Unit', 'After', 'b.target c.target', 3],
      ['Unit', 'After', '', 4], ['Unit', 'After', 'd.target', 5],
    ]);
  });

  it('treats # and ; as comments only at the start of a line (after blanks)', () => {
    expect(kv('# c\n; c\n[Unit]\n   # indented comment\n\t; tab comment\nDescription=x ; not a comment # nor this\n')).toEqual([
      ['Unit', 'Description', 'x ; not a comment # nor this', 6],
    ]);
  });

  it('splits at the first = only', () => {
    expect(kv('[Service]\nEnvironment=A=1 B=2\n')).toEqual([['Service', 'Environment', 'A=1 B=2', 2]]);
  });

  it('keeps keys case as written (systemd matches them case-sensitively)', () => {
    expect(kv('[Unit]\nafter=x\n')).toEqual([['Unit', 'after', 'x', 2]]);
  });
});

describe('parseUnitFile: continuation lines', () => {
  it('joins a line ending in \\ with the next, the backslash becoming a space; line is the key line', () => {
    expect(kv('[Unit]\nWants=a.service \\\n  b.service\\\n c.service\nAfter=x\n')).toEqual([
      ['Unit', 'Wants', 'a.service    b.service  c.service', 2],
      ['Unit', 'After', 'x', 5],
    ]);
  });

  it('drops comment lines inside a continuation and goes on', () => {
    expect(kv('[Service]\nExecStart=/bin/echo \\\n# a comment\n  ; another\n  hello\n')).toEqual([
      ['Service', 'ExecStart', '/bin/echo    hello', 2],
    ]);
  });

  it('ends a continuation at an empty line', () => {
    expect(kv('[Unit]\nAfter=a \\\n\nBefore=b\n')).toEqual([['Unit', 'After', 'a', 2], ['Unit', 'Before', 'b', 4]]);
  });

  it('does not continue after an escaped backslash (\\\\ at the end)', () => {
    expect(kv('[Service]\nExecStart=/bin/echo a\\\\\nUser=x\n')).toEqual([
      ['Service', 'ExecStart', '/bin/echo a\\\\', 2], ['Service', 'User', 'x', 3],
    ]);
  });

  it('parses a continuation still open at the end of the file', () => {
    expect(kv('[Unit]\nAfter=a \\')).toEqual([['Unit', 'After', 'a', 2]]);
  });

  it('can continue a section header', () => {
    expect(kv('[Ser\\\nvice]\nType=oneshot\n')).toEqual([['Ser vice', 'Type', 'oneshot', 3]]);
  });
});

describe('parseUnitFile: line ends, BOM, encoding', () => {
  it('accepts CRLF, lone CR, LF CR and NUL as line ends like read_line()', () => {
    const want = [['Unit', 'A', '1', 2], ['Unit', 'B', '2', 3]];
    expect(kv('[Unit]\r\nA=1\r\nB=2\r\n')).toEqual(want);
    expect(kv('[Unit]\rA=1\rB=2\r')).toEqual(want);
    expect(kv('[Unit]\n\rA=1\n\rB=2')).toEqual(want);
    expect(kv(bytes('[Unit]', [0], 'A=1', [0], 'B=2'))).toEqual(want);
    // \r\r and \n\n are two line ends each: an empty line between.
    expect(kv('[Unit]\r\rA=1')).toEqual([['Unit', 'A', '1', 3]]);
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(kv(bytes([0xef, 0xbb, 0xbf], '[Unit]\nDescription=é\n'))).toEqual([['Unit', 'Description', 'é', 2]]);
  });

  it('reads a string and its UTF-8 bytes the same way', () => {
    const text = '\ufeff[Unit]\nDescription=Grüße \\\n  ✓\n[Service]\nEnvironment=A=ü\n';
    expect(parseUnitFile(text, F)).toEqual(parseUnitFile(new TextEncoder().encode(text), F));
  });

  it('stops at a line that is not UTF-8, as systemd does (the unit fails to load)', () => {
    const r = parseUnitFile(bytes('[Unit]\nDescription=ok\nAfter=a', [0xff], '.target\nBefore=b\n'), F);
    expect(r.directives.map((d) => d.key)).toEqual(['Description']);
    expect(r.diagnostics).toMatchObject([{ code: 'invalid-utf8', severity: 'error', line: 3, file: F }]);
    expect(FATAL_DIAGNOSTIC_CODES.has('invalid-utf8')).toBe(true);
  });

  it('ignores invalid UTF-8 inside comment lines (they are dropped before the check)', () => {
    expect(codes(bytes('[Unit]\n# ', [0xff, 0xfe], '\nAfter=a\n'))).toEqual([]);
  });

  it("uses systemd's stricter UTF-8 rule: noncharacters, surrogates and overlong forms are invalid", () => {
    expect(isSystemdUtf8(bytes('ok é ✓ 😀'))).toBe(true);
    expect(isSystemdUtf8(bytes([0xef, 0xbf, 0xbe]))).toBe(false); // U+FFFE
    expect(isSystemdUtf8(bytes([0xef, 0xb7, 0x90]))).toBe(false); // U+FDD0
    expect(isSystemdUtf8(bytes([0xed, 0xa0, 0x80]))).toBe(false); // U+D800
    expect(isSystemdUtf8(bytes([0xc0, 0xaf]))).toBe(false); // overlong '/'
    expect(isSystemdUtf8(bytes([0xe2, 0x9c]))).toBe(false); // truncated
  });

  it('stops at a line of LONG_LINE_MAX bytes or more without crashing', () => {
    const long = `[Unit]\nDescription=x\nX-Long=${'a'.repeat(LONG_LINE_MAX)}\nAfter=a\n`;
    const r = parseUnitFile(long, F);
    expect(r.directives.map((d) => d.key)).toEqual(['Description']);
    expect(r.diagnostics).toMatchObject([{ code: 'line-too-long', severity: 'error', line: 3 }]);
    const fits = `[Unit]\nX-Long=${'a'.repeat(LONG_LINE_MAX - 8)}\n`;
    expect(parseUnitFile(fits, F).diagnostics).toEqual([]);
  });

  it('stops when a continued line grows past LONG_LINE_MAX', () => {
    const half = 'a'.repeat(LONG_LINE_MAX / 2 + 10);
    const r = parseUnitFile(`[Unit]\nDescription=${half}\\\n${half}\nAfter=x\n`, F);
    expect(r.directives).toEqual([]);
    expect(r.diagnostics).toMatchObject([{ code: 'line-too-long', line: 2 }]);
  });
});

describe('parseUnitFile: what systemd warns about', () => {
  it('reports assignments before any section and skips them', () => {
    expect(kv('Description=x\n[Unit]\nAfter=a\n')).toEqual([['Unit', 'After', 'a', 3]]);
    expect(codes('Description=x\n[Unit]\n')).toEqual([['outside-section', 1]]);
  });

  it("reports lines without '=' or without a key and skips them", () => {
    expect(kv('[Unit]\nAfter\n=x\nBefore=b\n')).toEqual([['Unit', 'Before', 'b', 4]]);
    expect(codes('[Unit]\nAfter\n=x\n')).toEqual([['missing-equals', 2], ['missing-key', 3]]);
  });

  it('stays quiet about such lines in sections systemd ignores, but keeps their assignments', () => {
    expect(codes('[X-Mine]\njunk\n[Mount]\njunk\n')).toEqual([]);
    expect(kv('[X-Mine]\nKey=v\n')).toEqual([['X-Mine', 'Key', 'v', 2]]);
    // The unit type comes from the drop-in directory's name too.
    expect(codes('[Mount]\njunk\n', 'etc/systemd/system/a.mount.d/10-x.conf')).toEqual([['missing-equals', 2]]);
  });

  it('stops at a broken section header', () => {
    const r = parseUnitFile('[Unit]\nA=1\n[Service\nB=2\n', F);
    expect(r.directives.map((d) => d.key)).toEqual(['A']);
    expect(r.diagnostics).toMatchObject([{ code: 'invalid-section-header', line: 3, severity: 'error' }]);
    expect(codes('[Ser"vice]\n')).toEqual([['invalid-section-header', 1]]);
  });

  it('notes .include lines (read by systemd 245 only) without following them', () => {
    expect(codes('[Unit]\n.include /etc/other.service\n')).toEqual([['include-directive', 2]]);
  });
});

describe('the ini package is not a unit-file parser', () => {
  const unit = [
    '[Unit]',
    'After=network.target',
    'After=local-fs.target',
    'Wants=a.service \\',
    '      b.service',
    '[Service]',
    'Environment=A=1',
    'Environment=',
    'ExecStart=/bin/echo hi ; there',
    '',
  ].join('\n');

  it('loses what our lexer keeps', () => {
    const parsed = ini.parse(unit) as Record<string, Record<string, unknown>>;
    // Repeated keys: last wins; the first After= is gone.
    expect(parsed['Unit']?.['After']).toBe('local-fs.target');
    // The continuation is not joined: half a value, and the next line turns into a key of its own.
    expect(parsed['Unit']?.['Wants']).toBe('a.service \\');
    expect(parsed['Unit']?.['b.service']).toBe(true);
    // The empty assignment overwrote A=1: that there was a reset, and of what, is lost.
    expect(parsed['Service']?.['Environment']).toBe('');
    // An inline ';' is taken for a comment: the argument is cut off.
    expect(parsed['Service']?.['ExecStart']).toBe('/bin/echo hi');

    expect(kv(unit)).toEqual([
      ['Unit', 'After', 'network.target', 2],
      ['Unit', 'After', 'local-fs.target', 3],
      ['Unit', 'Wants', 'a.service        b.service', 4],
      ['Service', 'Environment', 'A=1', 7],
      ['Service', 'Environment', '', 8],
      ['Service', 'ExecStart', '/bin/echo hi ; there', 9],
    ]);
    expect(splitWords('a.service        b.service')).toEqual(['a.service', 'b.service']);
  });
});

describe('parseUnitFile: properties', () => {
  it('never throws on random bytes, and every directive has a 1-based line inside the file', () => {
    const alphabet = fc.constantFrom(0x5b, 0x5d, 0x3d, 0x5c, 0x0a, 0x0d, 0x00, 0x23, 0x3b, 0x20, 0x41, 0x58, 0x2d, 0xef, 0xbb, 0xbf, 0xff, 0xc3);
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.array(alphabet, { maxLength: 300 }).map((a) => Uint8Array.from(a))), (b) => {
        const r = parseUnitFile(b, F);
        const lines = b.length + 1;
        for (const d of r.directives) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lines);
          expect(d.key).not.toBe('');
          expect(d.key).not.toMatch(/^[ \t]|[ \t]$/);
          expect(d.value).not.toMatch(/^[ \t]|[ \t]$/);
        }
        expect(r.diagnostics.filter((x) => FATAL_DIAGNOSTIC_CODES.has(x.code)).length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
      parseUnitFile(s, F);
    }), { numRuns: 300 });
  });

  it('reads back well-formed units it is given', () => {
    const key = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,15}$/);
    const value = fc.stringMatching(/^[^\\\n\r\0]{0,30}$/)
      .map((v) => v.trim())
      .filter((v) => new TextDecoder().decode(new TextEncoder().encode(v)) === v);
    const entries = fc.array(fc.tuple(key, value), { maxLength: 12 });
    fc.assert(fc.property(entries, (list) => {
      const text = `[Service]\n${list.map(([k, v]) => `${k}=${v}`).join('\n')}\n`;
      const got = parseUnitFile(text, F);
      // systemd's UTF-8 rule refuses a few code points fast-check may produce; skip those cases.
      if (got.diagnostics.some((d) => d.code === 'invalid-utf8')) return;
      expect(got.directives.map((d) => [d.key, d.value])).toEqual(list);
      expect(got.directives.map((d) => d.line)).toEqual(list.map((_, i) => i + 2));
    }), { numRuns: 300 });
  });
});

describe('splitWords (dependency lists, extract_first_word with EXTRACT_RETAIN_ESCAPE)', () => {
  it('splits on blanks only, keeping quotes and backslashes', () => {
    expect(splitWords('  a.service\tb.target  c@x.service ')).toEqual(['a.service', 'b.target', 'c@x.service']);
    expect(splitWords('"a b".service dev-disk-by\\x2duuid.device')).toEqual(['"a', 'b".service', 'dev-disk-by\\x2duuid.device']);
    expect(splitWords('')).toEqual([]);
  });
});

describe('splitQuotedWords (Environment=, EXTRACT_CUNESCAPE | EXTRACT_UNQUOTE)', () => {
  it('removes quotes, also mid-word, and decodes C escapes', () => {
    expect(splitQuotedWords('A=1 "B=two words" \'C=x y\' D="q"u\\x41\\s')).toEqual({ words: ['A=1', 'B=two words', 'C=x y', 'D=quA '] });
    expect(splitQuotedWords('E=a\\nb F=\\u00e9 G=\\101')).toEqual({ words: ['E=a\nb', 'F=é', 'G=A'] });
    expect(splitQuotedWords('""')).toEqual({ words: [''] });
  });

  it('keeps the words before a syntax error and says what it was', () => {
    expect(splitQuotedWords('A=1 "B=2')).toEqual({ words: ['A=1'], error: 'unbalanced-quote' });
    expect(splitQuotedWords('A=1 B=\\q')).toEqual({ words: ['A=1'], error: 'bad-escape' });
    expect(splitQuotedWords('A=1 B=\\')).toEqual({ words: ['A=1'], error: 'trailing-backslash' });
    expect(splitQuotedWords('A=\\x00')).toEqual({ words: [], error: 'bad-escape' });
  });
});
