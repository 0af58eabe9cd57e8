// Turns a path and its physical alternatives into the inputs of the bandwidth max-flow: the
// path's own capacity and the shared resources it draws on, with some components failed.
import type { FlowFabric, FlowFabricEdge, FlowLeg, FlowPath, Resource } from './bandwidth';
import type { Fabric, Leg } from './layer2';
import { vmkTeaming, type ModelIndex } from './modelIndex';
import { arrayLegsUnder, type PathRoute } from './paths';
import type { IoPath } from './types';

export function toFlowPath(
  index: ModelIndex,
  fabric: Fabric,
  path: IoPath,
  route: PathRoute,
  optimized: boolean,
  failed: Set<string>,
): FlowPath {
  const touched = failed.size > 0 && [...failed].some((c) => route.touches.has(c));
  const hostLegs = alive(fabric, route.hostLegs, failed);
  const arrayLegs = alive(fabric, arrayLegsUnder(route, failed), failed);
  const hashed = hashesOverUplinks(index, path);
  const init = initResource(index, path, route, hostLegs, hashed);
  const portal = portalResource(index, path, arrayLegs);
  let capacityMbps = path.capacityMbps;
  let speedKnown = path.speedKnown;
  if (touched) {
    const known = [best(hostLegs), best(arrayLegs)].filter((s): s is number => s !== undefined);
    capacityMbps = known.length > 0 ? Math.min(...known) : 0;
    speedKnown = known.length > 0;
  }
  const flow: FlowPath = {
    id: path.id,
    capacityMbps,
    speedKnown,
    optimized,
    sessionGroup: path.session ?? `controller:${path.controller}`,
    controller: path.controller,
    init,
    portal,
    // A vmk sends on its current uplink only, unless its vSwitch hashes it over all of them.
    hostLegs: (path.initiatorKind === 'vmk' && !hashed ? hostLegs.filter((leg) => leg.phys === init.id) : hostLegs).map(flowLeg),
    arrayLegs: arrayLegs.map(flowLeg),
  };
  if (path.viaTeam !== undefined) {
    flow.teamId = path.viaTeam;
    const mode = index.teams.get(path.viaTeam)?.mode;
    if (mode) flow.teamMode = mode;
  }
  if (hashed) {
    flow.teamId = hashed.id;
    flow.teamMode = hashed.teaming === 'lacp' ? 'lacp' : 'static';
  }
  return flow;
}

/**
 * The vSwitch of a vmk that spreads its conversations over several active uplinks (IP hash, or a
 * distributed switch's LACP LAG), each conversation on one uplink, as a team's address hash does.
 * Under the other policies a vmk is pinned to one uplink (load-based teaming moves it to another
 * only when its own is busy: still one uplink per flow).
 */
function hashesOverUplinks(index: ModelIndex, path: IoPath): HashedUplinks | undefined {
  if (path.initiatorKind !== 'vmk') return undefined;
  const vmk = index.vmks.get(path.initiator);
  const policy = vmk && vmkTeaming(index, vmk);
  if (!vmk || !policy || vmk.active.length < 2) return undefined;
  return policy.teaming === 'lacp' || policy.teaming === 'ip-hash' ? { id: policy.vswitch?.id ?? vmk.id, teaming: policy.teaming } : undefined;
}

/** A vSwitch that hashes a vmk's conversations over its uplinks, and how. */
interface HashedUplinks {
  id: string;
  teaming: 'lacp' | 'ip-hash';
}

/** Usable legs whose own components and landing switch are up. */
function alive(fabric: Fabric, legs: Leg[], failed: Set<string>): Leg[] {
  return legs.filter(
    (leg) =>
      leg.usable &&
      !leg.components.some((c) => failed.has(c)) &&
      (leg.switch === undefined || failed.size === 0 || !failed.has(fabric.domainOf(leg.switch))),
  );
}

function flowLeg(leg: Leg): FlowLeg {
  const result: FlowLeg = { phys: leg.phys, link: leg.link };
  if (leg.switch !== undefined) result.switch = leg.switch;
  if (leg.peer !== undefined) result.peer = leg.peer;
  if (leg.capacityMbps !== undefined) result.capacityMbps = leg.capacityMbps;
  return result;
}

/** The fabric's inter-switch edges that are up when `failed` components are down, by switch. */
export function flowFabric(index: ModelIndex, fabric: Fabric, failed: Set<string>): FlowFabric {
  const bySwitch = new Map<string, FlowFabricEdge[]>();
  for (const edge of fabric.edges) {
    if (edge.link !== undefined && failed.has(edge.link)) continue;
    if (failed.has(fabric.domainOf(edge.a)) || failed.has(fabric.domainOf(edge.b))) continue;
    const flowEdge: FlowFabricEdge = { ...edge };
    const speed = edge.link === undefined ? undefined : index.links.get(edge.link)?.speedMbps;
    if (speed !== undefined) flowEdge.capacityMbps = speed;
    for (const end of [edge.a, edge.b]) {
      const list = bySwitch.get(end);
      if (list) list.push(flowEdge);
      else bySwitch.set(end, [flowEdge]);
    }
  }
  return {
    edgesAt: (switchId) => bySwitch.get(switchId) ?? [],
    linkLabel: (id) => {
      const link = index.links.get(id);
      return link ? `link ${link.a.ref.id} -- ${link.b.ref.id}` : id;
    },
  };
}

/** Fastest declared capacity among legs. */
function best(legs: Leg[]): number | undefined {
  let result: number | undefined;
  for (const leg of legs) if (leg.capacityMbps !== undefined) result = Math.max(result ?? 0, leg.capacityMbps);
  return result;
}

/** Sum over distinct physical ports of each port's fastest leg; undefined when none is declared. */
function sumPerPort(legs: Leg[]): { capacity: number | undefined; ports: number } {
  const perPort = new Map<string, number | undefined>();
  for (const leg of legs) {
    const current = perPort.get(leg.phys);
    perPort.set(leg.phys, leg.capacityMbps === undefined ? current : Math.max(current ?? 0, leg.capacityMbps));
  }
  const known = [...perPort.values()].filter((s): s is number => s !== undefined);
  return { capacity: known.length > 0 ? known.reduce((a, b) => a + b, 0) : undefined, ports: perPort.size };
}

function initResource(index: ModelIndex, path: IoPath, route: PathRoute, legs: Leg[], hashed: HashedUplinks | undefined): Resource {
  if (hashed) {
    const active = new Set(index.vmks.get(path.initiator)?.active.map((ref) => ref.id));
    const { capacity, ports } = sumPerPort(legs.filter((leg) => active.has(leg.phys)));
    return { id: path.initiator, capacityMbps: capacity, team: { mode: hashed.teaming === 'lacp' ? 'lacp' : 'static', members: ports, uplinks: true } };
  }
  if (path.initiatorKind === 'team') {
    const team = index.teams.get(path.initiator);
    const mode = team?.mode ?? 'lacp';
    // Active-backup: one member carries everything while the others wait.
    if (team?.balance === 'active-backup') return { id: path.initiator, capacityMbps: best(legs), team: { mode, members: 1, activeBackup: true } };
    const { capacity, ports } = sumPerPort(legs);
    return { id: path.initiator, capacityMbps: capacity, team: { mode, members: ports } };
  }
  if (path.initiatorKind === 'vmk') {
    // A vmk sends through one uplink at a time: the primary one while it is up.
    const primary = legs.find((leg) => leg === route.primary.host) ?? legs[0];
    const uplink = primary?.phys ?? path.initiator;
    return { id: uplink, capacityMbps: best(legs.filter((leg) => leg.phys === uplink)) };
  }
  return { id: path.initiator, capacityMbps: best(legs) };
}

function portalResource(index: ModelIndex, path: IoPath, legs: Leg[]): Resource {
  if (path.portalKind === 'trunk') return { id: path.portal, capacityMbps: sumPerPort(legs).capacity };
  if (path.portalKind === 'portal') {
    // A float portal is on one port at a time; a redirect portal spreads its logins over the ports
    // of the controller that is active: the first listed one's while it is up, the other after.
    if (index.portals.get(path.portal)?.mode !== 'redirect' || legs.length === 0) return { id: path.portal, capacityMbps: best(legs) };
    const active = index.arrayPorts.get(legs[0]!.phys)?.controller;
    return { id: path.portal, capacityMbps: sumPerPort(legs.filter((leg) => index.arrayPorts.get(leg.phys)?.controller === active)).capacity };
  }
  const port = index.arrayPorts.get(path.portal);
  const cap = best(legs);
  return { id: path.portal, capacityMbps: cap ?? port?.speedMbps };
}
