/**
 * `unitgraph serve <source> [--port N] [--host ADDR]`: the interactive page on a local port.
 * Exactly two resources: `/` (the page, the source re-read and re-analysed on every request, so
 * a reload shows the image as it is now) and `/data.json` (the same RenderInput as JSON).
 * Everything else is 404: no files are served, so there is nothing to traverse. No CORS headers;
 * on every bind the Host header must name the server (no DNS rebinding); a bind other machines
 * can reach needs --allow-remote (cli/bind-address.ts).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { UnitgraphError } from '../../src/errors.js';
import type { PageAssets } from '../../src/render/html/page.js';
import type { RenderInput } from '../../src/render/types.js';
import type { Io } from '../io.js';
import { hostAllowed, planBind } from '../bind-address.js';
import { escapeControls } from '../../src/render/terminal-text.js';
import { analyzeForPage, readPageAssets, type HtmlOptions } from './html.js';

export interface ServeOptions extends HtmlOptions {
  port?: string;
  host?: string;
  /** Listen on an address that is not loopback (0.0.0.0, ::, a LAN address). */
  allowRemote?: boolean;
  /** Further names the Host header may give (a DNS name of this machine). */
  allowHost?: string[];
}

export interface RunningServer {
  /** http://host:port/ */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * Calls of the returned function each get the result of a run that starts after the call: the
 * run starts on the next turn of the event loop (after the current one, if any, has settled), and
 * every call made before it starts shares it. So a reload always sees the source as it is now,
 * and a burst of requests costs a few runs, not one each.
 */
export const freshResult = <T>(run: () => Promise<T>): (() => Promise<T>) => {
  let current: Promise<unknown> = Promise.resolve();
  let next: Promise<T> | undefined;
  return () => {
    if (next !== undefined) return next;
    const n = current
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
      .then(() => {
        next = undefined;
        return run();
      });
    next = n;
    current = n;
    return n;
  };
};

/** One analysis of the source, with the page and the JSON made from it at most once each. */
interface Snapshot {
  readonly input: RenderInput;
  page(): string;
  json(): string;
}

const parsePort = (p: string | undefined): number => {
  const n = Number(p ?? '8080');
  if (!/^\d+$/.test(p ?? '8080') || !Number.isInteger(n) || n < 0 || n > 65535) throw new UnitgraphError('usage', `--port: not a port number (0-65535): ${p ?? ''}`);
  return n;
};

/**
 * Start the server: the source is analysed once first, so a bad source fails (exit 2) before
 * anything listens. Resolves once listening; `close()` stops it and ends open connections.
 */
export const startServer = async (source: string, opts: ServeOptions, io: Io, assets: PageAssets = readPageAssets()): Promise<RunningServer> => {
  const host = opts.host ?? '127.0.0.1';
  const port = parsePort(opts.port);
  const bind = await planBind(host, { ...(opts.allowRemote === undefined ? {} : { allowRemote: opts.allowRemote }), ...(opts.allowHost === undefined ? {} : { allowHosts: opts.allowHost }) });
  if (!bind.loopback) {
    io.stderr(
      `unitgraph: warning: serving on ${escapeControls(bind.address)}, not a loopback address: anyone who can reach port ${port === 0 ? '(chosen)' : port} can read this image's units; ` +
        `only requests naming ${[...bind.hosts].sort().map(escapeControls).join(', ')} are answered\n`,
    );
  }
  await analyzeForPage(source, opts, io.cwd, (l) => io.progress.step(l));
  io.progress.clear();
  const [{ createServer }, { buildPage, pagePolicy, toSafeScript }] = await Promise.all([import('node:http'), import('../../src/render/html/page.js')]);
  const policy = `${pagePolicy(toSafeScript(assets.js))}; frame-ancestors 'none'`;
  const once = (f: () => string): (() => string) => {
    let v: string | undefined;
    return () => (v ??= f());
  };
  const snapshot = freshResult(async (): Promise<Snapshot> => {
    const input = await analyzeForPage(source, opts, io.cwd);
    return { input, page: once(() => buildPage(input, assets)), json: once(() => JSON.stringify(input)) };
  });
  let actualPort = port;

  const send = (res: ServerResponse, status: number, type: string, body: string, head: boolean, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
    res.end(head ? undefined : body);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const head = req.method === 'HEAD';
    // the raw request target, never decoded nor normalised: only these two exact strings match
    const target = req.url ?? '';
    if (target !== '/' && target !== '/data.json') return send(res, 404, 'text/plain; charset=utf-8', 'not found\n', head);
    if (req.method !== 'GET' && !head) return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', head, { Allow: 'GET, HEAD' });
    if (!hostAllowed(req.headers.host, bind.hosts, actualPort)) return send(res, 421, 'text/plain; charset=utf-8', 'misdirected request\n', head);
    let snap: Snapshot;
    try {
      snap = await snapshot();
    } catch (e) {
      const msg = e instanceof UnitgraphError ? e.toLine() : e instanceof Error ? e.message : String(e);
      io.stderr(`unitgraph: serve: ${escapeControls(msg)}\n`);
      return send(res, 500, 'text/plain; charset=utf-8', `unitgraph could not read the source: ${msg}\n`, head);
    }
    if (target === '/data.json') return send(res, 200, 'application/json; charset=utf-8', snap.json(), head);
    return send(res, 200, 'text/html; charset=utf-8', snap.page(), head, { 'Content-Security-Policy': policy });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      io.stderr(`unitgraph: serve: ${escapeControls(e instanceof Error ? e.message : String(e))}\n`);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n', false);
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new UnitgraphError('unreadable', `cannot listen on ${host}:${port}: ${e.code ?? e.message}`, { cause: e })));
    server.listen(port, bind.address, () => resolve());
  });
  const addr = server.address();
  actualPort = typeof addr === 'object' && addr !== null ? addr.port : port;
  const urlHost = bind.address.includes(':') ? `[${bind.address}]` : bind.address;
  return {
    url: `http://${urlHost}:${actualPort}/`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

/**
 * Serve until SIGINT or SIGTERM, or until the process that started this one is gone: `npx
 * unitgraph serve … & kill $!` signals npm, whose shell child dies without passing the signal on,
 * and the server would live on as an orphan (re-parented to init or a subreaper).
 */
export const serveCommand = async (io: Io, source: string, opts: ServeOptions): Promise<number> => {
  const running = await startServer(source, opts, io);
  io.stderr(`unitgraph: serving ${escapeControls(source)} at ${running.url} (Ctrl-C to stop)\n`);
  const parent = process.ppid;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.off('SIGHUP', stop);
      clearInterval(orphan);
      resolve();
    };
    const orphan = setInterval(() => {
      if (process.ppid === parent) return;
      io.stderr('unitgraph: serve: the process that started it has exited; stopping\n');
      stop();
    }, 500);
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.on('SIGHUP', stop);
  });
  await running.close();
  return 0;
};
