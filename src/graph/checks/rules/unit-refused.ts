/**
 * unit-refused: a unit of the phase that systemd loads and then refuses (load state bad-setting),
 * because the per-type check after loading fails: service_verify() (src/core/service.c: a service
 * without ExecStart=, several ExecStart= with a Type= that allows one, Type=dbus without BusName=,
 * Type=oneshot with Restart=always ...), socket_verify() (no Listen*=), mount_verify() (no What=),
 * timer_verify(), path_verify(), automount_verify(), unit_verify_contexts() (PAMName= with
 * KillMode=process). systemd.service(5) "ExecStart=", systemd.socket(5), systemd.mount(5). The
 * checks themselves run while loading (src/parse/load/verify-unit.ts, Unit.loadErrorKind 'verify');
 * a refused unit gets no job in the boot plan. Every unit of the phase that requires it (Requires=,
 * Requisite=, BindsTo=) fails with it and is named.
 */
import { defineCheck } from '../define-check.js';
import { HARD_KINDS } from '../../types.js';

export default defineCheck({
  id: 'unit-refused',
  meta: {
    defaultSeverity: 'error',
    description: 'A unit systemd loads and then refuses (bad-setting): a service without ExecStart=, a socket without Listen*=, a mount without What= ...',
    messages: {
      refused: '{{unit}} is refused by systemd: {{why}}; it never starts{{requirers}}',
    },
  },
  run(ctx) {
    const g = ctx.graph;
    for (const name of [...ctx.phase.units].sort()) {
      const u = g.set.lookup(name);
      if (u?.loadError === undefined || u.loadErrorKind !== 'verify') continue;
      const requirers = new Set<string>();
      if (g.view.hasNode(name)) {
        g.view.forEachInEdge(name, (_k, e) => {
          if (HARD_KINDS.has(e.kind) && e.from !== name && ctx.phase.units.has(e.from)) requirers.add(e.from);
        });
      }
      const m = /^(.*?):(\d+): (.*)$/s.exec(u.loadError);
      const list = [...requirers].sort();
      ctx.report({
        messageId: 'refused',
        units: [name, ...list],
        data: {
          unit: name,
          why: (m?.[3] ?? u.loadError).replace(/\.? Refusing\.$/, ''),
          requirers: list.length === 0 ? '' : `, and ${list.join(', ')} ${list.length === 1 ? 'requires' : 'require'} it and fail${list.length === 1 ? 's' : ''} with it`,
        },
        ...(m?.[1] !== undefined ? { location: { file: m[1], line: Number(m[2]) } } : u.file !== null ? { location: { file: u.file } } : {}),
      });
    }
  },
});
