// The design review report of one analysed design: per host ↔ volume its paths (initiator →
// switches → portal → controller, optimized or not), its bandwidth alone and shared with the other
// hosts of its switches, and the N-1 table: for every single component, which pairs lose paths,
// which lose all, and the bandwidth left. A pure function of the analysis; format.ts writes it as
// text, JSON or Markdown, and hover and the preview show the same figures.
import { crossedComponents, simulateFailure } from '../analysis/failure';
import { compareStrings } from '../analysis/modelIndex';
import { pairKey, sharedBandwidth } from '../analysis/shared';
import type { ComponentKind, IoPath, NetworkAnalysis, PairAnalysis, PairFailureImpact } from '../analysis/types';

export interface ReportPath {
  id: string;
  protocol: 'iscsi' | 'fc';
  /** Initiator, the NIC under a team or vmk, the switches, the array port (and trunk), the controller. */
  route: string[];
  /** To the volume's owning controller (ALUA), or on a symmetric array. */
  optimized: boolean;
  /** Carries I/O under the host's multipath method and policy. */
  active: boolean;
}

export interface ReportPair {
  host: string;
  volume: string;
  array: string;
  paths: ReportPath[];
  optimizedPaths: number;
  /** The pair's bandwidth with the network to itself, Mb/s. */
  aloneMbps: number;
  /** Its share when every host of its switches moves data at once, Mb/s. */
  sharedMbps: number;
  /** False when speeds are not declared. */
  known: boolean;
  bottleneck: string;
  /** Names of the components whose single failure cuts the pair off. */
  singlePointsOfFailure: string[];
}

export interface ReportSwitch {
  switch: string;
  hosts: string[];
  /** What those hosts get together, and the sum of what each gets alone, Mb/s. */
  mbps: number;
  aloneMbps: number;
  known: boolean;
  bottleneck: string;
}

export interface ReportImpact {
  host: string;
  volume: string;
  pathsBefore: number;
  pathsAfter: number;
  mbpsBefore: number;
  mbpsAfter: number;
  /** False when speeds are not declared: the Mb/s figures mean nothing. */
  known: boolean;
  cutOff: boolean;
}

export interface ReportFailure {
  component: string;
  kind: ComponentKind;
  /** `switch leaf-a`, `link hv01.eth0 -- core1:7`. */
  label: string;
  /** Pairs that lose paths or bandwidth, sorted by host then volume. */
  impacts: ReportImpact[];
}

export interface DesignReport {
  pairs: ReportPair[];
  switches: ReportSwitch[];
  /** One entry per component whose failure changes something, in component order. */
  failures: ReportFailure[];
  /** Components whose failure changes nothing for any pair. */
  harmless: number;
}

export function buildReport(analysis: NetworkAnalysis): DesignReport {
  const shared = sharedBandwidth(analysis);
  const pairs = analysis.pairs.map((pair) => reportPair(analysis, pair, shared.pairMbps.get(pairKey(pair)) ?? pair.bandwidth.mbps));
  const switches = shared.switches.map(
    (share): ReportSwitch => ({
      switch: share.switch,
      hosts: share.hosts,
      mbps: share.mbps,
      aloneMbps: share.aloneMbps,
      known: share.known,
      bottleneck: share.bottleneck.reason,
    }),
  );
  const failures: ReportFailure[] = [];
  let harmless = 0;
  for (const component of analysis.components) {
    const impacts = failureImpacts(analysis, component.id);
    if (impacts.length === 0) harmless++;
    else failures.push({ component: component.id, kind: component.kind, label: component.label, impacts });
  }
  return { pairs, switches, failures, harmless };
}

function reportPair(analysis: NetworkAnalysis, pair: PairAnalysis, sharedMbps: number): ReportPair {
  const optimized = new Set(pair.optimizedPaths);
  const active = new Set(pair.bandwidth.activePaths);
  const paths = pair.paths
    .flatMap((id) => analysis.pathById.get(id) ?? [])
    .map((path): ReportPath => ({ id: path.id, protocol: path.protocol, route: routeOf(path), optimized: optimized.has(path.id), active: active.has(path.id) }));
  return {
    host: pair.host,
    volume: pair.volume,
    array: pair.array,
    paths,
    optimizedPaths: pair.optimizedPaths.length,
    aloneMbps: pair.bandwidth.mbps,
    sharedMbps,
    known: pair.bandwidth.known,
    bottleneck: pair.bandwidth.bottleneck.reason,
    singlePointsOfFailure: pair.singlePointsOfFailure.map((id) => analysis.componentById.get(id)?.label ?? id),
  };
}

/** The elements a path crosses, without the cables between them. */
function routeOf(path: IoPath): string[] {
  return path.hops.filter((hop) => hop.kind !== 'link').map((hop) => hop.id);
}

/** The pairs that lose paths or bandwidth when one component fails, sorted by host then volume. */
export function failureImpacts(analysis: NetworkAnalysis, componentId: string): ReportImpact[] {
  return simulateFailure(analysis, componentId)
    .affectedPairs.filter(changed)
    .map((impact) => {
      const pair = analysis.pairsByHost.get(impact.host)?.find((candidate) => candidate.volume === impact.volume);
      return reportImpact(impact, pair?.bandwidth.known ?? true);
    });
}

/**
 * What the failure of each component on a host's paths costs the host, worst first: the N-1
 * lines of one host, for hover. Only a component some path depends on can take a path away, and
 * only those or an inter-switch link or switch its bandwidth crosses can take bandwidth away.
 */
export function hostFailures(analysis: NetworkAnalysis, host: string): { component: string; label: string; impacts: ReportImpact[] }[] {
  const candidates = new Set<string>();
  for (const id of analysis.pathsByHost.get(host) ?? []) for (const component of analysis.pathById.get(id)?.dependsOn ?? []) candidates.add(component);
  for (const pair of analysis.pairsByHost.get(host) ?? []) for (const component of crossedComponents(analysis, pair)) candidates.add(component);
  const failures = [...candidates].flatMap((component) => {
    const impacts = failureImpacts(analysis, component).filter((impact) => impact.host === host);
    return impacts.length > 0 ? [{ component, label: analysis.componentById.get(component)?.label ?? component, impacts }] : [];
  });
  // A reduce, not Math.min(...impacts): a failure may touch more hosts than a call takes arguments.
  const left = (failure: (typeof failures)[number]) => failure.impacts.reduce((least, i) => Math.min(least, share(i)), Infinity);
  return failures.sort((a, b) => left(a) - left(b) || compareStrings(a.label, b.label));
}

/** What a pair keeps after a failure, as the smaller share of its paths and of its bandwidth; -1 when cut off. */
function share(impact: ReportImpact): number {
  if (impact.cutOff) return -1;
  const paths = impact.pathsAfter / impact.pathsBefore;
  return impact.known && impact.mbpsBefore > 0 ? Math.min(paths, impact.mbpsAfter / impact.mbpsBefore) : paths;
}

export function changed(impact: PairFailureImpact): boolean {
  return impact.pathsAfter < impact.pathsBefore || impact.bandwidthMbpsAfter < impact.bandwidthMbpsBefore;
}

export function reportImpact(impact: PairFailureImpact, known: boolean): ReportImpact {
  return {
    host: impact.host,
    volume: impact.volume,
    pathsBefore: impact.pathsBefore,
    pathsAfter: impact.pathsAfter,
    mbpsBefore: impact.bandwidthMbpsBefore,
    mbpsAfter: impact.bandwidthMbpsAfter,
    known,
    cutOff: impact.cutOff,
  };
}
