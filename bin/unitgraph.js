#!/usr/bin/env node
'use strict';
// A CommonJS script (bin/package.json says so): Node's CommonJS loader starts it some 6 ms sooner
// than its ES module loader would, in every process and in every worker thread of a fleet.
// The program is the esbuild bundle of cli/ and src/ (scripts/build-cli.mjs), in two forms:
// - dist/unitgraph.cjs, one script compiled here with V8's code cache (dist/unitgraph.cjs.cache,
//   made by the build from a check run): start-up then parses and compiles almost nothing;
// - dist/unitgraph.mjs and its chunks, the ES module loaded when there is no script or no cache
//   for it and this Node (or with UNITGRAPH_CODE_CACHE=0).
// A cache is used only with the script and the Node it was made for, and with the V8 flags it was
// made with: none is set before it is compiled (cli/main.ts sets the heap's growth only once a
// source turns out to be large).
const { createHash } = require('node:crypto');
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');
const { isMainThread, workerData } = require('node:worker_threads');

const dist = join(__dirname, '..', 'dist');

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
  const file = join(dist, 'unitgraph.cjs');
  // without a script and its cache, the ES module (split by command) loads faster
  const program = runCached(file, `${file}.cache`);
  if (program === undefined) return undefined;
  // cli/check-pool.ts starts its worker threads on this file, so that they load the script the same way
  globalThis[Symbol.for('unitgraph.entry')] = pathToFileURL(__filename).href;
  return program;
};

/**
 * For the packages the script requires late and that cost much to compile (the shell parser,
 * mvdan-sh: 1.5 MB of GopherJS, about 50 ms): `require` them with a code cache of their own in
 * dist/ (src/graph/query/shell-script.ts asks for it through this hook; without it, or without a
 * usable cache, it is a plain require).
 */
globalThis[Symbol.for('unitgraph.requireCached')] = (file, name) =>
  process.env.UNITGRAPH_CODE_CACHE === '0' ? undefined : runCached(file, join(dist, `${name}.cache`));

const start = (program) => {
  if (!isMainThread && workerData?.unitgraphCheckWorker === true) return program.serveCheckWorker();
  return program.run();
};
const script = loadScript();
if (script !== undefined) start(script);
else import(pathToFileURL(join(dist, 'unitgraph.mjs')).href).then(start);
