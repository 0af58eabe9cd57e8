// The analyses of a topology, as pure functions over the semantic model: failable components,
// I/O paths (layer2.ts, paths.ts), host ↔ volume pairs with their bandwidth (bandwidth.ts) and
// single points of failure, and failure simulation (failure.ts) without recomputation. Each host's
// part is a memoised query (hostAnalysis.ts), so the analysis of an edited version works out again
// only what the edit changed.
import { hostsRebuilt, type HostsRebuilt } from '../model/build';
import type { Host, Model } from '../model/schema';
import { collectComponents, componentOfLink, componentsOfHost, sharedComponents } from './components';
import { attachInternals, internalsOf, type AnalysisInternals } from './failure';
import { analyzeHost, keptPart, linksOfHost, sharedTopology, type HostPart, type SharedTopology } from './hostAnalysis';
import { MapView } from './mapView';
import { compareStrings, modelIndex, type ModelIndex } from './modelIndex';
import { sessionsByHost } from './paths';
import type { AnalysisOptions, Component, IoPath, NetworkAnalysis, PairAnalysis, UnreachableConnection } from './types';

export { simulateFailure, simulateFailures } from './failure';
export { formatMbps } from './modelIndex';
export * from './types';

/**
 * Paths, pairs, bandwidth and single points of failure of a model. Given the analysis of an
 * earlier version of the same document, each host whose statements and shared topology are
 * unchanged keeps its part of it instead of having it worked out again. The earlier analysis is
 * only read, unless `takeOver` (an editor's next version, which never reads the earlier one again):
 * then, when the model builder only built some hosts again, its table of parts is updated for
 * those hosts in place instead of copied.
 */
export function analyzeNetwork(model: Model, options: AnalysisOptions, previous?: NetworkAnalysis, takeOver = false): NetworkAnalysis {
  const earlier = previous && internalsOf(previous);
  const earlierModel = earlier?.index.model;
  const index = modelIndex(model, earlier?.index);
  const shared = sharedTopology(index, options, earlier?.shared);
  const rebuilt = hostsRebuilt(model);
  const { parts, changedHosts } =
    takeOver && earlier && rebuilt !== undefined && rebuilt.previous === earlierModel && earlier.shared === shared
      ? partsUpdated(index, shared, earlier.parts, rebuilt.hosts)
      : partsOf(model, index, shared, earlier, earlierModel);
  const analysis = new AssembledAnalysis(index, options, parts);
  attachInternals(analysis, {
    index,
    shared,
    parts,
    version: {},
    earlierVersion: earlier?.version,
    takenOver: takeOver && earlier !== undefined,
    changedHosts,
    fabric: shared.fabric,
    flowFabric: shared.flowFabric,
  });
  return analysis;
}

/** Each host's part, the earlier analysis's where its host and inputs are the same. */
function partsOf(
  model: Model,
  index: ModelIndex,
  shared: SharedTopology,
  earlier: AnalysisInternals | undefined,
  earlierModel: Model | undefined,
): { parts: Map<string, HostPart>; changedHosts: Set<string> } {
  // When only hosts were built again, every other host's inputs are the objects they were.
  const sameCables = earlierModel !== undefined && earlierModel.links === model.links && earlierModel.sessions === model.sessions;
  const sessions = sessionsByHost(model);
  const parts = new Map<string, HostPart>();
  const changedHosts = new Set<string>();
  for (const host of model.hosts) {
    const earlierPart = earlier?.parts.get(host.id);
    if (sameCables && earlierPart?.host === host && earlierPart.shared === shared) {
      parts.set(host.id, earlierPart);
      continue;
    }
    const links = linksOfHost(index, host);
    const hostSessions = sessions.get(host.id) ?? [];
    const part = (earlierPart && keptPart(earlierPart, host, links, hostSessions, shared)) ?? analyzeHost(index, shared, host, links, hostSessions);
    parts.set(host.id, part);
    if (part !== earlierPart) changedHosts.add(host.id);
  }
  // A host of the earlier version is gone only when this one has another host or fewer of them.
  if (earlier && (parts.size !== earlier.parts.size || [...changedHosts].some((id) => !earlier.parts.has(id)))) {
    for (const id of earlier.parts.keys()) if (!parts.has(id)) changedHosts.add(id);
  }
  return { parts, changedHosts };
}

/**
 * The earlier parts, taken over, with the parts of the hosts built again worked out again: their
 * cables, sessions and the shared topology are the objects they were, and their ids the same.
 */
function partsUpdated(
  index: ModelIndex,
  shared: SharedTopology,
  parts: Map<string, HostPart>,
  rebuilt: HostsRebuilt['hosts'],
): { parts: Map<string, HostPart>; changedHosts: Set<string> } {
  const changedHosts = new Set<string>();
  for (const { host } of rebuilt) {
    const earlierPart = parts.get(host.id)!;
    const links = linksOfHost(index, host);
    const part = keptPart(earlierPart, host, links, earlierPart.sessions, shared) ?? analyzeHost(index, shared, host, links, earlierPart.sessions);
    parts.set(host.id, part);
    if (part !== earlierPart) changedHosts.add(host.id);
  }
  return { parts, changedHosts };
}

/**
 * Each host's part of an analysis, by host id in model order: what rules that judge one host at a
 * time key their own work on, so that it too is done again only for the hosts an edit changed.
 */
export function hostParts(analysis: NetworkAnalysis): ReadonlyMap<string, HostPart> {
  return internalsOf(analysis)!.parts;
}

/**
 * What changed since the analysis this one was worked out from: its version (`earlier`, undefined
 * when there was none), whether this one takes that one over (see `analyzeNetwork`), and the hosts
 * whose part is not the same object (worked out again, added or gone). Rules that keep their work
 * per host update only those.
 */
export function hostChanges(analysis: NetworkAnalysis): {
  parts: ReadonlyMap<string, HostPart>;
  version: object;
  earlier: object | undefined;
  takenOver: boolean;
  changed: ReadonlySet<string>;
} {
  const { parts, version, earlierVersion, takenOver, changedHosts } = internalsOf(analysis)!;
  return { parts, version, earlier: earlierVersion, takenOver, changed: changedHosts };
}

/**
 * The model's host ids, sorted, per table of hosts of a model index: the same table while the
 * hosts keep their ids (an index taken over for rebuilt hosts keeps it), so not sorted again on
 * every keystroke.
 */
const sortedHostIdsOf = new WeakMap<ReadonlyMap<string, Host>, string[]>();

function sortedHostIds(index: ModelIndex): string[] {
  let sorted = sortedHostIdsOf.get(index.hosts);
  if (!sorted) sortedHostIdsOf.set(index.hosts, (sorted = [...index.hosts.keys()].sort(compareStrings)));
  return sorted;
}

/**
 * The analysis as the features read it, put together from the host parts: a lookup goes to the
 * part it concerns, and a design-wide list is assembled the first time it is read.
 */
class AssembledAnalysis implements NetworkAnalysis {
  readonly componentById: ReadonlyMap<string, Component>;
  readonly pathById: ReadonlyMap<string, IoPath>;
  readonly pathsByHost: ReadonlyMap<string, string[]>;
  readonly pairsByHost: ReadonlyMap<string, PairAnalysis[]>;
  private assembled: { paths: IoPath[]; pairs: PairAnalysis[] } | undefined;
  private unreachableList: UnreachableConnection[] | undefined;
  private componentList: Component[] | undefined;
  private routedPathIds: string[] | undefined;
  private pairsOfVolume: Map<string, PairAnalysis[]> | undefined;

  constructor(
    private readonly index: ModelIndex,
    readonly options: AnalysisOptions,
    private readonly parts: ReadonlyMap<string, HostPart>,
  ) {
    this.componentById = new MapView(
      (id) => this.sharedComponent(id) ?? this.hostComponent(id) ?? this.linkComponent(id),
      () => this.components.map((c) => [c.id, c]),
    );
    this.pathById = new MapView(
      (id) => this.partOfPath(id)?.pathById.get(id),
      () => this.paths.map((p) => [p.id, p]),
    );
    this.pathsByHost = new MapView(
      (host) => this.nonEmpty(this.parts.get(host)?.pathIds),
      () => this.hostsInPathOrder().map((host) => [host, this.parts.get(host)!.pathIds]),
    );
    this.pairsByHost = new MapView(
      (host) => this.nonEmpty(this.parts.get(host)?.pairs),
      () => this.hostsInPairOrder().map((host) => [host, this.parts.get(host)!.pairs]),
    );
  }

  /** Every failable component, sorted by id. */
  get components(): Component[] {
    this.componentList ??= collectComponents(this.index).components;
    return this.componentList;
  }

  get paths(): IoPath[] {
    return this.lists().paths;
  }

  get pairs(): PairAnalysis[] {
    return this.lists().pairs;
  }

  get unreachable(): UnreachableConnection[] {
    if (!this.unreachableList) {
      const unreachable: UnreachableConnection[] = [];
      for (const part of this.parts.values()) for (const connection of part.unreachable) unreachable.push(connection);
      this.unreachableList = unreachable.sort((a, b) => a.span.start - b.span.start || a.connection - b.connection);
    }
    return this.unreachableList;
  }

  /** Read by a rule on every keystroke: the few routed paths, without reading every path. */
  get routedPaths(): string[] {
    if (!this.routedPathIds) {
      const routed: string[] = [];
      for (const part of this.parts.values()) for (const id of part.routedPathIds) routed.push(id);
      this.routedPathIds = routed.sort(compareStrings);
    }
    return this.routedPathIds;
  }

  get pairsByVolume(): ReadonlyMap<string, PairAnalysis[]> {
    if (!this.pairsOfVolume) {
      this.pairsOfVolume = new Map();
      for (const pair of this.pairs) {
        const list = this.pairsOfVolume.get(pair.volume);
        if (list) list.push(pair);
        else this.pairsOfVolume.set(pair.volume, [pair]);
      }
    }
    return this.pairsOfVolume;
  }

  private lists(): { paths: IoPath[]; pairs: PairAnalysis[] } {
    if (!this.assembled) {
      const paths: IoPath[] = [];
      const pairs: PairAnalysis[] = [];
      for (const part of this.parts.values()) {
        for (const path of part.paths) paths.push(path);
        for (const pair of part.pairs) pairs.push(pair);
      }
      paths.sort((a, b) => compareStrings(a.id, b.id));
      pairs.sort((a, b) => compareStrings(a.host, b.host) || compareStrings(a.volume, b.volume));
      this.assembled = { paths, pairs };
    }
    return this.assembled;
  }

  /** Hosts with paths, in the order of their paths' ids. */
  private hostsInPathOrder(): string[] {
    const hosts: string[] = [];
    for (const path of this.paths) if (hosts[hosts.length - 1] !== path.host) hosts.push(path.host);
    return hosts;
  }

  /** Hosts with pairs, sorted (the order of the pairs), without assembling the pairs. */
  private hostsInPairOrder(): string[] {
    return sortedHostIds(this.index).filter((host) => this.parts.get(host)!.pairs.length > 0);
  }

  /** The part of the host whose interface starts a path id (`initiator->portal`). */
  private partOfPath(id: string): HostPart | undefined {
    const initiator = id.slice(0, id.indexOf('->'));
    return this.parts.get(this.hostOfInterface(initiator) ?? '');
  }

  private hostOfInterface(id: string): string | undefined {
    const { nics, teams, vmks, hbas } = this.index;
    return (nics.get(id) ?? teams.get(id) ?? vmks.get(id) ?? hbas.get(id))?.host;
  }

  /** A switch, stack, controller or array port component, from the table kept while the shared topology is the same. */
  private sharedComponent(id: string): Component | undefined {
    return sharedComponents(this.index).byId.get(id);
  }

  /** A NIC, HBA or card (`host.card:slot1`) component. */
  private hostComponent(id: string): Component | undefined {
    const card = id.lastIndexOf('.card:');
    const host = this.index.hosts.get(card >= 0 ? id.slice(0, card) : (this.hostOfInterface(id) ?? ''));
    return host && componentsOfHost(host).find((c) => c.id === id);
  }

  private linkComponent(id: string): Component | undefined {
    const link = this.index.links.get(id);
    return link && componentOfLink(link);
  }

  private nonEmpty<T>(list: T[] | undefined): T[] | undefined {
    return list && list.length > 0 ? list : undefined;
  }
}
