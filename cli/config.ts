/** `--config FILE` or ./unitgraph.json: rule severities and ignores (contract "Configuration"). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnitgraphError } from '../src/errors.js';
import type { CheckConfig } from '../src/graph/checks/types.js';
import { CHECKS } from '../src/graph/checks/registry.js';

const SETTINGS = new Set(['error', 'warning', 'info', 'off']);

export const readConfig = (explicit: string | undefined, cwd: string): CheckConfig => {
  const path = explicit ?? join(cwd, 'unitgraph.json');
  if (!existsSync(path)) {
    if (explicit !== undefined) throw new UnitgraphError('not-found', 'no such configuration file', { file: explicit });
    return {};
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UnitgraphError('malformed', `not valid JSON: ${(e as Error).message}`, { file: path, cause: e });
  }
  const bad = (msg: string): never => {
    throw new UnitgraphError('malformed', msg, { file: path });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('expected a JSON object');
  const obj = raw as Record<string, unknown>;
  const known = new Set(CHECKS.map((c) => c.id));
  const rules = (obj['rules'] ?? {}) as Record<string, unknown>;
  if (typeof rules !== 'object' || Array.isArray(rules)) bad('"rules" must be an object');
  for (const [id, v] of Object.entries(rules)) {
    if (!known.has(id)) bad(`unknown rule "${id}" in "rules" (known: ${[...known].sort().join(', ')})`);
    if (typeof v !== 'string' || !SETTINGS.has(v)) bad(`rule "${id}": severity must be error, warning, info or off`);
  }
  const ignore = (obj['ignore'] ?? []) as unknown;
  if (!Array.isArray(ignore)) bad('"ignore" must be an array');
  for (const i of ignore as unknown[]) {
    if (typeof i !== 'object' || i === null) bad('"ignore" entries must be objects like {"rule": "...", "units": ["..."]}');
    const e = i as Record<string, unknown>;
    if (e['rule'] !== undefined && !known.has(String(e['rule']))) bad(`unknown rule "${String(e['rule'])}" in "ignore"`);
    if (e['units'] !== undefined && (!Array.isArray(e['units']) || !(e['units'] as unknown[]).every((u) => typeof u === 'string'))) bad('"units" must be an array of unit names');
  }
  return { rules: rules as CheckConfig['rules'] & object, ignore: ignore as CheckConfig['ignore'] & object };
};
