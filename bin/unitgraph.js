#!/usr/bin/env node
// The program is the esbuild bundle of cli/ and src/ (scripts/build-cli.mjs), in two forms:
// - dist/unitgraph.cjs, one script compiled here with V8's code cache (dist/unitgraph.cjs.cache,
//   made by the build from a check run): start-up then parses and compiles almost nothing;
// - dist/unitgraph.mjs and its chunks, the ES module loaded when there is no script or no cache
//   for it and this Node (or with UNITGRAPH_CODE_CACHE=0).
// A cache is used only with the script and the Node it was made for, and with the V8 flags it was
// made with: none is set before it is compiled (cli/main.ts sets the heap's growth only once a
// source turns out to be large).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { isMainThread, workerData } from 'node:worker_threads';

/**
 * Runs the CommonJS file `file` compiled with V8's code cache `cacheFile` (when that cache was made
 * for these very bytes and this Node), as Node would run it, and returns its exports. Undefined
 * when there is no cache to use and none is to be written (the caller loads it another way). In
 * the build's run (UNITGRAPH_WRITE_CODE_CACHE=1) the cache is written at exit, holding the
 * bytecode of every function that run compiled.
 */
const writeCache = process.env.UNITGRAPH_WRITE_CODE_CACHE === '1' && isMainThread;
const runCached = (file, cacheFile) => {
  let source;
  let cache;
  try {
    source = readFileSync(file);
    cache = writeCache ? undefined : readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const header = Buffer.from(`unitgraph code cache ${createHash('sha1').update(source).digest('hex')} ${process.version}\n`, 'latin1');
  const cachedData = cache?.subarray(0, header.length).equals(header) ? cache.subarray(header.length) : undefined;
  if (cachedData === undefined && !writeCache) return undefined; // a cache for another script or Node
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`, {
    filename: file,
    cachedData,
  });
  if (writeCache) process.once('exit', () => writeFileSync(cacheFile, Buffer.concat([header, script.createCachedData()])));
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
};

const loadScript = () => {
  if (process.env.UNITGRAPH_CODE_CACHE === '0') return undefined;
  const file = fileURLToPath(new URL('../dist/unitgraph.cjs', import.meta.url));
  // without a script and its cache, the ES module (split by command) loads faster
  const program = runCached(file, `${file}.cache`);
  if (program === undefined) return undefined;
  // cli/check-pool.ts starts its worker threads on this file, so that they load the script the same way
  globalThis[Symbol.for('unitgraph.entry')] = import.meta.url;
  return program;
};

/**
 * For the packages the script requires late and that cost much to compile (the shell parser,
 * mvdan-sh: 1.5 MB of GopherJS, about 50 ms): `require` them with a code cache of their own in
 * dist/ (src/graph/query/shell-script.ts asks for it through this hook; without it, or without a
 * usable cache, it is a plain require).
 */
globalThis[Symbol.for('unitgraph.requireCached')] = (file, name) =>
  process.env.UNITGRAPH_CODE_CACHE === '0' ? undefined : runCached(file, fileURLToPath(new URL(`../dist/${name}.cache`, import.meta.url)));

const program = loadScript() ?? (await import('../dist/unitgraph.mjs'));
if (!isMainThread && workerData?.unitgraphCheckWorker === true) await program.serveCheckWorker();
else program.run();
