// Plain-language facts from the analyses, shared by hover and code lens: bandwidth with its unit,
// what a host's pairs survive, and component names.
import type { Bandwidth, NetworkAnalysis, PairAnalysis } from '../analysis/types';

/** `20 Gb/s`, `2.5 Gb/s`, `100 Mb/s`; `speed not declared` when unknown. */
export function formatBandwidth(bandwidth: Pick<Bandwidth, 'mbps' | 'known'>): string {
  if (!bandwidth.known) return 'speed not declared';
  if (bandwidth.mbps >= 1000) return `${Number((bandwidth.mbps / 1000).toFixed(2))} Gb/s`;
  return `${Number(bandwidth.mbps.toFixed(2))} Mb/s`;
}

/** The name a user knows a component by: `core1` for switch core1, `sw1+sw2` for a stack. */
export function componentName(analysis: NetworkAnalysis, id: string): string {
  const component = analysis.componentById.get(id);
  if (!component) return id;
  // Cables and cards keep their kind: `link hv01.eth0 -- core1:7` reads better than the bare ends.
  return component.kind === 'link' || component.kind === 'card' ? component.label : component.label.replace(/^(switch|stack|controller|NIC|HBA|array port) /, '');
}

/** The union of the single points of failure of some pairs, in first-seen order. */
export function singlePointsOfFailure(pairs: readonly PairAnalysis[]): string[] {
  return [...new Set(pairs.flatMap((pair) => pair.singlePointsOfFailure))];
}

/** The weakest bandwidth among pairs: what the host can count on for every volume. */
export function weakestBandwidth(pairs: readonly PairAnalysis[]): Bandwidth | undefined {
  let weakest: Bandwidth | undefined;
  for (const pair of pairs) {
    if (!weakest || (pair.bandwidth.known && (!weakest.known || pair.bandwidth.mbps < weakest.mbps))) weakest = pair.bandwidth;
  }
  return weakest;
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
