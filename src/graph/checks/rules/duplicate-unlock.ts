/**
 * duplicate-unlock: two units of the transaction open the same LUKS volume (the same encrypted
 * device, or the same /dev/mapper name): typically a hand-written unlock service (remote unlock
 * over SSH, a keyfile fetched from the network) beside the systemd-cryptsetup@NAME.service that
 * systemd-cryptsetup-generator makes from the same crypttab(5) line, or one device listed twice in
 * crypttab. Only one `crypt_activate` can win: cryptsetup(8) `open` fails with "Device NAME
 * already exists" for the loser, systemd-cryptsetup(8) `attach` skips a volume that is already
 * active. When nothing orders the two (systemd.unit(5) "Before=, After=": without ordering both
 * jobs start at once), which one wins varies from boot to boot. Informational: it boots, but the
 * race hides which path unlocked the disk, and a failure of the other path is masked.
 */
import { defineCheck } from '../define-check.js';
import { shortestPath } from '../../query/why.js';
import { volumesOpenedBy, type VolumeOpen } from '../../query/unlock-commands.js';
import { compareText } from '../../../text-order.js';

/** A script's path as every location spells a path inside the image: relative, no leading slash. */
const inImage = (path: string): string => path.replace(/^\/+/, '');

const place = (o: VolumeOpen): string =>
  o.script === undefined ? `${o.directive.file}:${o.directive.line}` : `${inImage(o.script.path)}:${o.script.line} (run by ${o.directive.key}= at ${o.directive.file}:${o.directive.line})`;

export default defineCheck({
  id: 'duplicate-unlock',
  meta: {
    defaultSeverity: 'info',
    description: 'Two units of the transaction open the same LUKS device or /dev/mapper name.',
    messages: {
      race: '{{units}} open {{what}}, and nothing orders {{x}} and {{y}} one after the other: they race to unlock it{{hidden}}',
      ordered: '{{units}} open {{what}}; {{first}} is ordered before {{second}}, so {{second}} only ever finds the volume open already{{hidden}}',
    },
  },
  run(ctx) {
    const g = ctx.graph;
    const opens: VolumeOpen[] = [];
    for (const name of [...ctx.phase.units].sort()) {
      const unit = g.set.units.get(name);
      if (unit !== undefined) opens.push(...volumesOpenedBy(g.set, unit));
    }
    // group by mapper name, then merge groups that share a device (a device opened under two names)
    const groups: VolumeOpen[][] = [];
    for (const o of opens) {
      const hit = groups.find((grp) => grp.some((x) => x.name === o.name || x.deviceKey === o.deviceKey));
      if (hit === undefined) groups.push([o]);
      else hit.push(o);
    }
    for (const grp of groups) {
      const units = [...new Set(grp.map((o) => o.unit))];
      if (units.length < 2) continue;
      // the hand-written unit first: that is the one a person can change
      const generated = (u: string): boolean => g.set.units.get(u)?.origin === 'generator';
      units.sort((a, b) => Number(generated(a)) - Number(generated(b)) || compareText(a, b));
      const [a, b] = units as [string, string];
      const names = [...new Set(grp.map((o) => o.name))];
      const devices = [...new Set(grp.map((o) => o.device))];
      const what = `${devices.join(' / ')} as ${names.map((n) => `/dev/mapper/${n}`).join(' and ')}`;
      const ignored = [...new Set(grp.filter((o) => o.failureIgnored).map((o) => o.unit))];
      const hidden = ignored.length === 0 ? '' : ` (${ignored.join(', ')} ${ignored.length === 1 ? 'ignores its' : 'ignore their'} failure, so the loser is never seen)`;
      // a race when any two of them are not ordered against each other (either way round)
      const before = (x: string, y: string): boolean => shortestPath(g, x, y, (e) => e.kind === 'Before') !== undefined;
      let race: [string, string] | undefined;
      for (let i = 0; i < units.length && race === undefined; i++) {
        for (let j = i + 1; j < units.length && race === undefined; j++) {
          const [x, y] = [units[i] as string, units[j] as string];
          if (!before(x, y) && !before(y, x)) race = [x, y];
        }
      }
      const first = race === undefined && before(b, a) ? b : a;
      const list = units.length === 2 ? `${a} and ${b} both` : `${units.slice(0, -1).join(', ')} and ${units[units.length - 1] as string} all`;
      const main = grp.find((o) => o.unit === a) as VolumeOpen;
      ctx.report({
        messageId: race === undefined ? 'ordered' : 'race',
        units,
        data: { units: list, what, hidden, first, second: first === a ? b : a, x: race?.[0] ?? '', y: race?.[1] ?? '' },
        location: { file: main.script === undefined ? main.directive.file : inImage(main.script.path), line: main.script?.line ?? main.directive.line },
        details: grp.map((o) => `${o.unit}: opens ${o.device} as ${o.name} at ${place(o)}`),
      });
    }
  },
});
