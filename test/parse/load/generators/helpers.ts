/**
 * Test-only helpers: a reader over an unpacked image directory that resolves symlinks inside that
 * root (also the corpus' flattened links: a file whose whole content is a /nix/store path that
 * exists in the root), and a minimal unit-text reader for the assertions.
 */
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS = fileURLToPath(new URL('../../../../../shared/corpus/nixos/', import.meta.url));

const STORE_LINK = /^\/nix\/store\/[^\n]+$/;

/** read(path) inside `root`; undefined when absent or a directory. */
export const rootReader = (root: string) => {
  const resolve = (path: string, depth = 0): string | undefined => {
    if (depth > 40) return undefined;
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    let cur = '/';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (part === '..') {
        cur = cur === '/' ? '/' : cur.slice(0, cur.lastIndexOf('/')) || '/';
        continue;
      }
      const next = cur === '/' ? `/${part}` : `${cur}/${part}`;
      const host = join(root, next);
      if (!existsSync(host) && !isLink(host)) return undefined;
      const st = lstatSync(host);
      let target: string | undefined;
      if (st.isSymbolicLink()) target = readlinkSync(host);
      else if (st.isFile() && st.size < 300) {
        const text = readFileSync(host, 'utf8');
        if (STORE_LINK.test(text) && existsSync(join(root, text))) target = text;
      }
      if (target !== undefined) {
        const rest = parts.slice(i + 1).join('/');
        const base = target.startsWith('/') ? target : `${cur}/${target}`;
        return resolve(rest === '' ? base : `${base}/${rest}`, depth + 1);
      }
      cur = next;
    }
    return cur;
  };
  return (path: string): string | undefined => {
    const p = resolve(path);
    if (p === undefined) return undefined;
    const host = join(root, p);
    try {
      return lstatSync(host).isFile() ? readFileSync(host, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
};

const isLink = (p: string): boolean => {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};

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
