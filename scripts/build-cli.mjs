#!/usr/bin/env node
/**
 * Bundle the command line: cli/main.ts (+ src, commander, graphology) → dist/unitgraph.mjs, the
 * file bin/unitgraph.js loads, so start-up reads one module instead of a hundred or more.
 * `node scripts/build-cli.mjs` (part of `npm run build`, after tsc).
 *
 * What stays out of the main bundle, loaded only when a command needs it:
 * - elkjs and the decompressors (fzstd, seek-bzip, xz-decompress, the last with WebAssembly) are
 *   external: imported from node_modules at the moment they are needed, as in the tsc output;
 * - each command's module (cli/commands/*, imported by program.ts when the command runs) and the
 *   code only it needs are split into chunks beside the bundle (dist/chunks/): `check` loads
 *   commander, the pipeline and its formats, never the layout, the SVG and page code, or diff;
 *   the page code (src/render/html/page.ts) is reached only through the dynamic imports of html,
 *   serve, render and diff -o. A worker thread of `check` (cli/check-pool.ts) loads the check
 *   chunk and what it imports: not commander, which only the entry module (program.ts) holds.
 * The bundle sits in dist/, so cli/commands/html.ts's `import.meta.url` climb to package.json
 * still finds dist/web/page.js.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');

/** Loaded lazily from node_modules (never bundled): drawing and decompression libraries. */
const EXTERNAL = ['elkjs', 'elkjs/*', 'fzstd', 'seek-bzip', 'xz-decompress', 'web-worker', 'mvdan-sh'];

export const buildCli = async () => {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { unitgraph: join(root, 'cli', 'main.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: ['node20'],
    tsconfig: join(root, 'tsconfig.build.json'),
    external: EXTERNAL,
    // commander is CommonJS: its require() of node builtins needs a real require in an ES module
    banner: { js: "import { createRequire as __ugCreateRequire } from 'node:module';\nconst require = __ugCreateRequire(import.meta.url);" },
    legalComments: 'eof',
    logLevel: 'warning',
    metafile: true,
    write: false,
  });
  // replace the previous bundle and its chunks, each file written beside its place then renamed
  rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
  for (const f of result.outputFiles) {
    mkdirSync(dirname(f.path), { recursive: true });
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  return result;
};

/**
 * The same program as one CommonJS script, dist/unitgraph.cjs, which bin/unitgraph.js compiles
 * with V8's code cache (node:vm; an ES module cannot be given one in Node 20): the cache,
 * dist/unitgraph.cjs.cache, holds the bytecode of every function a `check` of an example initrd
 * ran, so that start-up neither parses nor compiles them again (about 30 ms of CPU, in each
 * worker thread too). Its dynamic imports become lazily run module bodies, and require() calls
 * for the packages (elkjs, fzstd, ...); `import.meta.url` is the script's own URL. The cache is made by running
 * the bin once with UNITGRAPH_WRITE_CODE_CACHE=1 and is bound to the script's digest and the Node
 * version (the bin ignores a cache of another script or Node; V8 checks its own version and flags).
 * The same run writes dist/mvdan-sh.cache for the shell parser, which the script requires late.
 */
export const buildCliCached = async () => {
  const file = join(outdir, 'unitgraph.cjs');
  rmSync(`${file}.cache`, { force: true });
  rmSync(join(outdir, 'mvdan-sh.cache'), { force: true }); // the shell parser's, written by the same run (bin/unitgraph.js)
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'cli', 'main.ts')],
    outfile: file,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: ['node20'],
    tsconfig: join(root, 'tsconfig.build.json'),
    external: EXTERNAL,
    define: { 'import.meta.url': '__ugImportMetaUrl' },
    // import() in a vm.Script needs an experimental callback (and is lost with a code cache): the
    // packages loaded on demand are require()d instead, which all of them allow
    supported: { 'dynamic-import': false },
    banner: { js: 'var __ugImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    legalComments: 'eof',
    logLevel: 'warning',
    write: false,
  });
  for (const f of result.outputFiles) {
    if (/(?<![\w$.])import\(\s*["'`]/.test(f.text)) throw new Error(`${f.path}: an import() call is left, which bin/unitgraph.js cannot run`);
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  const example = join(root, 'examples', 'nixos-remote-unlock', 'initrd');
  if (!existsSync(example)) return 'no code cache (examples/nixos-remote-unlock/initrd is absent)';
  const r = spawnSync(process.execPath, [join(root, 'bin', 'unitgraph.js'), 'check', example], { stdio: 'ignore', env: { ...process.env, UNITGRAPH_WRITE_CODE_CACHE: '1' } });
  return r.status === 0 || r.status === 1 ? 'code cache from a check of examples/nixos-remote-unlock/initrd' : `no code cache (the check run exited ${r.status})`;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const result = await buildCli();
  const cached = await buildCliCached();
  const sizes = Object.entries(result.metafile.outputs).map(([file, o]) => `${file.replace(/^dist\//, '')} ${(o.bytes / 1024).toFixed(0)} KiB`);
  process.stdout.write(`${sizes.join(', ')}; unitgraph.cjs, ${cached} (${Math.round(performance.now() - t0)} ms)\n`);
}
