// Switches, their ports and LAGs, and stack / MLAG peers (grammar spec: `switch`, `switchPort`,
// `lag`). Peers may be declared later in the file, so they resolve in the builder's second pass.
import { spanWithin, type Block, type Value } from '../../syntax/tree';
import type { Lag, Model, Ref, Switch, SwitchPort } from '../schema';
import { describeKind } from '../symbols';
import { parseBoolean, parseMtu, parseSpeed, parseVlan } from '../values';
import { findProperty, first, list, ref, SWITCH_PORT_NAME, type BuildContext, type Segment } from './context';

type PeerRelation = 'stack' | 'mlag';

export function buildSwitch(b: BuildContext, block: Block): void {
  const declared = b.declare(block, 'switch', undefined, '');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'switch', name);
  const sw: Switch = { kind: 'switch', id, name, span, nameSpan, stack: [], mlag: [], routing: false, lags: [], ports: [] };
  b.define(sw);
  b.model.switches.push(sw);
  const model = first(body, 'model');
  if (model) sw.model = model.text;
  const mtu = b.parse(first(body, 'mtu'), parseMtu);
  if (mtu !== undefined) sw.mtu = mtu;
  if (findProperty(body, 'vlans') !== undefined) {
    sw.vlans = [];
    for (const value of list(body, 'vlans')) {
      const vlan = b.parse(value, parseVlan);
      if (vlan !== undefined && !sw.vlans.includes(vlan)) sw.vlans.push(vlan);
    }
  }
  const routing = b.parse(first(body, 'routing'), parseBoolean);
  if (routing !== undefined) sw.routing = routing;
  const fabric = first(body, 'fabric');
  if (fabric) sw.fabric = fabric.text;

  // Declared ports first, so LAG members and links find them rather than creating them.
  for (const child of body.items) if (child.kind === 'block' && child.keywordText === 'port') switchPort(b, child, sw);
  for (const child of body.items) if (child.kind === 'block' && child.keywordText === 'lag') lag(b, child, sw);
  for (const relation of ['stack', 'mlag'] as const) {
    const values = list(body, relation);
    if (values.length > 0) b.deferred.push(() => peers(b, sw, relation, values));
  }
}

function switchPort(b: BuildContext, block: Block, sw: Switch): void {
  const declared = b.declare(block, 'switch-port', sw.id, ':');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'switchPort', id);
  const port: SwitchPort = { kind: 'switch-port', id, name, span, nameSpan, switch: sw.id };
  const speed = b.parse(first(body, 'speed'), parseSpeed);
  if (speed !== undefined) port.speedMbps = speed;
  const mtu = b.parse(first(body, 'mtu'), parseMtu);
  if (mtu !== undefined) port.mtu = mtu;
  const vlan = b.parse(first(body, 'vlan'), parseVlan);
  if (vlan !== undefined) port.vlan = vlan;
  b.define(port);
  sw.ports.push(port);
}

function lag(b: BuildContext, block: Block, sw: Switch): void {
  const declared = b.declare(block, 'lag', sw.id, ':');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'lag', id);
  // Without a mode, a LAG is LACP: what switch vendors recommend and the Infortrend guide uses.
  const lag: Lag = { kind: 'lag', id, name, span, nameSpan, switch: sw.id, ports: [], mode: 'lacp' };
  const mode = b.choice<Lag['mode']>(body, first(body, 'mode'), 'mode', 'LAG mode');
  if (mode !== undefined) lag.mode = mode;
  b.define(lag);
  sw.lags.push(lag);
  const peer = first(body, 'peer');
  if (peer) b.deferred.push(() => peerLag(b, lag, peer));
  for (const value of list(body, 'ports')) {
    const port = portOfSwitch(b, sw, value, 'wrongKind');
    if (port && b.claim(port.id, lag.id, `LAG '${lag.name}'`, value)) {
      port.lag = lag.id;
      lag.ports.push(ref(port.id, value.span));
    }
  }
}

/**
 * `peer SWITCH:LAG`: the LAG on another switch this one pairs with. Whether the two switches are
 * MLAG peers and the pair agrees is the `mlag-lag-pairing` rule's to say, with the whole design.
 */
function peerLag(b: BuildContext, lag: Lag, value: Value): void {
  const colon = value.valueKind === 'string' ? -1 : value.text.indexOf(':');
  if (colon <= 0) {
    b.report('wrongKind', `'${value.text}' is not a LAG of a switch: write peer SWITCH:LAG, e.g. peer sw-b:${lag.name}`, value.span);
    return;
  }
  const switchSegment = { text: value.text.slice(0, colon), span: spanWithin(value.span, value.span.start, value.span.start + colon) };
  const lagSegment = { text: value.text.slice(colon + 1), span: spanWithin(value.span, value.span.start + colon + 1, value.span.end) };
  const switchId = b.resolveTop(switchSegment, 'switch');
  if (switchId === undefined) return;
  const id = `${switchId}:${lagSegment.text}`;
  const definition = b.definitions.get(id);
  if (definition?.kind !== 'lag') {
    const lags = (b.definitions.get(switchId) as Switch).lags.map((candidate) => candidate.name);
    b.report('undefinedReference', `switch '${switchId}' has no LAG '${lagSegment.text}'${b.suggest(lagSegment.text, lags)}`, lagSegment.span);
    return;
  }
  lag.peer = b.reference(id, lagSegment.span);
}

/**
 * The switch port named by `segment`, created on first mention when no `port` block declares it.
 * Its id `switch:port` is passed when the text already holds it (a link end).
 */
export function portOfSwitch(
  b: BuildContext,
  sw: Switch,
  segment: Segment,
  notAPort: 'wrongKind' | 'linkGroupEndpoint',
  id = `${sw.id}:${segment.text}`,
): SwitchPort | undefined {
  if (!SWITCH_PORT_NAME.test(segment.text)) {
    b.report('invalidName', `'${segment.text}' is not a port name of switch '${sw.name}'`, segment.span);
    return undefined;
  }
  const existing = b.definitions.get(id);
  if (existing?.kind === 'switch-port') {
    b.reference(id, segment.span);
    return existing;
  }
  if (existing) {
    b.reference(id, segment.span);
    b.report(notAPort, `'${segment.text}' is ${describeKind(existing.kind)} of switch '${sw.name}': name its member ports instead`, segment.span);
    return undefined;
  }
  const port: SwitchPort = { kind: 'switch-port', id, name: segment.text, span: segment.span, nameSpan: segment.span, switch: sw.id, implicit: true };
  b.definitions.set(id, port);
  b.portLog?.push(port);
  sw.ports.push(port);
  return port;
}

function peers(b: BuildContext, sw: Switch, relation: PeerRelation, values: readonly Value[]): void {
  for (const value of values) {
    const peerId = b.resolveTop(value, 'switch');
    if (peerId === undefined) continue;
    if (peerId === sw.id) {
      b.report('selfPeer', `switch '${sw.name}' cannot be its own ${relation} peer`, value.span);
    } else if (!sw[relation].some((peer) => peer.id === peerId)) {
      sw[relation].push(ref(peerId, value.span));
    }
  }
}

/** `stack` and `mlag` written on one side hold for both. */
export function makePeersSymmetric(model: Model, switchById: (id: string) => Switch): void {
  for (const relation of ['stack', 'mlag'] as const) {
    const known = new Set<string>();
    const pairs: [Switch, Ref][] = [];
    for (const sw of model.switches) {
      for (const peer of sw[relation]) {
        known.add(`${sw.id}\n${peer.id}`);
        pairs.push([sw, peer]);
      }
    }
    for (const [sw, peer] of pairs) {
      if (known.has(`${peer.id}\n${sw.id}`)) continue;
      known.add(`${peer.id}\n${sw.id}`);
      switchById(peer.id)[relation].push(ref(sw.id, peer.span));
    }
  }
}
