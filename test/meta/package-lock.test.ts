/**
 * package-lock.json is complete: every optional dependency of every locked package (SWC's and
 * jest's resolver's per-platform binaries) has its own entry, as `npm install` writes it on any
 * machine. A lock without them is rewritten by every `npm install` (+373 lines) and refused by
 * `npm ci` ("Missing: @swc/core-darwin-arm64@… from lock file"), which the Action runs.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/fixture.js';

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockEntry> };
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Where node would find `name` from the package at `at` (node_modules lookup, innermost first). */
const locate = (at: string, name: string): string | undefined => {
  for (let dir = at; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
    const key = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`;
    if (lock.packages[key] !== undefined) return key;
    if (dir === '') return undefined;
  }
};

describe('package-lock.json', () => {
  it('is lockfile v3 and locks what package.json asks for', () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages['']?.dependencies).toEqual(pkg.dependencies);
    expect(lock.packages['']?.devDependencies).toEqual(pkg.devDependencies);
  });

  // npm install here writes entries without `resolved` (the registry it reaches is configured per
  // machine); an entry with one is rewritten by the next npm install (mvdan-sh was added by hand)
  it('names no registry location (`resolved`), as npm install writes it here', () => {
    expect(Object.entries(lock.packages).filter(([, e]) => 'resolved' in e).map(([at]) => at)).toEqual([]);
  });

  it('has an entry for every optional dependency of every locked package (all platforms)', () => {
    const missing = Object.entries(lock.packages).flatMap(([at, e]) =>
      Object.keys(e.optionalDependencies ?? {}).filter((d) => locate(at, d) === undefined).map((d) => `${at || '(root)'} -> ${d}`));
    expect(missing).toEqual([]);
  });
});
