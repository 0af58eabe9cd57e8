// The redundancy verdicts of every host ↔ volume pair, worked out per host and shared by the rules
// that report them, so that one root cause gives one diagnostic. Precedence, per pair:
//
// 1. `no-path` reports a pair with no path at all, when the volume names the host and no written
//    session explains it (`unreachable-portal` does that). `iscsi-over-team` explains a pair whose
//    only path rides a host team (the team is why there is one session); otherwise `single-path`
//    reports a pair with one path.
// 2. `fc-single-fabric` reports a host whose FC paths all stay in one fabric; `single-switch` then
//    leaves those FC pairs alone. Otherwise `single-switch` reports the switches (or stacks) that
//    every path crosses.
// 3. `no-optimized-path` reports a pair none of whose paths reaches the owning controller;
//    otherwise `single-controller` reports a pair whose paths all end on one controller of a
//    multi-controller array and cannot move to another, unless they all go to redirect or float
//    portals whose ports are all on that controller or whose partner ports are in another
//    broadcast domain, which `portal-no-failover` and `portal-split-domain` report.
// 4. `shared-nic` reports the host NICs or HBAs (or, when no single port is shared, the cards)
//    every path of a multi-path pair leaves through.
// 5. `spof` reports what is left of the pair's single points of failure after removing what the
//    rules above explain: the switches, controllers, NICs and HBAs they name, the cards those
//    ports sit on, the cables attached to those, and every component of a pair that has at most
//    one path.
//
// The precedence does not depend on settings: switching `single-switch` off does not move its
// findings to `spof`.
import type { HostPart } from '../analysis/hostAnalysis';
import type { ModelIndex } from '../analysis/modelIndex';
import type { IoPath, NetworkAnalysis, PairAnalysis } from '../analysis/types';
import type { Host } from '../model/schema';
import type { RuleContext } from './rule';
import { stuckController } from './portal-no-failover';
import { splitPorts } from './portal-split-domain';
import { KeptPerHost, modelIndex, unique } from './util';

export interface PairVerdict {
  pair: PairAnalysis;
  paths: IoPath[];
  /** One path, riding this team: reported by `iscsi-over-team`. */
  teamExplains?: string;
  /** `no-path`: the volume names the host, which has no path to it and no written session saying why. */
  noPath?: true;
  /** `single-path`: the pair has one path, riding no team. */
  singlePath?: true;
  /** `single-switch`: switch or stack component ids every path crosses. */
  singleSwitches: string[];
  /** `single-controller`: the one controller every path ends on. */
  singleController?: string;
  /** `portal-no-failover`, `portal-split-domain`: the one controller every path ends on, through portals that cannot move off it. */
  portalExplains?: string;
  /** `no-optimized-path`: the controllers the paths end on, none of them the owner. */
  nonOptimizedControllers?: string[];
  /** `shared-nic`: NIC, HBA or card component ids every path leaves through. */
  sharedNics: string[];
  /** `spof`: single points of failure no other rule explains. */
  residualSpofs: string[];
}

/**
 * The verdicts of one host: of its pairs (sorted by volume), and the one fabric (switch fabric
 * name, or switch id) its FC paths stay in, for `fc-single-fabric`. They read the host's paths,
 * pairs and unreachable connections and the shared topology, which is what its part of the
 * analysis was worked out from; so they are kept while the part is the same, and a keystroke works
 * out those of the hosts it changed.
 */
export interface HostVerdicts {
  pairs: PairVerdict[];
  singleFabric: string | undefined;
}

const NO_VERDICTS: HostVerdicts = { pairs: [], singleFabric: undefined };

const verdictsOfHost = new KeptPerHost<HostVerdicts>();

/** The verdicts of each host that has pairs or FC paths, by host id. */
export function designVerdicts({ model, analysis }: RuleContext): ReadonlyMap<string, HostVerdicts> {
  return verdictsOfHost.of(analysis, (part) => {
    const verdicts = workedOut(modelIndex(model), analysis, part);
    return verdicts.pairs.length > 0 || verdicts.singleFabric !== undefined ? verdicts : undefined;
  });
}

export function hostVerdicts(context: RuleContext, host: Host): HostVerdicts {
  return designVerdicts(context).get(host.id) ?? NO_VERDICTS;
}

function workedOut(index: ModelIndex, analysis: NetworkAnalysis, part: HostPart): HostVerdicts {
  const fcPaths = part.paths.filter((p) => p.protocol === 'fc');
  const fabrics = unique(fcPaths.flatMap((path) => fabricsOf(index, analysis, path)));
  const singleFabric = fabrics.length === 1 ? fabrics[0] : undefined;

  const unreachableArrays = new Set(part.unreachable.map((u) => arrayOfPortal(index, u.portal)));

  const pairs = part.pairs.map((pair): PairVerdict => {
    const paths = pair.paths.map((id) => part.pathById.get(id)!);
    const spofs = pair.singlePointsOfFailure;
    const verdict: PairVerdict = { pair, paths, singleSwitches: [], sharedNics: [], residualSpofs: [] };
    if (paths.length === 0) {
      const volume = index.volumes.get(pair.volume);
      const namesHost = volume?.hosts?.some((ref) => ref.id === pair.host) ?? false;
      if (namesHost && !unreachableArrays.has(pair.array)) verdict.noPath = true;
      return verdict;
    }
    if (paths.length === 1) {
      if (paths[0].viaTeam && paths[0].protocol === 'iscsi') verdict.teamExplains = paths[0].viaTeam;
      else verdict.singlePath = true;
    }

    const fcOnly = paths.every((path) => path.protocol === 'fc');
    if (!(fcOnly && singleFabric !== undefined)) {
      verdict.singleSwitches = spofs.filter((id) => {
        const kind = analysis.componentById.get(id)?.kind;
        return kind === 'switch' || kind === 'stack';
      });
    }
    const controllers = unique(paths.map((path) => path.controller));
    const owner = index.volumes.get(pair.volume)?.owner?.id;
    const array = index.arrays.get(pair.array);
    if (pair.optimizedPaths.length === 0 && owner !== undefined) {
      verdict.nonOptimizedControllers = controllers;
    } else if (controllers.length === 1 && (array?.controllers.length ?? 0) >= 2 && spofs.includes(controllers[0]!)) {
      // A redirect or float portal's paths end on one controller but move to the partner's ports:
      // the controller is a single point of failure only when they cannot. When no port of the
      // portal is on the partner, or its partner ports are in another broadcast domain,
      // portal-no-failover or portal-split-domain names the cause.
      const portalCause = (path: IoPath): boolean => {
        const portal = index.portals.get(path.portal);
        return portal !== undefined && (stuckController(index, portal.id) === controllers[0] || splitPorts(analysis, portal.id, portal.mode) !== undefined);
      };
      if (paths.every(portalCause)) verdict.portalExplains = controllers[0];
      else verdict.singleController = controllers[0];
    }

    if (paths.length >= 2) {
      const nics = spofs.filter((id) => {
        const kind = analysis.componentById.get(id)?.kind;
        return kind === 'nic' || kind === 'hba';
      });
      // A card adds nothing when one of its ports is itself shared by every path: name the port.
      const cards = spofs.filter((id) => {
        const card = analysis.componentById.get(id);
        return card?.kind === 'card' && !(card.members ?? []).some((member) => nics.includes(member));
      });
      verdict.sharedNics = [...nics, ...cards];
    }

    if (paths.length >= 2) verdict.residualSpofs = spofs.filter((id) => !explained(index, analysis, verdict, id));
    return verdict;
  });
  return { pairs, singleFabric };
}

/** Whether a single point of failure of the pair is already named by a more specific rule. */
function explained(index: ModelIndex, analysis: NetworkAnalysis, verdict: PairVerdict, id: string): boolean {
  const named = new Set<string>([...verdict.singleSwitches, ...verdict.sharedNics]);
  for (const controller of [verdict.singleController, verdict.portalExplains, ...(verdict.nonOptimizedControllers ?? [])]) {
    if (controller !== undefined) named.add(controller);
  }
  if (named.has(id)) return true;
  const component = analysis.componentById.get(id);
  // The card a named NIC or HBA sits on fails with it: the same cause.
  if (component?.kind === 'card') return (component.members ?? []).some((member) => named.has(member));
  if (component?.kind !== 'link') {
    const port = index.arrayPorts.get(id);
    return port !== undefined && named.has(port.controller);
  }
  // A cable is explained when one of its ends is, or belongs to, a named component.
  const link = index.links.get(id);
  if (!link) return false;
  const namedSwitches = new Set(
    [...verdict.singleSwitches].flatMap((c) => analysis.componentById.get(c)?.members ?? [c]),
  );
  const namedNics = new Set([...verdict.sharedNics].flatMap((c) => analysis.componentById.get(c)?.members ?? [c]));
  const ends = [link.a, link.b];
  const switchEnds = ends.filter((end) => end.switch !== undefined && namedSwitches.has(end.switch));
  if (switchEnds.length === 2) return true;
  return ends.some((end) => {
    if (namedNics.has(end.ref.id)) return true;
    const port = index.arrayPorts.get(end.ref.id);
    return port !== undefined && named.has(port.controller);
  });
}

/** The fabrics an FC path crosses: each switch's fabric name, or its id when it names none. */
function fabricsOf(index: ModelIndex, analysis: NetworkAnalysis, path: IoPath): string[] {
  return path.hops.flatMap((hop) => {
    if (hop.kind === 'switch') return [index.switches.get(hop.id)?.fabric ?? hop.id];
    if (hop.kind === 'stack') {
      const members = analysis.componentById.get(hop.id)?.members ?? [];
      return members.map((member) => index.switches.get(member)?.fabric ?? member);
    }
    return [];
  });
}

function arrayOfPortal(index: ModelIndex, portal: string): string | undefined {
  return index.arrayPorts.get(portal)?.array ?? index.trunks.get(portal)?.array ?? index.portals.get(portal)?.array;
}
