/** Shared by the page tests: the example image, the bundle (built when stale), the page on disk. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { htmlCommand } from '../../cli/commands/html.js';
import { memoryIo } from '../../cli/io.js';
import { main } from '../../cli/main.js';
import { writeVariant, type VariantName } from '../helpers/next-generation.js';
import type { RenderInput } from '../../src/render/types.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLE = join(REPO, 'examples', 'nixos-remote-unlock', 'initrd');
export const BTRFS_EXAMPLE = join(REPO, 'examples', 'nixos-btrfs-optin', 'initrd');
export const SCREENSHOTS = join(REPO, 'artifacts', 'screenshots');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const newest = (dir: string): number => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};

/** dist/web/page.js and page.css, rebuilt when missing or older than web/ or src/render/. */
export const ensureWebBundle = (): void => {
  const js = join(REPO, 'dist', 'web', 'page.js');
  const css = join(REPO, 'dist', 'web', 'page.css');
  const built = existsSync(js) && existsSync(css) ? Math.min(statSync(js).mtimeMs, statSync(css).mtimeMs) : 0;
  if (built >= Math.max(newest(join(REPO, 'web')), newest(join(REPO, 'src', 'render')))) return;
  execFileSync(process.execPath, [join(REPO, 'scripts', 'build-web.mjs')], { cwd: REPO, stdio: 'pipe' });
};

/** Run `unitgraph html` for the example into a fresh temp dir; the page's path and its embedded data. */
export const writeExamplePage = async (source: string = EXAMPLE): Promise<{ file: string; html: string; input: RenderInput; dir: string }> => {
  ensureWebBundle();
  const dir = mkdtempSync(join(tmpdir(), 'unitgraph-page-'));
  const file = join(dir, 'page.html');
  const io = memoryIo();
  const code = await htmlCommand(io, source, { output: file });
  if (code !== 0) throw new Error(`html exited ${code}: ${io.err}`);
  const html = io.files.get(file) ?? '';
  writeFileSync(file, html);
  return { file, html, input: embeddedInput(html), dir };
};

/** Run `unitgraph diff OLD NEW --html` for a next-generation variant of the corpus into a fresh temp dir. */
export const writeDiffPage = async (variant: VariantName): Promise<{ file: string; html: string; input: RenderInput; dir: string; old: string; new: string }> => {
  ensureWebBundle();
  const dir = mkdtempSync(join(tmpdir(), 'unitgraph-diff-page-'));
  const v = await writeVariant(dir, variant);
  const file = join(dir, 'diff.html');
  const io = memoryIo();
  const code = await main(['diff', v.old, v.new, '--html', file], io);
  if (code !== 0) throw new Error(`diff exited ${code}: ${io.err}`);
  const html = io.files.get(file) ?? '';
  writeFileSync(file, html);
  return { file, html, input: embeddedInput(html), dir, old: v.old, new: v.new };
};

/** The RenderInput a page carries. */
export const embeddedInput = (html: string): RenderInput => {
  const m = /<script type="application\/json" id="unitgraph-data">([\s\S]*?)<\/script>/.exec(html);
  if (m === null) throw new Error('no embedded data in the page');
  return JSON.parse(m[1] as string) as RenderInput;
};

export const screenshotPath = (name: string): string => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name);
};

/**
 * The expected highlight, written out independently of src/render/query.ts: over the edges of
 * the kinds shown with both ends among `among` (the units that get a job), a unit depends on what
 * it pulls in (Requires, Requisite, BindsTo, Wants, Upholds go from→to) and on what it is ordered
 * after (Before goes to→from). No other kind is followed. The result is what of it is drawn.
 */
export const expectedHighlight = (input: RenderInput, unit: string, drawn: ReadonlySet<string>, shown: (e: RenderInput['edges'][number]) => boolean, among: ReadonlySet<string> = drawn): { deps: string[]; rdeps: string[] } => {
  const pull = ['Requires', 'Requisite', 'BindsTo', 'Wants', 'Upholds'];
  const pairs = input.edges
    .filter((e) => shown(e) && (e.kind === 'Before' || pull.includes(e.kind)) && among.has(e.from) && among.has(e.to) && e.from !== e.to)
    .map((e) => (e.kind === 'Before' ? { dependent: e.to, dependency: e.from } : { dependent: e.from, dependency: e.to }));
  const closure = (step: (n: string) => string[]): string[] => {
    const seen = new Set([unit]);
    let frontier = [unit];
    while (frontier.length > 0) {
      frontier = frontier.flatMap(step).filter((n) => !seen.has(n) && (seen.add(n), true));
    }
    seen.delete(unit);
    return [...seen].filter((n) => drawn.has(n)).sort();
  };
  return {
    deps: closure((n) => pairs.filter((p) => p.dependent === n).map((p) => p.dependency)),
    rdeps: closure((n) => pairs.filter((p) => p.dependency === n).map((p) => p.dependent)),
  };
};

/** The units that get a job in some phase of the boot plan. */
export const jobIds = (input: RenderInput): Set<string> => new Set(input.nodes.filter((n) => (n.jobs === undefined ? n.inTransaction : n.jobs.length > 0)).map((n) => n.id));
