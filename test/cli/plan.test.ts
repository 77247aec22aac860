/**
 * The boot plan through the commands: `graph --format json` holds step 2 (its nodes with the
 * phases in which they get a job, the edges of initrd-switch-root.service and
 * initrd-nixos-activation.service), `check` names the plan, and a unit directory without
 * default.target is exit 2 with how to pick a target.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { REPO } from '../helpers/fixture.js';

const EXAMPLES = { 'nixos-remote-unlock': join(REPO, 'examples', 'nixos-remote-unlock', 'initrd'), 'nixos-btrfs-optin': join(REPO, 'examples', 'nixos-btrfs-optin', 'initrd') };

const run = async (...argv: string[]) => {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
};

interface GraphJson {
  phases: Array<{ target: string; mode: string; stopped: string[] }>;
  nodes: Array<{ id: string; jobs: string[] }>;
  edges: Array<{ from: string; to: string; kind: string }>;
}

describe.each(Object.entries(EXAMPLES))('graph --format json of %s', (name, file) => {
  it('holds both phases, step 2 jobs and the edges of the switch', async () => {
    const r = await run('graph', file, '--format', 'json');
    expect(r.code).toBe(0);
    const g = JSON.parse(r.out) as GraphJson;
    expect(g.phases.map((p) => [p.target, p.mode])).toEqual([['initrd.target', 'start'], ['initrd-switch-root.target', 'isolate']]);
    expect(g.phases[1]?.stopped).toContain('initrd.target');
    const node = (id: string) => g.nodes.find((n) => n.id === id);
    expect(node('initrd-switch-root.service')?.jobs).toEqual(['initrd-switch-root.target']);
    expect(node('initrd-nixos-activation.service')?.jobs).toEqual(['initrd-switch-root.target']);
    expect(node('sysroot.mount')?.jobs).toEqual(['initrd.target', 'initrd-switch-root.target']);
    const touching = (u: string) => g.edges.filter((e) => e.from === u || e.to === u);
    expect(touching('initrd-switch-root.service').length).toBeGreaterThan(3);
    expect(touching('initrd-nixos-activation.service').length).toBeGreaterThan(3);
    expect(g.edges.some((e) => e.from === 'initrd-nixos-activation.service' && e.to === 'initrd-switch-root.service' && e.kind === 'Before')).toBe(true);
    if (name === 'nixos-remote-unlock') {
      // the ordering after-without-wants reports is in the graph, its far end a node without a job
      expect(g.edges.some((e) => e.from === 'network-online.target' && e.to === 'unlock-luks.service' && e.kind === 'Before')).toBe(true);
      expect(node('network-online.target')?.jobs).toEqual([]);
    }
  });

  it('check names the boot plan and the phase of each finding', async () => {
    const r = await run('check', file, '--format', 'json');
    const j = JSON.parse(r.out) as { plan: Array<{ target: string; mode: string }>; findings: Array<{ phase?: string }> };
    expect(j.plan.map((p) => p.target)).toEqual(['initrd.target', 'initrd-switch-root.target']);
    for (const f of j.findings) expect(['initrd.target', 'initrd-switch-root.target']).toContain(f.phase);
  });
});

describe('targets that do not exist', () => {
  it('a unit directory without default.target: exit 2, one line saying how to pick a target', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unitgraph-plan-'));
    writeFileSync(join(dir, 'a.service'), '[Service]\nExecStart=/bin/true\n');
    writeFileSync(join(dir, 'my.target'), '[Unit]\nWants=a.service\n');
    const r = await run('check', dir);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/--target my\.target/);
    const ok = await run('check', dir, '--target', 'my.target');
    expect(ok.code).toBe(0);
  });

  it('--target naming a unit that does not exist is a missing-target error (exit 1) in every format', async () => {
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = await run('check', EXAMPLES['nixos-btrfs-optin'], '--target', 'nosuch.target', '--format', format);
      expect([format, r.code]).toEqual([format, 1]);
      expect(r.out).toContain('missing-target');
    }
  });

  it('an initrd without initrd.target is a missing-target error', async () => {
    const root = mkdtempSync(join(tmpdir(), 'unitgraph-root-'));
    mkdirSync(join(root, 'etc', 'systemd', 'system'), { recursive: true });
    writeFileSync(join(root, 'etc', 'initrd-release'), 'NAME=test\n');
    writeFileSync(join(root, 'etc', 'systemd', 'system', 'a.service'), '[Service]\nExecStart=/bin/true\n');
    const r = await run('check', root, '--format', 'json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { findings: Array<{ rule: string; units: string[] }> };
    expect(j.findings.filter((f) => f.rule === 'missing-target').map((f) => f.units[0])).toEqual(['initrd.target']);
  });
});
