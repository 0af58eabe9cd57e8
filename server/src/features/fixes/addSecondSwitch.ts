// add-second-switch: split a host's single switch into two fabrics. A new switch named after the
// first (`core1` → `core1-b`) gets the first's settings (model, MTU, VLANs, ...); every second of
// the host's NICs on the switch moves to it, and so do the array's ports that serve only the moved
// NICs' subnets (separate subnets), else every second array port (one subnet: with one port per
// controller, that is the partner controller's). When only one port of the array is on the switch,
// an uncabled port of another controller in a subnet of the moved NICs is cabled to the new switch
// instead, on the port number the first one has on the old switch, so that the fix does not wait
// for the partner-controller fix. Cables keep their port names on the new switch, and the comments
// above the cables and sessions it changes go (they described the old layout).
// Written sessions that would now cross from one switch to the other are replaced by sessions
// within each switch. Declines when a moved NIC is a team member (convert the team to MPIO first:
// a team cannot span two independent switches), when a moved switch port is in a LAG or a moved
// array port in a trunk, and for stacks and MLAG pairs.
import type { ArrayPort, Controller, Nic, Session } from '../../model/schema';
import { freePortName, insertLinesAfter, linkAnchor, sessionsTo, switchLinks } from './cabling';
import { connectionKey, sessionLine, sessionTarget, type FixContext, type QuickFix } from './fixContext';
import { eol, indentAt, removeItem, runCommentRemovals, type SpanEdit } from './textEdits';

const EXCLUDED_SWITCH_PROPERTIES = new Set(['stack', 'mlag']);

export const addSecondSwitch: QuickFix = {
  id: 'add-second-switch',
  edits(context, problem) {
    const { index, text } = context;
    const host = index.hosts.get(problem.data?.host ?? '');
    const array = index.arrays.get(problem.data?.array ?? '');
    const sw = index.switches.get(problem.data?.switch ?? '');
    const swBlock = sw && context.block(sw);
    if (!host || !array || !sw || !swBlock || sw.stack.length > 0 || sw.mlag.length > 0) return undefined;

    const nics = host.nics.filter((nic) => onSwitch(context, nic.id, sw.id));
    const cabledPorts = array.controllers.flatMap((controller) => controller.ports).filter((port) => onSwitch(context, port.id, sw.id));
    if (nics.length < 2 || cabledPorts.length === 0) return undefined;
    if (host.teams.some((team) => team.members.some((member) => nics.some((nic) => nic.id === member.id)))) return undefined;

    const movedNics = nics.filter((_, i) => i % 2 === 1);
    const spare = cabledPorts.length === 1 ? sparePort(context, array.controllers, cabledPorts[0], movedNics) : undefined;
    if (cabledPorts.length === 1 && !spare) return undefined;
    const ports = spare ? [...cabledPorts, spare] : cabledPorts;
    const movedPorts = spare ? [spare] : portsToMove(nics, movedNics, ports);
    if (movedPorts.length === 0 || movedPorts.length === ports.length) return undefined;
    if (array.trunks.some((trunk) => trunk.members.some((member) => movedPorts.some((port) => port.id === member.id)))) return undefined;

    const name = newSwitchName(context, sw.name);
    const edits: SpanEdit[] = [];
    const portBlocks: string[] = [];
    for (const end of [...movedNics, ...movedPorts]) {
      for (const cable of switchLinks(context, end.id).filter((c) => c.switchId === sw.id)) {
        const port = cable.far.kind === 'switch-port' ? index.switchPorts.get(cable.far.ref.id) : undefined;
        if (port?.lag !== undefined) return undefined;
        const portBlock = port && context.block(port);
        if (portBlock) portBlocks.push(text.slice(portBlock.span.start, portBlock.span.end));
        const nameEnd = cable.far.kind === 'switch-port' ? cable.far.ref.span.start - 1 : cable.far.ref.span.end;
        const nameStart = nameEnd - sw.name.length;
        if (text.slice(nameStart, nameEnd) !== sw.name) return undefined;
        edits.push({ start: nameStart, end: nameEnd, newText: name });
      }
    }

    const properties = swBlock.body
      .filter((item) => item.kind === 'property' && !EXCLUDED_SWITCH_PROPERTIES.has(item.keyText))
      .map((item) => text.slice(item.span.start, item.span.end));
    const newline = eol(text);
    const body = [...properties, ...portBlocks].map((item) => `${newline}  ${item}`).join('');
    edits.push({ start: swBlock.span.end, end: swBlock.span.end, newText: `${newline}${newline}switch ${name} ${body === '' ? '{ }' : `{${body}${newline}}`}` });

    const changed: number[] = [];
    for (const end of [...movedNics, ...movedPorts]) for (const cable of switchLinks(context, end.id)) changed.push(cable.link.span.start);
    if (spare) {
      const mirrored = switchLinks(context, cabledPorts[0].id).find((cable) => cable.switchId === sw.id);
      const portName = mirrored?.far.kind === 'switch-port' ? mirrored.far.ref.id.slice(sw.name.length + 1) : freePortName(context, sw.id);
      const anchor = linkAnchor(context);
      edits.push(insertLinesAfter(text, anchor, [`link ${spare.id} -- ${name}:${portName}`]));
      const controller = index.controllers.get(spare.controller);
      changed.push(anchor.start, ...(controller ? [controller.span.start] : []));
    }

    const sessionEdits = splitSessions(context, host.name, array.id, nics, movedNics, ports, movedPorts);
    if (!sessionEdits) return undefined;
    changed.push(...sessionsTo(context, host.id, array.id).map((session) => session.span.start));
    return [...edits, ...sessionEdits, ...runCommentRemovals(text, changed)];
  },
};

/** An uncabled iSCSI port of another controller than `cabled`'s, in a subnet of the moved NICs. */
function sparePort(context: FixContext, controllers: readonly Controller[], cabled: ArrayPort, movedNics: readonly Nic[]): ArrayPort | undefined {
  const subnets = new Set(movedNics.flatMap((nic) => nic.ips.map((ip) => ip.subnet)));
  return controllers
    .filter((controller) => controller.id !== cabled.controller)
    .flatMap((controller) => controller.ports)
    .find((port) => port.protocol === 'iscsi' && !context.index.linksByEnd.has(port.id) && port.ips.some((ip) => subnets.has(ip.subnet)));
}

function onSwitch(context: FixContext, endId: string, switchId: string): boolean {
  return switchLinks(context, endId).some((cable) => cable.switchId === switchId);
}

/** Ports in subnets only the moved NICs use; failing that, every second port. */
function portsToMove(nics: Nic[], movedNics: Nic[], ports: ArrayPort[]): ArrayPort[] {
  const staying = new Set(nics.filter((nic) => !movedNics.includes(nic)).flatMap((nic) => nic.ips.map((ip) => ip.subnet)));
  const movedOnly = new Set(movedNics.flatMap((nic) => nic.ips.map((ip) => ip.subnet)).filter((subnet) => !staying.has(subnet)));
  const bySubnet = ports.filter((port) => port.ips.some((ip) => movedOnly.has(ip.subnet)));
  return bySubnet.length > 0 ? bySubnet : ports.filter((_, i) => i % 2 === 1);
}

/** `core1-b`, or `core1-c`... when taken. */
function newSwitchName(context: FixContext, base: string): string {
  const taken = new Set([...context.index.hosts.keys(), ...context.index.switches.keys(), ...context.index.arrays.keys()]);
  for (let code = 'b'.charCodeAt(0); code <= 'z'.charCodeAt(0); code++) {
    const name = `${base}-${String.fromCharCode(code)}`;
    if (!taken.has(name)) return name;
  }
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/**
 * Sessions after the split: those joining the two switches go; each NIC gets a session to every
 * port on its own switch in its subnet it had none to. Undefined for MC/S sessions (fix those first).
 */
function splitSessions(
  context: FixContext,
  hostName: string,
  arrayId: string,
  nics: Nic[],
  movedNics: Nic[],
  ports: ArrayPort[],
  movedPorts: ArrayPort[],
): SpanEdit[] | undefined {
  const sessions = sessionsTo(context, nics[0].host, arrayId);
  if (sessions.length === 0) return [];
  if (sessions.some((session) => session.connections.length !== 1)) return undefined;
  const side = (id: string): string | undefined => {
    if (movedNics.some((nic) => nic.id === id) || movedPorts.some((port) => port.id === id)) return 'b';
    if (nics.some((nic) => nic.id === id) || ports.some((port) => port.id === id)) return 'a';
    return undefined;
  };
  const removed: Session[] = [];
  const kept = new Set<string>();
  for (const session of sessions) {
    const { initiator, portal } = session.connections[0];
    const a = side(initiator.id);
    const b = side(portal.id);
    if (a !== undefined && b !== undefined && a !== b) removed.push(session);
    else kept.add(connectionKey(initiator.id, portal.id));
  }
  const target = sessionTarget(context, sessions[0]);
  const lines: string[] = [];
  for (const nic of nics) {
    for (const port of ports) {
      const key = connectionKey(nic.id, port.id);
      if (side(nic.id) !== side(port.id) || kept.has(key) || context.exclude.has(key)) continue;
      if (!nic.ips.some((ip) => port.ips.some((portIp) => portIp.subnet === ip.subnet))) continue;
      lines.push(sessionLine(hostName, target, nic.name, port.id));
    }
  }
  // New lines go after the last session, or in its place when it is removed.
  const last = sessions[sessions.length - 1];
  const edits = removed.filter((session) => session !== last || lines.length === 0).map((session) => removeItem(context.text, session.span));
  if (lines.length > 0) {
    edits.push(
      removed.includes(last)
        ? { start: last.span.start, end: last.span.end, newText: lines.join(eol(context.text) + indentAt(context.text, last.span.start)) }
        : insertLinesAfter(context.text, last.span, lines),
    );
  }
  return edits;
}
