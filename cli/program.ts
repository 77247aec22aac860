/** Commander definitions: each command parses its options and hands them to cli/commands/<name>. */
import { Command, Option } from 'commander';
import type { Io } from './io.js';
import { escapeLines } from '../src/render/terminal-text.js';
import { addSourceOptions } from './options.js';
import { listCommand } from './commands/list.js';
import { showCommand } from './commands/show.js';
import { checkCommand } from './commands/check.js';
import { graphCommand } from './commands/graph.js';
import { whyCommand } from './commands/why.js';
import { renderCommand } from './commands/render.js';
import { htmlCommand } from './commands/html.js';
import { serveCommand } from './commands/serve.js';
import { diffCommand } from './commands/diff.js';

export interface ExitState {
  code: number;
}

export const buildProgram = (io: Io, state: ExitState): Command => {
  const program = new Command('unitgraph')
    .description('Read the systemd units of a boot image, build their dependency graph, check it, draw it.')
    .version('0.1.0')
    .option('--debug', 'print stack traces of failures')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(escapeLines(s)), outputError: (s, write) => write(s.startsWith('error') ? `unitgraph: ${s}` : s) });

  const format = (choices: string[], dflt: string): Option => new Option('--format <format>', 'output format').choices(choices).default(dflt);

  addSourceOptions(program.command('list').description('list the units of a source').argument('<source>'))
    .addOption(format(['text', 'json'], 'text'))
    .action(async (source: string, opts) => {
      state.code = await listCommand(io, source, opts);
    });

  addSourceOptions(program.command('show').description('show a unit as systemd merges it, and its dependencies').argument('<source>').argument('<unit>'))
    .addOption(format(['text', 'json'], 'text'))
    .action(async (source: string, unit: string, opts) => {
      state.code = await showCommand(io, source, unit, opts);
    });

  addSourceOptions(program.command('check').description('check the graph against systemd\'s rules; exit 1 on errors').argument('[sources...]', 'one or more sources, reported together'))
    .addOption(format(['text', 'json', 'sarif', 'github'], 'text'))
    .option('--target <unit>', 'the target whose transaction is checked (default: initrd.target for an initrd, else default.target)')
    .option('--strict', 'exit 1 on warnings too')
    .option('--config <file>', 'rule configuration (default: ./unitgraph.json if present)')
    .option('--stdin-list', 'also check the sources listed on standard input, one per line')
    .option('--jobs <n>', 'check this many sources at once (default: the number of cores)')
    .option('--path-map <IMAGE_PREFIX=REPO_PREFIX>', 'sarif, github (every source): a file under IMAGE_PREFIX in the image is REPO_PREFIX/... in your repository (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .action(async (sources: string[], opts) => {
      state.code = await checkCommand(io, sources, { ...opts, debug: program.opts()['debug'] === true });
    });

  addSourceOptions(program.command('graph').description('print the dependency graph').argument('<source>'))
    .addOption(format(['json', 'dot', 'mermaid'], 'json'))
    .option('--target <unit>', 'the target whose transaction is shown')
    .option('--all', 'every loaded unit, not only the transaction of the target')
    .action(async (source: string, opts) => {
      state.code = await graphCommand(io, source, opts);
    });

  addSourceOptions(program.command('why').description('explain why A is ordered before B and/or pulls in B').argument('<source>').argument('<unit-a>').argument('<unit-b>'))
    .addOption(format(['text', 'json'], 'text'))
    .action(async (source: string, a: string, b: string, opts) => {
      state.code = await whyCommand(io, source, a, b, opts);
    });

  addSourceOptions(program.command('render').description('draw the graph as SVG (ordering or boot timeline)').argument('<source>'))
    .option('-o, --output <file>', 'write the SVG here (default: stdout)')
    .addOption(new Option('--view <view>', 'what to draw').choices(['ordering', 'timeline']).default('ordering'))
    .option('--target <unit>', 'the target whose transaction is drawn')
    .option('--focus <unit>', 'only what must finish before this unit and what waits for it')
    .option('--depth <n>', 'steps away from --focus in the reduced ordering (default 1; at most 40 units)')
    .option('--all-edges', 'ordering: every stored edge among the transaction\'s units (no folding, no reduction)')
    .option('--show <glob...>', 'ordering: draw this plumbing (slices, sockets, journald, devices) instead of folding it, e.g. --show \'*.device\'')
    .option('--hide-defaults', 'with --all-edges: leave out default and implicit dependencies')
    .option('--max-nodes <n>', 'layout bound: refuse to lay out more units than this with ELK (default 500)')
    .option('--durations <file>', 'timeline: scale bars by `systemd-analyze blame` output from a real boot')
    .action(async (source: string, opts) => {
      state.code = await renderCommand(io, source, opts);
    });

  addSourceOptions(program.command('html').description('write one self-contained interactive page').argument('<source>'))
    .option('-o, --output <file>', 'write the page here (default: stdout)')
    .option('--max-nodes <n>', 'layout bound: refuse to lay out more units than this with ELK (default 500)')
    .option('--target <unit>', 'the target whose transaction is shown')
    .action(async (source: string, opts) => {
      state.code = await htmlCommand(io, source, opts);
    });

  addSourceOptions(program.command('serve').description('serve the interactive page on a local port; re-reads the source on reload').argument('<source>'))
    .option('--port <n>', 'port (0 picks a free one)', '8080')
    .option('--max-nodes <n>', 'layout bound: refuse to lay out more units than this with ELK (default 500)')
    .option('--host <addr>', 'address to bind (a loopback address unless --allow-remote)', '127.0.0.1')
    .option('--allow-remote', 'allow a --host other machines can reach (0.0.0.0, ::, a LAN address); prints a warning')
    .option('--allow-host <name>', 'also answer requests whose Host header names this (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--target <unit>', 'the target whose transaction is shown')
    .action(async (source: string, opts) => {
      state.code = await serveCommand(io, source, opts);
    });

  addSourceOptions(program.command('diff').description('compare two generations: units, edges, ordering, findings').argument('<old-source>').argument('<new-source>'))
    .addOption(format(['text', 'json'], 'text'))
    .option('-o, --output <file>', 'also write the union graph as SVG')
    .option('--html <file>', 'also write the union graph as one self-contained interactive page')
    .option('--target <unit>', 'the target whose transaction is compared')
    .option('--max-nodes <n>', 'layout bound: refuse to lay out more units than this with ELK (default 500)')
    .option('--keep-store-hashes', 'compare /nix/store/<hash>- paths as they are')
    .option('--exit-code', 'exit 1 when anything differs')
    .action(async (a: string, b: string, opts) => {
      state.code = await diffCommand(io, a, b, opts);
    });

  for (const c of program.commands) c.exitOverride().configureOutput(program.configureOutput());
  return program;
};
