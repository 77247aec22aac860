/**
 * `unitgraph check SRC...`: the reports of several sources together, each formatted by the
 * single-source formatter of check.ts (so one source's part reads exactly as it would alone), in
 * the order the sources were given. A source that could not be checked is its one-line failure.
 *   text    one group per source (a heading, then the source's own report), then a total line
 *   json    an array, one element per source: the single-source object, or {source, error}
 *   sarif   one run per source: the single-source run with `automationDetails.id`
 *           `unitgraph/<source>/` (a category of its own for GitHub code scanning, which no
 *           longer merges runs of one tool and category) and `properties.source`; every run has
 *           an invocation, and a failed source's says `executionSuccessful: false` with its line
 *   github  each annotation's message starts with its source; a failed source is an ::error
 * Pure: data in, string out.
 */
import { formatCheckGithub, formatCheckJson, formatCheckSarif, formatCheckText, type CheckReport, type FormatContext } from './check.js';

/** One source of a fleet: its report, or why it could not be checked (`FILE: what is wrong`). */
export type SourceCheck = CheckedSource | FailedSource;
export interface CheckedSource {
  readonly source: string;
  readonly report: CheckReport;
}
export interface FailedSource {
  readonly source: string;
  readonly error: string;
}

const failed = (s: SourceCheck): s is FailedSource => 'error' in s;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The totals over every source that was checked. */
const totals = (checks: readonly SourceCheck[]) => {
  const t = { errors: 0, warnings: 0, infos: 0, withErrors: 0, failed: 0 };
  for (const c of checks) {
    if (failed(c)) {
      t.failed++;
      continue;
    }
    const s = c.report.result.summary;
    t.errors += s.errors;
    t.warnings += s.warnings;
    t.infos += s.infos;
    if (s.errors > 0) t.withErrors++;
  }
  return t;
};

export const formatFleetText = (checks: readonly SourceCheck[], ctx: FormatContext): string => {
  const bold = (s: string): string => (ctx.color === true ? `\u001b[1m${s}\u001b[0m` : s);
  const parts = checks.map((c) => `${bold(`── ${c.source}`)}\n${failed(c) ? `could not be checked: ${c.error}\n` : formatCheckText(c.report, ctx)}`);
  const t = totals(checks);
  const total =
    `${plural(checks.length, 'source')}: ${t.withErrors} with errors${t.failed > 0 ? `, ${t.failed} could not be checked` : ''}; ` +
    `${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}, ${plural(t.infos, 'info')}\n`;
  return [...parts, total].join('\n');
};

export const formatFleetJson = (checks: readonly SourceCheck[]): string => {
  // each element exactly as the single source's JSON (formatCheckJson), indented one level deeper
  if (checks.length === 0) return '[]\n';
  const items = checks.map((c) => (failed(c) ? JSON.stringify({ source: c.source, error: c.error }, null, 2) : formatCheckJson(c.report).trimEnd()));
  return `[\n${items.map((i) => i.replace(/^/gm, '  ')).join(',\n')}\n]\n`;
};

interface SarifRun {
  tool: unknown;
  results: unknown[];
  [key: string]: unknown;
}

const emptyReport = (source: string): CheckReport => ({ source, target: '', units: 0, result: { findings: [], suppressed: 0, summary: { errors: 0, warnings: 0, infos: 0 } }, notes: [], diagnostics: [] });

export const formatFleetSarif = (checks: readonly SourceCheck[], ctx: FormatContext): string => {
  const runOf = (r: CheckReport): SarifRun => (JSON.parse(formatCheckSarif(r, ctx)) as { runs: SarifRun[] }).runs[0] as SarifRun;
  const runs = checks.map((c) => {
    const run = runOf(failed(c) ? emptyReport(c.source) : c.report);
    const invocation = failed(c)
      ? { executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: c.error } }] }
      : { executionSuccessful: true };
    return { ...run, automationDetails: { id: `unitgraph/${c.source}/` }, invocations: [invocation], properties: { ...((run['properties'] as object | undefined) ?? {}), source: c.source } };
  });
  const log = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs };
  return JSON.stringify(log, null, 2) + '\n';
};

/** Workflow-command data escaping (%, CR, LF), as GitHub Actions reads it. */
const escData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

export const formatFleetGithub = (checks: readonly SourceCheck[], ctx?: FormatContext): string => {
  const parts = checks.map((c) => {
    if (failed(c)) return `::error title=unitgraph::${escData(`${c.source}: could not be checked: ${c.error}`)}\n`;
    const named = { ...c.report, result: { ...c.report.result, findings: c.report.result.findings.map((f) => ({ ...f, message: `${c.source}: ${f.message}` })) } };
    return formatCheckGithub(named, ctx);
  });
  const t = totals(checks);
  return `${parts.join('')}unitgraph: ${t.errors} errors, ${t.warnings} warnings, ${t.infos} infos in ${plural(checks.length, 'source')}${t.failed > 0 ? `, ${t.failed} could not be checked` : ''}\n`;
};

