/**
 * Where `unitgraph serve` listens and which `Host:` headers it answers (issue 16, item 9).
 *
 * Loopback is decided on the *resolved* address, never on the string: `127.1`, `localhost`,
 * `::ffff:127.0.0.1` and `0:0:0:0:0:0:0:1` are loopback, `0.0.0.0`, `::` and LAN addresses are
 * not. The server listens on exactly the address decided about. A bind that other machines can
 * reach needs `--allow-remote` (and prints a warning): the page shows the units, scripts and paths
 * of the image to anyone who can reach the port.
 *
 * Every request, on any bind, must name the server in its `Host:` header (else 421): a page on
 * another origin that rebinds its DNS name to this address cannot read the data. The names
 * answered: the `--host` given and its address, the loopback names, for a wildcard bind this
 * machine's name and interface addresses, and each `--allow-host`.
 */
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { hostname, networkInterfaces } from 'node:os';
import { UnitgraphError } from '../src/errors.js';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms (::ffff:127.x.y.z). */
export const isLoopbackAddress = (address: string): boolean => {
  const family = isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
};

const isWildcard = (address: string): boolean => address === '0.0.0.0' || /^(?:0*:)*:?0*$/.test(address) || address === '::ffff:0.0.0.0';

export interface BindPlan {
  /** The address to listen on (what `--host` resolved to). */
  readonly address: string;
  readonly loopback: boolean;
  /** Host names and addresses (lowercase, IPv6 without brackets) a request's Host header may name. */
  readonly hosts: ReadonlySet<string>;
}

/** Resolve `--host` and decide; a non-loopback bind without `allowRemote` is a usage failure. */
export const planBind = async (host: string, opts: { allowRemote?: boolean; allowHosts?: readonly string[] } = {}): Promise<BindPlan> => {
  let address: string;
  try {
    address = isIP(host) !== 0 ? host : (await lookup(host)).address;
  } catch (e) {
    throw new UnitgraphError('usage', `--host ${JSON.stringify(host)}: cannot resolve it (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
  }
  const loopback = isLoopbackAddress(address);
  if (!loopback && opts.allowRemote !== true) {
    const what = isWildcard(address) ? 'every network interface' : `${address}, which is not a loopback address`;
    throw new UnitgraphError('usage', `--host ${host}: this would serve the image's units to other machines (${what}); pass --allow-remote to do so`);
  }
  const bare = (h: string): string => h.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const hosts = new Set<string>(['localhost', '127.0.0.1', '::1', bare(host), bare(address), ...(opts.allowHosts ?? []).map(bare)]);
  if (isWildcard(address)) {
    hosts.add(hostname().toLowerCase());
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) hosts.add(bare(i.address));
  }
  return { address, loopback, hosts };
};

/**
 * Whether a request's Host header names this server: one of `hosts`, with the port it listens
 * on (a header without a port means 80, as HTTP says).
 */
export const hostAllowed = (header: string | undefined, hosts: ReadonlySet<string>, port: number): boolean => {
  if (header === undefined) return false;
  const m = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d{1,5}))?$/.exec(header.trim().toLowerCase());
  if (m === null) return false;
  const name = (m[1] ?? '').replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  return hosts.has(name) && Number(m[2] ?? '80') === port;
};
