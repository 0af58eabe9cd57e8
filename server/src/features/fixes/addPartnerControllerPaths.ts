// add-partner-controller-paths: give a host paths to the controller it does not reach (the
// partner for single-controller, the owner for no-optimized-path). Each of that controller's
// iSCSI ports in a subnet the host uses is cabled, when it is not yet, to a switch a host
// interface of that subnet is on (preferring one the reached controller's ports are not on, i.e.
// the second switch). Under `subnetLayout: separate`, an uncabled port no session uses, in none of
// the host's subnets, is readdressed into a host subnet the array serves no portal in yet (the
// second fabric's subnet). A controller without any iSCSI port gets one named like the reached
// controller's, with the next free address of that port's subnet and its speed. When the host has
// written sessions to the array, one session per host interface → new portal in its subnet is added.
// The comments directly above the partner controllers, the cables and the sessions it adds to go.
import type { ArrayPort, Controller, Host, Nic, StorageArray, Team } from '../../model/schema';
import { allocateAddress, hostOffset, subnetOf, usedAddresses } from './addresses';
import { freePortName, insertLinesAfter, linkAnchor, sessionsTo, switchesOf } from './cabling';
import { connectionKey, sessionLine, sessionTarget, updateBlock, type FixContext, type QuickFix } from './fixContext';
import { findProperty, insertItems, runCommentRemovals, type SpanEdit } from './textEdits';

type Initiator = Nic | Team;

interface NewPortal {
  id: string;
  subnets: string[];
  /** Already cabled to a switch; otherwise the fix adds a cable. */
  cabled: boolean;
}

export const addPartnerControllerPaths: QuickFix = {
  id: 'add-partner-controller-paths',
  edits(context, problem) {
    const { index, text } = context;
    const host = index.hosts.get(problem.data?.host ?? '');
    const array = index.arrays.get(problem.data?.array ?? '');
    const controller = index.controllers.get(problem.data?.controller ?? '');
    if (!host || !array || !controller) return undefined;
    const missing = problem.code === 'no-optimized-path' ? [controller] : array.controllers.filter((c) => c.id !== controller.id);
    const reached = array.controllers.filter((c) => !missing.includes(c));
    const reachedPorts = reached.flatMap(iscsiPorts);
    if (missing.length === 0 || reachedPorts.length === 0) return undefined;

    const initiators: Initiator[] = [...host.nics, ...host.teams].filter((iface) => iface.ips.length > 0);
    const hostSubnets = new Set(initiators.flatMap((iface) => iface.ips.map((ip) => ip.subnet)));
    const servedSubnets = new Set(iscsiPortsOf(array).flatMap((port) => port.ips.map((ip) => ip.subnet)));
    const used = usedAddresses(index.model);
    const edits: SpanEdit[] = [];
    const portals: NewPortal[] = [];

    for (const partner of missing) {
      const ports = iscsiPorts(partner);
      const unserved = [...hostSubnets].filter((subnet) => !servedSubnets.has(subnet));
      const spare = ports.find((port) => !isCabled(context, port.id) && !inSession(context, port.id));
      const readdressing = context.doc.settings.subnetLayout === 'separate' && spare !== undefined && unserved.length > 0;
      const usable = ports.filter((port) => !(readdressing && port === spare) && port.ips.some((ip) => hostSubnets.has(ip.subnet)));
      if (readdressing && spare) {
        const address = readdress(context, spare, unserved[0], used, edits);
        if (!address) return undefined;
        servedSubnets.add(unserved[0]);
        portals.push({ id: spare.id, subnets: [unserved[0]], cabled: false });
      }
      for (const port of usable) {
        portals.push({ id: port.id, subnets: port.ips.map((ip) => ip.subnet), cabled: isCabled(context, port.id) });
      }
      if (ports.length === 0) {
        const created = createPort(context, partner, reachedPorts, hostSubnets, used, edits);
        if (!created) return undefined;
        portals.push(created);
      }
    }
    if (portals.length === 0) return undefined;

    const reachedSwitches = new Set(reachedPorts.flatMap((port) => switchesOf(context, port.id)));
    const takenPorts = new Set<string>();
    const links: string[] = [];
    for (const portal of portals.filter((p) => !p.cabled)) {
      const candidates = [...new Set(initiators.filter((iface) => inSubnets(iface, portal.subnets)).flatMap((iface) => initiatorSwitches(context, host, iface)))];
      const switchId = candidates.find((id) => !reachedSwitches.has(id)) ?? candidates[0];
      if (!switchId) return undefined;
      const portName = freePortName(context, switchId, takenPorts);
      takenPorts.add(`${switchId}:${portName}`);
      links.push(`link ${portal.id} -- ${switchId}:${portName}`);
    }
    // The comments above what the fix changes (the partner controllers, the cables it adds to,
    // the sessions) described the design without these paths.
    const changed = missing.map((partner) => partner.span.start);
    if (links.length > 0) {
      const anchor = linkAnchor(context);
      edits.push(insertLinesAfter(text, anchor, links));
      changed.push(anchor.start);
    }

    const sessions = sessionsTo(context, host.id, array.id);
    if (sessions.length > 0) {
      const target = sessionTarget(context, sessions[0]);
      const lines = portals.flatMap((portal) =>
        initiators
          .filter((iface) => inSubnets(iface, portal.subnets) && !context.exclude.has(connectionKey(iface.id, portal.id)))
          .map((iface) => sessionLine(host.name, target, iface.name, portal.id)),
      );
      if (lines.length > 0) {
        const last = sessions[sessions.length - 1].span;
        edits.push(insertLinesAfter(text, last, lines));
        changed.push(last.start);
      }
    }
    return [...edits, ...runCommentRemovals(text, changed)];
  },
};

function iscsiPorts(controller: Controller): ArrayPort[] {
  return controller.ports.filter((port) => port.protocol === 'iscsi' && port.ips.length > 0);
}

function iscsiPortsOf(array: StorageArray): ArrayPort[] {
  return array.controllers.flatMap(iscsiPorts);
}

function isCabled(context: FixContext, portId: string): boolean {
  return (context.index.linksByEnd.get(portId) ?? []).length > 0;
}

function inSession(context: FixContext, portId: string): boolean {
  return context.index.model.sessions.some((session) => session.connections.some((connection) => connection.portal.id === portId));
}

function inSubnets(iface: Initiator, subnets: readonly string[]): boolean {
  return iface.ips.some((ip) => subnets.includes(ip.subnet));
}

/** The switches a host interface is cabled to (a team's: its members'). */
function initiatorSwitches(context: FixContext, host: Host, iface: Initiator): string[] {
  if (iface.kind === 'nic') return switchesOf(context, iface.id);
  return iface.members.flatMap((member) => (host.nics.some((nic) => nic.id === member.id) ? switchesOf(context, member.id) : []));
}

/** Moves a spare port's address into `subnet`, keeping its host number where free. */
function readdress(context: FixContext, port: ArrayPort, subnetText: string, used: Set<string>, edits: SpanEdit[]): string | undefined {
  const [network, prefix] = subnetText.split('/');
  const subnet = subnetOf({ address: network, version: 4, prefix: Number(prefix), subnet: subnetText, span: port.span });
  const block = context.block(port);
  if (!subnet || !block || port.ips.length !== 1) return undefined;
  const address = allocateAddress(subnet, hostOffset(port.ips[0]) ?? 1, used);
  if (address) edits.push(...updateBlock(context.text, block, [['ip', address]]));
  return address;
}

/** `port <name> { ip <next free> speed <same> }` on a controller that has no iSCSI port. */
function createPort(
  context: FixContext,
  partner: Controller,
  reachedPorts: ArrayPort[],
  hostSubnets: ReadonlySet<string>,
  used: Set<string>,
  edits: SpanEdit[],
): NewPortal | undefined {
  const model = reachedPorts.find((port) => port.ips.some((ip) => hostSubnets.has(ip.subnet))) ?? reachedPorts[0];
  const ip = model.ips[0];
  const subnet = subnetOf(ip);
  const partnerBlock = context.block(partner);
  const modelBlock = context.block(model);
  if (!subnet || !partnerBlock || partner.ports.some((port) => port.name === model.name)) return undefined;
  const address = allocateAddress(subnet, (hostOffset(ip) ?? 0) + 1, used);
  if (!address) return undefined;
  const speed = modelBlock && findProperty(modelBlock, 'speed')?.values[0]?.text;
  const body = speed ? `ip ${address}  speed ${speed}` : `ip ${address}`;
  edits.push(insertItems(context.text, partnerBlock, [`port ${model.name} { ${body} }`], true));
  return { id: `${partner.id}.${model.name}`, subnets: [ip.subnet], cabled: false };
}
