/**
 * Vfs.resolve keeps every resolution and resolves `dir/name` from the kept resolution of `dir`
 * when there is one (src/parse/source/vfs.ts), instead of walking from the root. On random trees
 * of directories, files and symbolic links (relative, absolute, with `..`, dangling, looping,
 * through /dev/null), a path resolved with its directories resolved first must come out exactly
 * as in a fresh Vfs that walks it whole: the same path, node and mask, or the same error.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MapRawFs } from '../../src/parse/source/mount-fs.js';
import { MAX_HOPS, Vfs } from '../../src/parse/source/vfs.js';

const name = fc.constantFrom('a', 'b', 'c', 'dev', 'null');
const relPath = fc.array(fc.oneof(name, fc.constantFrom('..', '.')), { minLength: 1, maxLength: 4 }).map((p) => p.join('/'));
const target = fc.oneof(relPath, relPath.map((p) => `/${p}`), fc.constantFrom('/dev/null', '/', '..', '/a/b'));
const absPath = fc.array(name, { minLength: 1, maxLength: 4 }).map((p) => `/${p.join('/')}`);
const tree = fc.tuple(fc.array(absPath, { maxLength: 8 }), fc.array(fc.tuple(absPath, target), { maxLength: 8 }));

type Outcome = { path: string; node: string | undefined; isNull: boolean } | { error: string };
const outcome = (vfs: Vfs, path: string, follow: boolean): Outcome => {
  try {
    const r = vfs.resolve(path, follow);
    return { path: r.path, node: r.node === undefined ? undefined : r.node.type === 'symlink' ? `-> ${r.node.target}` : r.node.type, isNull: r.isNull };
  } catch (e) {
    return { error: (e as Error).message };
  }
};

describe('Vfs.resolve from kept parent resolutions', () => {
  it('gives what a whole walk from the root gives, links and loops included', () => {
    fc.assert(fc.property(tree, fc.array(fc.tuple(absPath, fc.boolean()), { minLength: 1, maxLength: 8 }), ([files, links], queries) => {
      const fileMap = new Map(files.map((f) => [f, '']));
      // a path is a file or a link, not both; a link is never made a directory by a deeper entry
      const linkMap = new Map(links.filter(([p]) => !fileMap.has(p)));
      const raw = (): MapRawFs => new MapRawFs(fileMap, linkMap);
      const warm = new Vfs(raw(), 't');
      for (const [path, follow] of queries) {
        const parts = path.split('/').filter(Boolean);
        for (let i = 1; i < parts.length; i++) outcome(warm, `/${parts.slice(0, i).join('/')}`, true); // the directories first
        expect(outcome(warm, path, follow)).toEqual(outcome(new Vfs(raw(), 't'), path, follow));
      }
    }), { numRuns: 3000 });
  });

  it('counts the links behind a kept directory: MAX_HOPS links in all resolve, one more is a loop', () => {
    // /d is reached through a chain of `n` links; /d/x is one more
    const chain = (n: number): Map<string, string> => {
      const links = new Map<string, string>([['/d', '/l1']]);
      for (let i = 1; i < n; i++) links.set(`/l${i}`, `/l${i + 1}`);
      links.set(`/l${n}`, '/real');
      links.set('/real/x', '/real/y');
      return links;
    };
    for (const [n, ok] of [[MAX_HOPS - 2, true], [MAX_HOPS - 1, false]] as const) {
      const raw = new MapRawFs(new Map([['/real/y', '']]), chain(n));
      const warm = new Vfs(raw, 't');
      expect(warm.resolve('/d').path).toBe('/real');
      const cold = outcome(new Vfs(raw, 't'), '/d/x', true);
      expect(outcome(warm, '/d/x', true)).toEqual(cold);
      expect('error' in cold).toBe(!ok);
    }
  });
});

