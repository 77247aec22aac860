/**
 * `unitgraph serve` over real HTTP on 127.0.0.1 (port 0): the two resources, the headers, 404 for
 * everything else (traversal attempts included), a bounded burst, the source re-read on every
 * request, a clean close; a bad source fails before anything listens.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../cli/commands/serve.js';
import { memoryIo } from '../../cli/io.js';
import { main } from '../../cli/main.js';
import { UnitgraphError } from '../../src/errors.js';
import { embeddedInput, ensureWebBundle, EXAMPLE } from './helpers.js';

/** A raw request: the path is sent exactly as given (no URL normalisation, as fetch would do). */
const raw = (port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error('timeout')));
    req.end();
  });

describe('unitgraph serve', () => {
  let server: RunningServer;
  beforeAll(async () => {
    ensureWebBundle();
    server = await startServer(EXAMPLE, { port: '0', host: '127.0.0.1' }, memoryIo());
  });
  afterAll(async () => {
    await server?.close();
  });

  test('binds 127.0.0.1 on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.port).toBeGreaterThan(0);
  });

  test('/ is the page, with its policy, nosniff and no CORS', async () => {
    const r = await raw(server.port, '/', { Origin: 'http://evil.example' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(embeddedInput(r.body).target).toBe('initrd.target');
  });

  test('/data.json is the RenderInput as JSON', async () => {
    const r = await raw(server.port, '/data.json');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const data = JSON.parse(r.body) as { nodes: unknown[]; units: Record<string, unknown> };
    expect(data.nodes.length).toBeGreaterThan(50);
    expect(data.units['sysroot.mount']).toBeDefined();
  });

  test.each([
    '/../../etc/passwd',
    '/%2e%2e/',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2fetc%2fpasswd',
    '//etc/passwd',
    '/data.json/../../etc/passwd',
    '/./',
    '/index.html',
    '/page.js',
    '/dist/web/page.js',
    '/?x=1',
    '/data.json?callback=x',
    '/DATA.JSON',
    'http://127.0.0.1/',
    'http://127.0.0.1/../../etc/passwd',
    '*',
  ])('%s is 404', async (path) => {
    const r = await raw(server.port, path);
    expect(r.status).toBe(404);
    expect(r.body).toBe('not found\n');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  test('only GET and HEAD; a foreign Host is refused (no DNS rebinding)', async () => {
    expect((await raw(server.port, '/', {}, 'POST')).status).toBe(405);
    const head = await raw(server.port, '/data.json', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await raw(server.port, '/', { Host: 'evil.example' })).status).toBe(421);
    expect((await raw(server.port, '/', { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  test('a burst of 50 concurrent requests all succeed', async () => {
    // from another process, as a browser would: 50 requests at once, each read to the end
    const client = `const u = process.argv[1];
      Promise.all(Array.from({ length: 50 }, (_, i) => fetch(u + (i % 2 ? 'data.json' : ''), { signal: AbortSignal.timeout(50000) })
        .then(async (r) => { const b = await r.text(); return r.status === 200 && b.length > 1000 ? 200 : r.status; })))
        .then((s) => process.stdout.write(JSON.stringify(s)), (e) => { process.stdout.write(String(e)); process.exitCode = 1; });`;
    const t0 = performance.now();
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['-e', client, server.url], { timeout: 55_000 }, (e, stdout) => (e ? reject(new Error(`${e.message}: ${stdout}`)) : resolve(stdout))),
    );
    expect(JSON.parse(out)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(performance.now() - t0).toBeLessThan(55_000);
    // and one more from here afterwards: still up
    expect((await raw(server.port, '/data.json')).status).toBe(200);
  });
});

describe('unitgraph serve re-reads the source', () => {
  test('a reload shows the units as they are now; close() stops it', async () => {
    ensureWebBundle();
    const dir = mkdtempSync(join(tmpdir(), 'unitgraph-serve-'));
    try {
      writeFileSync(join(dir, 'a.service'), '[Unit]\nDescription=A\n[Service]\nExecStart=/bin/true\n');
      const s = await startServer(dir, { port: '0', host: '127.0.0.1' }, memoryIo());
      const names = async (): Promise<string[]> => (JSON.parse((await raw(s.port, '/data.json')).body) as { nodes: Array<{ id: string }> }).nodes.map((n) => n.id);
      expect(await names()).toContain('a.service');
      expect(await names()).not.toContain('b.service');
      writeFileSync(join(dir, 'b.service'), '[Unit]\nDescription=B\n[Service]\nExecStart=/bin/true\n');
      expect(await names()).toContain('b.service');
      expect(embeddedInput((await raw(s.port, '/')).body).nodes.map((n) => n.id)).toContain('b.service');
      await s.close();
      await expect(raw(s.port, '/')).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a bad source fails before listening (exit 2 from the CLI)', async () => {
    await expect(startServer('/nonexistent/initrd', { port: '0' }, memoryIo())).rejects.toBeInstanceOf(UnitgraphError);
    const io = memoryIo();
    expect(await main(['serve', '/nonexistent/initrd', '--port', '0'], io)).toBe(2);
    expect(io.err).not.toContain('serving');
    const io2 = memoryIo();
    expect(await main(['serve', EXAMPLE, '--port', 'http'], io2)).toBe(2);
  });
});
