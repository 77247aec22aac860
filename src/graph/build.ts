/**
 * `buildGraph`: UnitSet → UnitGraph. All systemd semantics of dependencies are applied here:
 * explicit directives and links, the implicit dependencies of a unit's own settings, the default
 * dependencies, and a target's implicit ordering after what it pulls in. Units named only by
 * others are created on demand (instances from templates, `referenced` units).
 */
import graphology from 'graphology';
import type { MultiDirectedGraph as MultiDirectedGraphType } from 'graphology';
import { UnitgraphError } from '../errors.js';
import type { Unit, UnitSet } from '../parse/types.js';
import { defaultDependencies, targetDefaultOrdering, type DepContext } from './default-deps.js';
import { explicitDependencies, type NameProblem } from './explicit-deps.js';
import { implicitDependencies } from './implicit-deps.js';
import { computePlan, planUnits, type BootPlan } from './plan.js';
import { EdgeStore, groupOutEdges, type DepView } from './query/edge-index.js';
import { PULL_KINDS, type DepEdge, type DepGraph, type NodeAttributes } from './types.js';

const { MultiDirectedGraph } = graphology as unknown as { MultiDirectedGraph: typeof MultiDirectedGraphType };

export type { DepGraph, NodeAttributes };

export interface UnitGraph {
  readonly set: UnitSet;
  /**
   * The graph as graphology, for users' scripts and the drawings: built from `view` the first
   * time it is read (a check never reads it), then kept. Its nodes carry `{ unit }`, its edges the
   * DepEdge objects themselves, keyed by their insertion index.
   */
  readonly graph: DepGraph;
  /**
   * The same nodes and edges as the pipeline queries them (query/edge-index.ts): the edge store,
   * or `graph` itself once it was built and has been changed since (nodes or edges added or dropped).
   */
  readonly view: DepView;
  /** Every edge, deduplicated, in a stable order. */
  readonly edges: readonly DepEdge[];
  /** The target's canonical name (an alias such as default.target resolved to its unit). */
  readonly target: string;
  /**
   * Every unit a phase of the boot plan reaches over pull-in edges (for an initrd: the transaction
   * of initrd.target and the isolate of initrd-switch-root.target). Per-phase sets are in `plan`.
   */
  readonly transaction: ReadonlySet<string>;
  /** The boot as systemd runs it: ordered phases, each a start or isolate transaction. */
  readonly plan: BootPlan;
  readonly nameProblems: readonly NameProblem[];
}

export interface BuildOptions {
  target?: string;
}

/** Edges are deduplicated on all their fields (the ends' names are looked up as they are, no key is built). */
const sameEdge = (a: DepEdge, b: DepEdge): boolean =>
  a.kind === b.kind && a.origin === b.origin && (a.file ?? '') === (b.file ?? '') && (a.line ?? '') === (b.line ?? '') && (a.via ?? '') === (b.via ?? '');

/**
 * The edge with its owner set. Every producer hands over edge objects of its own making, so the
 * owner is set in place (the same keys, in the same order, as a spread copy, which was the single
 * largest cost of building a big graph).
 */
const withOwner = (e: DepEdge, owner: string): DepEdge => {
  (e as { owner?: string }).owner = owner;
  return e;
};

export const buildGraph = (set: UnitSet, opts: BuildOptions = {}): UnitGraph => {
  const named = opts.target ?? set.defaultTarget;
  if (opts.target !== undefined && set.lookup(opts.target) === undefined) {
    throw new UnitgraphError('usage', `--target ${opts.target}: not a valid unit name`, { file: set.source });
  }
  // through its aliases: default.target is usually a link to multi-user.target or graphical.target
  // (initrd.target in an initrd), and the graph's nodes are the canonical names
  const target = set.lookup(named)?.name ?? named;
  const problems: NameProblem[] = [];
  const edges: DepEdge[] = [];
  // from → to → the edge kept, or the edges kept when more than one (most pairs have one edge:
  // no array is made for them)
  const seen = new Map<string, Map<string, DepEdge | DepEdge[]>>();
  const pulls = new Map<string, Set<string>>(); // what targets pull in: target_add_default_dependencies looks at these
  const add = (e: DepEdge): void => {
    // unit_add_dependency(): "Dependency Before=X ignored (.device units cannot be delayed)"
    if (e.kind === 'Before' && e.to.endsWith('.device')) {
      if (e.origin === 'file' && e.file !== undefined) {
        problems.push({ unit: e.owner ?? e.from, name: e.to, file: e.file, line: e.line ?? 0, message: `${e.via ?? `Before=${e.to}`}: ignored by systemd (.device units cannot be delayed)` });
      }
      return;
    }
    let byTo = seen.get(e.from);
    if (byTo === undefined) seen.set(e.from, (byTo = new Map()));
    const same = byTo.get(e.to);
    if (same === undefined) byTo.set(e.to, e);
    else if (Array.isArray(same)) {
      if (same.some((o) => sameEdge(o, e))) return;
      same.push(e);
    } else {
      if (sameEdge(same, e)) return;
      byTo.set(e.to, [same, e]);
    }
    edges.push(e);
    if (PULL_KINDS.has(e.kind) && e.from.endsWith('.target')) {
      const set = pulls.get(e.from);
      if (set === undefined) pulls.set(e.from, new Set([e.to]));
      else set.add(e.to);
    }
  };
  const resolveName = (name: string): string | undefined => set.lookup(name)?.name;

  // units named by others are loaded as they are met (a work list)
  const done = new Set<string>();
  const queue: Unit[] = [];
  const enqueue = (u: Unit | undefined): void => {
    if (u === undefined || done.has(u.name) || u.template !== undefined && u.instance === undefined) return;
    if (u.name.includes('@.')) return; // templates themselves are not units of the graph
    done.add(u.name);
    queue.push(u);
  };
  for (const u of set.units.values()) enqueue(u);
  enqueue(set.lookup(target));
  // "a Before b" as kept so far: the dedup map has every edge by its ends
  const hasBefore = (from: string, to: string): boolean => {
    const kept = seen.get(from)?.get(to);
    return kept !== undefined && (Array.isArray(kept) ? kept.some((e) => e.kind === 'Before') : (kept as DepEdge).kind === 'Before');
  };
  const ctx: DepContext = {
    initrd: set.initrd,
    ...(set.systemdVersion === undefined ? {} : { systemdVersion: set.systemdVersion.version }),
    unit: (name) => set.lookup(name),
    peek: (name) => set.units.get(set.aliases.get(name) ?? name),
    hasBefore,
  };
  // each name is looked up (and its unit queued) once: a later lookup of it finds the same unit
  const looked = new Set<string>();
  const enqueueName = (name: string): void => {
    if (looked.has(name)) return;
    looked.add(name);
    enqueue(set.lookup(name));
  };
  const addOwn = (u: Unit, own: readonly DepEdge[]): void => {
    for (let i = 0; i < own.length; i++) {
      const e0 = own[i] as DepEdge;
      const e = e0.owner === undefined ? withOwner(e0, u.name) : e0;
      add(e);
      // (u itself is queued already: most edges start or end at it)
      if (e.from !== u.name) enqueueName(e.from);
      if (e.to !== u.name) enqueueName(e.to);
    }
  };
  // a masked unit loads nothing: no fragment, no drop-ins, no links (unit_load, UNIT_MASKED)
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i] as Unit;
    if (u.masked) continue;
    // an assumed unit (settings unknown) keeps only the links named after it; one systemd refused
    // to load keeps what its type added before the refusal, but nothing unit_load() adds after
    // all three lists are made before any of their edges is added (no combined copy of them)
    const explicit = explicitDependencies(u, resolveName, problems);
    if (u.assumed === true) {
      addOwn(u, explicit);
      continue;
    }
    const implicit = implicitDependencies(u, ctx, { loaded: u.loadError === undefined });
    const defaults = defaultDependencies(u, ctx);
    addOwn(u, explicit);
    addOwn(u, implicit);
    addOwn(u, defaults);
  }
  // a target orders itself after what it pulls in (target_add_default_dependencies)
  for (const u of queue) {
    if (u.type !== 'target' || u.masked || u.assumed === true) continue;
    // the edge exists because both keep DefaultDependencies=yes; the pulled unit is the one a user
    // can change (the target is usually upstream's), so it is named as the edge's owner
    // unit_add_default_target_dependency() only orders units that loaded
    const pulled = [...(pulls.get(u.name) ?? [])].filter((n) => set.lookup(n)?.loadError === undefined);
    for (const e of targetDefaultOrdering(u, pulled, ctx)) {
      add(withOwner(e, e.from === u.name ? e.to : e.from));
    }
  }

  const units = new Map<string, NodeAttributes>();
  for (const u of queue) units.set(u.name, { unit: u });
  const has = (n: string): boolean => units.has(n);
  // each node's out-edges as one array, for the walks of the plan and the checks (edge-index.ts)
  const out = groupOutEdges(seen, has);
  // the work sets are garbage from here on (at 100,000 units the dedup maps alone hold 1.7 million entries)
  seen.clear();
  pulls.clear();
  looked.clear();
  done.clear();
  const store = new EdgeStore(units, out, edges.every((e) => has(e.from) && has(e.to)) ? edges : edges.filter((e) => has(e.from) && has(e.to)));
  const plan = computePlan(store, set, target, { explicitTarget: opts.target !== undefined });
  let graphology: DepGraph | undefined;
  return {
    set,
    get graph(): DepGraph {
      graphology ??= store.toGraphology(() => new MultiDirectedGraph<NodeAttributes, DepEdge>());
      return graphology;
    },
    get view(): DepView {
      return graphology !== undefined && (graphology.order !== store.order || graphology.size !== store.size) ? graphology : store;
    },
    edges,
    target,
    transaction: planUnits(plan),
    plan,
    nameProblems: problems,
  };
};
