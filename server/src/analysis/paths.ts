// I/O paths. Sessions written in the file define a host's paths to an array (one path per
// connection; an MC/S session's connections are marked). For a host and an array with no session
// written between them, paths are derived as an initiator would discover them: every interface
// with an address logs in to every portal it reaches in its own subnet, or, when it reaches none
// there, to the portals it reaches through a routing switch. Fibre Channel paths are always
// derived: every HBA to every FC port of the array in its fabric (zoning is not modelled).
//
// Each path keeps every physical alternative (all cables of a team's members, a vmk's active and
// standby uplinks, a trunk's member ports), so its cut set (`dependsOn`) is exact: a team path
// does not depend on one member NIC while the other member still reaches the portal.
import type { Ip, Session } from '../model/schema';
import type { ComponentTable } from './components';
import {
  attachments,
  directlyJoined,
  findLayer2,
  findRouted,
  joinedIgnoringVlans,
  legsOf,
  type Fabric,
  type Leg,
  type Reach,
} from './layer2';
import { compareStrings, type ModelIndex } from './modelIndex';
import type { Hop, IoPath, UnreachableConnection, UnreachableReason } from './types';

/** The physical alternatives of one path, kept for failure simulation. */
export interface PathRoute {
  hostLegs: Leg[];
  arrayLegs: Leg[];
  routed: boolean;
  /** The legs of the primary route (the one shown in `hops`). */
  primary: Reach;
  /** Every component any alternative of the path uses (legs and the fabric cut), for quick filtering. */
  touches: Set<string>;
}

export interface PathSet {
  /** Sorted by id. */
  paths: IoPath[];
  routes: Map<string, PathRoute>;
  unreachable: UnreachableConnection[];
}

interface Initiator {
  id: string;
  kind: 'nic' | 'team' | 'vmk' | 'hba';
  ips: Ip[];
  /** Physical ports carrying it, with the VLAN the interface tags. */
  phys: { id: string; tagged: number | undefined }[];
  protocol: 'iscsi' | 'fc';
}

interface Portal {
  id: string;
  kind: 'array-port' | 'trunk';
  array: string;
  controller: string;
  ips: Ip[];
  phys: { id: string; tagged: number | undefined }[];
  protocol: 'iscsi' | 'fc';
}

type Evaluation =
  | { ok: true; hostLegs: Leg[]; arrayLegs: Leg[]; reach: Reach; routed: boolean }
  | { ok: false; reason: UnreachableReason };

export function buildPaths(index: ModelIndex, table: ComponentTable, fabric: Fabric): PathSet {
  const legCache = new Map<string, Leg[]>();
  const legs = (ends: { id: string; tagged: number | undefined }[], protocol: 'iscsi' | 'fc'): Leg[] =>
    ends.flatMap(({ id, tagged }) => {
      const key = `${id}|${protocol}|${tagged ?? ''}`;
      let cached = legCache.get(key);
      if (!cached) {
        cached = legsOf(index, table, fabric, id, protocol, tagged);
        legCache.set(key, cached);
      }
      return cached;
    });

  const evaluate = (initiator: Initiator, portal: Portal): Evaluation => {
    if (initiator.protocol !== portal.protocol) return { ok: false, reason: 'protocol-mismatch' };
    const hostLegs = legs(initiator.phys, initiator.protocol);
    const arrayLegs = legs(portal.phys, portal.protocol);
    const sameSubnet =
      initiator.protocol === 'fc' || initiator.ips.some((i) => portal.ips.some((p) => p.subnet === i.subnet));
    if (initiator.protocol === 'iscsi' && (initiator.ips.length === 0 || portal.ips.length === 0)) {
      return { ok: false, reason: 'no-address' };
    }
    if (hostLegs.length === 0 || arrayLegs.length === 0) return { ok: false, reason: 'not-cabled' };
    const layer2 = findLayer2(fabric, hostLegs, arrayLegs);
    if (sameSubnet) {
      if (layer2) return { ok: true, hostLegs, arrayLegs, reach: layer2, routed: false };
      return { ok: false, reason: joinedIgnoringVlans(fabric, hostLegs, arrayLegs) ? 'vlan-mismatch' : 'no-layer2' };
    }
    const routed = findRouted(fabric, hostLegs, arrayLegs);
    if (routed) return { ok: true, hostLegs, arrayLegs, reach: routed, routed: true };
    return {
      ok: false,
      reason: layer2 || joinedIgnoringVlans(fabric, hostLegs, arrayLegs) ? 'different-subnet' : 'no-layer2',
    };
  };

  const paths: IoPath[] = [];
  const routes = new Map<string, PathRoute>();
  const unreachable: UnreachableConnection[] = [];
  const idCount = new Map<string, number>();
  const add = (initiator: Initiator, portal: Portal, ok: Extract<Evaluation, { ok: true }>, host: string, extra: Partial<IoPath>): void => {
    const base = `${initiator.id}->${portal.id}`;
    const count = (idCount.get(base) ?? 0) + 1;
    idCount.set(base, count);
    const id = count === 1 ? base : `${base}#${count}`;
    const route = describeRoute(index, table, fabric, initiator, portal, ok);
    const path: IoPath = {
      id,
      host,
      array: portal.array,
      initiator: initiator.id,
      initiatorKind: initiator.kind,
      portal: portal.id,
      portalKind: portal.kind,
      controller: portal.controller,
      protocol: portal.protocol,
      hops: route.hops,
      dependsOn: route.dependsOn,
      mcs: false,
      derived: true,
      routed: ok.routed,
      capacityMbps: route.capacityMbps,
      speedKnown: route.speedKnown,
      ...extra,
    };
    if (initiator.kind === 'team') path.viaTeam = initiator.id;
    if (portal.kind === 'trunk') path.viaTrunk = portal.id;
    paths.push(path);
    routes.set(id, route.route);
  };

  const initiatorCache = new Map<string, Initiator | undefined>();
  const portalCache = new Map<string, Portal | undefined>();
  const initiatorOf = (id: string): Initiator | undefined => {
    if (!initiatorCache.has(id)) initiatorCache.set(id, resolveInitiator(index, id));
    return initiatorCache.get(id);
  };
  const portalOf = (id: string): Portal | undefined => {
    if (!portalCache.has(id)) portalCache.set(id, resolvePortal(index, id));
    return portalCache.get(id);
  };

  // Written sessions.
  const written = new Set<string>();
  for (const session of index.model.sessions) {
    written.add(`${session.host.id}|${session.array.id}`);
    addSession(session);
  }
  function addSession(session: Session): void {
    session.connections.forEach((connection, i) => {
      const initiator = initiatorOf(connection.initiator.id);
      const portal = portalOf(connection.portal.id);
      const fail = (reason: UnreachableReason): void => {
        unreachable.push({
          session: session.id,
          connection: i,
          host: session.host.id,
          initiator: connection.initiator.id,
          portal: connection.portal.id,
          reason,
          span: connection.span,
        });
      };
      if (!initiator || !portal) return fail('protocol-mismatch');
      const result = evaluate(initiator, portal);
      if (!result.ok) return fail(result.reason);
      const extra: Partial<IoPath> = {
        session: session.id,
        connection: i,
        mcs: session.connections.length > 1,
        span: connection.span,
        derived: false,
      };
      if (session.volume) extra.volume = session.volume.id;
      add(initiator, portal, result, session.host.id, extra);
    });
  }

  // Derived paths, per host and per array with a volume mapped to the host.
  const everyHostArrays = new Set<string>();
  const mappedArrays = new Map<string, Set<string>>();
  for (const array of index.model.arrays) {
    for (const volume of array.volumes) {
      if (!volume.hosts) everyHostArrays.add(array.id);
      else
        for (const host of volume.hosts) {
          let set = mappedArrays.get(host.id);
          if (!set) mappedArrays.set(host.id, (set = new Set()));
          set.add(array.id);
        }
    }
  }
  const portalsByArray = new Map<string, Portal[]>();
  for (const array of index.model.arrays) {
    const portals: Portal[] = [];
    for (const controller of array.controllers) {
      for (const port of controller.ports) {
        if (port.protocol === 'fc' || port.ips.length > 0) portals.push(portalOf(port.id)!);
      }
    }
    for (const trunk of array.trunks) if (trunk.ips.length > 0) portals.push(portalOf(trunk.id)!);
    portalsByArray.set(array.id, portals);
  }
  for (const host of index.model.hosts) {
    const initiators: Initiator[] = [];
    for (const nic of host.nics) if (nic.ips.length > 0) initiators.push(initiatorOf(nic.id)!);
    for (const team of host.teams) if (team.ips.length > 0) initiators.push(initiatorOf(team.id)!);
    for (const vmk of host.vmks) if (vmk.ips.length > 0) initiators.push(initiatorOf(vmk.id)!);
    for (const hba of host.hbas) initiators.push(initiatorOf(hba.id)!);
    if (initiators.length === 0) continue;
    const arrays = new Set([...everyHostArrays, ...(mappedArrays.get(host.id) ?? [])]);
    for (const array of index.model.arrays) {
      if (!arrays.has(array.id)) continue;
      const iscsiWritten = written.has(`${host.id}|${array.id}`);
      for (const initiator of initiators) {
        if (initiator.protocol === 'iscsi' && iscsiWritten) continue;
        const local: [Portal, Extract<Evaluation, { ok: true }>][] = [];
        const remote: [Portal, Extract<Evaluation, { ok: true }>][] = [];
        for (const portal of portalsByArray.get(array.id)!) {
          if (portal.protocol !== initiator.protocol) continue;
          const result = evaluate(initiator, portal);
          if (result.ok) (result.routed ? remote : local).push([portal, result]);
        }
        for (const [portal, result] of local.length > 0 ? local : remote) add(initiator, portal, result, host.id, {});
      }
    }
  }

  paths.sort((a, b) => compareStrings(a.id, b.id));
  return { paths, routes, unreachable };
}

function resolveInitiator(index: ModelIndex, id: string): Initiator | undefined {
  const nic = index.nics.get(id);
  if (nic) return { id, kind: 'nic', ips: nic.ips, phys: [{ id, tagged: nic.vlan }], protocol: 'iscsi' };
  const team = index.teams.get(id);
  if (team) {
    const phys = team.members.map((m) => ({ id: m.id, tagged: team.vlan ?? index.nics.get(m.id)?.vlan }));
    return { id, kind: 'team', ips: team.ips, phys, protocol: 'iscsi' };
  }
  const vmk = index.vmks.get(id);
  if (vmk) {
    const uplinks = [...vmk.active, ...vmk.standby].map((m) => ({ id: m.id, tagged: vmk.vlan ?? index.nics.get(m.id)?.vlan }));
    return { id, kind: 'vmk', ips: vmk.ips, phys: uplinks, protocol: 'iscsi' };
  }
  if (index.hbas.has(id)) return { id, kind: 'hba', ips: [], phys: [{ id, tagged: undefined }], protocol: 'fc' };
  return undefined;
}

function resolvePortal(index: ModelIndex, id: string): Portal | undefined {
  const port = index.arrayPorts.get(id);
  if (port) {
    return {
      id,
      kind: 'array-port',
      array: port.array,
      controller: port.controller,
      ips: port.ips,
      phys: [{ id, tagged: port.protocol === 'fc' ? undefined : port.vlan }],
      protocol: port.protocol,
    };
  }
  const trunk = index.trunks.get(id);
  if (trunk) {
    const first = trunk.members.length > 0 ? index.arrayPorts.get(trunk.members[0]!.id) : undefined;
    const phys = trunk.members.map((m) => ({ id: m.id, tagged: trunk.vlan ?? index.arrayPorts.get(m.id)?.vlan }));
    return {
      id,
      kind: 'trunk',
      array: trunk.array,
      controller: first?.controller ?? `${trunk.array}`,
      ips: trunk.ips,
      phys,
      protocol: 'iscsi',
    };
  }
  return undefined;
}

interface RouteDescription {
  hops: Hop[];
  dependsOn: string[];
  capacityMbps: number;
  speedKnown: boolean;
  route: PathRoute;
}

function describeRoute(
  index: ModelIndex,
  table: ComponentTable,
  fabric: Fabric,
  initiator: Initiator,
  portal: Portal,
  ok: Extract<Evaluation, { ok: true }>,
): RouteDescription {
  const { hostLegs, arrayLegs, routed, reach } = ok;
  const hops: Hop[] = [];
  const hop = (id: string, kind: Hop['kind']): void => {
    hops.push({ id, kind, label: kind === 'link' ? (table.byId.get(id)?.label ?? id) : id });
  };
  hop(initiator.id, initiator.kind);
  if (initiator.kind === 'team' || initiator.kind === 'vmk') hop(reach.host.phys, 'nic');
  hop(reach.host.link, 'link');
  const speeds = [reach.host.capacityMbps, reach.array.capacityMbps];
  if (reach.kind === 'fabric') {
    const steps = fabric.route([reach.host.switch!, reach.host.layer], [reach.array.switch!, reach.array.layer], routed) ?? [];
    for (const step of steps) {
      if (step.link !== undefined) {
        hop(step.link, 'link');
        speeds.push(index.links.get(step.link)?.speedMbps);
      }
      hop(step.switch, 'switch');
    }
    hop(reach.array.link, 'link');
  }
  hop(reach.array.phys, 'array-port');
  if (portal.kind === 'trunk') hop(portal.id, 'trunk');
  hop(index.arrayPorts.get(reach.array.phys)?.controller ?? portal.controller, 'controller');

  const known = speeds.filter((s): s is number => s !== undefined);
  const dependsOn = cutSet(fabric, hostLegs, arrayLegs, routed);
  const touches = new Set<string>(dependsOn);
  for (const leg of [...hostLegs, ...arrayLegs]) {
    for (const c of leg.components) touches.add(c);
    if (leg.switch !== undefined) touches.add(fabric.domainOf(leg.switch));
  }
  return {
    hops,
    dependsOn,
    capacityMbps: known.length > 0 ? Math.min(...known) : 0,
    speedKnown: known.length > 0,
    route: { hostLegs, arrayLegs, routed, primary: reach, touches },
  };
}

/**
 * Components whose single failure kills the path. Leg components (ports, cards, cables,
 * controllers) are tested by dropping the legs they belong to and asking the precomputed
 * connectivity; fabric components come from the fabric's cut for the attachment sets, cached and
 * shared by every path with the same attachments. Work per path is bounded by its own legs.
 */
export function cutSet(fabric: Fabric, hostLegs: Leg[], arrayLegs: Leg[], routed: boolean): string[] {
  const h = hostLegs.filter((l) => l.usable);
  const a = arrayLegs.filter((l) => l.usable);
  const reachable = (hs: Leg[], as: Leg[]): boolean =>
    (routed ? findRouted(fabric, hs, as) : findLayer2(fabric, hs, as)) !== undefined;
  const result = new Set<string>();
  const candidates = new Set<string>();
  for (const leg of [...h, ...a]) for (const c of leg.components) candidates.add(c);
  for (const candidate of candidates) {
    const hs = h.filter((l) => !l.components.includes(candidate));
    const as = a.filter((l) => !l.components.includes(candidate));
    if (!reachable(hs, as)) result.add(candidate);
  }
  const direct = !routed && h.some((x) => a.some((y) => directlyJoined(x, y)));
  if (!direct) for (const c of fabric.cut(attachments(h), attachments(a), routed)) result.add(c);
  return [...result].sort(compareStrings);
}
