/**
 * Properties of the unit-file lexer (src/parse/unit-file/lexer.ts) on random input: it never
 * throws, every line number it reports is a line of the input, a directive only ever comes from
 * a (logical) line holding '=', and never from a comment line; the lexer's two paths (a file
 * decoded whole, or read line by line over its bytes) agree. Structured inputs (sections,
 * assignments, comments, continuations, junk, any line ending) reach the interesting states that
 * raw random bytes rarely do.
 */
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { FATAL_DIAGNOSTIC_CODES, parseUnitFile } from '../../src/parse/unit-file/lexer.js';
import type { ParsedUnitFile } from '../../src/parse/types.js';

const FILE = 'etc/systemd/system/x.service';
const enc = new TextEncoder();

/** A line ends at \n, \r or \0 (read_line_full); a file of k terminators has at most k + 1 lines. */
const maxLines = (b: Uint8Array): number => 1 + b.reduce((n, c) => n + (c === 0x0a || c === 0x0d || c === 0x00 ? 1 : 0), 0);

const checkLines = (r: ParsedUnitFile, bytes: Uint8Array): void => {
  const top = maxLines(bytes);
  for (const x of [...r.directives, ...r.diagnostics]) {
    if (x.line === undefined) continue;
    expect(Number.isInteger(x.line)).toBe(true);
    expect(x.line).toBeGreaterThanOrEqual(1);
    expect(x.line).toBeLessThanOrEqual(top);
  }
  // in file order, and nothing read after the line where systemd stops reading
  for (let i = 1; i < r.directives.length; i++) expect((r.directives[i] as { line: number }).line).toBeGreaterThanOrEqual((r.directives[i - 1] as { line: number }).line);
  const fatal = r.diagnostics.filter((d) => FATAL_DIAGNOSTIC_CODES.has(d.code));
  expect(fatal.length).toBeLessThanOrEqual(1);
  if (fatal[0]?.line !== undefined) for (const d of r.directives) expect(d.line).toBeLessThanOrEqual(fatal[0].line);
  // each directive takes a line of its own that holds an '='
  const equals = bytes.reduce((n, c) => n + (c === 0x3d ? 1 : 0), 0);
  expect(r.directives.length).toBeLessThanOrEqual(equals);
  for (const d of r.directives) {
    expect(d.key).not.toBe('');
    expect(d.key).not.toContain('=');
    expect(d.file).toBe(FILE);
  }
};

/** Bytes that matter to the lexer, often; anything else now and then. */
const interesting = fc.constantFrom(0x5b, 0x5d, 0x3d, 0x5c, 0x0a, 0x0d, 0x00, 0x23, 0x3b, 0x20, 0x09, 0x41, 0x58, 0x2d, 0x2e, 0xef, 0xbb, 0xbf, 0xff, 0xc3, 0xa9, 0xed, 0xa0);
const randomBytes = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc.array(fc.oneof(interesting, fc.integer({ min: 0, max: 255 })), { maxLength: 400 }).map((a) => Uint8Array.from(a)),
);

/** A line ending in an unescaped backslash goes on on the next line. */
const continues = (text: string): boolean => {
  let escaped = false;
  for (const c of text) escaped = escaped ? false : c === '\\';
  return escaped;
};

/** One physical line of a unit file, of a known kind. */
type Line = { kind: 'section' | 'assign' | 'comment' | 'blank' | 'junk' | 'continued'; text: string };
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,8}$/);
const valueText = fc.oneof(fc.stringMatching(/^[ -~]{0,20}$/), fc.string({ maxLength: 12 }));
const lineArb: fc.Arbitrary<Line> = fc.oneof(
  word.map((w) => ({ kind: 'section' as const, text: `[${w}]` })),
  fc.constantFrom('Unit', 'Service', 'Install', 'Mount').map((w) => ({ kind: 'section' as const, text: `[${w}]` })),
  fc.tuple(fc.constantFrom('', ' ', '\t'), word, fc.constantFrom('=', ' = ', '=\t'), valueText).map(([pre, k, eq, v]) => ({ kind: 'assign' as const, text: `${pre}${k}${eq}${v.replace(/[\r\n\0]/g, '')}` })),
  fc.tuple(fc.constantFrom('#', ';', '  #', '\t;'), valueText).map(([c, v]) => ({ kind: 'comment' as const, text: `${c}${v.replace(/[\r\n\0]/g, '')}` })),
  fc.constantFrom('', ' ', '\t \t').map((t) => ({ kind: 'blank' as const, text: t })),
  fc.oneof(valueText, fc.constantFrom('[', ']', '[Unit', 'Unit]', '=', '=x', '.include /x', '[X-\\]', '[a"b]')).map((t) => ({ kind: 'junk' as const, text: t.replace(/[\r\n\0]/g, '') })),
  fc.tuple(word, valueText).map(([k, v]) => ({ kind: 'continued' as const, text: `${k}=${v.replace(/[\r\n\0\\]/g, '')} \\` })),
);
const fileArb = fc.tuple(fc.array(lineArb, { maxLength: 25 }), fc.constantFrom('\n', '\r\n', '\r', '\n\r'), fc.boolean(), fc.boolean());

describe('parseUnitFile on random input', () => {
  it('never throws on random bytes; lines are lines of the input; directives need an =', () => {
    fc.assert(fc.property(randomBytes, (bytes) => {
      checkLines(parseUnitFile(bytes, FILE), bytes);
    }), { numRuns: 1500 });
  });

  it('never throws on random strings (lone surrogates included), and reads a string as its UTF-8 bytes', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
      const bytes = enc.encode(s);
      const fromString = parseUnitFile(s, FILE);
      checkLines(fromString, bytes);
      expect(parseUnitFile(bytes, FILE)).toEqual(fromString);
    }), { numRuns: 500 });
  });

  it('structured files: each directive comes from its own assignment line, never from a comment', () => {
    fc.assert(fc.property(fileArb, ([lines, eol, bom, finalEol]) => {
      const text = (bom ? '\ufeff' : '') + lines.map((l) => l.text).join(eol) + (finalEol ? eol : '');
      const bytes = enc.encode(text);
      const r = parseUnitFile(bytes, FILE);
      checkLines(r, bytes);
      const physical = lines.length + (finalEol ? 1 : 0);
      for (const d of r.directives) {
        expect(d.line).toBeLessThanOrEqual(Math.max(physical, 1));
        const line = lines[d.line - 1] as Line;
        expect(['assign', 'continued', 'junk']).toContain(line.kind);
        // the logical line starting here (its continuation lines included) holds the '='
        // (the backslash that continues a line becomes a space)
        const joined = (t: string): string => (continues(t) ? `${t.slice(0, -1)} ` : t);
        let logical = joined(line.text);
        for (let i = d.line, last = line; continues(last.text) && i < lines.length; i++) {
          const next = lines[i] as Line;
          if (next.kind === 'comment') continue; // dropped inside a continuation too
          logical += joined(next.text);
          last = next;
        }
        expect(logical).toContain('=');
        expect(logical.replace(/\s+/g, '')).toContain(d.key.replace(/\s+/g, ''));
        // the section is one whose header came before
        const headers = lines.slice(0, d.line - 1).filter((l) => l.kind === 'section').map((l) => l.text.slice(1, -1));
        expect(headers).toContain(d.section);
      }
    }), { numRuns: 1500 });
  });

  // A file that is valid UTF-8 and shorter than LONG_LINE_MAX is decoded whole and scanned as a
  // string; anything else goes line by line over the bytes. A last comment line holding an invalid
  // byte sends the same file down the byte path without changing what it says (comments are
  // never decoded), so the two paths must give the same result, diagnostics and lines included.
  const byteWay = (bytes: Uint8Array): Uint8Array => Uint8Array.from([...bytes, 0x0a, 0x23, 0xff]);
  it('the whole-string path and the line-by-line byte path read a file alike', () => {
    fc.assert(fc.property(fc.oneof(
      fileArb.map(([lines, eol, bom, finalEol]) => (bom ? '\ufeff' : '') + lines.map((l) => l.text).join(eol) + (finalEol ? eol : '')),
      fc.string({ unit: 'binary', maxLength: 200 }),
    ), (text) => {
      const bytes = enc.encode(text);
      expect(parseUnitFile(byteWay(bytes), FILE)).toEqual(parseUnitFile(bytes, FILE));
    }), { numRuns: 3000 });
  });

  it('an overlong line or continuation is one fatal diagnostic, not a crash', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 }), fc.boolean(), (before, continued) => {
      const long = 'A='.padEnd(1024 * 1024 + 10, 'x');
      const text = `[Unit]\n${'B=1\n'.repeat(before)}${continued ? 'C=1 \\\n'.repeat(2) + long.slice(0, 600 * 1024) + ' \\\n' + long.slice(0, 600 * 1024) : long}\nD=2\n`;
      const r = parseUnitFile(text, FILE);
      expect(r.diagnostics.filter((d) => d.code === 'line-too-long')).toHaveLength(1);
      expect(r.directives.map((d) => d.key)).toEqual(Array(before).fill('B'));
    }), { numRuns: 8 });
  });
});
