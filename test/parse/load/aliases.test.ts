/**
 * Aliases as Debian's `systemctl enable` writes them: absolute links to /lib/systemd/system/X while
 * /lib links to usr/lib (unit_file_resolve_symlink() chases the target into the search path), and
 * dangling aliases and links, which systemd loads as not-found, never as an empty unit.
 */
import { describe, expect, it } from '@jest/globals';
import { loadUnits } from '../../../src/parse/load/load-units.js';
import { buildGraph } from '../../../src/graph/build.js';
import { runChecks } from '../../../src/graph/checks/run-checks.js';
import missingUnit from '../../../src/graph/checks/rules/missing-unit.js';
import { MapRawFs } from '../../../src/parse/source/mount-fs.js';
import { Vfs } from '../../../src/parse/source/vfs.js';
import type { Source } from '../../../src/parse/source/open-source.js';

const U = '/usr/lib/systemd/system';
const E = '/etc/systemd/system';
const debian = (extra: Record<string, string> = {}, links: Record<string, string> = {}): Source => {
  const files = {
    [`${U}/multi-user.target`]: '[Unit]\nDescription=Multi-User\n',
    [`${U}/sysinit.target`]: '[Unit]\nDescription=sysinit\n',
    [`${U}/rsyslog.service`]: '[Unit]\nDescription=System Logging Service\nRequires=syslog.socket\n[Service]\nExecStart=/usr/sbin/rsyslogd -n\n[Install]\nAlias=syslog.service\n',
    [`${U}/syslog.socket`]: '[Unit]\nDescription=Syslog Socket\n[Socket]\nListenDatagram=/run/systemd/journal/syslog\n',
    [`${U}/ssh.service`]: '[Service]\nExecStart=/usr/sbin/sshd -D\n',
    ...extra,
  };
  const l = {
    '/lib': 'usr/lib',
    [`${E}/default.target`]: '/lib/systemd/system/multi-user.target',
    [`${E}/syslog.service`]: '/lib/systemd/system/rsyslog.service',
    [`${E}/sshd.service`]: '/lib/systemd/system/ssh.service',
    [`${E}/multi-user.target.wants/rsyslog.service`]: '/lib/systemd/system/rsyslog.service',
    ...links,
  };
  const vfs = new Vfs(new MapRawFs(new Map(Object.entries(files)), new Map(Object.entries(l))), 'debian');
  return { kind: 'root', label: 'debian', vfs, initrd: false, notes: [] };
};

describe('Debian-style aliases (/lib/systemd/system/X with /lib -> usr/lib)', () => {
  it('syslog.service and sshd.service are aliases of rsyslog.service and ssh.service, not units of their own', () => {
    const set = loadUnits(debian(), { generators: false });
    expect(set.aliases.get('syslog.service')).toBe('rsyslog.service');
    expect(set.aliases.get('sshd.service')).toBe('ssh.service');
    expect(set.units.has('syslog.service')).toBe(false);
    expect(set.lookup('syslog.service')?.name).toBe('rsyslog.service');
  });

  it('edges through an alias reach the unit: syslog.socket Triggers rsyslog.service', () => {
    const g = buildGraph(loadUnits(debian(), { generators: false }));
    expect(g.edges.some((e) => e.from === 'syslog.socket' && e.to === 'rsyslog.service' && e.kind === 'Triggers')).toBe(true);
    expect(g.graph.hasNode('syslog.service')).toBe(false);
  });

  it('a dangling alias is not found (and a Requires= on it is missing-unit), never an empty unit', () => {
    const src = debian({ [`${U}/app.service`]: '[Unit]\nRequires=dbus-org.freedesktop.gone.service\n[Service]\nExecStart=/bin/true\n' }, {
      [`${E}/dbus-org.freedesktop.gone.service`]: '/lib/systemd/system/gone.service',
      [`${E}/multi-user.target.wants/app.service`]: '/lib/systemd/system/app.service',
    });
    const set = loadUnits(src, { generators: false });
    const gone = set.lookup('dbus-org.freedesktop.gone.service');
    expect(gone).toEqual(expect.objectContaining({ origin: 'referenced', file: null, directives: [] }));
    expect(set.diagnostics).toContainEqual(expect.objectContaining({ code: 'dangling-link', file: 'etc/systemd/system/dbus-org.freedesktop.gone.service' }));
    const r = runChecks(buildGraph(set), {}, [missingUnit]);
    expect(r.findings.map((f) => f.units)).toEqual([['app.service', 'dbus-org.freedesktop.gone.service']]);
  });

  it('a dangling link to a file outside the search path (a linked unit file that is gone) is not found either', () => {
    const set = loadUnits(debian({}, { [`${E}/linked.service`]: '/opt/app/linked.service' }), { generators: false });
    expect(set.lookup('linked.service')).toEqual(expect.objectContaining({ origin: 'referenced', file: null }));
  });
});
