/**
 * Table-driven rule tests: each case is unit files (+ links) on top of a real NixOS initrd tree;
 * `valid` cases must produce no finding of the rule, `invalid` ones exactly the listed findings.
 */
import { describe, expect, it } from '@jest/globals';
import type { Check } from '../../src/graph/checks/types.js';
import { checkOf, type FixtureOptions } from './fixture.js';

export interface RuleCase extends FixtureOptions {
  name: string;
}

export interface InvalidCase extends RuleCase {
  /** Expected findings: each a list of units the finding must name (first unit first). */
  findings: ReadonlyArray<{ units: readonly string[]; message?: RegExp; line?: number; phase?: string }>;
}

export const ruleTable = (check: Check, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void => {
  describe(check.id, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, async () => {
        const r = await checkOf(c, check);
        expect(r.findings.map((f) => `${f.units.join(',')}: ${f.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, async () => {
        const r = await checkOf(c, check);
        expect(r.findings).toHaveLength(c.findings.length);
        for (const want of c.findings) {
          const hit = r.findings.find((f) => want.units.every((u, i) => (i === 0 ? f.units[0] === u : f.units.includes(u))) && (want.message === undefined || want.message.test(f.message)));
          expect(hit).toBeDefined();
          if (hit === undefined) continue;
          expect(hit.rule).toBe(check.id);
          if (want.message !== undefined) expect(hit.message).toMatch(want.message);
          if (want.line !== undefined) expect(hit.location?.line).toBe(want.line);
          if (want.phase !== undefined) expect(hit.phase).toBe(want.phase);
        }
      });
    }
  });
};

/** A unit wanted by initrd.target: the link that NixOS/systemctl enable would create. */
export const wantedBy = (target: string, unit: string): Record<string, string> => ({ [`${target}.wants/${unit}`]: `../${unit}` });
export const requiredBy = (target: string, unit: string): Record<string, string> => ({ [`${target}.requires/${unit}`]: `../${unit}` });
