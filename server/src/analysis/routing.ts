// Whether the ends of a path in different subnets would send to each other through a router, as
// their routing is written: a host's static routes and its interfaces' gateways, an array port's
// or trunk's gateway. A host (or array) that writes no gateway and no route leaves its routing
// undescribed and is taken to reach every routed subnet, as before routes could be written.
import type { Address, Ip } from '../model/schema';
import { inNetwork } from '../model/values';
import type { ModelIndex } from './modelIndex';
import type { UnreachableReason } from './types';

/** An end of a path as routing sees it: its addresses and its own gateway. */
export interface RoutedEnd {
  id: string;
  ips: readonly Ip[];
  gateway?: Address;
}

/**
 * Why the initiator and the portal would not send to each other through a router, or undefined
 * when both would: the host's longest matching route leaves through the initiator (its gateway is
 * in the initiator's subnet), or with no matching route the initiator has a gateway of its own; and
 * the portal has a gateway whenever its array writes any.
 */
export function routeRefusal(index: ModelIndex, hostId: string, initiator: RoutedEnd, arrayId: string, portal: RoutedEnd): UnreachableReason | undefined {
  if (hostDescribesRouting(index, hostId) && !hostRoutesThrough(index, hostId, initiator, portal)) return 'no-host-route';
  if (arrayDescribesRouting(index, arrayId) && portal.gateway === undefined) return 'no-array-route';
  return undefined;
}

const describesRouting = new WeakMap<object, boolean>();

function hostDescribesRouting(index: ModelIndex, hostId: string): boolean {
  const host = index.hosts.get(hostId);
  if (!host) return false;
  let described = describesRouting.get(host);
  if (described === undefined) {
    described = host.routes.length > 0 || [...host.nics, ...host.teams, ...host.vmks].some((iface) => iface.gateway !== undefined);
    describesRouting.set(host, described);
  }
  return described;
}

function arrayDescribesRouting(index: ModelIndex, arrayId: string): boolean {
  const array = index.arrays.get(arrayId);
  if (!array) return false;
  let described = describesRouting.get(array);
  if (described === undefined) {
    described = array.trunks.some((trunk) => trunk.gateway !== undefined) || array.controllers.some((c) => c.ports.some((port) => port.gateway !== undefined));
    describesRouting.set(array, described);
  }
  return described;
}

function hostRoutesThrough(index: ModelIndex, hostId: string, initiator: RoutedEnd, portal: RoutedEnd): boolean {
  const host = index.hosts.get(hostId);
  if (!host) return false;
  // The most specific route to any of the portal's addresses decides, as in every IP stack.
  let best = -1;
  let leaves = false;
  for (const route of host.routes) {
    if (!route.gateway) continue;
    for (const network of route.to) {
      if (!portal.ips.some((ip) => inNetwork(ip, network))) continue;
      const through = initiator.ips.some((ip) => inNetwork(route.gateway!, ip));
      if (network.prefix > best) {
        best = network.prefix;
        leaves = through;
      } else if (network.prefix === best) leaves ||= through;
    }
  }
  if (best >= 0) return leaves;
  return initiator.gateway !== undefined;
}
