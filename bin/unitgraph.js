#!/usr/bin/env node
// dist/unitgraph.mjs is the esbuild bundle of cli/ and src/ (scripts/build-cli.mjs): one module to
// load at start-up instead of the hundred-odd files tsc writes under dist/cli and dist/src
import { run } from '../dist/unitgraph.mjs';
run();
