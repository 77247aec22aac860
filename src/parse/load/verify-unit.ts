/**
 * The per-type checks systemd runs after loading a unit's fragment, which refuse the unit
 * (load state bad-setting, "... Refusing.") — read for v252 and v257:
 * - service_verify() (src/core/service.c): no ExecStart=, ExecStop= and SuccessAction=; no
 *   ExecStart= with a Type= other than oneshot; no ExecStart=, no SuccessAction= and not
 *   RemainAfterExit=yes; several ExecStart= with a Type= other than oneshot; Type=oneshot with
 *   Restart=always or on-success, or with ExitType=cgroup; Type=dbus without BusName=. The Type=
 *   systemd picks when none is set comes from service_add_extras(): dbus with BusName=, simple
 *   with ExecStart=, else oneshot.
 * - PAMName= with KillMode= other than control-group or mixed (service_verify() in v252,
 *   unit_verify_contexts() in src/core/unit.c since v254).
 * - socket_verify() (src/core/socket.c): no Listen*=; Accept=yes with Service=.
 * - mount_verify() (src/core/mount.c): a fragment without What=. (Where= not matching the name is
 *   handled in load-units.ts and reported by device-name-mismatch.)
 * - timer_verify(), path_verify(): no trigger setting; automount_verify(): Where=/.
 * Values systemd's parsers ignore do not count (value-grammar.ts): Type=simpel leaves the default.
 */
import { typeSection, type Directive, type Unit } from '../types.js';
import { checkValueCached, isRejectedValue, mayRefuse, parseBoolean } from './value-grammar.js';
import { lastDirective, lastValue } from './unit-values.js';

export interface Refusal {
  /** systemd's reason, in its own words where it has them. */
  readonly message: string;
  /** The assignment that decides it, when there is one. */
  readonly directive?: Directive;
}

/** The assignments of an exec-list key that systemd keeps: resets applied, ignored lines dropped. */
const commands = (u: Unit, key: string): Directive[] => {
  let out: Directive[] = [];
  for (let di = 0, ds = u.directives; di < ds.length; di++) {
    const d = ds[di] as Directive;
    if (d.section !== 'Service' || d.key !== key) continue;
    if (d.value === '') out = [];
    else if (!isRejectedValue('Service', key, d.value)) out.push(d);
  }
  return out;
};

const anySet = (u: Unit, section: string, keys: readonly string[]): boolean => keys.some((k) => lastDirective(u, section, k) !== undefined);

const verifyService = (u: Unit): Refusal | undefined => {
  const start = commands(u, 'ExecStart');
  const stop = commands(u, 'ExecStop');
  const successAction = lastValue(u, 'Unit', 'SuccessAction');
  const hasSuccessAction = successAction !== undefined && successAction !== 'none';
  const typeDirective = lastDirective(u, 'Service', 'Type');
  const busName = lastValue(u, 'Service', 'BusName');
  const type = typeDirective?.value ?? (busName !== undefined ? 'dbus' : start.length > 0 ? 'simple' : 'oneshot');
  const remain = parseBoolean(lastValue(u, 'Service', 'RemainAfterExit')) ?? false;
  if (start.length === 0 && stop.length === 0 && !hasSuccessAction) {
    return { message: 'Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.' };
  }
  if (type !== 'oneshot' && start.length === 0) {
    return { message: `Service has no ExecStart= setting, which is only allowed for Type=oneshot services (it has Type=${type}). Refusing.`, ...(typeDirective ? { directive: typeDirective } : {}) };
  }
  if (!remain && start.length === 0 && !hasSuccessAction) {
    return { message: 'Service has no ExecStart= and no SuccessAction= settings and does not have RemainAfterExit=yes set. Refusing.', ...(stop[0] ? { directive: stop[0] } : {}) };
  }
  if (type !== 'oneshot' && start.length > 1) {
    return { message: `Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services (it has Type=${type}). Refusing.`, directive: start[1] as Directive };
  }
  const restart = lastDirective(u, 'Service', 'Restart');
  if (type === 'oneshot' && (restart?.value === 'always' || restart?.value === 'on-success')) {
    return { message: `Service has Restart=${restart.value}, which isn't allowed for Type=oneshot services. Refusing.`, directive: restart };
  }
  const exitType = lastDirective(u, 'Service', 'ExitType');
  if (type === 'oneshot' && exitType?.value === 'cgroup') {
    return { message: "Service has ExitType=cgroup set, which isn't allowed for Type=oneshot services. Refusing.", directive: exitType };
  }
  if (type === 'dbus' && busName === undefined) {
    return { message: 'Service is of type D-Bus but no D-Bus service name has been specified (BusName=). Refusing.', ...(typeDirective ? { directive: typeDirective } : {}) };
  }
  return undefined;
};

const verifyPam = (u: Unit): Refusal | undefined => {
  const section = typeSection(u.type);
  if (lastValue(u, section, 'PAMName') === undefined) return undefined;
  const kill = lastDirective(u, section, 'KillMode');
  if (kill === undefined || kill.value === 'control-group' || kill.value === 'mixed') return undefined;
  return { message: `Unit has PAM enabled (PAMName=). Kill mode must be set to 'control-group' or 'mixed', not '${kill.value}'. Refusing.`, directive: kill };
};

const LISTEN = ['ListenStream', 'ListenDatagram', 'ListenSequentialPacket', 'ListenFIFO', 'ListenSpecial', 'ListenNetlink', 'ListenMessageQueue', 'ListenUSBFunction'];
const TIMER_VALUES = ['OnActiveSec', 'OnBootSec', 'OnStartupSec', 'OnUnitActiveSec', 'OnUnitInactiveSec', 'OnCalendar', 'OnClockChange', 'OnTimezoneChange'];
const PATH_SPECS = ['PathExists', 'PathExistsGlob', 'PathChanged', 'PathModified', 'DirectoryNotEmpty'];

const verifySocket = (u: Unit): Refusal | undefined => {
  if (!anySet(u, 'Socket', LISTEN)) return { message: 'Unit has no Listen setting (ListenStream=, ListenDatagram=, ListenFIFO=, ...). Refusing.' };
  const accept = lastDirective(u, 'Socket', 'Accept');
  const service = lastDirective(u, 'Socket', 'Service');
  if (parseBoolean(accept?.value) === true && service !== undefined) {
    return { message: 'Explicit service configuration (Service=) for accepting socket units (Accept=yes) not supported. Refusing.', directive: service };
  }
  return undefined;
};

/** Why systemd refuses this unit after loading it, or undefined. Only for units with a fragment. */
export const verifyUnit = (u: Unit): Refusal | undefined => {
  if (u.file === null || u.masked || u.assumed === true) return undefined;
  switch (u.type) {
    case 'service':
      return verifyService(u) ?? verifyPam(u);
    case 'socket':
      return verifySocket(u) ?? verifyPam(u);
    case 'mount':
      // -.mount is perpetual; a mount without What= is refused
      if (u.name !== '-.mount' && lastDirective(u, 'Mount', 'What') === undefined) return { message: 'What= setting is missing. Refusing.' };
      return verifyPam(u);
    case 'swap':
      return verifyPam(u);
    case 'timer':
      return anySet(u, 'Timer', TIMER_VALUES) ? undefined : { message: 'Timer unit lacks value setting (OnCalendar=, OnBootSec=, ...). Refusing.' };
    case 'path':
      return anySet(u, 'Path', PATH_SPECS) ? undefined : { message: 'Path unit lacks path setting (PathExists=, PathChanged=, ...). Refusing.' };
    case 'automount': {
      const where = lastDirective(u, 'Automount', 'Where');
      return where?.value.replace(/\/+$/, '') === '' ? { message: 'Cannot have an automount unit for the root directory. Refusing.', directive: where } : undefined;
    }
    default:
      return undefined;
  }
};

/**
 * The first assignment whose value makes systemd refuse the unit (config_parse_exec returning
 * -ENOEXEC), as "file:line: Key=value: why"; undefined when there is none.
 */
export const refusingValue = (u: Unit): { message: string; directive: Directive } | undefined => {
  if (u.file === null || u.masked || u.assumed === true) return undefined;
  const own = typeSection(u.type);
  for (let di = 0, ds = u.directives; di < ds.length; di++) {
    const d = ds[di] as Directive;
    if ((d.section !== own && d.section !== 'Unit') || !mayRefuse(d.section, d.key)) continue;
    const p = checkValueCached(d.section, d.key, d.value);
    if (p?.refuses === true) return { message: `${d.key}=${d.value}: ${p.message}`, directive: d };
  }
  return undefined;
};
