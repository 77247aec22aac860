/**
 * A generated boot graph of any size for layout tests: services in waves ordered after each other
 * and after landmark targets, pulled in by those targets, with some mounts, sockets and devices.
 * Deterministic (a fixed-seed PRNG), so its layout can be compared run to run.
 */
import type { RenderEdge, RenderInput, RenderNode } from '../../src/render/types.js';

const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export const generateInput = (units: number, seed = 42): RenderInput => {
  const rnd = mulberry32(seed);
  const landmarks = ['sysinit.target', 'basic.target', 'initrd-root-device.target', 'initrd-root-fs.target', 'initrd-fs.target', 'initrd.target'];
  const types = ['service', 'service', 'service', 'mount', 'socket', 'device'];
  const nodes: RenderNode[] = landmarks.map((id) => ({ id, type: 'target', origin: 'file', masked: false, inTransaction: true }));
  const edges: RenderEdge[] = [];
  for (let i = 0; i + 1 < landmarks.length; i++) edges.push({ from: landmarks[i] ?? '', to: landmarks[i + 1] ?? '', kind: 'Before', origin: 'file' });
  const rest = units - landmarks.length;
  const waves = landmarks.length - 1;
  const byWave: string[][] = Array.from({ length: waves }, () => []);
  for (let i = 0; i < rest; i++) {
    const type = types[Math.floor(rnd() * types.length)] ?? 'service';
    const id = `unit-${String(i).padStart(4, '0')}.${type}`;
    const wave = i % waves;
    const origin = rnd() < 0.1 ? 'generator' : 'file';
    nodes.push({ id, type, origin, masked: false, inTransaction: true });
    const start = landmarks[wave] ?? '';
    const end = landmarks[wave + 1] ?? '';
    edges.push({ from: start, to: id, kind: 'Before', origin: type === 'service' ? 'default' : 'file' });
    edges.push({ from: id, to: end, kind: 'Before', origin: 'file' });
    edges.push({ from: end, to: id, kind: rnd() < 0.5 ? 'Wants' : 'Requires', origin: 'wants-dir' });
    if (type === 'service') edges.push({ from: id, to: 'sysinit.target', kind: 'Requires', origin: 'default' });
    // an ordering on one or two earlier units of the same wave
    const peers = byWave[wave] ?? [];
    for (let k = 0; k < 2 && peers.length > 0; k++) {
      if (rnd() < 0.6) edges.push({ from: peers[Math.floor(rnd() * peers.length)] ?? '', to: id, kind: 'Before', origin: 'file' });
    }
    if (rnd() < 0.05 && peers.length > 0) edges.push({ from: id, to: peers[Math.floor(rnd() * peers.length)] ?? '', kind: 'BindsTo', origin: 'file' });
    peers.push(id);
  }
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { source: `generated-${String(units)}`, target: 'initrd.target', nodes, edges, findings: [{ rule: 'missing-unit', severity: 'error', units: [nodes[10]?.id ?? ''], message: 'a generated finding' }] };
};
