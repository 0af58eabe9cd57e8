// The analysis as memoised queries. A host's paths, pairs and bandwidth are a function of the
// host's own statements (its block, the cables of its ports, its sessions) and of the shared
// topology (switches, arrays with their volumes and mappings, host groups, the cables that join no
// host port to a switch); nothing one host reads comes from another host. So each version of an
// analysis keeps, per host, the inputs it read and what it found. The next version reads the
// shared topology first: when it is unchanged, a host whose inputs are the very same model objects
// (the model builder keeps those of unchanged statements) keeps its part, and only the hosts an
// edit touched are worked out again. When the shared topology changes, every host is.
//
// Spans are not part of any result kept this way except through the inputs themselves: a
// session's connection span belongs to the session object, which an unchanged session keeps, and
// everything drawn from the shared topology carries no span (its components are made again for
// each version, from the model's elements).
import type { Element } from '../model/build/context';
import type { Host, HostGroup, Link, Model, Session, StorageArray, Switch } from '../model/schema';
import type { FlowFabric } from './bandwidth';
import { pairBandwidth } from './bandwidth';
import { flowFabric, toFlowPath } from './capacity';
import { sharedComponents } from './components';
import { sharedDependencies } from './failure';
import { Fabric } from './layer2';
import { compareStrings, type ModelIndex } from './modelIndex';
import { PathFinder, type PathRoute } from './paths';
import type { AnalysisOptions, Bandwidth, IoPath, PairAnalysis, UnreachableConnection } from './types';

/** One version of the shared topology, and what is worked out once from it for every host. */
export interface SharedTopology {
  source: SharedSource;
  options: AnalysisOptions;
  /** Switch id → its failure domain (a stack, or the switch). */
  switchDomain: ReadonlyMap<string, string>;
  fabric: Fabric;
  finder: PathFinder;
  volumes: VolumeMapping;
  /** The inter-switch links with nothing failed, as the bandwidth's max-flow sees them. */
  flowFabric: FlowFabric;
}

/** The parts of a model the shared topology is read from, compared with the next model's. */
interface SharedSource {
  switches: Switch[];
  arrays: StorageArray[];
  hostGroups: HostGroup[];
  /** Cables that do not join a host port to a switch or another host port, in model order. */
  links: Link[];
  /** The model's list of cables `links` was picked from. */
  modelLinks: Link[];
  /** The host ports cabled straight to an array port: their speed is part of the array port's side. */
  directPorts: Element[];
}

/** A volume as a host's pairs read it. */
interface MappedVolume {
  id: string;
  array: string;
  /** Position among the model's volumes, to keep model order when merging lists. */
  order: number;
  /** The owning controller when the array is ALUA, else undefined. */
  owner: string | undefined;
}

/** Which volumes are mapped to each host. */
interface VolumeMapping {
  everyHost: MappedVolume[];
  byHost: Map<string, MappedVolume[]>;
}

/** What one host's statements give, with the inputs it was worked out from. */
export interface HostPart {
  host: Host;
  /** The cables of the host's ports. */
  links: Link[];
  sessions: Session[];
  shared: SharedTopology;
  /** Sorted by id. */
  paths: IoPath[];
  pathIds: string[];
  /** The ids of its routed paths, sorted: read on every version, and few. */
  routedPathIds: string[];
  pathById: Map<string, IoPath>;
  routes: Map<string, PathRoute>;
  /** In the order their sessions are written. */
  unreachable: UnreachableConnection[];
  /** Sorted by volume. */
  pairs: PairAnalysis[];
}

/** The shared topology of `index`'s model: `previous` itself when the model's is the same. */
export function sharedTopology(index: ModelIndex, options: AnalysisOptions, previous: SharedTopology | undefined): SharedTopology {
  const source = sharedSource(index, previous?.source);
  if (previous && previous.options.subnetLayout === options.subnetLayout && sameSharedSource(previous.source, source)) return previous;
  const { switchDomain } = sharedComponents(index);
  const fabric = new Fabric(index, { switchDomain });
  return {
    source,
    options,
    switchDomain,
    fabric,
    finder: new PathFinder(index, fabric),
    volumes: volumeMapping(index.model),
    flowFabric: flowFabric(index, fabric, new Set()),
  };
}

/** The cables of a host's ports, in the order of its ports and then of the model. */
export function linksOfHost(index: ModelIndex, host: Host): Link[] {
  const links: Link[] = [];
  for (const ports of [host.nics, host.hbas, host.teams, host.vmks]) {
    for (const port of ports) for (const link of index.linksByEnd.get(port.id) ?? []) links.push(link);
  }
  return links;
}

/**
 * `part` when it was worked out from these very inputs; a copy naming them when they are written
 * the same (spans aside: nothing the part found carries a span of the host or its cables);
 * otherwise undefined. Sessions must be the same objects: paths carry their connections' spans.
 */
export function keptPart(part: HostPart, host: Host, links: Link[], sessions: readonly Session[], shared: SharedTopology): HostPart | undefined {
  if (part.shared !== shared || !sameItems(part.sessions, sessions)) return undefined;
  if (part.host === host && sameItems(part.links, links)) return part;
  if (!sameShape(part.host, host) || !sameShape(part.links, links)) return undefined;
  return { ...part, host, links };
}

/** Works out one host's part. */
export function analyzeHost(index: ModelIndex, shared: SharedTopology, host: Host, links: Link[], sessions: Session[]): HostPart {
  const volumes = mappedVolumes(shared.volumes, host.id);
  const arrays: string[] = [];
  for (const volume of volumes) if (!arrays.includes(volume.array)) arrays.push(volume.array);
  const { paths, routes, unreachable } = shared.finder.hostPaths(index, host, sessions, arrays);
  const pathById = new Map(paths.map((path) => [path.id, path]));

  // Pairs of one array with the same paths and owner share their bandwidth.
  const bandwidths = new Map<string, Bandwidth>();
  const pairs: PairAnalysis[] = [];
  for (const volume of volumes) {
    const pairPaths = paths.filter((p) => p.array === volume.array && (p.volume === undefined || p.volume === volume.id));
    const optimized = volume.owner === undefined ? pairPaths : pairPaths.filter((p) => p.controller === volume.owner);
    const pair: PairAnalysis = {
      host: host.id,
      volume: volume.id,
      array: volume.array,
      paths: pairPaths.map((p) => p.id),
      optimizedPaths: optimized.map((p) => p.id),
      bandwidth: { mbps: 0, known: true, bottleneck: { reason: 'no path' }, activePaths: [] },
      singlePointsOfFailure: sharedDependencies(pairPaths),
    };
    const key = `${volume.owner ?? ''}|${pair.paths.join(',')}`;
    let bandwidth = bandwidths.get(key);
    if (!bandwidth) {
      const optimizedIds = new Set(pair.optimizedPaths);
      const none = new Set<string>();
      const flows = pairPaths.map((p) => toFlowPath(index, shared.fabric, p, routes.get(p.id)!, optimizedIds.has(p.id), none));
      bandwidth = pairBandwidth(host, flows, shared.flowFabric);
      bandwidths.set(key, bandwidth);
    }
    pair.bandwidth = bandwidth;
    pairs.push(pair);
  }
  pairs.sort((a, b) => compareStrings(a.volume, b.volume));
  const routedPathIds = paths.filter((p) => p.routed).map((p) => p.id);
  return { host, links, sessions, shared, paths, pathIds: paths.map((p) => p.id), routedPathIds, pathById, routes, unreachable, pairs };
}

/** The model's shared topology; the cables are picked again only when the model's are other ones than `previous`'s. */
function sharedSource(index: ModelIndex, previous: SharedSource | undefined): SharedSource {
  const { model } = index;
  const links = previous?.modelLinks === model.links ? previous.links : model.links.filter(isSharedCable);
  const directPorts: Element[] = [];
  for (const link of links) {
    for (const end of [link.a, link.b]) {
      if (end.kind !== 'host-interface') continue;
      const port = index.nics.get(end.ref.id) ?? index.hbas.get(end.ref.id);
      if (port) directPorts.push(port);
    }
  }
  return { switches: model.switches, arrays: model.arrays, hostGroups: model.hostGroups, links, modelLinks: model.links, directPorts };
}

function isSharedCable(link: Link): boolean {
  const toHost = link.a.kind === 'host-interface' || link.b.kind === 'host-interface';
  return !toHost || link.a.kind === 'array-port' || link.b.kind === 'array-port';
}

function sameSharedSource(a: SharedSource, b: SharedSource): boolean {
  return (
    sameShape(a.arrays, b.arrays) &&
    sameShape(a.hostGroups, b.hostGroups) &&
    sameShape(a.links, b.links) &&
    sameShape(a.directPorts, b.directPorts) &&
    a.switches.length === b.switches.length &&
    (a.switches === b.switches ||
      a.switches.every((sw, i) => sameShape(declared(sw), declared(b.switches[i]!))))
  );
}

/**
 * A switch as its own statement writes it: without the ports cables name that it does not
 * declare, which carry nothing but their name and come and go with host cables.
 */
function declared(sw: Switch): Switch {
  return { ...sw, ports: sw.ports.filter((port) => !port.implicit) };
}

/** Structural equality of model values, spans aside (where a thing is written does not change what it is). */
function sameShape(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameShape(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a).filter(isNotSpanKey);
  const bKeys = Object.keys(b).filter(isNotSpanKey);
  if (aKeys.length !== bKeys.length) return false;
  for (const key of aKeys) {
    if (!sameShape((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** `span`, `nameSpan`, `modeSpan`, …: where a thing is written. */
function isNotSpanKey(key: string): boolean {
  return !(key === 'span' || key.endsWith('Span'));
}

function volumeMapping(model: Model): VolumeMapping {
  const everyHost: MappedVolume[] = [];
  const byHost = new Map<string, MappedVolume[]>();
  let order = 0;
  for (const array of model.arrays) {
    const alua = array.capabilities.includes('alua');
    for (const volume of array.volumes) {
      const mapped: MappedVolume = { id: volume.id, array: array.id, order: order++, owner: alua ? volume.owner?.id : undefined };
      if (!volume.hosts) {
        everyHost.push(mapped);
        continue;
      }
      for (const host of new Set(volume.hosts.map((ref) => ref.id))) {
        const list = byHost.get(host);
        if (list) list.push(mapped);
        else byHost.set(host, [mapped]);
      }
    }
  }
  return { everyHost, byHost };
}

/** The volumes mapped to a host, in model order. */
function mappedVolumes(mapping: VolumeMapping, host: string): MappedVolume[] {
  const named = mapping.byHost.get(host);
  if (!named) return mapping.everyHost;
  if (mapping.everyHost.length === 0) return named;
  return [...mapping.everyHost, ...named].sort((a, b) => a.order - b.order);
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
