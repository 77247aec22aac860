/**
 * `buildPage`: one self-contained HTML file for `unitgraph html` and `unitgraph serve`.
 * The RenderInput is embedded as inert JSON (`<script type="application/json">`), the bundled page
 * script and its styles are inlined, and a Content-Security-Policy lets nothing else run or load:
 * only this one inline script (by its SHA-256), inline styles and data: images. No network, works
 * from file://. Pure: no node:*.
 */
import type { RenderInput } from '../types.js';
import { sha256Base64 } from './sha256.js';

/** The element ids the page script looks for. */
export const DATA_ELEMENT_ID = 'unitgraph-data';
export const APP_ELEMENT_ID = 'unitgraph-app';

/**
 * JSON that is safe inside any HTML element: `<`, `>` and `&` become \u escapes (so neither
 * `</script>` nor `<!--` can appear), as do U+2028/U+2029, which old JavaScript parsers take
 * for line ends. JSON.parse reads the escapes back as the same characters.
 */
export const toSafeJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    // DEL and C1 controls, which JSON.stringify leaves raw: nothing a terminal acts on when the page goes to stdout
    .replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Script text that cannot end its `<script>` element early nor open an HTML comment: `</script`
 * becomes `<\/script`, `<!--` becomes `<\!--` (the same characters inside a JavaScript string or
 * regular expression, where a minified bundle can hold them).
 */
export const toSafeScript = (js: string): string => js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

/** Style text that cannot end its `<style>` element early. */
export const toSafeStyle = (css: string): string => css.replace(/<\/(style)/gi, '<\\/$1');

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\u2028/g, '&#x2028;').replace(/\u2029/g, '&#x2029;');

/** The policy for a page whose only script is `script`. */
export const pagePolicy = (script: string): string =>
  [
    "default-src 'none'",
    `script-src 'sha256-${sha256Base64(script)}'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "font-src 'none'",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

export interface PageAssets {
  readonly js: string;
  readonly css: string;
}

// the bundle is the same for every page a process builds (serve builds one per request):
// escape and hash it once
let memo: { readonly js: string; readonly script: string; readonly policy: string } | undefined;
const prepared = (js: string): { script: string; policy: string } => {
  if (memo?.js !== js) {
    const script = toSafeScript(js);
    memo = { js, script, policy: pagePolicy(script) };
  }
  return memo;
};

export const buildPage = (input: RenderInput, assets: PageAssets): string => {
  const { script, policy } = prepared(assets.js);
  const title = input.diff === undefined ? `unitgraph: ${input.target} of ${input.source}` : `unitgraph diff: ${input.diff.old.source} → ${input.diff.new.source}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${toSafeStyle(assets.css)}</style>`,
    '</head>',
    '<body>',
    `<div id="${APP_ELEMENT_ID}"><p class="ug-loading">Laying out ${input.nodes.length} units…</p></div>`,
    '<noscript><p>This page draws the graph with JavaScript; use <code>unitgraph render</code> for a static SVG.</p></noscript>',
    `<script type="application/json" id="${DATA_ELEMENT_ID}">${toSafeJson(input)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
};
