/** Findings new and resolved: same rule, units and message (store hashes normalised) is the same finding. */
import { describe, expect, it } from '@jest/globals';
import { diffFindings } from '../../../src/graph/diff/findings.js';
import { storePathNormalizer } from '../../../src/graph/diff/store-paths.js';
import type { Finding } from '../../../src/graph/checks/types.js';

const f = (rule: string, units: string[], message: string, line = 1): Finding => ({ rule, severity: 'error', units, message, location: { file: 'etc/systemd/system/a.service', line } });
const H1 = '0123456789abcdfghijklmnpqrsvwxyz';
const H2 = 'zyxwvsrqpnmlkjihgfdcba9876543210';

describe('diffFindings', () => {
  it('matches findings by rule, units and message, not by location', () => {
    const old = [f('missing-unit', ['a.service', 'x.service'], 'a requires x', 3), f('ordering-cycle', ['a.service', 'b.service'], 'cycle')];
    const now = [f('missing-unit', ['a.service', 'x.service'], 'a requires x', 7), f('masked-required', ['a.service', 'm.service'], 'masked')];
    const d = diffFindings(old, now, storePathNormalizer(false));
    expect(d.new.map((x) => x.rule)).toEqual(['masked-required']);
    expect(d.resolved.map((x) => x.rule)).toEqual(['ordering-cycle']);
  });

  it('sees through store hashes in messages unless they are kept', () => {
    const old = [f('unknown-directive', ['a.service'], `Foo= in /nix/store/${H1}-unit-a/a.service`)];
    const now = [f('unknown-directive', ['a.service'], `Foo= in /nix/store/${H2}-unit-a/a.service`)];
    expect(diffFindings(old, now, storePathNormalizer(false))).toEqual({ new: [], resolved: [] });
    const kept = diffFindings(old, now, storePathNormalizer(true));
    expect([kept.new.length, kept.resolved.length]).toEqual([1, 1]);
    expect(kept.new[0]?.message).toContain(H2);
  });

  it('lists the same finding once and in a stable order', () => {
    const now = [f('b-rule', ['z.service'], 'm'), f('a-rule', ['y.service'], 'm'), f('a-rule', ['y.service'], 'm')];
    expect(diffFindings([], now, storePathNormalizer(false)).new.map((x) => `${x.rule} ${x.units.join()}`)).toEqual(['a-rule y.service', 'b-rule z.service']);
  });
});
