/**
 * file-not-in-image: a file a unit that runs during the boot needs, absent from the image.
 * - `EnvironmentFile=` without the `-` prefix (systemd.exec(5): "If the empty string is assigned
 *   ... the file must exist ... prefixed with "-", which indicates that if the file does not exist,
 *   it will not be read and no error or warning message is logged"; a missing file fails the
 *   command with 243/CREDENTIALS... in practice "Failed to load environment files", result
 *   'resources').
 * - A crypttab key file that is a path inside the initrd (crypttab(5) third field; not `none`,
 *   `-`, not on a key device `path:device`, not a device node such as /dev/urandom): the
 *   `systemd-cryptsetup attach NAME DEVICE KEYFILE` that systemd-cryptsetup-generator writes
 *   cannot read it, so the volume is not unlocked unattended.
 * - `What=` of a bind mount (mount(8) `bind`/`rbind`): mount(2) fails with ENOENT.
 * - `AssertPathExists=` (the start job fails) and, as an info, `ConditionPathExists=` (the unit
 *   is skipped; a condition may be false on purpose) on a path absent from an initrd, which is
 *   all there is at boot (systemd.unit(5)); a root gains files after it is built.
 * Paths under /run, /proc, /sys, /dev, /sysroot (and /tmp, /var/run, /var/tmp) are made at boot
 * and never reported. Only units with a start job in a step of the boot plan.
 */
import { expandSpecifiers } from '../../../parse/load/specifiers.js';
import { lastValue } from '../../../parse/load/unit-values.js';
import type { Directive, Unit, UnitSet } from '../../../parse/types.js';
import { execCommands } from '../../query/exec-lines.js';
import { failingPathCondition, holdsPrograms, isRuntimePath } from '../../query/image-paths.js';
import { defineCheck } from '../define-check.js';
import type { CheckContext } from '../types.js';

/** A literal absolute path that the archive could hold: no glob, no variable, not made at boot. */
const checkable = (path: string): boolean => path.startsWith('/') && !/[*?[$]/.test(path) && !isRuntimePath(path);
const absent = (set: UnitSet, path: string): boolean => set.statPath?.(path) === undefined;
const at = (d: Directive): { file: string; line: number } => ({ file: d.file, line: d.line });

const environmentFiles = (ctx: CheckContext, set: UnitSet, unit: Unit): void => {
  let list: Directive[] = [];
  for (const d of unit.directives) {
    if (d.key !== 'EnvironmentFile' || !['Service', 'Socket', 'Mount', 'Swap'].includes(d.section)) continue;
    list = d.value === '' ? [] : [...list, d];
  }
  for (const d of list) {
    const path = expandSpecifiers(d.value.trim(), unit.name);
    if (path.startsWith('-') || !checkable(path) || !absent(set, path)) continue;
    ctx.report({ messageId: 'environmentFile', units: [unit.name], data: { unit: unit.name, path }, location: at(d) });
  }
};

/** The key file of a volume systemd-cryptsetup-generator made from crypttab (`attach NAME DEVICE KEYFILE OPTIONS`). */
const cryptKeyFile = (ctx: CheckContext, set: UnitSet, unit: Unit): void => {
  if (!set.initrd || unit.origin !== 'generator' || !unit.name.startsWith('systemd-cryptsetup@')) return;
  const cmd = execCommands(unit).get('ExecStart')?.[0];
  if (cmd === undefined || cmd.args[0] !== 'attach') return;
  const [, volume, , keyFile] = cmd.args;
  if (volume === undefined || keyFile === undefined || keyFile === 'none' || keyFile === '-' || !checkable(keyFile)) return;
  if (!absent(set, keyFile)) return;
  const source = lastValue(unit, 'Unit', 'SourcePath') ?? '/etc/crypttab';
  ctx.report({ messageId: 'keyFile', units: [unit.name], data: { unit: unit.name, volume, path: keyFile, source }, location: at(cmd.directive) });
};

const bindSource = (ctx: CheckContext, set: UnitSet, unit: Unit): void => {
  if (unit.type !== 'mount') return;
  const options = (lastValue(unit, 'Mount', 'Options') ?? '').split(',');
  if (!options.includes('bind') && !options.includes('rbind')) return;
  const what = lastValue(unit, 'Mount', 'What');
  if (what === undefined || !checkable(what) || !absent(set, what)) return;
  const d = unit.directives.findLast((x) => x.section === 'Mount' && x.key === 'What');
  ctx.report({ messageId: 'bindSource', units: [unit.name], data: { unit: unit.name, path: what }, ...(d === undefined ? {} : { location: at(d) }) });
};

const pathConditions = (ctx: CheckContext, set: UnitSet, unit: Unit): void => {
  // only an archive is all there is at boot; a root's /etc gains files after it is built (an
  // admin's /etc/krb5.keytab that rpc-gssd.service's condition waits for)
  if (!set.initrd) return;
  for (const kind of ['Assert', 'Condition'] as const) {
    let list: Directive[] = [];
    for (const d of unit.directives) {
      if (d.section === 'Unit' && d.key === `${kind}PathExists`) list = d.value === '' ? [] : [...list, d];
    }
    for (const d of list) {
      const path = expandSpecifiers(d.value.trim(), unit.name);
      if (path.startsWith('|') || path.startsWith('!') || !checkable(path) || !absent(set, path)) continue;
      const id = kind === 'Assert' ? 'assert' : 'condition';
      ctx.report({ messageId: id, ...(kind === 'Condition' ? { severity: 'info' as const } : {}), units: [unit.name], data: { unit: unit.name, path }, location: at(d) });
    }
  }
};

export default defineCheck({
  id: 'file-not-in-image',
  meta: {
    defaultSeverity: 'warning',
    description: 'A file a unit that runs during the boot needs (EnvironmentFile=, a crypttab key file, a bind mount source, AssertPathExists=) is absent from the image.',
    messages: {
      environmentFile: '{{unit}} reads EnvironmentFile={{path}} (no "-" prefix), which is not in the image: systemd fails the unit ("Failed to load environment files")',
      keyFile: '{{unit}} unlocks {{volume}} with the key file {{path}} ({{source}}), which is not in the image: it is not unlocked unattended',
      bindSource: '{{unit}} bind-mounts {{path}}, which is not in the image: mount fails with "No such file or directory"',
      assert: '{{unit}} has AssertPathExists={{path}}, which is not in the image: its start job fails',
      condition: '{{unit}} has ConditionPathExists={{path}}, which is not in the image: systemd skips the unit at boot unless something creates the path first',
    },
  },
  run(ctx) {
    const set = ctx.graph.set;
    if (!holdsPrograms(set)) return;
    for (const name of ctx.phase.jobs) {
      const unit = set.units.get(name);
      if (unit === undefined) continue;
      pathConditions(ctx, set, unit);
      // the rest only runs when the unit's conditions hold
      if (failingPathCondition(set, unit) !== undefined) continue;
      environmentFiles(ctx, set, unit);
      cryptKeyFile(ctx, set, unit);
      bindSource(ctx, set, unit);
    }
  },
});
