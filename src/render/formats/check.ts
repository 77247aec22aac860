/**
 * `unitgraph check` formats. Pure: data in, string out; they never choose the exit code. Rule
 * metadata comes through the context (as ESLint formatters get `rulesMeta`), never by import.
 */
import type { CheckResult, Finding } from '../../graph/checks/types.js';
import { compareText } from '../../text-order.js';

export interface CheckReport {
  source: string;
  target: string;
  units: number;
  result: CheckResult;
  notes: readonly string[];
  /** The steps of the boot plan that were checked, in order (one for --target or a root). */
  plan?: ReadonlyArray<{ target: string; mode: string; jobs: number; stopped: number }>;
  /** Input problems that did not stop the job (skipped lines, bad links). */
  diagnostics: ReadonlyArray<{ severity: string; message: string; file?: string; line?: number }>;
}

export interface FormatContext {
  rulesMeta: Readonly<Record<string, { description: string; defaultSeverity: string }>>;
  color?: boolean;
  toolVersion?: string;
  /** SARIF only: where the paths point (see formatCheckSarif). */
  sarif?: SarifPaths;
}

/** `--path-map IMAGE_PREFIX=REPO_PREFIX`: files under `image` inside the image are `repo` in the repository. */
export interface PathMapping {
  readonly image: string;
  readonly repo: string;
}

export interface SarifPaths {
  /** absolute file: URI of the image root when the source is a directory (ends with /) */
  readonly imageRootUri?: string;
  /** absolute file: URI of the directory unitgraph ran in (the repository checkout in CI; ends with /) */
  readonly workdirUri?: string;
  readonly pathMap?: readonly PathMapping[];
}

export const toCheckJson = (r: CheckReport) => ({
  source: r.source,
  target: r.target,
  units: r.units,
  findings: r.result.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    units: f.units,
    message: f.message,
    ...(f.location === undefined ? {} : { location: f.location }),
    ...(f.phase === undefined ? {} : { phase: f.phase }),
    ...(f.details === undefined ? {} : { details: f.details }),
  })),
  summary: r.result.summary,
  ...(r.result.suppressed > 0 ? { suppressed: r.result.suppressed } : {}),
  ...(r.notes.length > 0 ? { notes: r.notes } : {}),
  ...(r.plan === undefined ? {} : { plan: r.plan }),
  ...(r.diagnostics.length > 0 ? { diagnostics: r.diagnostics } : {}),
});

export const formatCheckJson = (r: CheckReport): string => JSON.stringify(toCheckJson(r), null, 2) + '\n';

const paint = (on: boolean | undefined, code: string, s: string): string => (on === true ? `\u001b[${code}m${s}\u001b[0m` : s);
const SEV_COLOR = { error: '31', warning: '33', info: '36' } as const;

/** "step 2 (initrd-switch-root.target)" for a finding of a later step of a plan with several. */
const phaseLabel = (r: CheckReport, f: Finding): string => {
  if (r.plan === undefined || r.plan.length < 2 || f.phase === undefined) return '';
  const i = r.plan.findIndex((p) => p.target === f.phase);
  return i < 0 ? '' : `step ${i + 1} (${f.phase})`;
};

const where = (f: Finding): string => (f.location === undefined ? '' : `${f.location.file}${f.location.line === undefined ? '' : `:${f.location.line}`}`);

export const formatCheckText = (r: CheckReport, ctx: FormatContext): string => {
  const lines: string[] = [];
  const byUnit = new Map<string, Finding[]>();
  for (const f of r.result.findings) {
    const key = f.units[0] ?? '(image)';
    byUnit.set(key, [...(byUnit.get(key) ?? []), f]);
  }
  for (const [unit, findings] of [...byUnit].sort((a, b) => compareText(a[0], b[0]))) {
    lines.push(paint(ctx.color, '1', unit));
    for (const f of findings) {
      const at = [where(f), phaseLabel(r, f)].filter((x) => x !== '').join(', ');
      lines.push(`  ${paint(ctx.color, SEV_COLOR[f.severity], f.severity.padEnd(7))} ${f.rule.padEnd(24)} ${f.message}${at === '' ? '' : `  ${paint(ctx.color, '2', `[${at}]`)}`}`);
      for (const d of f.details ?? []) lines.push(`      ${paint(ctx.color, '2', d)}`);
    }
    lines.push('');
  }
  const s = r.result.summary;
  const total = s.errors + s.warnings + s.infos;
  const sup = r.result.suppressed > 0 ? `, ${r.result.suppressed} suppressed by configuration` : '';
  const steps = r.plan === undefined || r.plan.length < 2 ? `target ${r.target}` : `boot plan ${r.plan.map((p) => `${p.mode} ${p.target}`).join(' → ')}`;
  lines.push(
    `${r.source}: ${r.units} units, ${steps}: ${total === 0 ? 'no findings' : `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.infos} info${s.infos === 1 ? '' : 's'}`}${sup}`,
  );
  for (const n of r.notes) lines.push(`note: ${n}`);
  // input problems already reported as findings on their line (ignored-input, invalid-value, ...) are not listed twice
  const reported = (d: CheckReport['diagnostics'][number]): boolean =>
    d.line !== undefined ? r.result.findings.some((f) => f.location?.file === d.file && f.location?.line === d.line) : r.result.findings.some((f) => f.message === d.message && f.location?.file === d.file);
  const shown = r.diagnostics.filter((d) => d.severity !== 'info' && !reported(d));
  if (shown.length > 0) {
    lines.push(`${shown.length} input problem${shown.length === 1 ? '' : 's'} systemd would skip or ignore:`);
    for (const d of shown.slice(0, 50)) lines.push(`  ${d.file === undefined ? '' : `${d.file}${d.line === undefined ? '' : `:${d.line}`}: `}${d.message}`);
    if (shown.length > 50) lines.push(`  ... and ${shown.length - 50} more (see --format json)`);
  }
  return lines.join('\n') + '\n';
};

/** An annotation's file: the repository path under --path-map, else the path inside the image. */
const githubPath = (file: string, pathMap: readonly PathMapping[] = []): string => {
  const loc = toArtifactLocation(file, pathMap);
  return loc.uriBaseId === 'SRCROOT' ? decodeURI(loc.uri) : inImage(file);
};

/** GitHub Actions workflow commands (::error file=...,line=...::message). */
export const formatCheckGithub = (r: CheckReport, ctx?: FormatContext): string => {
  const esc = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escProp = (s: string): string => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const cmd = { error: 'error', warning: 'warning', info: 'notice' } as const;
  const lines = r.result.findings.map((f) => {
    const props = [
      ...(f.location === undefined ? [] : [`file=${escProp(githubPath(f.location.file, ctx?.sarif?.pathMap))}`, ...(f.location.line === undefined ? [] : [`line=${f.location.line}`])]),
      `title=${escProp(`unitgraph ${f.rule}`)}`,
    ];
    const step = phaseLabel(r, f);
    return `::${cmd[f.severity]} ${props.join(',')}::${esc(f.message + (step === '' ? '' : ` [${step}]`))}`;
  });
  const s = r.result.summary;
  lines.push(`unitgraph: ${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos in ${r.source}`);
  return lines.join('\n') + '\n';
};

/**
 * A path inside the source as a SARIF `uri` (a URI reference, RFC 3986): systemd's `\x2d`
 * escapes, spaces, `%`, `?` and `#` percent-encoded, `@` and the other path characters kept, and
 * a first segment with a `:` prefixed with `./` so it cannot read as a scheme.
 */
export const toUriReference = (path: string): string => {
  const encoded = encodeURI(path).replace(/[?#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const first = encoded.split('/')[0] ?? '';
  return !encoded.startsWith('/') && first.includes(':') ? `./${encoded}` : encoded;
};

/** A path inside the image as every location spells it: relative to the image root, no leading slash. */
export const inImage = (path: string): string => path.replace(/^\/+/, '');

/**
 * The SARIF artifact location of a path inside the image: under `--path-map` the file in the
 * repository (relative to SRCROOT, the directory unitgraph ran in), else the path relative to
 * IMAGEROOT, the root of the image.
 */
export const toArtifactLocation = (file: string, pathMap: readonly PathMapping[] = []): { uri: string; uriBaseId: string } => {
  const path = inImage(file);
  for (const m of pathMap) {
    const prefix = inImage(m.image).replace(/\/+$/, '');
    let rest: string;
    if (prefix === '') rest = path;
    else if (path === prefix) rest = '';
    else if (path.startsWith(`${prefix}/`)) rest = path.slice(prefix.length + 1);
    else continue;
    const repo = m.repo.replace(/^\.\/+/, '').replace(/\/+$/, '');
    return { uri: toUriReference(repo === '' ? rest : rest === '' ? repo : `${repo}/${rest}`), uriBaseId: 'SRCROOT' };
  }
  return { uri: toUriReference(path), uriBaseId: 'IMAGEROOT' };
};

/**
 * SARIF 2.1.0 (one run, one rule descriptor per rule that exists). Artifact locations are
 * relative to a uriBaseId described in `originalUriBaseIds`: IMAGEROOT (the image's root: the
 * directory given, or the root of the archive's file system) or, with --path-map, SRCROOT (the
 * directory unitgraph ran in). A finding without a file points at the source itself.
 */
export const formatCheckSarif = (r: CheckReport, ctx: FormatContext): string => {
  const ruleIds = Object.keys(ctx.rulesMeta).sort();
  const level = { error: 'error', warning: 'warning', info: 'note' } as const;
  const paths = ctx.sarif ?? {};
  const sourceLocation = r.source.startsWith('/') ? { uri: `file://${encodeURI(r.source)}` } : { uri: toUriReference(r.source.replace(/^\.\/+/, '')), uriBaseId: 'SRCROOT' };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'unitgraph',
            version: ctx.toolVersion ?? '0.0.0',
            informationUri: 'https://github.com/unitgraph/unitgraph',
            rules: ruleIds.map((id) => ({
              id,
              shortDescription: { text: ctx.rulesMeta[id]?.description ?? id },
              helpUri: `https://github.com/unitgraph/unitgraph/blob/main/docs/checks/${id}.md`,
              defaultConfiguration: { level: level[(ctx.rulesMeta[id]?.defaultSeverity ?? 'warning') as keyof typeof level] },
            })),
          },
        },
        originalUriBaseIds: {
          IMAGEROOT: {
            ...(paths.imageRootUri === undefined ? {} : { uri: paths.imageRootUri }),
            description: { text: `The root of the image ${r.source}: paths relative to it are paths inside the image.` },
          },
          SRCROOT: {
            ...(paths.workdirUri === undefined ? {} : { uri: paths.workdirUri }),
            description: { text: 'The directory unitgraph ran in (the repository checkout in CI); --path-map maps files of the image to it.' },
          },
        },
        results: r.result.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: Math.max(0, ruleIds.indexOf(f.rule)),
          level: level[f.severity],
          message: { text: f.message + (f.details === undefined ? '' : '\n' + f.details.join('\n')) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: f.location === undefined ? sourceLocation : toArtifactLocation(f.location.file, paths.pathMap),
                ...(f.location?.line === undefined ? {} : { region: { startLine: f.location.line } }),
              },
              logicalLocations: f.units.map((u) => ({ name: u, fullyQualifiedName: u, kind: 'object' })),
            },
          ],
          partialFingerprints: { 'unitgraph/v1': `${f.rule}:${f.units.join(',')}` },
          ...(f.phase === undefined ? {} : { properties: { phase: f.phase } }),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
};
