// What a drift rule reads: the design (model, analysis) and the observed network, matched by the
// same stable keys the import joins on — a host by its IQN (or name), an interface by its address
// (or name), a portal by its address, an HBA or Fibre Channel array port by its WWPN, a switch by
// its name, a port by its canonical spelling.
import type { IoPath, NetworkAnalysis } from '../analysis/types';
import { canonicalPort, identifier, type ObservedConnection, type ObservedFcConnection, type ObservedHost, type ObservedNetwork, type ObservedPath } from '../import/join';
import { wwpnOf } from '../import/text';
import type { Endpoint, Host, Model } from '../model/schema';
import { modelIndex } from '../rules/util';
import type { RuleFinding, RuleMeta } from '../rules/rule';
import type { Span } from '../syntax/tree';

export interface DriftContext {
  model: Model;
  analysis: NetworkAnalysis;
  observed: ObservedNetwork;
  /** Each design host that was collected, with what was observed on it. */
  hosts: MatchedHost[];
}

export interface MatchedHost {
  design: Host;
  observed: ObservedHost;
  /** The host's designed iSCSI paths. */
  paths: IoPath[];
  /** Each observed connection with the design path it is, if any, and the ids it resolved to. */
  connections: Array<{ connection: ObservedConnection; initiator?: string; portal?: string; path?: IoPath }>;
  /** The host's designed Fibre Channel paths. */
  fcPaths: IoPath[];
  /**
   * True when the host's outputs tie its Fibre Channel LUN paths to HBA and target port (Linux
   * sysfs, ESXi): only then is a designed FC path without an observed one missing.
   */
  fcJudged: boolean;
  /** Each observed Fibre Channel path with the design path it is, if any, and the HBA and port ids its WWPNs resolved to. */
  fcConnections: Array<{ connection: ObservedFcConnection; initiator?: string; portal?: string; path?: IoPath }>;
}

/** How a designed path is observed: the sessions (or FC paths) that are it, and whether the host's outputs could show it at all. */
export function observedCarriers(host: MatchedHost, path: IoPath): { judged: boolean; carriers: Array<{ loggedIn: boolean; paths: ObservedPath[] }> } {
  if (path.protocol === 'fc') {
    return { judged: host.fcJudged, carriers: host.fcConnections.filter((entry) => entry.path === path).map((entry) => ({ loggedIn: true, paths: entry.connection.paths })) };
  }
  return { judged: true, carriers: host.connections.filter((entry) => entry.path === path).map((entry) => ({ loggedIn: entry.connection.state === 'logged-in', paths: entry.connection.paths })) };
}

export interface DriftRule {
  meta: RuleMeta;
  check(context: DriftContext): RuleFinding[];
}

export function matchDesign(model: Model, analysis: NetworkAnalysis, observed: ObservedNetwork): DriftContext {
  const index = modelIndex(model);
  const portalByAddress = new Map<string, string>();
  for (const array of model.arrays) {
    // A group IP or virtual port is what the host logs in at; a discovery address is no login's.
    for (const portal of array.portals) if (portal.mode !== 'discovery') for (const ip of portal.ips) portalByAddress.set(ip.address, portal.id);
    for (const trunk of array.trunks) for (const ip of trunk.ips) portalByAddress.set(ip.address, trunk.id);
    for (const controller of array.controllers) for (const port of controller.ports) for (const ip of port.ips) portalByAddress.set(ip.address, port.id);
  }
  const portByWwpn = new Map<string, string>();
  for (const array of model.arrays) for (const controller of array.controllers) for (const port of controller.ports) {
    const wwpn = wwpnOf(port.wwpn);
    if (wwpn) portByWwpn.set(wwpn, port.id);
  }
  const hosts: MatchedHost[] = [];
  for (const host of model.hosts) {
    const seen =
      observed.hosts.find((candidate) => host.iqn !== undefined && candidate.iqn?.value === host.iqn) ??
      observed.hosts.find((candidate) => candidate.name.toLowerCase() === identifier(host.name).toLowerCase());
    if (!seen) continue;
    const interfaceByAddress = new Map<string, string>();
    for (const item of [...host.nics, ...host.teams, ...host.vmks]) for (const ip of item.ips) interfaceByAddress.set(ip.address, item.id);
    const hostPaths = (analysis.pathsByHost.get(host.id) ?? []).map((id) => analysis.pathById.get(id)!);
    const paths = hostPaths.filter((path) => path.protocol === 'iscsi');
    const fcPaths = hostPaths.filter((path) => path.protocol === 'fc');
    const hbaByWwpn = new Map(host.hbas.flatMap((hba) => (wwpnOf(hba.wwpn) ? [[wwpnOf(hba.wwpn)!, hba.id] as const] : [])));
    const fcConnections = seen.fcConnections.map((connection) => {
      const initiator = hbaByWwpn.get(connection.initiatorWwpn);
      const portal = portByWwpn.get(connection.targetWwpn);
      const path = fcPaths.find((candidate) => candidate.initiator === initiator && candidate.portal === portal);
      return { connection, ...(initiator ? { initiator } : {}), ...(portal ? { portal } : {}), ...(path ? { path } : {}) };
    });
    const connections = seen.connections.map((connection) => {
      const byName = connection.initiator ? `${host.id}.${connection.initiator}` : undefined;
      const initiator =
        (connection.initiatorAddress && interfaceByAddress.get(connection.initiatorAddress)) ||
        (byName && (index.nics.has(byName) || index.teams.has(byName) || index.vmks.has(byName)) ? byName : undefined);
      const portal = portalByAddress.get(connection.portal);
      const path = paths.find((candidate) => candidate.initiator === initiator && candidate.portal === portal);
      return { connection, ...(initiator ? { initiator } : {}), ...(portal ? { portal } : {}), ...(path ? { path } : {}) };
    });
    hosts.push({ design: host, observed: seen, paths, connections, fcPaths, fcJudged: seen.fcConnections.length > 0, fcConnections });
  }
  return { model, analysis, observed, hosts };
}

export function sameSwitchPort(a: string, b: string): boolean {
  return canonicalPort(a).toLowerCase() === canonicalPort(b).toLowerCase();
}

/** Whether a cable seen on `switchName` port `port` lands where the design cables it: on `far`'s switch, and on its port when the design names one. */
export function landsOn(far: Endpoint, switchName: string, port: string): boolean {
  if (!far.switch || far.switch.toLowerCase() !== switchName.toLowerCase()) return false;
  return far.kind !== 'switch-port' || sameSwitchPort(far.ref.id.slice(far.switch.length + 1), port);
}

/** Where a finding about an HBA of the host goes: the HBA, or the host when the design has no such HBA. */
export function hbaSpan(host: MatchedHost, hbaId: string | undefined): Span {
  return host.design.hbas.find((hba) => hba.id === hbaId)?.span ?? hostSpan(host.design);
}

/** Where a finding about a host goes when no finer element is written. */
export function hostSpan(host: Host): Span {
  return { start: host.span.start, end: host.nameSpan.end };
}
