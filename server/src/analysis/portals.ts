// Where the ports behind a group address or virtual port land: the broadcast domains (per VLAN,
// the switches that reach each other at layer 2) their cables reach. A portal that moves to a port
// in another broadcast domain than its first moves where the hosts that logged in cannot follow.
import { internalsOf, type AnalysisInternals } from './failure';
import type { SharedTopology } from './hostAnalysis';
import { legsOf } from './layer2';
import type { NetworkAnalysis } from './types';

export interface PortLanding {
  port: string;
  /** The switches its usable cables land on. */
  switches: string[];
  /** Their broadcast domains (a VLAN and the switches joined in it): ports in one domain share one. */
  domains: string[];
}

/**
 * Per shared topology, per portal: the landings read the array's ports, their cables and the
 * switches, all of the shared topology, and the redundancy verdicts ask them for every pair of a
 * portal design.
 */
const landingsOf = new WeakMap<SharedTopology, Map<string, PortLanding[]>>();

/** The landing of each cabled port behind a portal, in the order the portal lists them. */
export function portalLandings(analysis: NetworkAnalysis, portalId: string): PortLanding[] {
  const inner = internalsOf(analysis);
  if (!inner) return [];
  let ofShared = landingsOf.get(inner.shared);
  if (!ofShared) landingsOf.set(inner.shared, (ofShared = new Map()));
  let landings = ofShared.get(portalId);
  if (!landings) ofShared.set(portalId, (landings = landingsOfPortal(inner, portalId)));
  return landings;
}

function landingsOfPortal(inner: AnalysisInternals, portalId: string): PortLanding[] {
  const portal = inner.index.portals.get(portalId);
  if (!portal) return [];
  const landings: PortLanding[] = [];
  for (const ref of portal.ports) {
    const port = inner.index.arrayPorts.get(ref.id);
    const legs = (port ? legsOf(inner.index, inner.fabric, port.id, 'iscsi', port.vlan) : []).filter((leg) => leg.usable && leg.switch !== undefined);
    if (legs.length === 0) continue;
    const switches = [...new Set(legs.map((leg) => leg.switch!))];
    const domains = [...new Set(legs.flatMap((leg) => {
      const label = inner.fabric.label(leg.switch!, leg.layer);
      return label >= 0 ? [`${leg.layer}/${label}`] : [];
    }))];
    landings.push({ port: ref.id, switches, domains });
  }
  return landings;
}
