import type { Rule, RuleFinding } from './rule';
import { docsPathOf } from './rule';
import { vmkTeaming, type ModelIndex } from '../analysis/modelIndex';
import { discoveredPortals } from '../analysis/paths';
import type { NetworkAnalysis } from '../analysis/types';
import type { Host, Session, Vmk } from '../model/schema';
import { count, groupBy, headSpan, joinNames, modelIndex, sessionsOf, unique } from './util';

export const esxiPortBinding: Rule = {
  meta: {
    id: 'esxi-port-binding',
    defaultSeverity: 'error',
    summary: "ESXi iSCSI port binding with a VMkernel port that is not 1 active / 0 standby or whose teaming aggregates (its vSwitch's or its port group's), or with portals some bound port cannot reach in its own subnet and broadcast domain.",
    rationale:
      'With port binding the software iSCSI adapter sends each session out of one specific VMkernel ' +
      'port, so vSphere requires each bound port to have exactly one active uplink and no standby ' +
      'uplink (otherwise the binding is refused or paths move between NICs behind the multipathing ' +
      "plugin's back), and VMware advises against binding a port whose vSwitch aggregates its " +
      "uplinks (IP hash or LACP), or whose port group overrides the vSwitch's teaming with either. With " +
      'binding, ESXi logs in from every bound port to every portal (2 bound ' +
      'ports and 4 portals are 8 sessions), so every bound port must reach every portal in the same ' +
      'subnet and the same broadcast domain: with routed portals, portals and VMkernel ports spread ' +
      'over several subnets, or one subnet split over switches that are not joined, some of those ' +
      'logins fail, paths show up dead or missing and every rescan waits for them to time out. In ' +
      'those layouts VMware says not to use port binding. Routing in particular: before ESXi 6.5 a ' +
      "bound port's logins cannot be routed at all; from 6.5 a VMkernel adapter may have a gateway of " +
      'its own, and a bound port without one sends routed logins by the default gateway instead of ' +
      'its own uplink; even with them VMware advises against binding towards routed portals. The ' +
      'message counts the logins ESXi tries and how many of them fail.',
    sources: [
      { title: 'VMware KB 2038869: Considerations for using software iSCSI port binding in ESX/ESXi', url: 'https://kb.vmware.com/s/article/2038869' },
      {
        title: 'VMware vSphere Storage: Best Practices for Configuring Networking with Software iSCSI (sessions from all bound ports to all portals)',
        url: 'https://docs.vmware.com/en/VMware-vSphere/6.7/com.vmware.vsphere.storage.doc/GUID-4C19E34E-764C-4069-9D9F-D0F779F2A96C.html',
      },
      {
        title: 'VMware vSphere 6.5 Networking: Override the Default Gateway of a VMkernel Adapter (a gateway per VMkernel port, used only by services that send through that port)',
        url: 'https://docs.vmware.com/en/VMware-vSphere/6.5/com.vmware.vsphere.networking.doc/GUID-44CAFD7C-6352-4993-A461-A27EE1C7D940.html',
      },
    ],
    fixes: [],
    docsPath: docsPathOf('esxi-port-binding'),
  },
  checkHost({ model, analysis }, host) {
    const index = modelIndex(model);
    const bound = host.vmks.filter((vmk) => vmk.bound);
    if (bound.length === 0) return [];
    const findings: RuleFinding[] = bound.flatMap((vmk) => {
      if (vmk.active.length === 1 && vmk.standby.length === 0) {
        const policy = vmkTeaming(index, vmk);
        if (!policy || (policy.teaming !== 'ip-hash' && policy.teaming !== 'lacp')) return [];
        const { vswitch, teaming } = policy;
        // The port group's own override, or the vSwitch's policy it inherits (a vmk on no vSwitch has only its own).
        const own = policy.override || !vswitch;
        const where = own ? `with its port group's teaming ${teaming}, which aggregates its uplinks` : `on ${vswitch.id}, which aggregates its uplinks (teaming ${teaming})`;
        const setting = own ? vmk.teamingSpan : (vswitch.teamingSpan ?? headSpan(vswitch));
        return [
          {
            span: headSpan(vmk),
            message:
              `${vmk.id} is bound to the software iSCSI adapter ${where}: ` +
              'VMware advises against port binding over link aggregation (KB 2038869); put the bound ports on a vSwitch with ' +
              'originating-port teaming and no LAG on the switch',
            related: setting ? [{ span: setting, message: `${own ? vmk.id : vswitch.id}: teaming ${teaming}` }] : [],
            data: { host: host.id, vmk: vmk.id },
          },
        ];
      }
      const uplinks = `${vmk.active.length} active${vmk.standby.length > 0 ? ` and ${vmk.standby.length} standby` : ''}`;
      return [
        {
          span: headSpan(vmk),
          message:
            `${vmk.id} is bound to the software iSCSI adapter with ${uplinks} uplinks: a bound VMkernel port ` +
            'needs exactly one active uplink and no standby',
          related: [...vmk.active, ...vmk.standby].map((ref) => ({ span: ref.span, message: `uplink ${ref.id}` })),
          data: { host: host.id, vmk: vmk.id },
        },
      ];
    });

    const boundIds = new Set(bound.map((vmk) => vmk.id));
    const paths = (analysis.pathsByHost.get(host.id) ?? [])
      .flatMap((id) => analysis.pathById.get(id) ?? [])
      .filter((path) => boundIds.has(path.initiator));
    const routed = paths.filter((path) => path.routed);
    const arrays = unique(paths.map((path) => path.array));
    const portalSubnets = arrays.flatMap((id) => {
      const array = index.arrays.get(id);
      if (!array) return [];
      const ports = array.controllers.flatMap((c) => c.ports).filter((p) => p.protocol === 'iscsi');
      return [...ports, ...array.trunks, ...array.portals].flatMap((portal) => portal.ips.map((ip) => ip.subnet));
    });
    const subnets = unique([...bound.flatMap((vmk) => vmk.ips.map((ip) => ip.subnet)), ...portalSubnets]);
    const logins = boundLogins(index, analysis, host.id, sessionsOf(analysis, host), bound);
    const tried = `ESXi tries ${count(logins.tried, 'path')} (${count(bound.length, 'bound port')} x ${count(logins.portals, 'portal')})`;
    const deadPart = logins.dead.length > 0 ? ` and ${logins.dead.length} of them fail` : '';
    if (routed.length > 0 || subnets.length > 1) {
      const reason =
        routed.length > 0
          ? `portals ${joinNames(unique(routed.map((p) => p.portal)))} are reached through a router`
          : `its bound VMkernel ports and portals span ${subnets.length} subnets (${joinNames(subnets)})`;
      findings.push({
        span: headSpan(host),
        message:
          `${host.id} uses iSCSI port binding, but ${reason}: ${tried}${deadPart}; ${routed.length > 0 ? routedBinding(host, bound) : 'port binding needs every bound port and portal in one subnet'}; ` +
          'remove the binding or put the storage network in one subnet',
        related: bound.map((vmk) => ({ span: headSpan(vmk), message: `bound VMkernel port ${vmk.id}` })),
        data: { host: host.id },
      });
    } else if (logins.dead.length > 0) {
      const unreached = groupBy(logins.dead, (login) => login.vmk);
      const which = [...unreached].map(([vmk, dead]) => `${vmk} cannot reach ${dead.map((d) => d.portal).join(', ')}`);
      findings.push({
        span: headSpan(host),
        message:
          `${host.id} binds ${joinNames(bound.map((vmk) => vmk.id))} in one subnet, but not in one broadcast domain: ` +
          `${which.join('; ')} at layer 2. ${tried}${deadPart}, which slows every rescan and boot; ` +
          'join the switches so every bound port reaches every portal, or remove the binding',
        related: bound.map((vmk) => ({ span: headSpan(vmk), message: `bound VMkernel port ${vmk.id}` })),
        data: { host: host.id },
      });
    }
    return findings;
  },
};

/**
 * What ESXi does with routed port binding: before 6.5 it cannot route a bound port's logins at all;
 * from 6.5 a bound port routes through a gateway of its own (the VMkernel adapter's gateway
 * override), without one its logins leave by the host's default gateway, not the bound port; even
 * with them VMware advises against binding towards routed portals.
 */
function routedBinding(host: Host, bound: readonly Vmk[]): string {
  const version = host.os?.family === 'esxi' && host.os.version !== undefined ? Number.parseFloat(host.os.version) : Number.NaN;
  if (version < 6.5) return `ESXi ${host.os!.version} cannot route the logins of bound ports (a gateway per VMkernel port came with 6.5)`;
  const without = bound.filter((vmk) => vmk.gateway === undefined);
  if (without.length > 0) {
    return `${joinNames(without.map((vmk) => vmk.id))} ${without.length === 1 ? 'has' : 'have'} no gateway of ${without.length === 1 ? 'its' : 'their'} own, so routed logins do not leave through the bound port`;
  }
  return 'ESXi 6.5 and later can route bound ports through their own gateways, but VMware advises against port binding towards routed portals (KB 2038869)';
}

interface BoundLogins {
  /** Logins ESXi attempts: every bound port to every portal it is given. */
  tried: number;
  portals: number;
  /** Attempts that cannot succeed (no layer-2 path, other subnet, no route). */
  dead: { vmk: string; portal: string }[];
}

/**
 * With port binding ESXi logs in from every bound VMkernel port to every portal of a target: the
 * portals written in the host's sessions to an array (those a discovery portal returns), or,
 * without sessions, every iSCSI portal discovery returns on the arrays the host has volumes on. A
 * login is alive when the analysis found a path for it.
 */
function boundLogins(index: ModelIndex, analysis: NetworkAnalysis, hostId: string, sessions: readonly Session[], bound: Vmk[]): BoundLogins {
  const alive = new Set<string>();
  for (const id of analysis.pathsByHost.get(hostId) ?? []) {
    const path = analysis.pathById.get(id);
    if (path) alive.add(`${path.initiator}|${path.portal}`);
  }
  const written = new Map<string, Set<string>>();
  for (const session of sessions) {
    let portals = written.get(session.array.id);
    if (!portals) written.set(session.array.id, (portals = new Set()));
    for (const connection of session.connections) {
      // A discovery address stands for the portals it returns, each one login per bound port.
      const discovery = index.portals.get(connection.portal.id);
      if (discovery?.mode === 'discovery') for (const port of discovery.ports) portals.add(port.id);
      else portals.add(connection.portal.id);
    }
  }
  const portals = new Set<string>();
  for (const pair of analysis.pairsByHost.get(hostId) ?? []) {
    const array = index.arrays.get(pair.array);
    if (!array) continue;
    const named = written.get(array.id);
    if (named) {
      for (const portal of named) portals.add(portal);
      continue;
    }
    for (const id of discoveredPortals(array)) if (index.arrayPorts.get(id)?.protocol !== 'fc') portals.add(id);
  }
  const dead: BoundLogins['dead'] = [];
  for (const vmk of bound) {
    for (const portal of portals) if (!alive.has(`${vmk.id}|${portal}`)) dead.push({ vmk: vmk.id, portal });
  }
  return { tried: bound.length * portals.size, portals: portals.size, dead };
}
