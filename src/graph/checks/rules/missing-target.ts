/**
 * missing-target: the target a phase of the boot plan starts does not exist (no unit file, not
 * made by a generator) or is masked, or the isolate of initrd-switch-root.target would be refused.
 * bootup(7): systemd starts default.target (initrd.target in an initrd, through default.target);
 * when that unit cannot be loaded, `systemctl start` fails with "Unit ... not found" and the boot
 * stops before anything runs (PID 1 falls back to rescue/emergency, which may be absent too).
 * systemctl(1) "isolate": "only units with AllowIsolate= enabled" can be isolated
 * (src/core/manager.c manager_add_job(): "Operation refused, unit may not be isolated"), so an
 * initrd-switch-root.target without AllowIsolate=yes leaves the initrd stuck after initrd.target.
 */
import { lastValue, parseBoolean } from '../../../parse/load/unit-values.js';
import { defineCheck } from '../define-check.js';

export default defineCheck({
  id: 'missing-target',
  meta: {
    defaultSeverity: 'error',
    description: 'The target to boot into (default or given) does not exist, is masked, or cannot be isolated.',
    messages: {
      missing: '{{target}} does not exist in this image ({{why}}): systemd cannot start it, so {{consequence}}',
      masked: '{{target}} is masked: systemd cannot start it, so {{consequence}}',
      notIsolatable: '{{target}} does not set AllowIsolate=yes, so `systemctl isolate {{target}}` (run by initrd-cleanup.service) is refused and the initrd never switches to the real root',
    },
  },
  run(ctx) {
    const g = ctx.graph;
    const target = ctx.phase.target;
    const first = g.plan.phases[0] === ctx.phase;
    const consequence = first ? 'nothing of this boot runs' : 'the initrd never switches to the real root';
    if (g.plan.missingTargets.includes(target)) {
      const u = g.set.units.get(target);
      if (u?.masked === true) {
        ctx.report({ messageId: 'masked', units: [target], data: { target, consequence }, ...(u.file === null ? {} : { location: { file: u.file } }) });
        return;
      }
      const alias = [...g.set.aliases].find(([, to]) => to === target)?.[0];
      const why = alias !== undefined ? `${alias} links to it, but there is no unit file for it` : 'no unit file, and no generator makes it';
      ctx.report({ messageId: 'missing', units: [target], data: { target, why, consequence } });
      return;
    }
    if (ctx.phase.mode === 'isolate') {
      const u = g.set.units.get(target);
      if (u !== undefined && parseBoolean(lastValue(u, 'Unit', 'AllowIsolate')) !== true) {
        ctx.report({ messageId: 'notIsolatable', units: [target], data: { target }, ...(u.file === null ? {} : { location: { file: u.file } }) });
      }
    }
  },
});
