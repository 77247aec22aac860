#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
// V8 lets the heap grow by up to 4x its live size between full collections. A large source
// (100,000 units: about 640 MB live) then peaks well past 1 GiB; a growth of 1.6x keeps it under
// (issue 16), at no measurable cost for a few thousand units and about 15% more time at 100,000.
setFlagsFromString('--heap-growing-percent=60');
// dist/unitgraph.mjs is the esbuild bundle of cli/ and src/ (scripts/build-cli.mjs): one module to
// load at start-up instead of the hundred-odd files tsc writes under dist/cli and dist/src
const { run } = await import('../dist/unitgraph.mjs');
run();
