import rule from '../../../../src/graph/checks/rules/unit-refused.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const U = '[Unit]\nDefaultDependencies=no\n';
const svc = (body: string): string => `${U}[Service]\n${body}`;
const one = (name: string, text: string): { files: Record<string, string>; links: Record<string, string> } => ({ files: { [name]: text }, links: wantedBy('initrd.target', name) });

ruleTable(rule, {
  valid: [
    { name: 'a service with ExecStart=', ...one('a.service', svc('ExecStart=/bin/true\n')) },
    { name: 'Type=oneshot with several ExecStart=', ...one('a.service', svc('Type=oneshot\nExecStart=/bin/true\nExecStart=/bin/false\n')) },
    { name: 'an ExecStart= reset before the second one', ...one('a.service', svc('ExecStart=/bin/a\nExecStart=\nExecStart=/bin/b\n')) },
    { name: 'ExecStop= only, with RemainAfterExit=yes (oneshot by default)', ...one('a.service', svc('RemainAfterExit=yes\nExecStop=/bin/true\n')) },
    { name: 'SuccessAction= and no command at all', ...one('a.service', `${U}SuccessAction=reboot\n[Service]\nType=oneshot\n`) },
    { name: 'an invalid Type= is ignored: the default (simple) allows ExecStart=', ...one('a.service', svc('Type=simpel\nExecStart=/bin/true\n')) },
    { name: 'Type=dbus with BusName=', ...one('a.service', svc('Type=dbus\nBusName=org.example.A\nExecStart=/bin/a\n')) },
    { name: 'a socket with ListenStream=', ...one('a.socket', `${U}[Socket]\nListenStream=/run/a.sock\n`) },
    { name: 'a timer with OnBootSec=', ...one('a.timer', `${U}[Timer]\nOnBootSec=5\nUnit=b.service\n`) },
    { name: 'a path unit with PathExists=', ...one('a.path', `${U}[Path]\nPathExists=/run/a\nUnit=b.service\n`) },
    { name: 'a mount with What=', ...one('run-a.mount', `${U}[Mount]\nWhat=tmpfs\nWhere=/run/a\nType=tmpfs\n`) },
    { name: 'a refused service nothing pulls in', files: { 'a.service': svc('ExecStartPre=/bin/true\n') } },
    { name: 'PAMName= with KillMode=mixed', ...one('a.service', svc('ExecStart=/bin/a\nPAMName=login\nKillMode=mixed\n')) },
    { name: 'an ExecStart= systemd refuses for its value (invalid-value reports it)', ...one('a.service', svc('ExecStart=bin/a\n')) },
  ],
  invalid: [
    {
      name: 'stage 1: a hand-written rollback.service with only ExecStartPre=',
      ...one('rollback.service', svc('Type=oneshot\nExecStartPre=/bin/zfs rollback -r rpool/local/root@blank\n')),
      findings: [{ units: ['rollback.service'], message: /no ExecStart=, ExecStop=, or SuccessAction=; it never starts$/ }],
    },
    {
      name: 'a unit that requires the refused one is named',
      files: {
        'rollback.service': svc('ExecStartPre=/bin/rollback\n'),
        'unlock.service': `${U}Requires=rollback.service\nAfter=rollback.service\n[Service]\nType=oneshot\nExecStart=/bin/true\n`,
      },
      links: wantedBy('initrd.target', 'unlock.service'),
      findings: [{ units: ['rollback.service', 'unlock.service'], message: /no ExecStart=, ExecStop=, or SuccessAction=.*unlock\.service requires it and fails with it/ }],
    },
    {
      name: 'two ExecStart= with Type=simple',
      ...one('a.service', svc('Type=simple\nExecStart=/bin/a\nExecStart=/bin/b\n')),
      findings: [{ units: ['a.service'], message: /more than one ExecStart=/, line: 6 }],
    },
    {
      name: 'Type=notify without ExecStart=',
      ...one('a.service', svc('Type=notify\nExecStop=/bin/true\n')),
      findings: [{ units: ['a.service'], message: /only allowed for Type=oneshot/, line: 4 }],
    },
    { name: 'Type=dbus without BusName=', ...one('a.service', svc('Type=dbus\nExecStart=/bin/a\n')), findings: [{ units: ['a.service'], message: /D-Bus/ }] },
    { name: 'Type=oneshot with Restart=always', ...one('a.service', svc('Type=oneshot\nRestart=always\nExecStart=/bin/a\n')), findings: [{ units: ['a.service'], message: /Restart=always/ }] },
    { name: 'PAMName= with KillMode=process', ...one('a.service', svc('ExecStart=/bin/a\nPAMName=login\nKillMode=process\n')), findings: [{ units: ['a.service'], message: /PAM/ }] },
    { name: 'a socket without Listen*=', ...one('a.socket', `${U}[Socket]\nAccept=no\n`), findings: [{ units: ['a.socket'], message: /no Listen setting/ }] },
    { name: 'a mount without What=', ...one('run-a.mount', `${U}[Mount]\nWhere=/run/a\nType=tmpfs\n`), findings: [{ units: ['run-a.mount'], message: /What= setting is missing/ }] },
    { name: 'a timer without a time', ...one('a.timer', `${U}[Timer]\nUnit=b.service\n`), findings: [{ units: ['a.timer'], message: /lacks value setting/ }] },
    { name: 'a timer whose only time systemd ignores (OnBootSec=2potatoes)', ...one('a.timer', `${U}[Timer]\nOnBootSec=2potatoes\nUnit=b.service\n`), findings: [{ units: ['a.timer'], message: /lacks value setting/ }] },
    { name: 'a path unit whose only path is relative', ...one('a.path', `${U}[Path]\nPathExists=run/a\nUnit=b.service\n`), findings: [{ units: ['a.path'], message: /lacks path setting/ }] },
    { name: 'a path unit without a path', ...one('a.path', `${U}[Path]\nUnit=b.service\n`), findings: [{ units: ['a.path'], message: /lacks path setting/ }] },
  ],
});
