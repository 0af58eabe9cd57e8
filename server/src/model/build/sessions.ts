// Sessions: `session HOST -> ARRAY[.VOLUME] via IFACE -> PORTAL, ...`, the iSCSI logins a host
// makes. Built in the second pass, when every element they may name is declared.
import type { Session as SessionNode, Value } from '../../syntax/tree';
import type { Host, Ref, Session } from '../schema';
import { containerIdOf, describeKind } from '../symbols';
import { isTopLevel, ref, segmentsOf, type BuildContext } from './context';

export function buildSession(b: BuildContext, node: SessionNode): Session | undefined {
  if (!node.host || !node.target) return undefined;
  const hostId = b.resolveTop(node.host, 'host');
  const target = segmentsOf(node.target);
  const volumeNamed = target.length === 1 && !b.definitions.has(target[0].text) ? volumesNamed(b, target[0].text) : [];
  if (volumeNamed.length > 0) {
    const hint = volumeNamed.map((id) => `'${id}'`).join(' or ');
    b.report('undefinedReference', `no array named '${target[0].text}': a session's target is ARRAY or ARRAY.VOLUME; did you mean ${hint}?`, target[0].span);
  }
  const arrayId = volumeNamed.length > 0 ? undefined : b.resolveTop(target[0], 'array');
  let volume: Ref | undefined;
  let targetOk = arrayId !== undefined;
  if (arrayId !== undefined && target.length === 2) {
    const definition = b.definitions.get(`${arrayId}.${target[1].text}`);
    if (definition?.kind === 'volume') {
      volume = b.reference(definition.id, target[1].span);
    } else {
      const what = definition ? `'${target[1].text}' is ${describeKind(definition.kind)}, not a volume of array '${arrayId}'` : `array '${arrayId}' has no volume '${target[1].text}'`;
      b.report('sessionVolume', what, target[1].span);
      targetOk = false;
    }
  } else if (arrayId !== undefined && target.length > 2) {
    b.report('sessionVolume', `a session target is ARRAY or ARRAY.VOLUME, not '${node.target.text}'`, node.target.span);
    targetOk = false;
  }
  if (hostId === undefined) return undefined;
  const connections: Session['connections'] = [];
  for (const connection of node.connections ?? []) {
    const initiatorRef = initiator(b, b.definitions.get(hostId) as Host, connection.initiator);
    const portalRef = connection.portal && arrayId !== undefined ? portal(b, arrayId, connection.portal) : undefined;
    if (initiatorRef && portalRef) connections.push({ initiator: initiatorRef, portal: portalRef, span: connection.span });
  }
  if (!targetOk || arrayId === undefined) return undefined;
  const session: Session = {
    kind: 'session',
    id: b.uniqueId(`session@${hostId}->${volume?.id ?? arrayId}`),
    host: ref(hostId, node.host.span),
    array: ref(arrayId, target[0].span),
    connections,
    span: node.span,
  };
  if (volume) session.volume = volume;
  return session;
}

/** A NIC, team or vmk of the host, written `eth0` or `hv01.eth0`. */
function initiator(b: BuildContext, host: Host, value: Value): Ref | undefined {
  let segments = segmentsOf(value);
  if (segments.length === 2 && segments[0].text === host.name) {
    b.reference(host.id, segments[0].span);
    segments = segments.slice(1);
  }
  const definition = segments.length === 1 ? b.definitions.get(`${host.id}.${segments[0].text}`) : undefined;
  if (!definition || containerIdOf(definition) !== host.id) {
    const interfaces = b.namesIn(host.id);
    b.report('sessionInitiator', `'${value.text}' is not an interface of host '${host.name}'${b.suggest(value.text, interfaces)}`, value.span);
    return undefined;
  }
  const reference = b.reference(definition.id, segments[0].span);
  if (definition.kind === 'hba') {
    b.report('sessionInitiator', `'${definition.name}' is a Fibre Channel HBA; an iSCSI session starts from a NIC, team or vmk`, segments[0].span);
    return undefined;
  }
  return reference;
}

/** An iSCSI port (`array.controller.port`), trunk or portal (`array.trunk`, `array.portal`) of the session's array. */
function portal(b: BuildContext, arrayId: string, value: Value): Ref | undefined {
  const segments = segmentsOf(value);
  const top = b.definitions.get(segments[0].text);
  if (!top || !isTopLevel(top)) {
    b.report('undefinedReference', `no array named '${segments[0].text}'${b.suggest(segments[0].text, b.namesIn(''))}`, segments[0].span);
    return undefined;
  }
  b.reference(top.id, segments[0].span);
  if (top.id !== arrayId) return notAPortal(b, value, arrayId, `'${top.name}' is ${describeKind(top.kind)} other than the session's target`);
  if (segments.length < 2 || segments.length > 3) return notAPortal(b, value, arrayId, 'write array.controller.port, array.trunk or array.portal');
  const child = b.child(arrayId, segments[1], `array '${arrayId}' has no controller, trunk or portal`);
  if (!child) return undefined;
  if (segments.length === 2) {
    if (child.kind === 'trunk' || child.kind === 'portal') return ref(child.id, segments[1].span);
    return notAPortal(b, value, arrayId, `'${child.name}' is ${describeKind(child.kind)}; write array.controller.port, array.trunk or array.portal`);
  }
  if (child.kind !== 'controller') return notAPortal(b, value, arrayId, `'${child.name}' is ${describeKind(child.kind)}, not a controller`);
  const port = b.child(child.id, segments[2], `controller '${child.id}' has no port`);
  if (!port) return undefined;
  if (port.kind === 'array-port' && port.protocol === 'fc') {
    return notAPortal(b, value, arrayId, `'${port.name}' is a Fibre Channel port`);
  }
  return ref(port.id, segments[2].span);
}

function notAPortal(b: BuildContext, value: Value, arrayId: string, why: string): undefined {
  b.report('sessionPortal', `'${value.text}' is not a portal of array '${arrayId}': ${why}`, value.span);
  return undefined;
}

/** Ids of the volumes called `name`, for a session that names a volume without its array. */
function volumesNamed(b: BuildContext, name: string): string[] {
  const ids: string[] = [];
  for (const definition of b.definitions.values()) if (definition.kind === 'volume' && definition.name === name) ids.push(definition.id);
  return ids;
}
