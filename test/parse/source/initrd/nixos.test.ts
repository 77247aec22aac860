/**
 * The real NixOS initrds of the shared corpus (zstd, one frame, no content size) against the
 * root/ directory unpacked beside each: the same paths, types, link targets and file bytes.
 * root/ lives in git, which keeps no empty directory: a directory that the archive has and
 * root/ lacks must hold directories only (the initrd's /var/empty). And a checkout without
 * symlink support (as shared/ is on some machines) stores a link as a small file holding its
 * target: such a file stands for the archive's link with that target.
 */
import { describe, it, expect } from '@jest/globals';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { readInitrd, type InitrdFs } from '../../../../src/parse/source/initrd/read-initrd.js';

const CORPUS = join(process.cwd(), '..', 'shared', 'corpus', 'nixos');
const CASES = ['remote-unlock-luks', 'btrfs-optin-state'];

type Listing = Map<string, string>; // path → "dir" | "file <size>" | "link <target>" | "other"

const hostListing = (root: string, rel = '', out: Listing = new Map()): Listing => {
  for (const name of readdirSync(join(root, rel))) {
    const path = `${rel}/${name}`;
    const st = lstatSync(join(root, path));
    if (st.isSymbolicLink()) out.set(path, `link ${readlinkSync(join(root, path))}`);
    else if (st.isDirectory()) {
      out.set(path, 'dir');
      hostListing(root, path, out);
    } else out.set(path, st.isFile() ? `file ${st.size}` : 'other');
  }
  return out;
};

const archiveListing = (fs: InitrdFs, dir = '', out: Listing = new Map()): Listing => {
  for (const name of fs.readdir(dir || '/')) {
    const path = `${dir}/${name}`;
    const node = fs.lstat(path);
    if (node?.type === 'symlink') out.set(path, `link ${node.target}`);
    else if (node?.type === 'dir') {
      out.set(path, 'dir');
      archiveListing(fs, path, out);
    } else out.set(path, node?.type === 'file' ? `file ${node.size}` : 'other');
  }
  return out;
};

describe.each(CASES)('the NixOS corpus initrd %s', (name) => {
  const dir = join(CORPUS, name);

  it('lists the same paths, types and link targets as its unpacked root/', async () => {
    const fs = await readInitrd(readFileSync(join(dir, 'initrd')), `${name}/initrd`);
    const host = hostListing(join(dir, 'root'));
    const archive = archiveListing(fs);
    for (const [path, what] of host) {
      const inArchive = archive.get(path);
      const flattenedLink = inArchive?.startsWith('link ') && what.startsWith('file ');
      const expected = flattenedLink ? `link ${readFileSync(join(dir, 'root', path), 'utf8')}` : what;
      expect([path, inArchive]).toEqual([path, expected]);
    }
    const onlyInArchive = [...archive].filter(([path]) => !host.has(path));
    for (const [path, what] of onlyInArchive) {
      expect([path, what]).toEqual([path, 'dir']);
      expect([...archive].filter(([p, w]) => p.startsWith(`${path}/`) && w !== 'dir')).toEqual([]);
    }
    expect(host.size).toBeGreaterThan(200);
    expect(fs.segments).toEqual([expect.objectContaining({ offset: 0, compression: 'zstd', compressedBytes: lstatSync(join(dir, 'initrd')).size })]);
    expect(fs.skipped).toEqual([]);
  });

  it('holds the same bytes in every file', async () => {
    const fs = await readInitrd(readFileSync(join(dir, 'initrd')), `${name}/initrd`);
    const files = [...hostListing(join(dir, 'root'))].filter(([, what]) => what.startsWith('file'));
    for (const [path] of files) {
      const node = fs.lstat(path);
      if (node?.type === 'symlink') continue; // a link stored as a file, compared above
      const same = node?.type === 'file' && Buffer.from(node.read()).equals(readFileSync(join(dir, 'root', path)));
      expect([path, same]).toEqual([path, true]);
    }
  });
});
