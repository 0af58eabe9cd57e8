// Effective bandwidth of a host ↔ volume pair, and what limits it.
//
// Which paths carry I/O:
// - `multipath none` and MPIO `failover-only`: one path (an optimized one first, then the fastest).
// - MPIO `round-robin`, `round-robin-subset`, `least-queue-depth`, `weighted-paths`,
//   `least-blocks`: every path; towards an ALUA array only the optimized set when it is not empty
//   (round-robin-subset's primary set is the optimized set).
// - MC/S: one session of k connections, all on one controller: the best written session, or for
//   derived paths the connections to one controller (the owner's first under ALUA).
// How much they carry: a max-flow from the host's interfaces through the paths to the array's
// portals. A path carries at most one session's capacity (the slowest link on its route; over a
// team, one member, as 802.3ad keeps a conversation on one link). Paths leaving through one NIC,
// team (sum of its members) or vmk uplink share it; paths arriving at one array port or trunk
// (sum of its members) share it.
// Not modelled: inter-switch link oversubscription and traffic of other hosts (a single slower
// inter-switch link does cap the path's own capacity), protocol overhead, and per-volume I/O
// patterns. Speeds that are not declared anywhere on a path count as 0 and the result is marked
// unknown ("speed not declared").
import type { Host, TeamMode } from '../model/schema';
import { compareStrings, formatMbps } from './modelIndex';
import type { Bandwidth } from './types';

/** A shared capacity: a host NIC, team or vmk uplink, or an array port or trunk. */
export interface Resource {
  id: string;
  /** Undefined when no speed is declared. */
  capacityMbps: number | undefined;
  /** For a team: its mode and member count, to explain a saturated team. */
  team?: { mode: TeamMode; members: number };
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
}

export function pairBandwidth(host: Host, paths: FlowPath[]): Bandwidth {
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
      const flow = maxFlow(group);
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
    return result(maxFlow([one]), [one], [prefix]);
  }
  return result(maxFlow(preferred), preferred, [aluaNote]);
}

function result(flow: Flow, active: FlowPath[], notes: (string | undefined)[]): Bandwidth {
  const known = active.every((p) => p.speedKnown);
  const cut = !known && flow.mbps === 0 ? ['speed not declared'] : flow.cut;
  const reason = [...notes.filter((n): n is string => n !== undefined), ...cut].join('; ');
  const bottleneck = flow.cutIds.length === 1 && known ? { id: flow.cutIds[0]!, reason } : { reason };
  return { mbps: flow.mbps, known, bottleneck, activePaths: active.map((p) => p.id) };
}

interface Flow {
  mbps: number;
  /** Descriptions of the saturated elements of a minimum cut. */
  cut: string[];
  cutIds: string[];
}

/**
 * Max-flow source → initiator resources → paths → portal resources → sink (Edmonds-Karp on a
 * graph of a few dozen vertices), then the saturated elements of a minimum cut.
 */
export function maxFlow(paths: FlowPath[]): Flow {
  // What an arc stands for; its text is written only if the arc ends up in the minimum cut.
  interface Arc { to: number; cap: number; rev: number; what?: { id: string; resource?: Resource; path?: FlowPath } }
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
  const arc = (from: number, to: number, cap: number, what?: Arc['what']): void => {
    graph[from]!.push(what ? { to, cap, rev: graph[to]!.length, what } : { to, cap, rev: graph[to]!.length });
    graph[to]!.push({ to: from, cap: 0, rev: graph[from]!.length - 1 });
  };
  const seen = new Set<string>();
  for (const path of paths) {
    const init = node(`i:${path.init.id}`);
    const portal = node(`p:${path.portal.id}`);
    if (!seen.has(`i:${path.init.id}`)) {
      seen.add(`i:${path.init.id}`);
      arc(0, init, path.init.capacityMbps ?? Infinity, { id: path.init.id, resource: path.init });
    }
    if (!seen.has(`p:${path.portal.id}`)) {
      seen.add(`p:${path.portal.id}`);
      arc(portal, 1, path.portal.capacityMbps ?? Infinity, { id: path.portal.id, resource: path.portal });
    }
    arc(init, portal, path.speedKnown ? path.capacityMbps : 0, { id: path.teamId ?? path.id, path });
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
      const text = a.what.resource ? describeResource(a.what.resource) : describePath(a.what.path!);
      if (!cut.includes(text)) {
        cut.push(text);
        cutIds.push(a.what.id);
      }
    }
  }
  return { mbps: total, cut, cutIds };
}

function describeResource(resource: Resource): string {
  if (resource.capacityMbps === undefined) return `${resource.id}: speed not declared`;
  if (resource.team) {
    return `${resource.id}: ${resource.team.members} member${resource.team.members === 1 ? '' : 's'}, ${formatMbps(resource.capacityMbps)} in total`;
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
