#!/usr/bin/env node
/**
 * Bundle the interactive page: web/main.ts (+ src/render, d3, elkjs) → dist/web/page.js and
 * web/page.css → dist/web/page.css, minified, for `unitgraph html` and `unitgraph serve` to
 * inline. `node scripts/build-web.mjs` (or `npm run build:web`).
 */
import { build } from 'esbuild';
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'web');

/** Write each output beside its place, then rename it there: a reader never sees half a file. */
const writeAtomically = (result) => {
  mkdirSync(outdir, { recursive: true });
  for (const f of result.outputFiles) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
};

export const buildWeb = async () => {
  const common = { bundle: true, minify: true, logLevel: 'warning', absWorkingDir: root, legalComments: 'eof', write: false };
  const js = await build({
    ...common,
    entryPoints: [join(root, 'web', 'main.ts')],
    outfile: join(outdir, 'page.js'),
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    tsconfig: join(root, 'web', 'tsconfig.json'),
    // elkjs's bundle asks for this only when a worker URL is given; the page never gives one
    external: ['web-worker'],
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const css = await build({ ...common, entryPoints: [join(root, 'web', 'page.css')], outfile: join(outdir, 'page.css') });
  writeAtomically(js);
  writeAtomically(css);
  return { js: statSync(join(outdir, 'page.js')).size, css: statSync(join(outdir, 'page.css')).size };
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const { js, css } = await buildWeb();
  process.stdout.write(`dist/web/page.js ${(js / 1024).toFixed(0)} KiB, page.css ${(css / 1024).toFixed(1)} KiB (${Math.round(performance.now() - t0)} ms)\n`);
}
