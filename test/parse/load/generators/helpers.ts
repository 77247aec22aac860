/**
 * Test-only helpers: a reader over a NixOS corpus archive (examples/, the same tree as the shared
 * corpus's root/), resolving symlinks inside the archive's own root, and a minimal unit-text
 * reader for the assertions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInitrd } from '../../../../src/parse/source/initrd/read-initrd.js';
import { Vfs } from '../../../../src/parse/source/vfs.js';
import { corpusDir, type CorpusCase } from '../../../helpers/fixture.js';

/** read(path) and readlink(path) inside the case's initrd archive; undefined when absent (or a directory). */
export const archiveReader = async (c: CorpusCase): Promise<{ read: (path: string) => string | undefined; readlink: (path: string) => string | undefined }> => {
  const file = join(corpusDir(c), 'initrd');
  const vfs = new Vfs(await readInitrd(readFileSync(file), file), file);
  return { read: (path) => vfs.readText(path), readlink: (path) => vfs.readlink(path) };
};

/** The case's expected.json. */
export const expectedOf = (c: CorpusCase): unknown => JSON.parse(readFileSync(join(corpusDir(c), 'expected.json'), 'utf8'));

export interface UnitText {
  /** section → key → values (space-separated list items for dependency keys) */
  get(section: string, key: string): string[];
  value(section: string, key: string): string | undefined;
}

/** Parses unit text just enough for assertions; `%i`/`%I` expanded for `instance`. */
export const readUnit = (text: string, instance = ''): UnitText => {
  const entries: [string, string, string][] = [];
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      section = line.slice(1, -1);
      continue;
    }
    const eq = line.indexOf('=');
    entries.push([section, line.slice(0, eq), line.slice(eq + 1).replace(/%[iI]/g, instance)]);
  }
  return {
    get: (s, k) => entries.filter(([es, ek]) => es === s && ek === k).flatMap(([, , v]) => v.split(/\s+/).filter((x) => x !== '')),
    value: (s, k) => entries.filter(([es, ek]) => es === s && ek === k).map(([, , v]) => v).pop(),
  };
};
