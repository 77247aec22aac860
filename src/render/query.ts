/**
 * Queries over the plain RenderInput edges, for the CLI and the interactive page alike (the page
 * cannot import src/graph). Pure: no node:*, no DOM.
 *
 * - `edgeGroup`: the five families the page can switch on and off (plus "other").
 * - `relatedUnits`: what a unit depends on and what depends on it, transitively.
 * - `explainWhyChains`: `unitgraph why` over RenderInput (the same BFS as src/graph/query/why.ts).
 */
import type { RenderEdge, RenderInput } from './types.js';
import { compareText } from '../text-order.js';

export type EdgeGroup = 'ordering' | 'hard' | 'soft' | 'conflicts' | 'other';

export const EDGE_GROUPS: ReadonlyArray<{ readonly id: EdgeGroup; readonly label: string; readonly kinds: string }> = [
  { id: 'ordering', label: 'ordering', kinds: 'Before= / After=' },
  { id: 'hard', label: 'pull-in, hard', kinds: 'Requires= Requisite= BindsTo=' },
  { id: 'soft', label: 'pull-in, soft', kinds: 'Wants= Upholds=' },
  { id: 'conflicts', label: 'conflicts', kinds: 'Conflicts=' },
  { id: 'other', label: 'other', kinds: 'PartOf= OnFailure= OnSuccess= Triggers= Propagates…=' },
];

const HARD = new Set(['Requires', 'Requisite', 'BindsTo']);
const SOFT = new Set(['Wants', 'Upholds']);
/** Kinds that pull a unit into a transaction (as PULL_KINDS in src/graph/types.ts). */
export const PULL_KINDS: ReadonlySet<string> = new Set([...HARD, ...SOFT]);

export const edgeGroup = (e: Pick<RenderEdge, 'kind'>): EdgeGroup =>
  e.kind === 'Before' ? 'ordering' : HARD.has(e.kind) ? 'hard' : SOFT.has(e.kind) ? 'soft' : e.kind === 'Conflicts' ? 'conflicts' : 'other';

/** Added by systemd itself (DefaultDependencies=, a unit's own settings) rather than written. */
export const isDefaultOrImplicit = (e: Pick<RenderEdge, 'origin'>): boolean => e.origin === 'default' || e.origin === 'implicit';

export interface EdgeFilter {
  readonly groups: ReadonlySet<EdgeGroup>;
  /** Show default and implicit edges (of the groups shown). */
  readonly defaults: boolean;
}

export const edgeShown = (e: Pick<RenderEdge, 'kind' | 'origin'>, f: EdgeFilter): boolean => f.groups.has(edgeGroup(e)) && (f.defaults || !isDefaultOrImplicit(e));

/**
 * The direction of dependence an edge expresses: `[dependent, dependency]`. An ordering edge
 * `{from: x, to: y, kind: Before}` means y waits for x, so y depends on x; every other kind
 * (`a Wants= b`, `a PartOf= b`, `a OnFailure= b`, ...) means its `from` depends on its `to`.
 */
export const dependence = (e: Pick<RenderEdge, 'from' | 'to' | 'kind'>): readonly [string, string] => (e.kind === 'Before' ? [e.to, e.from] : [e.from, e.to]);

export interface Related {
  /** Units the unit depends on: what it pulls in and what it is ordered after, transitively. */
  readonly dependencies: readonly string[];
  /** Units that depend on the unit, transitively. */
  readonly dependents: readonly string[];
  /** Units in a Conflicts= relation with the unit itself (not transitive: a conflict is no dependency). */
  readonly conflicts: readonly string[];
}

/**
 * What `unit` depends on and what depends on it, transitively over the edges `keep` accepts
 * (both ends must be in `nodes` when it is given). Only edges that mean dependence are followed:
 * pull-in (Requires=, Requisite=, BindsTo=, Wants=, Upholds=: from depends on to) and ordering
 * (Before: to depends on from). PartOf=, OnFailure=, Triggers=, Propagates…= say what happens
 * when a unit stops, fails or fires, not what it needs: following PropagatesStopTo= painted the
 * fsck and the root device "needed by" sysroot.mount though they run before it (issue 14).
 * Conflicts= is never followed; the unit's own conflict partners are listed apart. Each list is
 * sorted and excludes the unit.
 */
export const relatedUnits = (
  edges: readonly RenderEdge[],
  unit: string,
  opts: { keep?: (e: RenderEdge) => boolean; nodes?: ReadonlySet<string> } = {},
): Related => {
  const down = new Map<string, string[]>(); // dependent → dependencies
  const up = new Map<string, string[]>(); // dependency → dependents
  const conflicts = new Set<string>();
  const push = (m: Map<string, string[]>, k: string, v: string): void => {
    const l = m.get(k);
    if (l === undefined) m.set(k, [v]);
    else l.push(v);
  };
  for (const e of edges) {
    if (opts.keep !== undefined && !opts.keep(e)) continue;
    if (opts.nodes !== undefined && (!opts.nodes.has(e.from) || !opts.nodes.has(e.to))) continue;
    if (e.from === e.to) continue;
    if (e.kind === 'Conflicts') {
      if (e.from === unit) conflicts.add(e.to);
      if (e.to === unit) conflicts.add(e.from);
      continue;
    }
    if (e.kind !== 'Before' && !PULL_KINDS.has(e.kind)) continue;
    const [dependent, dependency] = dependence(e);
    push(down, dependent, dependency);
    push(up, dependency, dependent);
  }
  const reach = (m: Map<string, string[]>): string[] => {
    const seen = new Set<string>([unit]);
    const queue = [unit];
    for (let i = 0; i < queue.length; i++) {
      for (const n of m.get(queue[i] as string) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        queue.push(n);
      }
    }
    seen.delete(unit);
    return [...seen].sort();
  };
  return { dependencies: reach(down), dependents: reach(up), conflicts: [...conflicts].sort() };
};

/** The shortest chain of edges from `from` to `to` over the edges `keep` accepts (BFS, explicit edges first). */
export const shortestChain = (
  edges: readonly RenderEdge[],
  from: string,
  to: string,
  keep: (e: RenderEdge) => boolean,
  through: (unit: string) => boolean = () => true,
): RenderEdge[] | undefined => {
  if (from === to) return undefined;
  const out = new Map<string, RenderEdge[]>();
  for (const e of edges) {
    if (!keep(e)) continue;
    const l = out.get(e.from);
    if (l === undefined) out.set(e.from, [e]);
    else l.push(e);
  }
  // prefer explicit edges, then stable by name, so the answer is the one a person wrote
  for (const l of out.values()) l.sort((a, b) => Number(a.origin === 'default') - Number(b.origin === 'default') || compareText(a.to, b.to));
  const prev = new Map<string, RenderEdge>();
  const seen = new Set([from]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    for (const e of out.get(queue[i] as string) ?? []) {
      if (seen.has(e.to)) continue;
      seen.add(e.to);
      prev.set(e.to, e);
      if (e.to === to) {
        const path: RenderEdge[] = [];
        for (let m = to; m !== from; ) {
          const pe = prev.get(m) as RenderEdge;
          path.unshift(pe);
          m = pe.from;
        }
        return path;
      }
      if (through(e.to)) queue.push(e.to);
    }
  }
  return undefined;
};

export interface WhyChains {
  readonly a: string;
  readonly b: string;
  /** A is ordered before B: a chain of Before edges from A to B. */
  readonly orderedBefore?: RenderEdge[];
  /** B is ordered before A. */
  readonly orderedAfter?: RenderEdge[];
  /** A pulls in B: a chain of Wants/Requires/Requisite/BindsTo/Upholds from A to B. */
  readonly pulls?: RenderEdge[];
  /** B pulls in A. */
  readonly pulledBy?: RenderEdge[];
}

/** `unitgraph why A B` over plain data: why A is ordered before B and/or pulls B in. */
export const explainWhyChains = (input: Pick<RenderInput, 'edges' | 'nodes'>, a: string, b: string): WhyChains => {
  const before = (e: RenderEdge): boolean => e.kind === 'Before';
  const pull = (e: RenderEdge): boolean => PULL_KINDS.has(e.kind);
  // ordering holds between jobs: a chain goes on only through units that get one (as `why` does)
  // (data without `jobs`, from before the boot plan, orders through every unit as it did then)
  const withJob = new Set(input.nodes.filter((n) => (n.jobs?.length ?? 0) > 0).map((n) => n.id));
  const planned = input.nodes.some((n) => n.jobs !== undefined);
  const job = (n: string): boolean => !planned || withJob.has(n);
  const r = {
    orderedBefore: shortestChain(input.edges, a, b, before, job),
    orderedAfter: shortestChain(input.edges, b, a, before, job),
    pulls: shortestChain(input.edges, a, b, pull),
    pulledBy: shortestChain(input.edges, b, a, pull),
  };
  return {
    a,
    b,
    ...(r.orderedBefore ? { orderedBefore: r.orderedBefore } : {}),
    ...(r.orderedAfter ? { orderedAfter: r.orderedAfter } : {}),
    ...(r.pulls ? { pulls: r.pulls } : {}),
    ...(r.pulledBy ? { pulledBy: r.pulledBy } : {}),
  };
};

/** Where an edge came from: "file etc/x.service:4: Before=b.mount". */
export const edgeOrigin = (e: RenderEdge): string => {
  const at = e.file === undefined ? '' : ` ${e.file}${e.line === undefined ? '' : `:${e.line}`}`;
  return `${e.origin}${at}${e.via === undefined ? '' : `: ${e.via}`}`;
};

/** The headline of each answer, in the words of `unitgraph why`. */
export const whySummary = (w: WhyChains): { ordering: string; pulling: string } => ({
  ordering:
    w.orderedBefore !== undefined
      ? `${w.a} is ordered before ${w.b}:`
      : w.orderedAfter !== undefined
        ? `${w.a} is not ordered before ${w.b}; it is ordered after it:`
        : `${w.a} and ${w.b} are not ordered against each other (no chain of Before=/After=): their jobs may run in any order or in parallel.`,
  pulling:
    w.pulls !== undefined
      ? `${w.a} pulls in ${w.b}:`
      : w.pulledBy !== undefined
        ? `${w.a} does not pull in ${w.b}; ${w.b} pulls in ${w.a}:`
        : `${w.a} does not pull in ${w.b} (no chain of Wants=/Requires=/BindsTo=/Requisite=/Upholds=), nor the other way round.`,
});
