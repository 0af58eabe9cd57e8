// Bandwidth shared by the hosts of a switch: a pair's own bandwidth assumes it is alone on the
// network; when every host cabled to a switch moves data at once, they share the inter-switch
// links, array ports and trunks between them. For each switch that host cables land on, one
// max-flow carries the active paths of all those hosts together (the same graph a pair's bandwidth
// uses), which gives their total and the bottleneck. Each pair's shared figure is its own
// bandwidth scaled by its switch's ratio of that total to the sum of its hosts' own bandwidths
// (the tightest of the switches it uses): a proportional share of what the switch's hosts get
// together.
import { maxFlow, type FlowPath } from './bandwidth';
import { fabricFor, internalsOf, pairFlowPaths } from './failure';
import { compareStrings } from './modelIndex';
import type { Bottleneck, NetworkAnalysis, PairAnalysis } from './types';

export interface SwitchShare {
  switch: string;
  /** Hosts with a cable on the switch carrying one of their active paths, sorted. */
  hosts: string[];
  /** What those hosts get together, Mb/s. */
  mbps: number;
  /** The sum of what each of them gets alone, Mb/s. */
  aloneMbps: number;
  known: boolean;
  bottleneck: Bottleneck;
}

export interface SharedBandwidth {
  /** One entry per switch with hosts on it, sorted by switch id. */
  switches: SwitchShare[];
  /** Per pair (`host|volume`): its bandwidth when all hosts of its switches move data at once. */
  pairMbps: Map<string, number>;
}

const NO_FAILURES = new Set<string>();
const cache = new WeakMap<NetworkAnalysis, SharedBandwidth>();

/** Computed once per analysis, on demand (report, hover); the analysis never changes once built. */
export function sharedBandwidth(analysis: NetworkAnalysis): SharedBandwidth {
  let shared = cache.get(analysis);
  if (!shared) {
    shared = computeShared(analysis);
    cache.set(analysis, shared);
  }
  return shared;
}

/** The key of a pair in `pairMbps`. */
export function pairKey(pair: Pick<PairAnalysis, 'host' | 'volume'>): string {
  return `${pair.host}|${pair.volume}`;
}

function computeShared(analysis: NetworkAnalysis): SharedBandwidth {
  const inner = internalsOf(analysis);
  const result: SharedBandwidth = { switches: [], pairMbps: new Map() };
  if (!inner) return result;
  const fabric = fabricFor(inner, NO_FAILURES);

  // Each host's active paths over all its volumes, and the switches their cables land on.
  const hostPaths = new Map<string, Map<string, FlowPath>>();
  const hostAlone = new Map<string, number>();
  const hostsBySwitch = new Map<string, Set<string>>();
  for (const [host, pairs] of analysis.pairsByHost) {
    const paths = new Map<string, FlowPath>();
    let known = true;
    for (const pair of pairs) {
      for (const flow of pairFlowPaths(inner, analysis, pair, pair.bandwidth.activePaths, NO_FAILURES)) paths.set(flow.id, flow);
      known &&= pair.bandwidth.known;
    }
    if (paths.size === 0) continue;
    hostPaths.set(host, paths);
    hostAlone.set(host, known ? maxFlow([...paths.values()], fabric).mbps : 0);
    for (const flow of paths.values()) {
      for (const leg of flow.hostLegs) {
        if (leg.switch === undefined) continue;
        const hosts = hostsBySwitch.get(leg.switch);
        if (hosts) hosts.add(host);
        else hostsBySwitch.set(leg.switch, new Set([host]));
      }
    }
  }

  const ratioByHost = new Map<string, number>();
  for (const switchId of [...hostsBySwitch.keys()].sort(compareStrings)) {
    const hosts = [...hostsBySwitch.get(switchId)!].sort(compareStrings);
    const paths = hosts.flatMap((host) => [...hostPaths.get(host)!.values()]);
    const known = paths.every((path) => path.speedKnown);
    const flow = maxFlow(paths, fabric);
    const aloneMbps = hosts.reduce((sum, host) => sum + hostAlone.get(host)!, 0);
    const reason = known ? flow.cut.join('; ') : 'speed not declared';
    const bottleneck: Bottleneck = known && flow.cutIds.length === 1 ? { id: flow.cutIds[0]!, reason } : { reason };
    result.switches.push({ switch: switchId, hosts, mbps: known ? flow.mbps : 0, aloneMbps, known, bottleneck });
    if (!known || aloneMbps === 0) continue;
    const ratio = Math.min(1, flow.mbps / aloneMbps);
    for (const host of hosts) ratioByHost.set(host, Math.min(ratioByHost.get(host) ?? 1, ratio));
  }
  for (const pair of analysis.pairs) {
    result.pairMbps.set(pairKey(pair), Math.round(pair.bandwidth.mbps * (ratioByHost.get(pair.host) ?? 1)));
  }
  return result;
}
