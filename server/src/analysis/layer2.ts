// Layer-2 reachability: the switch fabric as a graph, the cabled attachments ("legs") of host and
// array ports, and whether an initiator reaches a portal at layer 2 or through a routing switch.
//
// Model:
// - The fabric's vertices are switches; its edges are inter-switch links (failable), stack
//   membership (fails only with the stack) and MLAG peering (a peer-link: assumed redundant and
//   not failable unless written as links).
// - Hosts and arrays are leaves, never transit: a path crosses the fabric only between the switch
//   its host port is cabled to and the switch its array port is cabled to. A cable from a host
//   port straight to an array port is a direct attachment.
// - Ethernet traffic runs in one VLAN per leg: the interface's `vlan` (tagged), else the NIC's,
//   else the switch port's access VLAN, else 1. A switch port with another access VLAN drops it;
//   a switch with a `vlans` list carries only those. Inter-switch links carry whatever both
//   switches carry. Fibre Channel ignores VLANs: switches joined by links form one fabric.
// - Connectivity without failures is answered from connected-component labels computed once per
//   VLAN; breadth-first searches run only to find one route and to test failures on it, and their
//   results are cached by the (sources, targets) attachment sets, which many paths share.
import type { ModelIndex } from './modelIndex';
import { compareStrings } from './modelIndex';
import { cardOf, type ComponentTable } from './components';

/** A VLAN number for Ethernet, `fc` for Fibre Channel. */
export type Layer = number | 'fc';

/** One cable from a host NIC/HBA or an array port, with where it lands. */
export interface Leg {
  /** The physical port: NIC/HBA id (host side) or array port id (array side). */
  phys: string;
  link: string;
  /** Switch id when the cable lands on a switch. */
  switch?: string;
  switchPort?: string;
  /** Direct attachment: the port at the other end of the cable. */
  peer?: string;
  layer: Layer;
  /** False when the switch port or switch does not carry the leg's VLAN. */
  usable: boolean;
  /** Components whose failure kills this leg (the landing switch excepted: it belongs to the fabric). */
  components: string[];
  /** Slowest declared speed of the port, its cable and the switch port; absent when none declared. */
  capacityMbps?: number;
}

/** One step of a route through the fabric: a switch, entered through `link` (absent for the first). */
export interface FabricStep {
  switch: string;
  link?: string;
}

interface Edge {
  to: number;
  /** Failable inter-switch link id; absent for stack and MLAG peering. */
  link?: string;
}

/** An edge of the fabric: an inter-switch link, or stack or MLAG peering (no `link`). */
export interface FabricEdge {
  a: string;
  b: string;
  link?: string;
}

export class Fabric {
  readonly ids: string[];
  /** Every inter-switch edge once, in model order: what the bandwidth max-flow routes over. */
  readonly edges: FabricEdge[] = [];
  private readonly indexOf = new Map<string, number>();
  private readonly adjacency: Edge[][];
  private readonly domain: string[];
  private readonly vlans: (Set<number> | undefined)[];
  private readonly routing: boolean[];
  private readonly labelCache = new Map<string, Int32Array>();
  private readonly routerCache = new Map<string, Map<number, number[]>>();
  private readonly cutCache = new Map<string, string[]>();
  private readonly routeCache = new Map<string, FabricStep[] | null>();
  /** Vertices visited by breadth-first searches so far: lets tests show the work stays linear. */
  visits = 0;

  constructor(index: ModelIndex, table: Pick<ComponentTable, 'switchDomain'>) {
    this.ids = index.model.switches.map((s) => s.id);
    this.ids.forEach((id, i) => this.indexOf.set(id, i));
    this.adjacency = this.ids.map(() => []);
    this.domain = this.ids.map((id) => table.switchDomain.get(id) ?? id);
    this.vlans = index.model.switches.map((s) => (s.vlans ? new Set(s.vlans) : undefined));
    this.routing = index.model.switches.map((s) => s.routing);
    const peered = new Set<string>();
    const addEdge = (a: number, b: number, link?: string): void => {
      this.adjacency[a]!.push(link === undefined ? { to: b } : { to: b, link });
      this.adjacency[b]!.push(link === undefined ? { to: a } : { to: a, link });
      const ids = { a: this.ids[a]!, b: this.ids[b]! };
      this.edges.push(link === undefined ? ids : { ...ids, link });
    };
    for (const sw of index.model.switches) {
      const a = this.indexOf.get(sw.id)!;
      for (const peer of [...sw.stack, ...sw.mlag]) {
        const b = this.indexOf.get(peer.id);
        const key = sw.id < peer.id ? `${sw.id}|${peer.id}` : `${peer.id}|${sw.id}`;
        if (b === undefined || b === a || peered.has(key)) continue;
        peered.add(key);
        addEdge(a, b);
      }
    }
    for (const link of index.model.links) {
      const a = switchOfEnd(link.a);
      const b = switchOfEnd(link.b);
      if (a === undefined || b === undefined || a === b) continue;
      const ia = this.indexOf.get(a);
      const ib = this.indexOf.get(b);
      if (ia !== undefined && ib !== undefined) addEdge(ia, ib, link.id);
    }
  }

  has(switchId: string): boolean {
    return this.indexOf.has(switchId);
  }

  /** The failure domain (switch or stack component id) of a switch. */
  domainOf(switchId: string): string {
    const i = this.indexOf.get(switchId);
    return i === undefined ? switchId : this.domain[i]!;
  }

  carries(switchId: string, layer: Layer): boolean {
    const i = this.indexOf.get(switchId);
    return i !== undefined && this.carriesAt(i, layer);
  }

  /** Connected-component label of a switch within a layer (`any` ignores VLANs); -1 when not carried. */
  label(switchId: string, layer: Layer | 'any'): number {
    const i = this.indexOf.get(switchId);
    if (i === undefined) return -1;
    return this.labels(layer)[i]!;
  }

  /** Routing switches (indices) in the layer-2 domain of a switch, for one VLAN. */
  routersNear(switchId: string, layer: Layer): number[] {
    const label = this.label(switchId, layer);
    if (label < 0 || layer === 'fc') return [];
    const key = String(layer);
    let byLabel = this.routerCache.get(key);
    if (!byLabel) {
      byLabel = new Map();
      const labels = this.labels(layer);
      this.routing.forEach((routes, i) => {
        if (!routes || labels[i]! < 0) return;
        const list = byLabel!.get(labels[i]!);
        if (list) list.push(i);
        else byLabel!.set(labels[i]!, [i]);
      });
      this.routerCache.set(key, byLabel);
    }
    return byLabel.get(label) ?? [];
  }

  /**
   * Component ids (switches, stacks, inter-switch links) whose single failure disconnects every
   * source from every target. Sources and targets are switch ids with their layer; with `routed`,
   * traffic may change VLAN at a routing switch.
   */
  cut(sources: [string, Layer][], targets: [string, Layer][], routed: boolean): string[] {
    const query = this.query(sources, targets, routed);
    const cached = this.cutCache.get(query.key);
    if (cached) return cached;
    const route = this.search(query, undefined);
    const result: string[] = [];
    if (route) {
      const candidates = new Set<string>();
      for (const step of route) {
        candidates.add(this.domainOf(step.switch));
        if (step.link !== undefined) candidates.add(step.link);
      }
      for (const candidate of [...candidates].sort(compareStrings)) {
        if (!this.search(query, new Set([candidate]))) result.push(candidate);
      }
    }
    this.cutCache.set(query.key, result);
    return result;
  }

  /** A shortest route from one attachment to another (cached), or null when there is none. */
  route(source: [string, Layer], target: [string, Layer], routed: boolean): FabricStep[] | null {
    const query = this.query([source], [target], routed);
    const cached = this.routeCache.get(query.key);
    if (cached !== undefined) return cached;
    const route = this.search(query, undefined);
    this.routeCache.set(query.key, route);
    return route;
  }

  /** Whether some source still reaches some target when the given components have failed. */
  connected(sources: [string, Layer][], targets: [string, Layer][], routed: boolean, failed: Set<string>): boolean {
    return this.search(this.query(sources, targets, routed), failed) !== null;
  }

  private carriesAt(i: number, layer: Layer | 'any'): boolean {
    if (layer === 'fc' || layer === 'any') return true;
    const vlans = this.vlans[i];
    return vlans === undefined || vlans.has(layer);
  }

  private labels(layer: Layer | 'any'): Int32Array {
    const key = String(layer);
    const cached = this.labelCache.get(key);
    if (cached) return cached;
    const labels = new Int32Array(this.ids.length).fill(-1);
    let next = 0;
    for (let start = 0; start < this.ids.length; start++) {
      if (labels[start]! >= 0 || !this.carriesAt(start, layer)) continue;
      const stack = [start];
      labels[start] = next;
      while (stack.length > 0) {
        const v = stack.pop()!;
        for (const edge of this.adjacency[v]!) {
          if (labels[edge.to]! < 0 && this.carriesAt(edge.to, layer)) {
            labels[edge.to] = next;
            stack.push(edge.to);
          }
        }
      }
      next++;
    }
    this.labelCache.set(key, labels);
    return labels;
  }

  private query(sources: [string, Layer][], targets: [string, Layer][], routed: boolean): Query {
    const layers = [...new Set([...sources, ...targets].map(([, layer]) => layer))].sort((a, b) =>
      compareStrings(String(a), String(b)),
    );
    const encode = ([sw, layer]: [string, Layer]): number => {
      const i = this.indexOf.get(sw);
      return i === undefined || !this.carriesAt(i, layer) ? -1 : i * layers.length + layers.indexOf(layer);
    };
    const src = [...new Set(sources.map(encode).filter((s) => s >= 0))].sort((a, b) => a - b);
    const dst = [...new Set(targets.map(encode).filter((s) => s >= 0))].sort((a, b) => a - b);
    const key = `${routed ? 'r' : 'l'}|${layers.join(',')}|${src.join(',')}|${dst.join(',')}`;
    return { layers, sources: src, targets: new Set(dst), routed, key };
  }

  /** Breadth-first search over (switch, layer) states; returns the route to the first target reached. */
  private search(query: Query, failed: Set<string> | undefined): FabricStep[] | null {
    const width = query.layers.length;
    if (width === 0 || query.targets.size === 0) return null;
    const parent = new Map<number, { from: number; link?: string }>();
    const queue: number[] = [];
    const alive = (i: number): boolean => failed === undefined || !failed.has(this.domain[i]!);
    for (const state of query.sources) {
      if (!alive(Math.floor(state / width))) continue;
      parent.set(state, { from: -1 });
      queue.push(state);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      this.visits++;
      if (query.targets.has(state)) return this.unwind(state, parent, width);
      const sw = Math.floor(state / width);
      const li = state % width;
      const layer = query.layers[li]!;
      const visit = (next: number, link?: string): void => {
        if (parent.has(next)) return;
        parent.set(next, link === undefined ? { from: state } : { from: state, link });
        queue.push(next);
      };
      for (const edge of this.adjacency[sw]!) {
        if (edge.link !== undefined && failed?.has(edge.link)) continue;
        if (!alive(edge.to) || !this.carriesAt(edge.to, layer)) continue;
        visit(edge.to * width + li, edge.link);
      }
      if (query.routed && this.routing[sw]) {
        for (let lj = 0; lj < width; lj++) {
          if (lj !== li && this.carriesAt(sw, query.layers[lj]!)) visit(sw * width + lj);
        }
      }
    }
    return null;
  }

  private unwind(state: number, parent: Map<number, { from: number; link?: string }>, width: number): FabricStep[] {
    const steps: FabricStep[] = [];
    for (let current = state; current >= 0; ) {
      const entry = parent.get(current)!;
      const sw = this.ids[Math.floor(current / width)]!;
      const step: FabricStep = entry.link === undefined ? { switch: sw } : { switch: sw, link: entry.link };
      // A VLAN change at a routing switch stays on that switch: one step, entered by the earlier link.
      if (steps[0]?.switch === sw && steps[0].link === undefined) steps[0] = step;
      else steps.unshift(step);
      current = entry.from;
    }
    return steps;
  }
}

interface Query {
  layers: Layer[];
  sources: number[];
  targets: Set<number>;
  routed: boolean;
  key: string;
}

function switchOfEnd(end: { kind: string; ref: { id: string }; switch?: string }): string | undefined {
  if (end.kind === 'switch') return end.switch ?? end.ref.id;
  if (end.kind === 'switch-port') return end.switch;
  return undefined;
}

/**
 * The cables of one physical port (NIC, HBA or array port), as legs in the given layer.
 * `tagged` is the VLAN the interface itself tags, if any; FC ports use layer `fc`.
 */
export function legsOf(
  index: ModelIndex,
  fabric: Fabric,
  phys: string,
  protocol: 'iscsi' | 'fc',
  tagged: number | undefined,
): Leg[] {
  const legs: Leg[] = [];
  const arrayPort = index.arrayPorts.get(phys);
  const physSpeed = arrayPort?.speedMbps ?? index.nics.get(phys)?.speedMbps ?? index.hbas.get(phys)?.speedMbps;
  for (const link of index.linksByEnd.get(phys) ?? []) {
    const other = link.a.ref.id === phys && (link.a.kind === 'host-interface' || link.a.kind === 'array-port') ? link.b : link.a;
    if (other.ref.id === phys) continue;
    const components = [phys, link.id];
    const card = cardOf(index, phys);
    if (card !== undefined) components.push(card);
    if (arrayPort) components.push(arrayPort.controller);
    const speeds = [physSpeed, link.speedMbps];
    let leg: Leg;
    if (other.kind === 'switch' || other.kind === 'switch-port') {
      const sw = switchOfEnd(other);
      if (sw === undefined || !fabric.has(sw)) continue;
      const switchPort = other.kind === 'switch-port' ? index.switchPorts.get(other.ref.id) : undefined;
      speeds.push(switchPort?.speedMbps);
      const layer: Layer = protocol === 'fc' ? 'fc' : (tagged ?? switchPort?.vlan ?? 1);
      const usable =
        protocol === 'fc' || ((switchPort?.vlan === undefined || switchPort.vlan === layer) && fabric.carries(sw, layer));
      leg = { phys, link: link.id, switch: sw, layer, usable, components };
      if (switchPort) leg.switchPort = switchPort.id;
    } else {
      // A cable between a host port and an array port: direct attachment.
      const hostToArray = !arrayPort && other.kind === 'array-port';
      const arrayToHost = arrayPort !== undefined && other.kind === 'host-interface';
      if (!hostToArray && !arrayToHost) continue;
      speeds.push(index.arrayPorts.get(other.ref.id)?.speedMbps ?? index.nics.get(other.ref.id)?.speedMbps ?? index.hbas.get(other.ref.id)?.speedMbps);
      leg = { phys, link: link.id, peer: other.ref.id, layer: protocol === 'fc' ? 'fc' : (tagged ?? 1), usable: true, components };
    }
    const known = speeds.filter((s): s is number => s !== undefined);
    if (known.length > 0) leg.capacityMbps = Math.min(...known);
    legs.push(leg);
  }
  return legs;
}

/** How an initiator's legs meet a portal's legs. */
export type Reach =
  | { kind: 'direct'; host: Leg; array: Leg }
  | { kind: 'fabric'; host: Leg; array: Leg; routed: boolean };

/** Whether a host leg and an array leg are joined by one cable (direct attachment). */
export function directlyJoined(h: Leg, a: Leg): boolean {
  return h.peer !== undefined && h.link === a.link && h.peer === a.phys && a.peer === h.phys && h.layer === a.layer;
}

/** Whether a usable host leg and a usable array leg are joined directly or at layer 2 (same VLAN, same component). */
export function legsJoined(fabric: Fabric, h: Leg, a: Leg): boolean {
  if (directlyJoined(h, a)) return true;
  if (h.switch === undefined || a.switch === undefined || h.layer !== a.layer) return false;
  const label = fabric.label(h.switch, h.layer);
  return label >= 0 && label === fabric.label(a.switch, a.layer);
}

/** Whether a usable host leg and a usable array leg share a routing switch in their layer-2 domains. */
export function legsRouted(fabric: Fabric, h: Leg, a: Leg): boolean {
  if (h.switch === undefined || a.switch === undefined) return false;
  const near = fabric.routersNear(h.switch, h.layer);
  return near.length > 0 && fabric.routersNear(a.switch, a.layer).some((r) => near.includes(r));
}

/** First pair of legs joined at layer 2 (same VLAN, same component) or directly, in leg order. */
export function findLayer2(fabric: Fabric, hostLegs: Leg[], arrayLegs: Leg[]): Reach | undefined {
  for (const h of hostLegs) {
    if (!h.usable) continue;
    for (const a of arrayLegs) {
      if (!a.usable) continue;
      if (directlyJoined(h, a)) return { kind: 'direct', host: h, array: a };
      if (legsJoined(fabric, h, a)) return { kind: 'fabric', host: h, array: a, routed: false };
    }
  }
  return undefined;
}

/** First pair of legs joined through a routing switch present in both legs' layer-2 domains. */
export function findRouted(fabric: Fabric, hostLegs: Leg[], arrayLegs: Leg[]): Reach | undefined {
  for (const h of hostLegs) {
    if (!h.usable) continue;
    for (const a of arrayLegs) {
      if (a.usable && legsRouted(fabric, h, a)) return { kind: 'fabric', host: h, array: a, routed: true };
    }
  }
  return undefined;
}

/** Whether any cable chain joins the two sides, ignoring VLANs (to tell a VLAN problem from a cabling one). */
export function joinedIgnoringVlans(fabric: Fabric, hostLegs: Leg[], arrayLegs: Leg[]): boolean {
  for (const h of hostLegs) {
    for (const a of arrayLegs) {
      if (h.peer !== undefined && h.link === a.link) return true;
      if (h.switch === undefined || a.switch === undefined) continue;
      if (fabric.label(h.switch, 'any') === fabric.label(a.switch, 'any')) return true;
    }
  }
  return false;
}

/**
 * Whether the path survives when `failed` components are down: some surviving host leg still
 * reaches some surviving array leg, directly or through the surviving fabric.
 */
export function survives(fabric: Fabric, hostLegs: Leg[], arrayLegs: Leg[], routed: boolean, failed: Set<string>): boolean {
  const h = hostLegs.filter((leg) => leg.usable && !leg.components.some((c) => failed.has(c)));
  const a = arrayLegs.filter((leg) => leg.usable && !leg.components.some((c) => failed.has(c)));
  if (!routed && h.some((x) => a.some((y) => directlyJoined(x, y)))) return true;
  const sources = attachments(h);
  const targets = attachments(a);
  if (sources.length === 0 || targets.length === 0) return false;
  return fabric.connected(sources, targets, routed, failed);
}

/** Switch attachments of legs, as (switch, layer) pairs. */
export function attachments(legs: Leg[]): [string, Layer][] {
  const result: [string, Layer][] = [];
  for (const leg of legs) if (leg.usable && leg.switch !== undefined) result.push([leg.switch, leg.layer]);
  return result;
}
