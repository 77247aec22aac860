/**
 * Runs every registered check over a graph. Severity comes from the configuration (or the rule's
 * default), never from the rule; `ignore` entries drop findings per rule and unit and are counted.
 * Output is sorted and deterministic.
 */
import type { UnitGraph } from '../build.js';
import { fillMessage } from './define-check.js';
import { CHECKS } from './registry.js';
import type { Check, CheckConfig, CheckResult, Finding, Report } from './types.js';
import { compareText } from '../../text-order.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

const compareFindings = (a: Finding, b: Finding): number =>
  SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
  compareText(a.rule, b.rule) ||
  compareText(a.units[0] ?? '', b.units[0] ?? '') ||
  compareText(a.message, b.message);

export const runChecks = (graph: UnitGraph, config: CheckConfig = {}, checks: readonly Check[] = CHECKS): CheckResult => {
  const findings: Finding[] = [];
  let suppressed = 0;
  const seen = new Set<string>();
  // the units active as each phase begins: the same for every rule, made once
  const actives: ReadonlySet<string>[] = [];
  const running = new Set<string>();
  for (const phase of graph.plan.phases) {
    actives.push(new Set(running));
    for (const n of phase.stopped) running.delete(n);
    for (const n of phase.jobs) running.add(n);
  }
  for (const check of checks) {
    const setting = config.rules?.[check.id] ?? check.meta.defaultSeverity;
    if (setting === 'off') continue;
    for (const [i, phase] of graph.plan.phases.entries()) {
      const active = actives[i] as ReadonlySet<string>;
      const report = (r: Report): void => {
        const template = check.meta.messages[r.messageId] ?? r.messageId;
        const finding: Finding = {
          rule: check.id,
          severity: config.rules?.[check.id] === undefined ? (r.severity ?? check.meta.messageSeverities?.[r.messageId] ?? setting) : setting,
          units: [...r.units],
          message: fillMessage(template, r.data),
          ...(r.location === undefined ? {} : { location: r.location }),
          phase: phase.target,
          ...(r.details === undefined ? {} : { details: [...r.details] }),
        };
        // the same finding in a later phase is the same defect: kept once, under the first phase
        const key = JSON.stringify([finding.rule, finding.units, finding.message, finding.location]);
        if (seen.has(key)) return;
        seen.add(key);
        const ignored = (config.ignore ?? []).some(
          (i) => (i.rule === undefined || i.rule === check.id) && (i.units === undefined || r.units.some((u) => i.units?.includes(u))),
        );
        if (ignored) suppressed++;
        else findings.push(finding);
      };
      check.run({ graph, phase, active, report });
    }
  }
  findings.sort(compareFindings);
  const count = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length;
  return { findings, suppressed, summary: { errors: count('error'), warnings: count('warning'), infos: count('info') } };
};
