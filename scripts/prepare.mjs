// npm runs `prepare` after `npm install` and `npm ci`, and again each time `npx unitgraph` links
// this checkout into its cache (npx inside the repository: the README's first line). Build dist/
// only when it is missing or older than one of its inputs, so the second build costs nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputs = ['dist/unitgraph.mjs', 'dist/unitgraph.cjs', 'dist/web/page.js', 'dist/web/page.css'].map((p) => join(root, p));
const inputs = ['src', 'cli', 'web', 'bin', 'scripts/build-cli.mjs', 'scripts/build-web.mjs', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

/** The newest modification time of a file or of any file below a directory. */
const newest = (path) => {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, e) => Math.max(m, newest(join(path, e))), st.mtimeMs);
};

const built = outputs.every((p) => existsSync(p));
const oldestOutput = built ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
const newestInput = Math.max(...inputs.map((p) => newest(join(root, p))));
if (built && oldestOutput > newestInput && process.env['UNITGRAPH_FORCE_BUILD'] === undefined) {
  console.error('unitgraph: dist/ is up to date (UNITGRAPH_FORCE_BUILD=1 npm run prepare rebuilds it)');
  process.exit(0);
}
const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
