/**
 * Commander definitions: each command parses its options and hands them to cli/commands/<name>.
 * A command's module is imported when that command runs, not at start-up: in the bundle
 * (scripts/build-cli.mjs) each is a chunk of its own, so `check` never loads (nor compiles) the
 * code of the drawings, diff, serve, ...
 */
import { Command, Option } from 'commander';
import type { Io } from './io.js';
import { escapeLines } from '../src/render/terminal-text.js';

/** The options of every command that reads a source (their values: options.ts). */
const addSourceOptions = (cmd: Command): Command =>
  cmd
    .addOption(new Option('--source-kind <kind>', 'force the kind of source').choices(['initrd', 'root', 'unit-dir', 'nixos']))
    .addOption(new Option('--stage <n>', 'for a NixOS system: 1 = its initrd, 2 = the booted system').choices(['1', '2']))
    .option('--max-bytes <n>', 'refuse archives that decompress to more than this many bytes (default 2 GiB)')
    .option('--max-members <n>', 'refuse archives with more than this many members, directories with more entries (default 500000)')
    .option('--max-ratio <n>', 'refuse archives that decompress to more than 64 MiB plus this many times their own size (default 32; 0: no bound)')
    .option('--max-seconds <n>', 'give up reading an archive after this many seconds (default 60; 0: no bound)')
    .option('--cmdline <text>', 'kernel command line the generators should assume (e.g. "root=/dev/sda2")')
    .option('--systemd-version <n>', 'the systemd version of the image (e.g. 252 or 252.39), instead of detecting it')
    .option('--no-generators', 'do not emulate systemd-fstab-generator and systemd-cryptsetup-generator')
    .option('--timings', 'print the time of each stage on stderr');

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
      state.code = await (await import('./commands/list.js')).listCommand(io, source, opts);
    });

  addSourceOptions(program.command('show').description('show a unit as systemd merges it, and its dependencies').argument('<source>').argument('<unit>'))
    .addOption(format(['text', 'json'], 'text'))
    .action(async (source: string, unit: string, opts) => {
      state.code = await (await import('./commands/show.js')).showCommand(io, source, unit, opts);
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
      state.code = await (await import('./commands/check.js')).checkCommand(io, sources, { ...opts, debug: program.opts()['debug'] === true });
    });

  addSourceOptions(program.command('graph').description('print the dependency graph').argument('<source>'))
    .addOption(format(['json', 'dot', 'mermaid'], 'json'))
    .option('--target <unit>', 'the target whose transaction is shown')
    .option('--all', 'every loaded unit, not only the transaction of the target')
    .action(async (source: string, opts) => {
      state.code = await (await import('./commands/graph.js')).graphCommand(io, source, opts);
    });

  addSourceOptions(program.command('why').description('explain why A is ordered before B and/or pulls in B').argument('<source>').argument('<unit-a>').argument('<unit-b>'))
    .addOption(format(['text', 'json'], 'text'))
    .action(async (source: string, a: string, b: string, opts) => {
      state.code = await (await import('./commands/why.js')).whyCommand(io, source, a, b, opts);
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
      state.code = await (await import('./commands/render.js')).renderCommand(io, source, opts);
    });

  addSourceOptions(program.command('html').description('write one self-contained interactive page').argument('<source>'))
    .option('-o, --output <file>', 'write the page here (default: stdout)')
    .option('--max-nodes <n>', 'layout bound: refuse to lay out more units than this with ELK (default 500)')
    .option('--target <unit>', 'the target whose transaction is shown')
    .action(async (source: string, opts) => {
      state.code = await (await import('./commands/html.js')).htmlCommand(io, source, opts);
    });

  addSourceOptions(program.command('serve').description('serve the interactive page on a local port; re-reads the source on reload').argument('<source>'))
    .option('--port <n>', 'port (0 picks a free one)', '8080')
    .option('--max-nodes <n>', 'layout bound: refuse to lay out more units than this with ELK (default 500)')
    .option('--host <addr>', 'address to bind (a loopback address unless --allow-remote)', '127.0.0.1')
    .option('--allow-remote', 'allow a --host other machines can reach (0.0.0.0, ::, a LAN address); prints a warning')
    .option('--allow-host <name>', 'also answer requests whose Host header names this (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--target <unit>', 'the target whose transaction is shown')
    .action(async (source: string, opts) => {
      state.code = await (await import('./commands/serve.js')).serveCommand(io, source, opts);
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
      state.code = await (await import('./commands/diff.js')).diffCommand(io, a, b, opts);
    });

  for (const c of program.commands) c.exitOverride().configureOutput(program.configureOutput());
  return program;
};
