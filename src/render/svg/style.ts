/**
 * How each kind of edge and unit looks. One table, used by the drawing and by its legend, so the
 * legend can never disagree with the picture.
 */
import { attrs, num } from './svg-util.js';

export interface EdgeStyle {
  readonly stroke: string;
  readonly width: number;
  readonly dash?: string;
  readonly opacity: number;
  /** The arrowhead marker id (one per colour). */
  readonly marker: string;
}

export const COLORS = {
  ordering: '#5f6368',
  pull: '#1a73e8',
  binds: '#8e24aa',
  conflicts: '#d93025',
  other: '#00897b',
  error: '#d93025',
  warning: '#f29900',
  info: '#3b82c4',
  critical: '#3949ab',
  /** The ✕ on a unit that the isolate of a later boot-plan step stops. */
  stopped: '#b3261e',
  text: '#202124',
  muted: '#5f6368',
  referenced: '#9aa0a6',
  focus: '#174ea6',
  landmark: '#3c2f00',
} as const;

export const MARKERS: ReadonlyArray<readonly [string, string]> = [
  ['arrow-ordering', COLORS.ordering],
  ['arrow-pull', COLORS.pull],
  ['arrow-binds', COLORS.binds],
  ['arrow-conflicts', COLORS.conflicts],
  ['arrow-other', COLORS.other],
  ['arrow-critical', COLORS.critical],
];

const HARD = new Set(['Requires', 'Requisite']);
const SOFT = new Set(['Wants', 'Upholds']);

export const isQuietOrigin = (origin: string): boolean => origin === 'default' || origin === 'implicit';

export const edgeStyle = (kind: string, origin: string): EdgeStyle => {
  const base: EdgeStyle =
    kind === 'Before'
      ? { stroke: COLORS.ordering, width: 1.5, opacity: 0.95, marker: 'arrow-ordering' }
      : HARD.has(kind)
        ? { stroke: COLORS.pull, width: 2.2, opacity: 0.7, marker: 'arrow-pull' }
        : SOFT.has(kind)
          ? { stroke: COLORS.pull, width: 1.3, dash: '5 3', opacity: 0.75, marker: 'arrow-pull' }
          : kind === 'BindsTo'
            ? { stroke: COLORS.binds, width: 2.2, opacity: 0.85, marker: 'arrow-binds' }
            : kind === 'PartOf'
              ? { stroke: COLORS.binds, width: 1.3, dash: '5 3', opacity: 0.85, marker: 'arrow-binds' }
              : kind === 'Conflicts'
                ? { stroke: COLORS.conflicts, width: 1.5, dash: '1.5 3', opacity: 0.9, marker: 'arrow-conflicts' }
                : { stroke: COLORS.other, width: 1.2, dash: '6 2 1.5 2', opacity: 0.85, marker: 'arrow-other' };
  // what systemd adds by itself is drawn quieter: thinner and lighter
  return isQuietOrigin(origin) ? { ...base, width: Math.max(0.8, base.width * 0.6), opacity: 0.35 } : base;
};

export interface UnitStyle {
  readonly fill: string;
  readonly stroke: string;
  /** rect (square corners), rounded, stadium (round ends), hexagon (pointed ends). */
  readonly shape: 'rect' | 'rounded' | 'stadium' | 'hexagon';
}

const TYPE_STYLES: Readonly<Record<string, UnitStyle>> = {
  service: { fill: '#e8f0fe', stroke: '#4a6fb5', shape: 'rounded' },
  target: { fill: '#fef7e0', stroke: '#b08210', shape: 'stadium' },
  mount: { fill: '#e6f4ea', stroke: '#3f8a55', shape: 'rect' },
  automount: { fill: '#e6f4ea', stroke: '#3f8a55', shape: 'rect' },
  swap: { fill: '#e6f4ea', stroke: '#3f8a55', shape: 'rect' },
  device: { fill: '#f3e8fd', stroke: '#8059a6', shape: 'hexagon' },
  socket: { fill: '#e0f4f7', stroke: '#2f8799', shape: 'rounded' },
  path: { fill: '#fdefe3', stroke: '#b86b2e', shape: 'rounded' },
  timer: { fill: '#fdefe3', stroke: '#b86b2e', shape: 'rounded' },
  slice: { fill: '#f1f3f4', stroke: '#80868b', shape: 'rect' },
  scope: { fill: '#f1f3f4', stroke: '#80868b', shape: 'rect' },
};

export const LEGEND_TYPES: readonly string[] = ['service', 'target', 'mount', 'device', 'socket', 'path', 'slice'];

export const unitStyle = (type: string): UnitStyle => TYPE_STYLES[type] ?? { fill: '#ffffff', stroke: '#80868b', shape: 'rounded' };

/** The outline of a unit box as an SVG element (without closing attributes for stroke/fill). */
export const shapeElement = (shape: UnitStyle['shape'], x: number, y: number, w: number, h: number, paint: string): string => {
  switch (shape) {
    case 'stadium':
      return `<rect ${attrs([['x', x], ['y', y], ['width', w], ['height', h], ['rx', h / 2]])} ${paint}/>`;
    case 'rounded':
      return `<rect ${attrs([['x', x], ['y', y], ['width', w], ['height', h], ['rx', 4]])} ${paint}/>`;
    case 'hexagon': {
      const c = Math.min(h / 2, w / 4);
      const pts = [[x + c, y], [x + w - c, y], [x + w, y + h / 2], [x + w - c, y + h], [x + c, y + h], [x, y + h / 2]];
      return `<polygon points="${pts.map(([a, b]) => `${num(a ?? 0)},${num(b ?? 0)}`).join(' ')}" ${paint}/>`;
    }
    default:
      return `<rect ${attrs([['x', x], ['y', y], ['width', w], ['height', h]])} ${paint}/>`;
  }
};
