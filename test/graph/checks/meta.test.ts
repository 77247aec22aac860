/**
 * The rule set as a whole (architecture "A check rule", contract "Rule identifiers that must
 * exist"): every registered rule has a file named after its id, a table-driven test, a doc with
 * the five sections, complete meta; every contract id is registered with the contract's default
 * severity.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKS, CONTRACT_RULE_IDS } from '../../../src/graph/checks/registry.js';
import type { Check } from '../../../src/graph/checks/types.js';
import { skipTitle } from '../../helpers/skip.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const RULES_DIR = join(REPO, 'src', 'graph', 'checks', 'rules');
const TESTS_DIR = join(REPO, 'test', 'graph', 'checks', 'rules');
const DOCS_DIR = join(REPO, 'docs', 'checks');
const CONTRACT = join(REPO, '..', 'shared', 'reference', 'contract.md');

/** The contract's table "Rule identifiers that must exist", id → default severity. */
const CONTRACT_SEVERITIES: Readonly<Record<string, string>> = {
  'ordering-cycle': 'error',
  'default-deps-cycle': 'error',
  'missing-unit': 'error',
  'masked-required': 'error',
  'missing-template': 'error',
  'device-name-mismatch': 'error',
  'leaks-into-switch-root': 'error',
  'bindsto-without-after': 'warning',
  'unknown-directive': 'warning',
  'wrong-section': 'warning',
  'missing-target': 'error',
  'exec-not-in-image': 'error',
  'file-not-in-image': 'warning',
  'command-not-in-image': 'error',
  'unit-refused': 'error',
  'invalid-value': 'warning',
  'directive-too-new': 'warning',
  'directive-removed': 'warning',
  // issue 15; not yet in ../shared/reference/contract.md (NOT_YET_IN_CONTRACT below)
  'ignored-input': 'warning',
};

/** Contract ids whose rules are not built yet; each leaves this list when it lands. */
const PENDING: readonly string[] = [];

/** Contract ids this repository added (issue 15) that ../shared/reference/contract.md does not list yet; each leaves this list when the contract has it. */
const NOT_YET_IN_CONTRACT: readonly string[] = ['ignored-input'];

const DOC_SECTIONS = ['What it finds', 'Why systemd cares', 'Example', 'How to fix', 'Not reported'] as const;
const SEVERITIES = ['error', 'warning', 'info'];

const ids = CHECKS.map((c) => c.id);
const ruleFiles = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts')).map((f) => basename(f, '.ts')).sort();

/** `## Heading` lines of a markdown file, outside fenced code blocks. */
const headings = (markdown: string): string[] => {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced && /^##\s/.test(line)) out.push(line.replace(/^##\s+/, '').trim());
  }
  return out;
};

/** The body of one `## name` section. */
const section = (markdown: string, name: string): string => {
  const start = markdown.search(new RegExp(`^##\\s+${name}\\s*$`, 'm'));
  if (start < 0) return '';
  const rest = markdown.slice(start).split('\n').slice(1).join('\n');
  const end = rest.search(/^##\s/m);
  return end < 0 ? rest : rest.slice(0, end);
};

describe('the rule registry', () => {
  it('has no duplicate ids', () => {
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('registers every contract rule id', () => {
    const missing = CONTRACT_RULE_IDS.filter((id) => !ids.includes(id));
    expect(missing).toEqual([]);
  });

  it('lists the same contract ids as the contract table', () => {
    expect([...CONTRACT_RULE_IDS].sort()).toEqual(Object.keys(CONTRACT_SEVERITIES).sort());
  });

  it('registers every file in src/graph/checks/rules and nothing else', () => {
    expect([...ids].sort()).toEqual(ruleFiles);
  });
});

describe('the contract table', () => {
  it.each(Object.entries(CONTRACT_SEVERITIES))('%s has default severity %s', (id, severity) => {
    const check = CHECKS.find((c) => c.id === id);
    expect(check?.meta.defaultSeverity).toBe(severity);
  });

  // The table is copied above; when the contract itself is at hand, the copy must match it.
  const contract = existsSync(CONTRACT) ? readFileSync(CONTRACT, 'utf8') : undefined;
  (contract === undefined ? it.skip : it)(skipTitle(contract !== undefined, '../shared/reference/contract.md is absent', 'matches ../shared/reference/contract.md'), () => {
    // a row may give two severities (`error / warning`): the first is the rule's default
    // a row may name several ids (`a`, `b`) and two severities (the first is the default)
    const rows = [...(contract ?? '').matchAll(/^\|\s*((?:`[a-z0-9-]+`(?:,\s*)?)+)\s*\|\s*(error|warning|info)(?:\s*\/\s*(?:error|warning|info))?\s*\|/gm)];
    const table = Object.fromEntries(rows.flatMap((m) => [...(m[1] ?? '').matchAll(/`([a-z0-9-]+)`/g)].map((id) => [id[1], m[2]])).filter(([id]) => !PENDING.includes(id as string)));
    expect(NOT_YET_IN_CONTRACT.filter((id) => id in table)).toEqual([]);
    expect(table).toEqual(Object.fromEntries(Object.entries(CONTRACT_SEVERITIES).filter(([id]) => !NOT_YET_IN_CONTRACT.includes(id))));
  });
  it('lists as pending only ids that are not registered yet', () => {
    expect(PENDING.filter((id) => ids.includes(id))).toEqual([]);
  });
});

describe.each(ids.map((id) => [id, CHECKS.find((c) => c.id === id) as Check] as const))('rule %s', (id, check) => {
  it('lives in src/graph/checks/rules/<id>.ts, whose default export is this rule', async () => {
    expect(existsSync(join(RULES_DIR, `${id}.ts`))).toBe(true);
    const mod = (await import(`../../../src/graph/checks/rules/${id}.js`)) as { default: Check };
    expect(mod.default.id).toBe(id);
    expect(mod.default).toBe(check);
  });

  it('has meta with description, defaultSeverity and messages', () => {
    const { meta } = check;
    expect(typeof meta.description).toBe('string');
    expect(meta.description.trim()).not.toBe('');
    expect(SEVERITIES).toContain(meta.defaultSeverity);
    expect(typeof meta.messages).toBe('object');
    const messages = Object.entries(meta.messages ?? {});
    expect(messages.length).toBeGreaterThan(0);
    for (const [messageId, template] of messages) {
      expect(`${messageId}: ${typeof template}`).toBe(`${messageId}: string`);
      expect(template.trim()).not.toBe('');
    }
  });

  it('has a table-driven test in test/graph/checks/rules/<id>.test.ts', () => {
    const file = join(TESTS_DIR, `${id}.test.ts`);
    expect(existsSync(file)).toBe(true);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    expect(text).toContain(`rules/${id}.js`);
  });

  it('has docs/checks/<id>.md with the five sections', () => {
    const file = join(DOCS_DIR, `${id}.md`);
    expect(existsSync(file)).toBe(true);
    const doc = existsSync(file) ? readFileSync(file, 'utf8') : '';
    expect(doc.split('\n')[0]).toBe(`# ${id}`);
    const found = headings(doc);
    expect(DOC_SECTIONS.filter((s) => !found.includes(s))).toEqual([]);
    // the example shows what unitgraph prints for it
    expect(section(doc, 'Example')).toContain(id);
  });
});

describe('docs/checks', () => {
  it('documents no rule that does not exist', () => {
    const docs = existsSync(DOCS_DIR) ? readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md')).map((f) => basename(f, '.md')) : [];
    expect(docs.filter((d) => !ids.includes(d))).toEqual([]);
  });

  it('tests no rule that does not exist', () => {
    const tests = readdirSync(TESTS_DIR).filter((f) => f.endsWith('.test.ts')).map((f) => basename(f, '.test.ts'));
    expect(tests.filter((t) => !ids.includes(t))).toEqual([]);
  });
});
