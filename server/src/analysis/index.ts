// The analyses of a topology, as pure functions over the semantic model: failable components,
// I/O paths (layer2.ts, paths.ts), host ↔ volume pairs with their bandwidth (bandwidth.ts) and
// single points of failure, and failure simulation (failure.ts) without recomputation.
import type { Model } from '../model/schema';
import { pairBandwidth } from './bandwidth';
import { carryOver, type AnalysisReuse } from './carryOver';
import { collectComponents } from './components';
import { attachInternals, fabricFor, pairFlowPaths, sharedDependencies, type AnalysisInternals } from './failure';
import { Fabric } from './layer2';
import { compareStrings, modelIndex } from './modelIndex';
import { buildPaths } from './paths';
import type { AnalysisOptions, Bandwidth, IoPath, NetworkAnalysis, PairAnalysis } from './types';

export type { AnalysisReuse } from './carryOver';
export { simulateFailure, simulateFailures } from './failure';
export { formatMbps } from './modelIndex';
export * from './types';

/**
 * Paths, pairs, bandwidth and single points of failure of a model. With `reuse`, the results of
 * the hosts it names are taken over from the previous analysis instead of derived again.
 */
export function analyzeNetwork(model: Model, options: AnalysisOptions, reuse?: AnalysisReuse): NetworkAnalysis {
  const index = modelIndex(model);
  const table = collectComponents(index);
  const fabric = new Fabric(index, table);
  const sameOptions = reuse !== undefined && reuse.previous.options.subnetLayout === options.subnetLayout;
  const carried = sameOptions && reuse.hosts.size > 0 ? carryOver(reuse, model) : undefined;
  const { paths, routes, unreachable } = buildPaths(index, table, fabric, carried?.paths);

  const pathById = new Map(paths.map((p) => [p.id, p]));
  const pathsByHost = new Map<string, string[]>();
  const pathsByHostArray = new Map<string, IoPath[]>();
  for (const path of paths) {
    const list = pathsByHost.get(path.host);
    if (list) list.push(path.id);
    else pathsByHost.set(path.host, [path.id]);
    const key = `${path.host}|${path.array}`;
    const byArray = pathsByHostArray.get(key);
    if (byArray) byArray.push(path);
    else pathsByHostArray.set(key, [path]);
  }

  const analysis: NetworkAnalysis = {
    options,
    components: table.components,
    componentById: table.byId,
    paths,
    pathById,
    pathsByHost,
    pairs: [],
    pairsByHost: new Map(),
    pairsByVolume: new Map(),
    unreachable,
    routedPaths: paths.filter((p) => p.routed).map((p) => p.id),
  };
  const inner: AnalysisInternals = { index, fabric, routes, pairsByPath: new Map() };
  attachInternals(analysis, inner);

  // Pairs of one host and one array with the same paths and owner share their bandwidth.
  const bandwidthCache = new Map<string, Bandwidth>();
  const none = new Set<string>();
  for (const array of model.arrays) {
    const alua = array.capabilities.includes('alua');
    for (const volume of array.volumes) {
      const hosts = volume.hosts ? volume.hosts.map((h) => h.id) : model.hosts.map((h) => h.id);
      for (const hostId of new Set(hosts)) {
        const host = index.hosts.get(hostId);
        if (!host || carried?.paths.hosts.has(hostId)) continue;
        const pairPaths = (pathsByHostArray.get(`${hostId}|${array.id}`) ?? []).filter(
          (p) => p.volume === undefined || p.volume === volume.id,
        );
        const owner = alua ? volume.owner?.id : undefined;
        const optimized = owner === undefined ? pairPaths : pairPaths.filter((p) => p.controller === owner);
        const pair: PairAnalysis = {
          host: hostId,
          volume: volume.id,
          array: array.id,
          paths: pairPaths.map((p) => p.id),
          optimizedPaths: optimized.map((p) => p.id),
          bandwidth: { mbps: 0, known: true, bottleneck: { reason: 'no path' }, activePaths: [] },
          singlePointsOfFailure: sharedDependencies(pairPaths),
        };
        const key = `${hostId}|${owner ?? ''}|${pair.paths.join(',')}`;
        let bandwidth = bandwidthCache.get(key);
        if (!bandwidth) {
          bandwidth = pairBandwidth(host, pairFlowPaths(inner, analysis, pair, pair.paths, none), fabricFor(inner, none));
          bandwidthCache.set(key, bandwidth);
        }
        pair.bandwidth = bandwidth;
        analysis.pairs.push(pair);
      }
    }
  }
  if (carried) for (const pair of carried.pairs) analysis.pairs.push(pair);
  analysis.pairs.sort((a, b) => compareStrings(a.host, b.host) || compareStrings(a.volume, b.volume));
  for (const pair of analysis.pairs) {
    for (const id of pair.paths) {
      const list = inner.pairsByPath.get(id);
      if (list) list.push(pair);
      else inner.pairsByPath.set(id, [pair]);
    }
    for (const [map, key] of [
      [analysis.pairsByHost, pair.host],
      [analysis.pairsByVolume, pair.volume],
    ] as const) {
      const list = map.get(key);
      if (list) list.push(pair);
      else map.set(key, [pair]);
    }
  }
  return analysis;
}
