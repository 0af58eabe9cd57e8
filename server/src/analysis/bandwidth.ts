// Effective bandwidth of a host ↔ volume pair, and what limits it.
//
// Which paths carry I/O:
// - `multipath none` and MPIO `failover-only`: one path (an optimized one first, then the fastest).
// - MPIO `round-robin`, `round-robin-subset`, `least-queue-depth`, `weighted-paths`,
//   `least-blocks`: every path; towards an ALUA array only the optimized set when it is not empty
//   (round-robin-subset's primary set is the optimized set).
// - MC/S: one session of k connections, all on one controller: the best written session, or for
//   derived paths the connections to one controller (the owner's first under ALUA).
// How much they carry: a max-flow over the real graph, from the host's interfaces through the
// paths, the cables they can use, the switches and the inter-switch links, to the array's portals.
// A path carries at most one session's capacity (the slowest link on its route; over a team or an
// inter-switch LAG, one member, as 802.3ad keeps a conversation on one link). Paths leaving
// through one NIC, team (sum of its members) or vmk uplink share it; every cable and inter-switch
// link is shared by all the paths that can cross it (parallel links between two switches add up,
// as a LAG's members do); paths arriving at one array port or trunk (sum of its members) share it.
// The flow is one commodity: between the host's cables and the array's, it may take any route the
// fabric offers, which is what ECMP, LAG hashing and MPIO together approach. The saturated
// elements of a minimum cut name the bottleneck.
// Not modelled: protocol overhead and per-volume I/O patterns; the traffic of other hosts is
// `sharedBandwidth`'s question, not a pair's. Speeds that are not declared anywhere on a path
// count as 0 and the result is marked unknown ("speed not declared"); a cable or inter-switch link
// without a declared speed does not limit the flow.
import type { Host, TeamMode } from '../model/schema';
import { compareStrings, formatMbps } from './modelIndex';
import type { Bandwidth } from './types';

/** A shared capacity: a host NIC, team or vmk uplink, or an array port or trunk. */
export interface Resource {
  id: string;
  /** Undefined when no speed is declared. */
  capacityMbps: number | undefined;
  /**
   * For a team: its mode and member count (the active ones), to explain a saturated team; a vmk on
   * a vSwitch that hashes over its uplinks counts them as `uplinks`.
   */
  team?: { mode: TeamMode; members: number; activeBackup?: boolean; uplinks?: true };
}

/** A cable a path can use (alive and carrying its VLAN), and where it lands. */
export interface FlowLeg {
  /** The host NIC/HBA or array port. */
  phys: string;
  link: string;
  /** The switch it lands on; absent for a direct cable. */
  switch?: string;
  /** The port at the other end of a direct cable. */
  peer?: string;
  capacityMbps?: number;
}

/** An alive inter-switch edge; `link` absent for stack or MLAG peering, which does not limit. */
export interface FlowFabricEdge {
  a: string;
  b: string;
  link?: string;
  capacityMbps?: number;
}

/** The inter-switch links a flow may cross, as the max-flow sees them. */
export interface FlowFabric {
  /** The alive edges at a switch. */
  edgesAt(switchId: string): readonly FlowFabricEdge[];
  /** Label of a cable for the bottleneck text (`link s1:49 -- s2:49`). */
  linkLabel(id: string): string;
}

export interface FlowPath {
  id: string;
  capacityMbps: number;
  speedKnown: boolean;
  optimized: boolean;
  /** Session id, or for derived paths the controller: the unit of an MC/S session. */
  sessionGroup: string;
  controller: string;
  init: Resource;
  portal: Resource;
  /** Mode of the team the path leaves through. */
  teamMode?: TeamMode;
  teamId?: string;
  /** The cables the path's initiator can send on (a vmk: its current uplink's). */
  hostLegs: FlowLeg[];
  /** The cables of the path's portal. */
  arrayLegs: FlowLeg[];
}

export function pairBandwidth(host: Host, paths: FlowPath[], fabric?: FlowFabric): Bandwidth {
  if (paths.length === 0) return { mbps: 0, known: true, bottleneck: { reason: 'no path' }, activePaths: [] };
  const sorted = [...paths].sort((a, b) => compareStrings(a.id, b.id));
  const optimized = sorted.filter((p) => p.optimized);
  const preferred = optimized.length > 0 ? optimized : sorted;
  const aluaNote = optimized.length > 0 && optimized.length < sorted.length ? 'optimized paths only (ALUA)' : undefined;

  if (host.multipath === 'mcs') {
    const groups = new Map<string, FlowPath[]>();
    for (const path of preferred) {
      const list = groups.get(path.sessionGroup);
      if (list) list.push(path);
      else groups.set(path.sessionGroup, [path]);
    }
    let best: { flow: Flow; group: FlowPath[] } | undefined;
    for (const group of groups.values()) {
      const flow = maxFlow(group, fabric);
      if (!best || flow.mbps > best.flow.mbps) best = { flow, group };
    }
    const { flow, group } = best!;
    const controller = group[0]!.controller;
    const prefix = `MC/S: one session of ${group.length} connection${group.length === 1 ? '' : 's'} on ${controller}`;
    return result(flow, group, [prefix, aluaNote]);
  }

  const policy = host.policy ?? 'round-robin';
  if (host.multipath === 'none' || policy === 'failover-only') {
    const one = [...preferred].sort((a, b) => b.capacityMbps - a.capacityMbps || compareStrings(a.id, b.id))[0]!;
    const prefix = host.multipath === 'none' ? 'no multipath: one path' : 'failover-only: one active path';
    return result(maxFlow([one], fabric), [one], [prefix]);
  }
  return result(maxFlow(preferred, fabric), preferred, [aluaNote]);
}

function result(flow: Flow, active: FlowPath[], notes: (string | undefined)[]): Bandwidth {
  const known = active.every((p) => p.speedKnown);
  const cut = !known && flow.mbps === 0 ? ['speed not declared'] : flow.cut;
  const reason = [...notes.filter((n): n is string => n !== undefined), ...cut].join('; ');
  const bottleneck = flow.cutIds.length === 1 && known ? { id: flow.cutIds[0]!, reason } : { reason };
  const bandwidth: Bandwidth = { mbps: flow.mbps, known, bottleneck, activePaths: active.map((p) => p.id) };
  if (flow.crossed.length > 0) bandwidth.crosses = flow.crossed;
  return bandwidth;
}

interface Flow {
  mbps: number;
  /** Descriptions of the saturated elements of a minimum cut. */
  cut: string[];
  cutIds: string[];
  /** The inter-switch links and the switches at their ends that carry some of the flow. */
  crossed: string[];
}

/**
 * Max-flow source → initiator resources → paths → host cables → switches and inter-switch links →
 * array cables → portal resources → sink (Edmonds-Karp on a graph of the pair's own elements and
 * the switches they reach), then the saturated elements of a minimum cut.
 */
export function maxFlow(paths: FlowPath[], fabric?: FlowFabric): Flow {
  // What an arc stands for; its text is written only if the arc ends up in the minimum cut.
  interface What { id: string; resource?: Resource; path?: FlowPath; link?: { label: string; capacityMbps: number } }
  interface Arc { to: number; cap: number; rev: number; what?: What }
  // Vertex 0 is the source, 1 the sink.
  const graph: Arc[][] = [[], []];
  const nodes = new Map<string, number>();
  const node = (key: string): number => {
    let i = nodes.get(key);
    if (i === undefined) {
      nodes.set(key, (i = graph.length));
      graph.push([]);
    }
    return i;
  };
  const arc = (from: number, to: number, cap: number, what?: What): Arc => {
    const forward: Arc = what ? { to, cap, rev: graph[to]!.length, what } : { to, cap, rev: graph[to]!.length };
    graph[from]!.push(forward);
    graph[to]!.push({ to: from, cap: 0, rev: graph[from]!.length - 1 });
    return forward;
  };
  const seen = new Set<string>();
  const once = (key: string): boolean => !seen.has(key) && seen.add(key) !== undefined;
  // A cable as fast as the port it leaves is that port's limit, named by the port.
  const cable = (from: number, to: number, leg: FlowLeg, port: Resource): void => {
    const cap = leg.capacityMbps ?? Infinity;
    const samePort = port.id === leg.phys && port.capacityMbps === leg.capacityMbps;
    arc(from, to, cap, samePort ? { id: port.id, resource: port } : { id: leg.link, link: { label: fabric?.linkLabel(leg.link) ?? leg.link, capacityMbps: cap } });
  };
  const switches = new Set<string>();
  for (const path of paths) {
    const init = node(`i:${path.init.id}`);
    const portal = node(`p:${path.portal.id}`);
    if (once(`i:${path.init.id}`)) arc(0, init, path.init.capacityMbps ?? Infinity, { id: path.init.id, resource: path.init });
    if (once(`p:${path.portal.id}`)) arc(portal, 1, path.portal.capacityMbps ?? Infinity, { id: path.portal.id, resource: path.portal });
    const cap = path.speedKnown ? path.capacityMbps : 0;
    const what = { id: path.teamId ?? path.id, path };
    if (path.hostLegs.length === 0 || path.arrayLegs.length === 0) {
      arc(init, portal, cap, what);
      continue;
    }
    // The path's own cap, then the cables and switches it can use, shared with the other paths.
    const through = node(`x:${path.id}`);
    arc(init, through, cap, what);
    for (const leg of path.hostLegs) {
      const port = node(`h:${leg.phys}`);
      if (once(`x:${path.id}>${leg.phys}`)) arc(through, port, Infinity);
      if (!once(`l:${leg.link}`)) continue;
      if (leg.switch !== undefined) {
        switches.add(leg.switch);
        cable(port, node(`s:${leg.switch}`), leg, path.init);
      } else if (leg.peer !== undefined) cable(port, node(`a:${leg.peer}`), leg, path.init);
    }
    for (const leg of path.arrayLegs) {
      const port = node(`a:${leg.phys}`);
      if (once(`a:${leg.phys}>${path.portal.id}`)) arc(port, portal, Infinity);
      if (leg.switch !== undefined && once(`l:${leg.link}`)) {
        switches.add(leg.switch);
        cable(node(`s:${leg.switch}`), port, leg, path.portal);
      }
    }
  }
  // The inter-switch links reachable from the switches the pair's cables land on: each direction
  // may carry the link's speed, as a full-duplex cable does.
  const fabricArcs: { edge: FlowFabricEdge; arcs: Arc[] }[] = [];
  if (fabric && switches.size > 1) {
    const queue = [...switches];
    const added = new Set<FlowFabricEdge>();
    for (let head = 0; head < queue.length; head++) {
      for (const edge of fabric.edgesAt(queue[head]!)) {
        if (added.has(edge)) continue;
        added.add(edge);
        for (const end of [edge.a, edge.b]) {
          if (!switches.has(end)) {
            switches.add(end);
            queue.push(end);
          }
        }
        const from = node(`s:${edge.a}`);
        const to = node(`s:${edge.b}`);
        const cap = edge.link === undefined ? Infinity : (edge.capacityMbps ?? Infinity);
        const what = edge.link === undefined ? undefined : { id: edge.link, link: { label: `inter-switch ${fabric.linkLabel(edge.link)}`, capacityMbps: cap } };
        fabricArcs.push({ edge, arcs: [arc(from, to, cap, what), arc(to, from, cap, what)] });
      }
    }
  }

  let total = 0;
  for (;;) {
    const previous = new Array<[number, number] | undefined>(graph.length);
    const queue = [0];
    previous[0] = [-1, -1];
    for (let head = 0; head < queue.length && previous[1] === undefined; head++) {
      const v = queue[head]!;
      graph[v]!.forEach((a, i) => {
        if (a.cap > 0 && previous[a.to] === undefined) {
          previous[a.to] = [v, i];
          queue.push(a.to);
        }
      });
    }
    if (previous[1] === undefined) break;
    let push = Infinity;
    for (let v = 1; v !== 0; ) {
      const [u, i] = previous[v]!;
      push = Math.min(push, graph[u]![i]!.cap);
      v = u;
    }
    if (!Number.isFinite(push) || push <= 0) break;
    for (let v = 1; v !== 0; ) {
      const [u, i] = previous[v]!;
      const a = graph[u]![i]!;
      a.cap -= push;
      graph[v]![a.rev]!.cap += push;
      v = u;
    }
    total += push;
  }

  // Source side of the minimum cut: what the residual graph still reaches.
  const reached = new Set([0]);
  const queue = [0];
  for (let head = 0; head < queue.length; head++) {
    for (const a of graph[queue[head]!]!) {
      if (a.cap > 0 && !reached.has(a.to)) {
        reached.add(a.to);
        queue.push(a.to);
      }
    }
  }
  const cut: string[] = [];
  const cutIds: string[] = [];
  for (const v of reached) {
    for (const a of graph[v]!) {
      if (!a.what || reached.has(a.to)) continue;
      const what = a.what;
      const text = what.resource
        ? describeResource(what.resource)
        : what.link
          ? `${what.link.label} ${formatMbps(what.link.capacityMbps)}`
          : describePath(what.path!);
      if (!cut.includes(text)) {
        cut.push(text);
        cutIds.push(a.what.id);
      }
    }
  }
  // An arc carries flow when its reverse arc (0 at the start) has gained capacity.
  const crossed = new Set<string>();
  for (const { edge, arcs } of fabricArcs) {
    if (!arcs.some((a) => graph[a.to]![a.rev]!.cap > 0)) continue;
    if (edge.link !== undefined) crossed.add(edge.link);
    crossed.add(edge.a).add(edge.b);
  }
  return { mbps: total, cut, cutIds, crossed: [...crossed].sort(compareStrings) };
}

function describeResource(resource: Resource): string {
  if (resource.capacityMbps === undefined) return `${resource.id}: speed not declared`;
  if (resource.team?.activeBackup) return `${resource.id}: active-backup, one ${formatMbps(resource.capacityMbps)} member at a time`;
  if (resource.team) {
    const noun = resource.team.uplinks ? 'uplink' : 'member';
    return `${resource.id}: ${resource.team.members} ${noun}${resource.team.members === 1 ? '' : 's'}, ${formatMbps(resource.capacityMbps)} in total`;
  }
  return `${resource.id} ${formatMbps(resource.capacityMbps)}`;
}

function describePath(path: FlowPath): string {
  if (!path.speedKnown) return `${path.id}: speed not declared`;
  if (path.teamId !== undefined) {
    const conversation = path.teamMode === 'lacp' ? 'one LACP conversation' : 'one session';
    return `${path.teamId}: ${conversation} uses one ${formatMbps(path.capacityMbps)} member`;
  }
  return `${path.id} ${formatMbps(path.capacityMbps)}`;
}
