/**
 * Issue 16, item 9: `serve --host`. Loopback is decided on the resolved address (127.1 and
 * ::ffff:127.0.0.1 are loopback; 0.0.0.0, :: and LAN addresses are not), a bind other machines
 * can reach needs --allow-remote and warns, and the Host allowlist (421) holds on every bind.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { hostname, networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../cli/commands/serve.js';
import { hostAllowed, isLoopbackAddress, planBind } from '../../cli/bind-address.js';
import { memoryIo } from '../../cli/io.js';
import { main } from '../../cli/main.js';
import { ensureWebBundle } from './helpers.js';

const status = (port: number, host: string | undefined, connect = '127.0.0.1'): Promise<number> =>
  new Promise((resolve, reject) => {
    const req = request({ host: connect, port, path: '/data.json', headers: host === undefined ? {} : { Host: host }, agent: false, setHost: host === undefined }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });

const unitDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'unitgraph-serve-bind-'));
  writeFileSync(join(dir, 'a.service'), '[Service]\nExecStart=/bin/true\n');
  return dir;
};

const lanAddress = (): string | undefined =>
  Object.values(networkInterfaces())
    .flatMap((l) => l ?? [])
    .find((i) => !i.internal && i.family === 'IPv4')?.address;

describe('loopback is the resolved address', () => {
  test.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['::ffff:0.0.0.0', false],
    ['192.168.1.10', false],
    ['fe80::1', false],
    ['128.0.0.1', false],
  ])('%s → %s', (address, loopback) => expect(isLoopbackAddress(address)).toBe(loopback));

  test.each(['127.1', 'localhost', '::ffff:127.0.0.1', '::1'])('--host %s binds loopback without --allow-remote', async (host) => {
    const plan = await planBind(host);
    expect(plan.loopback).toBe(true);
  });

  test.each(['0.0.0.0', '::', '0', '192.0.2.7'])('--host %s is refused without --allow-remote, naming the flag', async (host) => {
    await expect(planBind(host)).rejects.toThrow(/--allow-remote/);
  });

  test('the Host header: name and port must match; no header, other names, other ports are refused', () => {
    const hosts = new Set(['localhost', '127.0.0.1', '::1']);
    expect(hostAllowed('localhost:8080', hosts, 8080)).toBe(true);
    expect(hostAllowed('LOCALHOST.:8080', hosts, 8080)).toBe(true);
    expect(hostAllowed('[::1]:8080', hosts, 8080)).toBe(true);
    expect(hostAllowed('localhost', hosts, 80)).toBe(true);
    expect(hostAllowed('localhost', hosts, 8080)).toBe(false);
    expect(hostAllowed('localhost:8081', hosts, 8080)).toBe(false);
    expect(hostAllowed('evil.example:8080', hosts, 8080)).toBe(false);
    expect(hostAllowed('localhost:8080@evil', hosts, 8080)).toBe(false);
    expect(hostAllowed(undefined, hosts, 8080)).toBe(false);
    expect(hostAllowed('', hosts, 8080)).toBe(false);
  });
});

describe('serve over real sockets', () => {
  test('--host 127.1: loopback, and a foreign Host is still refused (421)', async () => {
    ensureWebBundle();
    const s = await startServer(unitDir(), { port: '0', host: '127.1' }, memoryIo());
    try {
      expect(s.url).toBe(`http://127.0.0.1:${s.port}/`);
      expect(await status(s.port, 'evil.example')).toBe(421);
      expect(await status(s.port, `127.1:${s.port}`)).toBe(200);
      expect(await status(s.port, `localhost:${s.port}`)).toBe(200);
    } finally {
      await s.close();
    }
  });

  test('--host ::ffff:127.0.0.1: loopback, Host checked', async () => {
    ensureWebBundle();
    let s;
    try {
      s = await startServer(unitDir(), { port: '0', host: '::ffff:127.0.0.1' }, memoryIo());
    } catch (e) {
      // a host without IPv6 cannot bind it at all; the decision is tested above
      expect(String(e)).toMatch(/cannot listen/);
      return;
    }
    try {
      expect(await status(s.port, 'evil.example')).toBe(421);
      expect(await status(s.port, `127.0.0.1:${s.port}`)).toBe(200);
    } finally {
      await s.close();
    }
  });

  test('--host 0.0.0.0 without --allow-remote: exit 2, one line naming the flag, nothing listens', async () => {
    const io = memoryIo();
    const code = await main(['serve', unitDir(), '--host', '0.0.0.0', '--port', '0'], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/^unitgraph: --host 0\.0\.0\.0: this would serve the image's units to other machines \(every network interface\); pass --allow-remote to do so\n$/);
  });

  test('--host 0.0.0.0 --allow-remote: a warning, and still only Host headers naming this machine', async () => {
    ensureWebBundle();
    const io = memoryIo();
    const s = await startServer(unitDir(), { port: '0', host: '0.0.0.0', allowRemote: true, allowHost: ['ci-box.example'] }, io);
    try {
      expect(io.err).toMatch(/^unitgraph: warning: serving on 0\.0\.0\.0, not a loopback address: anyone who can reach port/);
      expect(io.err.split('\n')).toHaveLength(2);
      expect(await status(s.port, 'evil.example')).toBe(421);
      expect(await status(s.port, `evil.example:${s.port}`)).toBe(421);
      expect(await status(s.port, `127.0.0.1:${s.port}`)).toBe(200);
      expect(await status(s.port, `${hostname()}:${s.port}`)).toBe(200);
      expect(await status(s.port, `ci-box.example:${s.port}`)).toBe(200);
      const lan = lanAddress();
      if (lan !== undefined) expect(await status(s.port, `${lan}:${s.port}`, lan)).toBe(200);
    } finally {
      await s.close();
    }
  });
});
