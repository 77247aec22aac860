/**
 * Every ELK option the ordering view uses, pinned in one place so that a layout is a function of
 * its input alone (same graph → same coordinates, in Node, tests and the browser). ELK's defaults
 * may change between versions; nothing here relies on one.
 *
 * Direction RIGHT: boot runs left to right as in the timeline, unit names (long, some 70
 * characters) read horizontally and stack in columns instead of widening rows.
 * Layering follows the Before relation only: the children are handed to ELK in a topological
 * order of Before (by step, then name), cycle breaking reverses every edge that goes against that
 * model order (so a Wants= from initrd.target back to sshd.service never pushes sshd.service to
 * the right), and pull-in edges get no shortness or straightness priority.
 */
import type { LayoutOptions } from 'elkjs/lib/elk-api.js';

export const ELK_ROOT_OPTIONS: Readonly<LayoutOptions> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.randomSeed': '1',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  'elk.separateConnectedComponents': 'true',
  'elk.spacing.componentComponent': '40',
  'elk.spacing.nodeNode': '14',
  'elk.spacing.edgeEdge': '5',
  'elk.spacing.edgeNode': '8',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.layered.spacing.edgeNodeBetweenLayers': '12',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '5',
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.layering.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.crossingMinimization.greedySwitch.type': 'TWO_SIDED',
  'elk.layered.considerModelOrder.strategy': 'NONE',
  'elk.layered.thoroughness': '7',
  // every edge has ports (to-elk.ts), so ELK's merging of portless edges never applies
  'elk.layered.mergeEdges': 'false',
  'elk.layered.unnecessaryBendpoints': 'false',
  'elk.layered.feedbackEdges': 'false',
  'elk.layered.wrapping.strategy': 'OFF',
  'elk.hierarchyHandling': 'INHERIT',
  'elk.interactiveLayout': 'false',
};

/**
 * The options that depend on the size of the drawing, measured as its span: Σ over the drawn
 * edges of the steps they cross, i.e. about the number of long-edge segments ELK inserts.
 * Node placement: NETWORK_SIMPLEX lines chains up straight (unlock → sysroot.mount →
 * initrd-root-fs → initrd-parse-etc → initrd-fs → initrd.target reads as one row), but its cost
 * grows about quadratically with the span: ~0.7-1.5 s at 570 (remote-unlock), ~3.4 s at 1,160
 * (a 66-unit dracut image), ~13 s at 1,870. Above NS_PLACEMENT_MAX_SPAN, BRANDES_KOEPF (linear,
 * looser). Very large drawings also get fewer crossing-minimisation passes.
 */
export const NS_PLACEMENT_MAX_SPAN = 900;
export const LOW_THOROUGHNESS_MIN_SPAN = 5000;

export const sizeOptions = (span: number): Readonly<LayoutOptions> =>
  span <= NS_PLACEMENT_MAX_SPAN
    ? { 'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX' }
    : {
        'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
        'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
        ...(span >= LOW_THOROUGHNESS_MIN_SPAN ? { 'elk.layered.thoroughness': '3' } : {}),
      };

/** Every unit: its ports keep their side (see to-elk.ts); their order on a side is ELK's choice. */
export const ELK_NODE: Readonly<LayoutOptions> = {
  'elk.portConstraints': 'FIXED_SIDE',
};

export const ELK_PORT: Readonly<LayoutOptions> = {
  'elk.port.borderOffset': '0',
};

/** Per-edge options: ordering edges decide the layers and should stay short and straight. */
export const ELK_ORDERING_EDGE: Readonly<LayoutOptions> = {
  'elk.layered.priority.direction': '10',
  'elk.layered.priority.shortness': '10',
  'elk.layered.priority.straightness': '10',
};

export const ELK_PULL_EDGE: Readonly<LayoutOptions> = {
  'elk.layered.priority.direction': '0',
  'elk.layered.priority.shortness': '0',
  'elk.layered.priority.straightness': '0',
};

/** Node geometry (px) shared by to-elk and the drawing. */
export const NODE = {
  fontSize: 12,
  height: 24,
  padX: 9,
  /** Extra width for shapes whose ends are pointed or round (device hexagon, target stadium). */
  capX: { device: 8, target: 6 } as Readonly<Record<string, number>>,
  /** Labels longer than this are shortened in the middle (the full name is in the tooltip). */
  maxLabel: 44,
} as const;

/**
 * The reduced ordering view runs top to bottom: boot order is the y axis, and a row holds units
 * that can run side by side, so the width is that of the widest row rather than of the longest
 * chain (a 20-step chain of 200 px names drawn left to right is 4,000 px wide). The rows are ours
 * (to-elk.ts `budgetRows`: longest chain, a row's names at most ROW_WIDTH_BUDGET wide), handed to
 * ELK through INTERACTIVE layering. Measured on the two NixOS examples and the dracut crypt images
 * (43-47 units after folding; widths of the layout, CPU of the ELK call after warm-up):
 *   NETWORK_SIMPLEX layering + placement      1,360-1,930 px   0.4-0.6 s
 *   MIN_WIDTH layering (bound 1-3)            1,150-1,900 px   0.2-0.9 s, no bound fits all
 *   our rows + NETWORK_SIMPLEX placement      1,740-2,250 px   (placement spreads long edges)
 *   our rows + BRANDES_KOEPF                  2,070-2,600 px
 *   our rows + SIMPLE placement               1,210-1,550 px   0.2-0.3 s  ← used
 * Greedy switch costs ~0.1 s here and changed no crossing count; it is off. Thoroughness 1 (one
 * crossing-minimisation pass): in-process CPU of the first ELK call on remote-unlock 571 ms at 7,
 * 319 ms at 1 (second call 396 / 186 ms), the same widths and no visible loss; on the generated
 * 500-unit tree (397 units, 1,370 edges after reduction) 3.1 s at 7, 2.2 s at 1. Loading elkjs
 * itself (parse + first instance) is ~0.3 s CPU of every drawing command.
 * Whole `render` of remote-unlock, CPU (user+sys): 3.2 s before issue 14 (every edge, left to
 * right), 0.86 s now.
 */
export const ROW_WIDTH_BUDGET = 1100;
/**
 * Above this many drawn units, no crossing minimisation at all (the rows keep the order of
 * to-elk's topological listing): a drawing that large is searched, not read line by line, and
 * on the generated 500-unit tree (397 units, 1,370 edges after reduction) the first ELK call
 * takes 2.5 s of CPU instead of 3.4 s (same width).
 */
export const LARGE_DOWN_NODES = 150;

export const NODE_GAP_DOWN = 10;

export const ELK_DOWN_OPTIONS: Readonly<LayoutOptions> = {
  'elk.spacing.nodeNode': String(NODE_GAP_DOWN),
  'elk.layered.spacing.nodeNodeBetweenLayers': '26',
  'elk.layered.spacing.edgeNodeBetweenLayers': '8',
  'elk.layered.layering.strategy': 'INTERACTIVE',
  'elk.layered.nodePlacement.strategy': 'SIMPLE',
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.layered.thoroughness': '1',
};
