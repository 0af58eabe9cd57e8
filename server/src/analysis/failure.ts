// Failure simulation (N-1 and beyond). Every path carries its cut set (`dependsOn`), computed
// once in paths.ts, so a single failure is a filter over paths, not a recomputation: a path dies
// when the failed component is in its cut set. Several failures at once are checked against each
// touched path's physical alternatives. Bandwidth is recomputed only for the pairs whose paths a
// failure touches, and for those whose max-flow crosses a failed inter-switch link or switch: a
// path names only the links every one of its alternatives needs, so losing one member of an
// inter-switch LAG, or one spine of two, touches no path yet can halve what a pair gets.
import { pairBandwidth, type FlowFabric, type FlowPath } from './bandwidth';
import { flowFabric, toFlowPath } from './capacity';
import { survives, attachments, type Fabric } from './layer2';
import { compareStrings, type ModelIndex } from './modelIndex';
import type { HostPart, SharedTopology } from './hostAnalysis';
import { arrayLegsUnder, type PathRoute } from './paths';
import type { FailureReport, IoPath, NetworkAnalysis, PairAnalysis, PairFailureImpact } from './types';

/** What analyzeNetwork keeps beside its result so that simulations need no recomputation. */
export interface AnalysisInternals {
  index: ModelIndex;
  /** The shared topology and each host's part, which the next version's analysis takes over where unchanged. */
  shared: SharedTopology;
  parts: Map<string, HostPart>;
  /**
   * This version, the one it was worked out from, whether it takes that one over (an editor's next
   * version, after which the earlier one is not read: what is kept per version may be updated in
   * place), and the hosts whose part is another object than there.
   */
  version: object;
  earlierVersion: object | undefined;
  takenOver: boolean;
  changedHosts: ReadonlySet<string>;
  fabric: Fabric;
  /** The inter-switch links with nothing failed, made at the first bandwidth computed. */
  flowFabric?: FlowFabric;
  /** The inter-switch links and the failure domains of the switches they join, made at the first failure. */
  fabricComponents?: Set<string>;
  /** Component id → the paths touching it, made at the first simulation (see touchingPaths). */
  pathsByComponent?: Map<string, IoPath[]>;
  /** Inter-switch link or switch domain → the pairs whose max-flow crosses it (see crossingPairs). */
  pairsByCrossing?: Map<string, PairAnalysis[]>;
}

const internals = new WeakMap<NetworkAnalysis, AnalysisInternals>();

export function attachInternals(analysis: NetworkAnalysis, value: AnalysisInternals): void {
  internals.set(analysis, value);
}

export function internalsOf(analysis: NetworkAnalysis): AnalysisInternals | undefined {
  return internals.get(analysis);
}

/** The physical alternatives of a path. */
function routeOf(inner: AnalysisInternals, host: string, pathId: string): PathRoute {
  return inner.parts.get(host)!.routes.get(pathId)!;
}

/** A pair's single points of failure: the components every one of its paths depends on. */
export function sharedDependencies(paths: IoPath[]): string[] {
  if (paths.length === 0) return [];
  let shared = new Set(paths[0]!.dependsOn);
  for (const path of paths.slice(1)) {
    const next = new Set<string>();
    for (const id of path.dependsOn) if (shared.has(id)) next.add(id);
    shared = next;
    if (shared.size === 0) break;
  }
  return [...shared].sort(compareStrings);
}

/** The flow inputs of a pair's paths, given the failed components. */
export function pairFlowPaths(
  inner: AnalysisInternals,
  analysis: NetworkAnalysis,
  pair: PairAnalysis,
  pathIds: string[],
  failed: Set<string>,
): FlowPath[] {
  const optimized = new Set(pair.optimizedPaths);
  return pathIds.map((id) =>
    toFlowPath(inner.index, inner.fabric, analysis.pathById.get(id)!, routeOf(inner, pair.host, id), optimized.has(id), failed),
  );
}

/**
 * The inter-switch links the bandwidth of a pair may use with `failed` down: the intact fabric
 * (made once) unless a failed component is an inter-switch link or a switch at the end of one.
 */
export function fabricFor(inner: AnalysisInternals, failed: Set<string>): FlowFabric {
  inner.flowFabric ??= flowFabric(inner.index, inner.fabric, new Set());
  if (failed.size === 0) return inner.flowFabric;
  if (!inner.fabricComponents) {
    const { fabric } = inner;
    inner.fabricComponents = new Set(fabric.edges.flatMap((edge) => [fabric.domainOf(edge.a), fabric.domainOf(edge.b), ...(edge.link === undefined ? [] : [edge.link])]));
  }
  const components = inner.fabricComponents;
  return [...failed].some((id) => components.has(id)) ? flowFabric(inner.index, inner.fabric, failed) : inner.flowFabric;
}

export function simulateFailure(analysis: NetworkAnalysis, componentId: string): FailureReport {
  return simulateFailures(analysis, [componentId]);
}

/** Several components failed together (the diagram's accumulated "fail" clicks). */
export function simulateFailures(analysis: NetworkAnalysis, componentIds: string[]): FailureReport {
  const components = [...new Set(componentIds)];
  const unknown = components.filter((id) => !analysis.componentById.has(id));
  const failed = new Set(components.filter((id) => analysis.componentById.has(id)));
  const report: FailureReport = { component: components[0] ?? '', components, unknown, deadPaths: [], affectedPairs: [] };
  const inner = internals.get(analysis);
  if (!inner || failed.size === 0) return report;

  const fabricFailures = [...failed].filter((id) => {
    const kind = analysis.componentById.get(id)!.kind;
    return kind === 'switch' || kind === 'stack' || kind === 'link';
  }).length;
  const dead = new Set<string>();
  const touched = new Set<string>();
  const memo = new Map<string, boolean>();
  // Two fabric failures together can cut paths that neither touches alone; otherwise only the
  // paths touching a failed component can die, and the index finds them without a scan.
  const candidates = failed.size > 1 && fabricFailures > 1 ? analysis.paths : touchingPaths(analysis, inner, failed);
  for (const path of candidates) {
    const route = routeOf(inner, path.host, path.id);
    touched.add(path.id);
    let alive: boolean;
    if (failed.size === 1) alive = !path.dependsOn.some((id) => failed.has(id));
    else {
      const arrayLegs = arrayLegsUnder(route, failed);
      const key = `${route.routed}|${legKey(route.hostLegs, failed)}|${legKey(arrayLegs, failed)}`;
      const cached = memo.get(key);
      alive = cached ?? survives(inner.fabric, route.hostLegs, arrayLegs, route.routed, failed);
      memo.set(key, alive);
    }
    if (!alive) dead.add(path.id);
  }
  report.deadPaths = [...dead].sort(compareStrings);

  const pairs = new Set<PairAnalysis>();
  for (const id of touched) {
    const path = analysis.pathById.get(id)!;
    for (const pair of inner.parts.get(path.host)!.pairs) if (pair.paths.includes(id)) pairs.add(pair);
  }
  for (const pair of crossingPairs(analysis, inner, failed)) pairs.add(pair);
  const impacts: PairFailureImpact[] = [];
  const fabric = pairs.size > 0 ? fabricFor(inner, failed) : undefined;
  for (const pair of pairs) {
    const surviving = pair.paths.filter((id) => !dead.has(id));
    const host = inner.index.hosts.get(pair.host)!;
    const after = pairBandwidth(host, pairFlowPaths(inner, analysis, pair, surviving, failed), fabric);
    impacts.push({
      host: pair.host,
      volume: pair.volume,
      pathsBefore: pair.paths.length,
      pathsAfter: surviving.length,
      optimizedBefore: pair.optimizedPaths.length,
      optimizedAfter: pair.optimizedPaths.filter((id) => !dead.has(id)).length,
      bandwidthMbpsBefore: pair.bandwidth.mbps,
      bandwidthMbpsAfter: after.mbps,
      survivingPaths: surviving,
      cutOff: surviving.length === 0,
    });
  }
  impacts.sort((a, b) => compareStrings(a.host, b.host) || compareStrings(a.volume, b.volume));
  report.affectedPairs = impacts;
  return report;
}

/** The paths that touch any of the failed components (the report sorts what it lists). */
function touchingPaths(analysis: NetworkAnalysis, inner: AnalysisInternals, failed: Set<string>): IoPath[] {
  let index = inner.pathsByComponent;
  if (!index) {
    index = new Map();
    for (const path of analysis.paths) {
      for (const id of routeOf(inner, path.host, path.id).touches.ids()) {
        const list = index.get(id);
        if (!list) index.set(id, [path]);
        else if (list[list.length - 1] !== path) list.push(path);
      }
    }
    inner.pathsByComponent = index;
  }
  const paths = new Set<IoPath>();
  for (const id of failed) for (const path of index.get(id) ?? []) paths.add(path);
  return [...paths];
}

/** The inter-switch links and switch failure domains a pair's bandwidth crosses. */
export function crossedComponents(analysis: NetworkAnalysis, pair: PairAnalysis): string[] {
  const inner = internals.get(analysis);
  return [...new Set((pair.bandwidth.crosses ?? []).map((id) => inner?.fabric.domainOf(id) ?? id))];
}

/** The pairs whose bandwidth crosses any of the failed components (a link, a switch or its stack). */
function crossingPairs(analysis: NetworkAnalysis, inner: AnalysisInternals, failed: Set<string>): PairAnalysis[] {
  let index = inner.pairsByCrossing;
  if (!index) {
    index = new Map();
    for (const pair of analysis.pairs) {
      for (const id of crossedComponents(analysis, pair)) {
        const list = index.get(id);
        if (list) list.push(pair);
        else index.set(id, [pair]);
      }
    }
    inner.pairsByCrossing = index;
  }
  const pairs: PairAnalysis[] = [];
  for (const id of failed) pairs.push(...(index.get(id) ?? []));
  return pairs;
}

/** Identity of a side's surviving attachments, so paths with equal sides share one search. */
function legKey(legs: PathRoute['hostLegs'], failed: Set<string>): string {
  const aliveLegs = legs.filter((leg) => leg.usable && !leg.components.some((c) => failed.has(c)));
  const direct = aliveLegs.filter((leg) => leg.peer !== undefined).map((leg) => `${leg.link}`);
  return `${attachments(aliveLegs).map(([sw, layer]) => `${sw}/${layer}`).join(',')}+${direct.join(',')}`;
}
