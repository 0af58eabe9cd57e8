// Links: cables between a host's NIC or HBA, a switch (or one of its ports) and an array port
// (grammar spec: `link`). Built in the second pass, when every element they may name is declared.
import { spanWithin, type Link as LinkNode, type Value } from '../../syntax/tree';
import type { Endpoint, Link, Switch } from '../schema';
import { describeKind } from '../symbols';
import { parseMtu, parseSpeed } from '../values';
import { first, isTopLevel, ref, segmentsOf, type BuildContext } from './context';
import { portOfSwitch } from './switches';

export function buildLink(b: BuildContext, node: LinkNode): Link | undefined {
  const body = b.readBody(node, 'link');
  const a = node.a ? endpoint(b, node.a) : undefined;
  const end = node.b ? endpoint(b, node.b) : undefined;
  if (!a || !end || !node.a || !node.b) return undefined;
  const sameSwitch = a.switch !== undefined && a.switch === end.switch && (a.kind === 'switch' || end.kind === 'switch');
  if (a.ref.id === end.ref.id || sameSwitch) {
    b.report('linkSelf', `both ends of this link are on '${node.a.text}'; a link connects two different things`, node.b.span, [
      { span: node.a.span, message: 'the other end' },
    ]);
    return undefined;
  }
  const link: Link = { kind: 'link', id: b.uniqueId(`link@${a.ref.id}--${end.ref.id}`), a, b: end, span: node.span };
  const speed = b.parse(first(body, 'speed'), parseSpeed);
  if (speed !== undefined) link.speedMbps = speed;
  const mtu = b.parse(first(body, 'mtu'), parseMtu);
  if (mtu !== undefined) link.mtu = mtu;
  return link;
}

/** `host.nic`, `host.hba`, `switch`, `switch:port` or `array.controller.port`. */
function endpoint(b: BuildContext, value: Value): Endpoint | undefined {
  // A switch name holds no dot, so a colon after one is inside an array port's name (`primera.node0.0:2:1`).
  const colon = value.valueKind === 'string' ? -1 : value.text.indexOf(':');
  const dot = value.text.indexOf('.');
  if (colon >= 0 && (dot < 0 || colon < dot)) {
    const switchSegment = { text: value.text.slice(0, colon), span: spanWithin(value.span, value.span.start, value.span.start + colon) };
    const portSegment = { text: value.text.slice(colon + 1), span: spanWithin(value.span, value.span.start + colon + 1, value.span.end) };
    const switchId = b.resolveTop(switchSegment, 'switch');
    if (switchId === undefined) return undefined;
    const port = portOfSwitch(b, b.definitions.get(switchId) as Switch, portSegment, 'linkGroupEndpoint', value.text);
    if (!port) return undefined;
    return { kind: 'switch-port', ref: ref(port.id, portSegment.span), switch: switchId };
  }
  const hostInterface = hostInterfaceById(b, value);
  if (hostInterface) return hostInterface;
  const segments = segmentsOf(value);
  const top = b.definitions.get(segments[0].text);
  if (!top || !isTopLevel(top)) {
    const names = b.namesIn('');
    b.report('undefinedReference', `no host, switch or array named '${segments[0].text}'${b.suggest(segments[0].text, names)}`, segments[0].span);
    return undefined;
  }
  const topRef = b.reference(top.id, segments[0].span);
  if (top.kind === 'switch') {
    if (segments.length === 1) return { kind: 'switch', ref: topRef, switch: top.id };
    return badLinkEnd(b, value, `name a port of switch '${top.name}' with ':', e.g. ${top.name}:7`);
  }
  if (top.kind === 'host') {
    if (segments.length !== 2) return badLinkEnd(b, value, `name an interface of host '${top.name}', e.g. ${top.name}.eth0`);
    const child = b.child(top.id, segments[1], `host '${top.name}' has no interface`);
    if (!child) return undefined;
    if (child.kind === 'team' || child.kind === 'vmk') {
      const instead = child.kind === 'team' ? "link the team's member NICs instead" : 'link its uplink NICs instead';
      b.report('linkGroupEndpoint', `'${child.name}' is ${describeKind(child.kind)}, not a cable end; ${instead}`, segments[1].span);
      return undefined;
    }
    return { kind: 'host-interface', ref: ref(child.id, segments[1].span) };
  }
  if (segments.length === 1) return badLinkEnd(b, value, `name a port of array '${top.name}', e.g. ${top.name}.A.p0`);
  const child = b.child(top.id, segments[1], `array '${top.name}' has no controller or trunk`);
  if (!child) return undefined;
  if (child.kind === 'trunk' || child.kind === 'portal') {
    b.report('linkGroupEndpoint', `'${child.name}' is ${describeKind(child.kind)}, not a cable end; link the ${child.kind}'s ports instead`, segments[1].span);
    return undefined;
  }
  if (child.kind !== 'controller' || segments.length !== 3) {
    return badLinkEnd(b, value, `'${segments.slice(0, 2).map((s) => s.text).join('.')}' is ${describeKind(child.kind)}`);
  }
  const port = b.child(child.id, segments[2], `controller '${child.id}' has no port`);
  if (!port) return undefined;
  return { kind: 'array-port', ref: ref(port.id, segments[2].span) };
}

/**
 * A link end written as exactly the id of a host's NIC or HBA (`hv01.eth0`, the common case):
 * resolved with one lookup of the whole text, with the references `endpoint` would record.
 */
function hostInterfaceById(b: BuildContext, value: Value): Endpoint | undefined {
  if (value.valueKind === 'string') return undefined;
  const definition = b.definitions.get(value.text);
  if (!definition || (definition.kind !== 'nic' && definition.kind !== 'hba')) return undefined;
  const hostEnd = value.span.start + definition.host.length;
  const interfaceSpan = spanWithin(value.span, hostEnd + 1, value.span.end);
  b.reference(definition.host, spanWithin(value.span, value.span.start, hostEnd));
  return { kind: 'host-interface', ref: b.reference(definition.id, interfaceSpan) };
}

function badLinkEnd(b: BuildContext, value: Value, why: string): undefined {
  b.report('linkEndpoint', `${why}; a link end is host.nic, host.hba, switch, switch:port or array.controller.port`, value.span);
  return undefined;
}
