/** Issue 14: --timings for every command that does work (render is tested with its command), and -o checked first. */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { REPO } from '../helpers/fixture.js';

const SRC = join(REPO, 'examples', 'nixos-remote-unlock', 'initrd');

describe('--timings', () => {
  it('html reports each stage, from reading the source to building the page', async () => {
    const io = memoryIo();
    expect(await main(['html', SRC, '-o', '/tmp/page.html', '--timings'], io)).toBe(0);
    for (const stage of ['open', 'load units', 'build graph', 'checks and page data', 'building the page']) expect(io.err).toContain(`timing: ${stage}`);
  });

  it('diff reports both generations, the comparison and the layout of -o', async () => {
    const io = memoryIo();
    expect(await main(['diff', SRC, SRC, '-o', '/tmp/diff.svg', '--timings'], io)).toBe(0);
    expect(io.err.match(/timing: build graph/g)).toHaveLength(2);
    for (const stage of ['checks', 'compare', 'ordering reduction', 'ELK layout']) expect(io.err).toContain(`timing: ${stage}`);
  });

  it('html and diff refuse an output they cannot write before any work', async () => {
    for (const argv of [['html', SRC, '-o', '/nonexistent/p.html'], ['diff', SRC, SRC, '--html', '/nonexistent/d.html'], ['diff', SRC, SRC, '-o', '/nonexistent/d.svg']]) {
      const io = memoryIo();
      io.checkWritable = () => {
        throw Object.assign(new Error('no such directory'), { code: 'ENOENT' });
      };
      expect(await main([...argv, '--timings'], io)).toBe(2);
      expect(io.err).toMatch(/cannot write here \(ENOENT\)/);
      expect(io.err).not.toContain('timing:');
    }
  });
});
