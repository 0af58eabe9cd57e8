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
import type { Address, Host, Ip, Model, Session, StorageArray } from '../model/schema';
import { linkLabel } from './components';
import {
  attachments,
  directlyJoined,
  findLayer2,
  findRouted,
  joinedIgnoringVlans,
  legsJoined,
  legsOf,
  legsRouted,
  type Fabric,
  type Leg,
  type Reach,
} from './layer2';
import { compareStrings, type ModelIndex } from './modelIndex';
import { routeRefusal } from './routing';
import type { Hop, IoPath, UnreachableConnection, UnreachableReason } from './types';

/** The physical alternatives of one path, kept for failure simulation. */
export interface PathRoute {
  hostLegs: Leg[];
  arrayLegs: Leg[];
  routed: boolean;
  /** The legs of the primary route (the one shown in `hops`). */
  primary: Reach;
  /** Every component any alternative of the path uses (legs and the fabric cut), for quick filtering. */
  touches: Touches;
  /**
   * A float portal's legs once its controller has failed: the virtual port moves to a port of the
   * partner only then (`arrayLegs` are its own controller's ports, which a port failure moves it
   * between).
   */
  failover?: { controller: string; arrayLegs: Leg[] };
}

/** The array legs that can carry a path while `failed` components are down. */
export function arrayLegsUnder(route: PathRoute, failed: ReadonlySet<string>): Leg[] {
  return route.failover && failed.has(route.failover.controller) ? route.failover.arrayLegs : route.arrayLegs;
}

/**
 * The components a path touches: its two sides' leg components and landing-switch domains, shared
 * by every path of the same initiator or portal, plus the fabric cut, shared by equal attachments.
 */
export class Touches {
  constructor(
    private readonly host: ReadonlySet<string>,
    private readonly array: ReadonlySet<string>,
    private readonly fabricCut: readonly string[],
  ) {}

  has(id: string): boolean {
    return this.host.has(id) || this.array.has(id) || this.fabricCut.includes(id);
  }

  /** Every touched component; one may come more than once. */
  *ids(): Iterable<string> {
    yield* this.host;
    yield* this.array;
    yield* this.fabricCut;
  }
}

/** The cabled side of an initiator or portal, computed once and shared by all its paths. */
interface Side {
  legs: Leg[];
  usable: Leg[];
  /** Identity of the side's switch attachments, for caching fabric cuts. */
  attachmentKey: string;
  /** Leg components and landing-switch failure domains. */
  touches: Set<string>;
}

export interface PathSet {
  /** Sorted by id. */
  paths: IoPath[];
  routes: Map<string, PathRoute>;
  /** In the order their sessions are written. */
  unreachable: UnreachableConnection[];
}

interface Initiator {
  id: string;
  kind: 'nic' | 'team' | 'vmk' | 'hba';
  host: string;
  ips: Ip[];
  gateway?: Address;
  /** Physical ports carrying it, with the VLAN the interface tags. */
  phys: { id: string; tagged: number | undefined }[];
  protocol: 'iscsi' | 'fc';
}

interface Portal {
  id: string;
  kind: 'array-port' | 'trunk' | 'portal';
  array: string;
  controller: string;
  ips: Ip[];
  gateway?: Address;
  phys: { id: string; tagged: number | undefined }[];
  protocol: 'iscsi' | 'fc';
  /** A float portal's ports on other controllers too, where it moves when `controller` fails. */
  failover?: Portal;
}

/** An unreached portal whose reason nobody asked for. */
const unexplained: Evaluation = { ok: false, reason: 'no-layer2' };

type Evaluation =
  | { ok: true; hostSide: Side; arraySide: Side; reach: Reach; routed: boolean }
  | { ok: false; reason: UnreachableReason };

/**
 * Path finding over one version of the shared topology (switches, arrays, inter-switch and array
 * cables): what every host's paths share — the portals, their cabled sides, routes and cuts through
 * the fabric — is worked out once and kept while that topology is unchanged, so finding one host's
 * paths costs that host's work only.
 */
export class PathFinder {
  /** The portals of each array that an initiator may log in to, in model order. */
  readonly portalsByArray = new Map<string, Portal[]>();
  private readonly portals = new Map<string, Portal | undefined>();
  private readonly portalSides = new Map<Portal, Side>();
  private readonly routes: SharedRoutes = { fabricCuts: new Map(), fabricHops: new Map(), hops: new Map() };

  /** `index`: the model the shared topology was read from; only its shared parts are used. */
  constructor(
    private readonly index: ModelIndex,
    readonly fabric: Fabric,
  ) {
    for (const array of index.model.arrays) this.portalsByArray.set(array.id, discoveredPortals(array).map((id) => this.portalOf(id)!));
  }

  portalOf(id: string): Portal | undefined {
    if (!this.portals.has(id)) this.portals.set(id, resolvePortal(this.index, id));
    return this.portals.get(id);
  }

  /** A float portal's side once its controller failed, for the paths to it. */
  private failoverSide(portal: Portal): Side | undefined {
    return portal.failover && this.portalSide(portal.failover);
  }

  private portalSide(portal: Portal): Side {
    let side = this.portalSides.get(portal);
    if (!side) {
      side = sideOf(this.index, this.fabric, portal);
      this.portalSides.set(portal, side);
    }
    return side;
  }

  /**
   * The paths of one host of the model `index` describes: one per connection of its written
   * sessions (in model order), then those derived towards each array in `arrays` (the arrays with a
   * volume mapped to it, in model order) that no session of it reaches over iSCSI.
   */
  hostPaths(index: ModelIndex, host: Host, sessions: readonly Session[], arrays: readonly string[]): PathSet {
    const fabric = this.fabric;
    const hostSides = new Map<Initiator, Side>();
    const hostSide = (initiator: Initiator): Side => {
      let side = hostSides.get(initiator);
      if (!side) {
        side = sideOf(index, fabric, initiator);
        hostSides.set(initiator, side);
      }
      return side;
    };

    // `explain` false: the caller keeps only reached portals, so an unreached one needs no reason.
    const evaluate = (initiator: Initiator, portal: Portal, explain: boolean): Evaluation => {
      if (initiator.protocol !== portal.protocol) return { ok: false, reason: 'protocol-mismatch' };
      const initiatorSide = hostSide(initiator);
      const portalSide = this.portalSide(portal);
      const hostLegs = initiatorSide.legs;
      const arrayLegs = portalSide.legs;
      const sameSubnet =
        initiator.protocol === 'fc' || initiator.ips.some((i) => portal.ips.some((p) => p.subnet === i.subnet));
      if (initiator.protocol === 'iscsi' && (initiator.ips.length === 0 || portal.ips.length === 0)) {
        return { ok: false, reason: 'no-address' };
      }
      if (hostLegs.length === 0 || arrayLegs.length === 0) return { ok: false, reason: 'not-cabled' };
      if (sameSubnet) {
        const layer2 = findLayer2(fabric, hostLegs, arrayLegs);
        if (layer2) return { ok: true, hostSide: initiatorSide, arraySide: portalSide, reach: layer2, routed: false };
        if (!explain) return unexplained;
        return { ok: false, reason: joinedIgnoringVlans(fabric, hostLegs, arrayLegs) ? 'vlan-mismatch' : 'no-layer2' };
      }
      const routed = findRouted(fabric, hostLegs, arrayLegs);
      if (routed) {
        const refusal = routeRefusal(index, initiator.host, initiator, portal.array, portal);
        if (!refusal) return { ok: true, hostSide: initiatorSide, arraySide: portalSide, reach: routed, routed: true };
        return explain ? { ok: false, reason: refusal } : unexplained;
      }
      if (!explain) return unexplained;
      return {
        ok: false,
        reason:
          findLayer2(fabric, hostLegs, arrayLegs) || joinedIgnoringVlans(fabric, hostLegs, arrayLegs)
            ? 'different-subnet'
            : 'no-layer2',
      };
    };

    const paths: IoPath[] = [];
    const routes = new Map<string, PathRoute>();
    const unreachable: UnreachableConnection[] = [];
    const idCount = new Map<string, number>();
    const add = (initiator: Initiator, portal: Portal, ok: Extract<Evaluation, { ok: true }>, extra: Partial<IoPath>): void => {
      const base = `${initiator.id}->${portal.id}`;
      const count = (idCount.get(base) ?? 0) + 1;
      idCount.set(base, count);
      const id = count === 1 ? base : `${base}#${count}`;
      const route = describeRoute(index, fabric, this.routes, initiator, portal, ok, this.failoverSide(portal));
      const path: IoPath = {
        id,
        host: host.id,
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

    const initiators = new Map<string, Initiator | undefined>();
    const initiatorOf = (id: string): Initiator | undefined => {
      if (!initiators.has(id)) initiators.set(id, resolveInitiator(index, id));
      return initiators.get(id);
    };

    // Written sessions.
    const written = new Set<string>();
    for (const session of sessions) {
      written.add(session.array.id);
      session.connections.forEach((connection, i) => {
        const initiator = initiatorOf(connection.initiator.id);
        const portal = this.portalOf(connection.portal.id);
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
        const result = evaluate(initiator, portal, true);
        if (!result.ok) return fail(result.reason);
        const extra: Partial<IoPath> = {
          session: session.id,
          connection: i,
          mcs: session.connections.length > 1,
          span: connection.span,
          derived: false,
        };
        if (session.volume) extra.volume = session.volume.id;
        const discovery = index.portals.get(portal.id);
        if (discovery?.mode !== 'discovery') return add(initiator, portal, result, extra);
        // Send targets: the address answers with the portals behind it, and the initiator logs in
        // to each it reaches (in its subnet, or through a router when it reaches none there).
        const local: [Portal, Extract<Evaluation, { ok: true }>][] = [];
        const remote: [Portal, Extract<Evaluation, { ok: true }>][] = [];
        for (const behind of discovery.ports) {
          const target = this.portalOf(behind.id);
          const reached = target && evaluate(initiator, target, false);
          if (target && reached?.ok) (reached.routed ? remote : local).push([target, reached]);
        }
        const logins = local.length > 0 ? local : remote;
        if (logins.length === 0) {
          const first = discovery.ports.length > 0 ? this.portalOf(discovery.ports[0]!.id) : undefined;
          const why = first ? evaluate(initiator, first, true) : undefined;
          return fail(why && !why.ok ? why.reason : 'no-address');
        }
        for (const [target, reached] of logins) add(initiator, target, reached, { ...extra, viaDiscovery: discovery.id });
      });
    }

    // Derived paths, per array with a volume mapped to the host.
    const hostInitiators: Initiator[] = [];
    for (const nic of host.nics) if (nic.ips.length > 0) hostInitiators.push(initiatorOf(nic.id)!);
    for (const team of host.teams) if (team.ips.length > 0) hostInitiators.push(initiatorOf(team.id)!);
    for (const vmk of host.vmks) if (vmk.ips.length > 0) hostInitiators.push(initiatorOf(vmk.id)!);
    for (const hba of host.hbas) hostInitiators.push(initiatorOf(hba.id)!);
    for (const array of hostInitiators.length > 0 ? arrays : []) {
      const iscsiWritten = written.has(array);
      for (const initiator of hostInitiators) {
        if (initiator.protocol === 'iscsi' && iscsiWritten) continue;
        const local: [Portal, Extract<Evaluation, { ok: true }>][] = [];
        const remote: [Portal, Extract<Evaluation, { ok: true }>][] = [];
        for (const portal of this.portalsByArray.get(array) ?? []) {
          if (portal.protocol !== initiator.protocol) continue;
          const result = evaluate(initiator, portal, false);
          if (result.ok) (result.routed ? remote : local).push([portal, result]);
        }
        for (const [portal, result] of local.length > 0 ? local : remote) add(initiator, portal, result, {});
      }
    }

    unreachable.sort((a, b) => a.span.start - b.span.start || a.connection - b.connection);
    paths.sort((a, b) => compareStrings(a.id, b.id));
    return { paths, routes, unreachable };
  }
}

/**
 * What an initiator logs in to when no session says: every FC port, and every iSCSI portal that
 * discovery returns, in model order. A port behind a group IP or virtual port is reached at that
 * address (an EqualLogic group returns its group IP, a Dell SC control port its virtual ports), so
 * the redirect and float portals stand for their ports.
 */
export function discoveredPortals(array: StorageArray): string[] {
  const behind = new Set(array.portals.filter((portal) => portal.mode !== 'discovery').flatMap((portal) => portal.ports.map((ref) => ref.id)));
  const ids: string[] = [];
  for (const controller of array.controllers) {
    for (const port of controller.ports) if (port.protocol === 'fc' || (port.ips.length > 0 && !behind.has(port.id))) ids.push(port.id);
  }
  for (const trunk of array.trunks) if (trunk.ips.length > 0) ids.push(trunk.id);
  for (const portal of array.portals) if (portal.mode !== 'discovery' && portal.ips.length > 0 && portal.ports.length > 0) ids.push(portal.id);
  return ids;
}

/** The written sessions of each host, in model order. */
export function sessionsByHost(model: Model): Map<string, Session[]> {
  const byHost = new Map<string, Session[]>();
  for (const session of model.sessions) {
    const list = byHost.get(session.host.id);
    if (list) list.push(session);
    else byHost.set(session.host.id, [session]);
  }
  return byHost;
}

/** The cabled side of an initiator or portal. */
function sideOf(index: ModelIndex, fabric: Fabric, end: Initiator | Portal): Side {
  const legs = end.phys.flatMap(({ id, tagged }) => legsOf(index, fabric, id, end.protocol, tagged));
  const touches = new Set<string>();
  for (const leg of legs) {
    for (const c of leg.components) touches.add(c);
    if (leg.switch !== undefined) touches.add(fabric.domainOf(leg.switch));
  }
  const attachmentKey = attachments(legs)
    .map(([sw, layer]) => `${sw}\u0000${layer}`)
    .join('\u0001');
  return { legs, usable: legs.filter((l) => l.usable), attachmentKey, touches };
}

function resolveInitiator(index: ModelIndex, id: string): Initiator | undefined {
  const nic = index.nics.get(id);
  if (nic) return withGateway<Initiator>({ id, kind: 'nic', host: nic.host, ips: nic.ips, phys: [{ id, tagged: nic.vlan }], protocol: 'iscsi' }, nic.gateway);
  const team = index.teams.get(id);
  if (team) {
    const phys = team.members.map((m) => ({ id: m.id, tagged: team.vlan ?? index.nics.get(m.id)?.vlan }));
    return withGateway<Initiator>({ id, kind: 'team', host: team.host, ips: team.ips, phys, protocol: 'iscsi' }, team.gateway);
  }
  const vmk = index.vmks.get(id);
  if (vmk) {
    const uplinks = [...vmk.active, ...vmk.standby].map((m) => ({ id: m.id, tagged: vmk.vlan ?? index.nics.get(m.id)?.vlan }));
    return withGateway<Initiator>({ id, kind: 'vmk', host: vmk.host, ips: vmk.ips, phys: uplinks, protocol: 'iscsi' }, vmk.gateway);
  }
  const hba = index.hbas.get(id);
  if (hba) return { id, kind: 'hba', host: hba.host, ips: [], phys: [{ id, tagged: undefined }], protocol: 'fc' };
  return undefined;
}

function withGateway<T extends { gateway?: Address }>(end: T, gateway: Address | undefined): T {
  if (gateway) end.gateway = gateway;
  return end;
}

function resolvePortal(index: ModelIndex, id: string): Portal | undefined {
  const port = index.arrayPorts.get(id);
  if (port) {
    return withGateway<Portal>({
      id,
      kind: 'array-port',
      array: port.array,
      controller: port.controller,
      ips: port.ips,
      phys: [{ id, tagged: port.protocol === 'fc' ? undefined : port.vlan }],
      protocol: port.protocol,
    }, port.gateway);
  }
  const portal = index.portals.get(id);
  if (portal) {
    // Carried by one of its ports at a time: the first while nothing has failed, another after. A
    // redirect group moves between any of them (vertical port failover takes a link failure to
    // the standby controller's port); a float portal moves between its own controller's ports
    // when a port fails and to the partner's only when its controller fails.
    const ports = portal.ports.map((ref) => index.arrayPorts.get(ref.id)!);
    const controller = ports[0]?.controller ?? portal.array;
    const gateway = ports.find((port) => port.gateway !== undefined)?.gateway;
    const over = (carriers: typeof ports): Portal =>
      withGateway<Portal>({ id, kind: 'portal', array: portal.array, controller, ips: portal.ips, phys: carriers.map((port) => ({ id: port.id, tagged: port.vlan })), protocol: 'iscsi' }, gateway);
    const own = ports.filter((port) => port.controller === controller);
    if (portal.mode !== 'float' || own.length === ports.length) return over(ports);
    const result = over(own);
    result.failover = over(ports);
    return result;
  }
  const trunk = index.trunks.get(id);
  if (trunk) {
    const first = trunk.members.length > 0 ? index.arrayPorts.get(trunk.members[0]!.id) : undefined;
    const phys = trunk.members.map((m) => ({ id: m.id, tagged: trunk.vlan ?? index.arrayPorts.get(m.id)?.vlan }));
    return withGateway<Portal>({
      id,
      kind: 'trunk',
      array: trunk.array,
      controller: first?.controller ?? `${trunk.array}`,
      ips: trunk.ips,
      phys,
      protocol: 'iscsi',
    }, trunk.gateway);
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

/** Route parts that depend only on attachments, shared by every path with the same ones. */
interface SharedRoutes {
  fabricCuts: Map<string, string[]>;
  /** Hops through the fabric between two attachments, with the slowest declared link speed. */
  fabricHops: Map<string, { hops: Hop[]; slowestMbps: number | undefined }>;
  /** One object per hop, by id: a NIC, cable or controller is a hop of many paths (7 MB at 5,000 hosts). */
  hops: Map<string, Hop>;
}

function describeRoute(
  index: ModelIndex,
  fabric: Fabric,
  shared: SharedRoutes,
  initiator: Initiator,
  portal: Portal,
  ok: Extract<Evaluation, { ok: true }>,
  failoverSide: Side | undefined,
): RouteDescription {
  const { hostSide, arraySide, routed, reach } = ok;
  const hops: Hop[] = [];
  const hop = (id: string, kind: Hop['kind']): void => {
    hops.push(hopOf(index, shared, id, kind));
  };
  hop(initiator.id, initiator.kind);
  if (initiator.kind === 'team' || initiator.kind === 'vmk') hop(reach.host.phys, 'nic');
  hop(reach.host.link, 'link');
  let slowest = minDefined(reach.host.capacityMbps, reach.array.capacityMbps);
  if (reach.kind === 'fabric') {
    const through = fabricHops(index, fabric, shared, reach, routed);
    for (const h of through.hops) hops.push(h);
    slowest = minDefined(slowest, through.slowestMbps);
    hop(reach.array.link, 'link');
  }
  hop(reach.array.phys, 'array-port');
  if (portal.kind === 'trunk' || portal.kind === 'portal') hop(portal.id, portal.kind);
  hop(index.arrayPorts.get(reach.array.phys)?.controller ?? portal.controller, 'controller');

  const cut = cutSet(fabric, shared, hostSide, arraySide, routed);
  const route: PathRoute = {
    hostLegs: hostSide.legs,
    arrayLegs: arraySide.legs,
    routed,
    primary: reach,
    touches: new Touches(hostSide.touches, arraySide.touches, cut.fabricCut),
  };
  let dependsOn = cut.dependsOn;
  if (failoverSide && portal.failover) {
    // The controller's failure moves a float portal to the partner's ports: it kills the path
    // only when none of those reaches the initiator either.
    const home = portal.controller;
    const after = cutSet(fabric, shared, hostSide, failoverSide, routed);
    if (!after.dependsOn.includes(home)) dependsOn = dependsOn.filter((id) => id !== home);
    route.failover = { controller: home, arrayLegs: failoverSide.legs };
    route.touches = new Touches(hostSide.touches, new Set([...arraySide.touches, ...failoverSide.touches]), [...cut.fabricCut, ...after.fabricCut]);
  }
  return { hops, dependsOn, capacityMbps: slowest ?? 0, speedKnown: slowest !== undefined, route };
}

/**
 * The one hop object of an element; model ids are unique across kinds, so the id alone keys it (a
 * cable's id names its two ends, so its label cannot change while the id stays).
 */
function hopOf(index: ModelIndex, shared: SharedRoutes, id: string, kind: Hop['kind']): Hop {
  let known = shared.hops.get(id);
  if (!known) {
    const link = kind === 'link' ? index.links.get(id) : undefined;
    known = { id, kind, label: link ? linkLabel(link) : id };
    shared.hops.set(id, known);
  }
  return known;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}

/** The switch and inter-switch link hops between a fabric reach's two landing switches. */
function fabricHops(
  index: ModelIndex,
  fabric: Fabric,
  shared: SharedRoutes,
  reach: Extract<Reach, { kind: 'fabric' }>,
  routed: boolean,
): { hops: Hop[]; slowestMbps: number | undefined } {
  const from = reach.host;
  const to = reach.array;
  const key = `${routed ? 'r' : 'l'}\u0000${from.switch}\u0000${from.layer}\u0000${to.switch}\u0000${to.layer}`;
  let cached = shared.fabricHops.get(key);
  if (cached) return cached;
  const hops: Hop[] = [];
  let slowestMbps: number | undefined;
  for (const step of fabric.route([from.switch!, from.layer], [to.switch!, to.layer], routed) ?? []) {
    if (step.link !== undefined) {
      hops.push(hopOf(index, shared, step.link, 'link'));
      slowestMbps = minDefined(slowestMbps, index.links.get(step.link)?.speedMbps);
    }
    hops.push(hopOf(index, shared, step.switch, 'switch'));
  }
  cached = { hops, slowestMbps };
  shared.fabricHops.set(key, cached);
  return cached;
}

/**
 * Components whose single failure kills the path. A path survives a failure while some pair of
 * usable host and array legs that reach each other both avoid the failed component, so the leg
 * part of the cut is what every reaching pair uses. Fabric components come from the fabric's cut
 * for the attachment sets, cached and shared by every path with the same attachments. Work per
 * path is bounded by its own legs.
 */
function cutSet(
  fabric: Fabric,
  shared: SharedRoutes,
  hostSide: Side,
  arraySide: Side,
  routed: boolean,
): { dependsOn: string[]; fabricCut: readonly string[] } {
  let legCut: string[] | undefined;
  let direct = false;
  for (const h of hostSide.usable) {
    for (const a of arraySide.usable) {
      if (!routed && directlyJoined(h, a)) direct = true;
      if (!(routed ? legsRouted(fabric, h, a) : legsJoined(fabric, h, a))) continue;
      legCut = (legCut ?? [...h.components, ...a.components]).filter(
        (c) => h.components.includes(c) || a.components.includes(c),
      );
    }
  }
  const result = new Set<string>();
  if (legCut) for (const c of legCut) result.add(c);
  else for (const leg of [...hostSide.usable, ...arraySide.usable]) for (const c of leg.components) result.add(c);
  let fabricCut: readonly string[] = [];
  if (!direct) {
    const key = `${routed ? 'r' : 'l'}\u0002${hostSide.attachmentKey}\u0002${arraySide.attachmentKey}`;
    let cut = shared.fabricCuts.get(key);
    if (!cut) {
      cut = fabric.cut(attachments(hostSide.usable), attachments(arraySide.usable), routed);
      shared.fabricCuts.set(key, cut);
    }
    fabricCut = cut;
    for (const c of cut) result.add(c);
  }
  return { dependsOn: [...result].sort(compareStrings), fabricCut };
}
