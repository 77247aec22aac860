/**
 * The real NixOS initrds of the corpus (examples/; zstd, one frame, no content size) against the
 * same archive unpacked by GNU cpio (`zstd -dc initrd | cpio -idm`): the same paths, types, link
 * targets and file bytes. Skipped, saying so, where zstd or cpio is not installed.
 */
import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInitrd, type InitrdFs } from '../../../../src/parse/source/initrd/read-initrd.js';
import { corpusCases, corpusDir } from '../../../helpers/fixture.js';
import { haveCommand, skipTitle } from '../../../helpers/skip.js';

const TOOLS = haveCommand('zstd') && haveCommand('cpio');
const REASON = 'zstd or cpio is not installed (apt-get install zstd cpio)';

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

/** The archive unpacked by the host's zstd and GNU cpio into a fresh directory. */
const unpackWithCpio = (archive: string): string => {
  const dest = mkdtempSync(join(tmpdir(), 'unitgraph-cpio-'));
  execFileSync('sh', ['-c', 'zstd -dc "$1" | cpio -idm --quiet --no-absolute-filenames', 'sh', archive], { cwd: dest });
  return dest;
};

(TOOLS ? describe.each : describe.skip.each)(corpusCases)(skipTitle(TOOLS, REASON, 'the NixOS corpus initrd %s against GNU cpio'), (name) => {
  const archive = join(corpusDir(name), 'initrd');
  let root = '';
  let fs: InitrdFs;

  it('lists the same paths, types and link targets as cpio unpacks', async () => {
    root = unpackWithCpio(archive);
    fs = await readInitrd(readFileSync(archive), `${name}/initrd`);
    const host = hostListing(root);
    const inArchive = archiveListing(fs);
    expect([...inArchive].sort()).toEqual([...host].sort());
    expect(host.size).toBeGreaterThan(200);
    expect(fs.segments).toEqual([expect.objectContaining({ offset: 0, compression: 'zstd', compressedBytes: lstatSync(archive).size })]);
    expect(fs.skipped).toEqual([]);
  });

  it('holds the same bytes in every file', () => {
    try {
      const files = [...hostListing(root)].filter(([, what]) => what.startsWith('file'));
      for (const [path] of files) {
        const node = fs.lstat(path);
        const same = node?.type === 'file' && Buffer.from(node.read()).equals(readFileSync(join(root, path)));
        expect([path, same]).toEqual([path, true]);
      }
      expect(files.length).toBeGreaterThan(100);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
