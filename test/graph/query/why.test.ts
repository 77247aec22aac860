/**
 * `why` follows ordering only through units that get a job: systemd orders jobs, so a unit
 * without one in between (not pulled in, masked) orders nothing, and the drawings leave it out.
 * Before: `why a b` answered a → x → b through x, which no transaction holds. The page's
 * explainWhyChains gives the same answer (test/web/query.test.ts checks the two agree).
 */
import { describe, expect, it } from '@jest/globals';
import { explainWhy } from '../../../src/graph/query/why.js';
import { checkGraph, toRenderInput } from '../../../src/index.js';
import { explainWhyChains } from '../../../src/render/query.js';
import { graphOf } from '../../helpers/fixture.js';

const svc = (unit = ''): string => `[Unit]\nDefaultDependencies=no\n${unit}[Service]\nType=oneshot\nExecStart=/bin/true\n`;

describe('why orders through jobs only', () => {
  const files = {
    't.target': '[Unit]\nWants=a.service b.service\n',
    'a.service': svc('Before=x.service\n'),
    'x.service': svc('Before=b.service\n'),
    'b.service': svc(),
    'c.service': svc('Before=b.service\nAfter=a.service\n'),
  };

  it('does not pass through a unit without a job', async () => {
    const g = await graphOf({ files, target: 't.target' });
    expect(g.plan.phases[0]?.jobs.has('x.service')).toBe(false);
    expect(explainWhy(g, 'a.service', 'b.service').orderedBefore).toBeUndefined();
    // a chain through c.service once it gets a job
    const g2 = await graphOf({ files: { ...files, 't.target': '[Unit]\nWants=a.service b.service c.service\n' }, target: 't.target' });
    expect(explainWhy(g2, 'a.service', 'b.service').orderedBefore?.map((e) => `${e.from}>${e.to}`)).toEqual(['a.service>c.service', 'c.service>b.service']);
    const input = toRenderInput(g2, checkGraph(g2), { unitText: true });
    expect(explainWhyChains(input, 'a.service', 'b.service').orderedBefore?.map((e) => `${e.from}>${e.to}`)).toEqual(['a.service>c.service', 'c.service>b.service']);
  });

  it('still names a direct edge to or from a unit without a job', async () => {
    const g = await graphOf({ files, target: 't.target' });
    expect(explainWhy(g, 'a.service', 'x.service').orderedBefore?.map((e) => e.via)).toEqual(['Before=x.service']);
  });
});
