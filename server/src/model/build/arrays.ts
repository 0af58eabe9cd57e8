// Storage arrays: controllers and their ports, trunks, volumes (grammar spec: `array`,
// `controller`, `arrayPort`, `trunk`, `volume`). The hosts a volume is mapped to (or their host
// groups) may be declared later in the file, so they resolve in the builder's second pass.
import type { Block, Value } from '../../syntax/tree';
import type { ArrayPort, Controller, Portal, Ref, StorageArray, Trunk, Volume } from '../schema';
import { describeKind } from '../symbols';
import { parseSize, parseWholeNumber, parseWwpn } from '../values';
import { findProperty, first, isName, list, ref, segmentsOf, type BuildContext } from './context';
import { hostsThroughGroup } from './hostGroups';

export function buildArray(b: BuildContext, block: Block): void {
  const declared = b.declare(block, 'array', undefined, '');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'array', name);
  const array: StorageArray = { kind: 'array', id, name, span, nameSpan, capabilities: [], controllers: [], trunks: [], portals: [], volumes: [] };
  b.define(array);
  b.model.arrays.push(array);
  const model = first(body, 'model');
  if (model) array.model = model.text;
  for (const value of list(body, 'capabilities')) {
    const capability = b.choice<StorageArray['capabilities'][number]>(body, value, 'capabilities', 'capability');
    if (capability !== undefined && !array.capabilities.includes(capability)) array.capabilities.push(capability);
  }
  const resolveLocal: (() => void)[] = [];
  for (const child of body.items) {
    if (child.kind !== 'block') continue;
    const keyword = child.keywordText;
    if (keyword === 'controller') controller(b, child, array);
    else if (keyword === 'trunk') trunk(b, child, array, resolveLocal);
    else if (keyword === 'portal') portal(b, child, array, resolveLocal);
    else if (keyword === 'volume') volume(b, child, array, resolveLocal);
  }
  for (const resolve of resolveLocal) resolve();
}

function controller(b: BuildContext, block: Block, array: StorageArray): void {
  const declared = b.declare(block, 'controller', array.id, '.');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'controller', id);
  const controller: Controller = { kind: 'controller', id, name, span, nameSpan, array: array.id, ports: [] };
  b.define(controller);
  array.controllers.push(controller);
  for (const child of body.items) if (child.kind === 'block') arrayPort(b, child, array, controller);
}

function arrayPort(b: BuildContext, block: Block, array: StorageArray, controller: Controller): void {
  const declared = b.declare(block, 'array-port', controller.id, '.');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'arrayPort', id);
  const port: ArrayPort = { kind: 'array-port', id, name, span, nameSpan, array: array.id, controller: controller.id, protocol: 'iscsi', ips: [] };
  b.ethernet(body, port);
  const wwpnProperty = findProperty(body, 'wwpn');
  const ipProperty = findProperty(body, 'ip');
  if (wwpnProperty && ipProperty) {
    b.report('portIpAndWwpn', `port '${port.id}' has both ip (iSCSI) and wwpn (Fibre Channel); a port is one or the other, so the wwpn is ignored`, wwpnProperty.span, [
      { span: ipProperty.span, message: 'the address kept' },
    ]);
  } else {
    const wwpn = b.parse(first(body, 'wwpn'), parseWwpn);
    if (wwpn !== undefined) {
      port.wwpn = wwpn;
      port.protocol = 'fc';
    }
  }
  b.define(port);
  controller.ports.push(port);
}

function trunk(b: BuildContext, block: Block, array: StorageArray, resolveLocal: (() => void)[]): void {
  const declared = b.declare(block, 'trunk', array.id, '.');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'trunk', id);
  const trunk: Trunk = { kind: 'trunk', id, name, span, nameSpan, array: array.id, members: [], mode: 'lacp', ips: [] };
  b.mode(body, 'trunk mode', trunk);
  b.ethernet(body, trunk);
  b.define(trunk);
  array.trunks.push(trunk);
  resolveLocal.push(() => {
    for (const value of list(body, 'members')) {
      const portId = memberPort(b, array, value);
      if (portId && b.claim(portId, trunk.id, `trunk '${trunk.name}'`, value)) trunk.members.push(ref(portId, value.span));
    }
  });
}

function portal(b: BuildContext, block: Block, array: StorageArray, resolveLocal: (() => void)[]): void {
  const declared = b.declare(block, 'portal', array.id, '.');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'portal', id);
  const portal: Portal = { kind: 'portal', id, name, span, nameSpan, array: array.id, mode: 'discovery', ips: [], ports: [] };
  b.mode(body, 'portal mode', portal);
  b.ethernet(body, portal);
  b.define(portal);
  array.portals.push(portal);
  resolveLocal.push(() => {
    if (findProperty(body, 'ports') === undefined) {
      // Unwritten: every iSCSI port, as a send-targets answer lists them all.
      for (const controller of array.controllers) for (const port of controller.ports) if (port.protocol === 'iscsi') portal.ports.push(ref(port.id, nameSpan));
      return;
    }
    const seen = new Set<string>();
    for (const value of list(body, 'ports')) {
      const portId = memberPort(b, array, value);
      if (portId === undefined) continue;
      if (seen.has(portId)) {
        b.report('alreadyMember', `'${value.text}' is listed twice in portal '${portal.name}'`, value.span);
        continue;
      }
      seen.add(portId);
      if ((b.definitions.get(portId) as ArrayPort).protocol === 'fc') {
        b.report('notArrayPort', `'${value.text}' is a Fibre Channel port; a portal is an iSCSI address, carried by iSCSI ports`, value.span);
        continue;
      }
      portal.ports.push(ref(portId, value.span));
    }
  });
}

/** A trunk member or a portal's port: `controller.port` (or `array.controller.port`) of this array. */
function memberPort(b: BuildContext, array: StorageArray, value: Value): string | undefined {
  let segments = segmentsOf(value);
  if (segments.length === 3 && segments[0].text === array.name) {
    b.reference(array.id, segments[0].span);
    segments = segments.slice(1);
  }
  if (segments.length !== 2) return notArrayPort(b, value, array, '; write members as controller.port, e.g. A.p1');
  const controllerId = `${array.id}.${segments[0].text}`;
  if (b.definitions.get(controllerId)?.kind !== 'controller') {
    return notArrayPort(b, value, array, `: it has no controller '${segments[0].text}'${b.suggest(segments[0].text, b.namesIn(array.id))}`);
  }
  b.reference(controllerId, segments[0].span);
  const portId = `${controllerId}.${segments[1].text}`;
  if (b.definitions.get(portId)?.kind !== 'array-port') {
    return notArrayPort(b, value, array, `: controller '${segments[0].text}' has no port '${segments[1].text}'${b.suggest(segments[1].text, b.namesIn(controllerId))}`);
  }
  b.reference(portId, segments[1].span);
  return portId;
}

function notArrayPort(b: BuildContext, value: Value, array: StorageArray, why: string): undefined {
  b.report('notArrayPort', `'${value.text}' is not a port of array '${array.name}'${why}`, value.span);
  return undefined;
}

function volume(b: BuildContext, block: Block, array: StorageArray, resolveLocal: (() => void)[]): void {
  const declared = b.declare(block, 'volume', array.id, '.');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'volume', id);
  const volume: Volume = { kind: 'volume', id, name, span, nameSpan, array: array.id };
  const size = b.parse(first(body, 'size'), parseSize);
  if (size !== undefined) volume.sizeBytes = size;
  const lunValue = first(body, 'lun');
  const lun = lunValue ? b.keep(parseWholeNumber(lunValue.text, lunValue.span, 'LUN')) : undefined;
  if (lun !== undefined) volume.lun = lun;
  b.define(volume);
  array.volumes.push(volume);
  const owner = first(body, 'owner');
  if (owner) resolveLocal.push(() => volumeOwner(b, array, volume, owner));
  if (findProperty(body, 'hosts') !== undefined) {
    const hosts: Ref[] = [];
    volume.hosts = hosts;
    b.deferred.push(() => {
      const seen = new Set<string>();
      const named = new Set<string>();
      for (const value of list(body, 'hosts')) {
        const group = b.definitions.get(value.text);
        if (group?.kind === 'host-group') {
          if (named.has(group.id)) {
            b.report('alreadyMember', `host group '${value.text}' is listed twice for volume '${volume.name}'`, value.span);
            continue;
          }
          named.add(group.id);
          (volume.groups ??= []).push(b.reference(group.id, value.span));
          // A host also in another group or listed alone is mapped once: arrays map it once too.
          for (const host of hostsThroughGroup(group, value.span)) {
            if (seen.has(host.id)) continue;
            seen.add(host.id);
            hosts.push(host);
          }
          continue;
        }
        const hostId = b.resolveTop(value, 'host');
        if (hostId === undefined) continue;
        if (named.has(hostId)) {
          b.report('alreadyMember', `host '${value.text}' is listed twice for volume '${volume.name}'`, value.span);
          continue;
        }
        named.add(hostId);
        if (seen.has(hostId)) continue;
        seen.add(hostId);
        hosts.push(ref(hostId, value.span));
      }
    });
  }
}

function volumeOwner(b: BuildContext, array: StorageArray, volume: Volume, value: Value): void {
  const id = `${array.id}.${value.text}`;
  const definition = isName(value.text) ? b.definitions.get(id) : undefined;
  if (!definition) {
    const controllers = array.controllers.map((controller) => controller.name);
    b.report('notController', `'${value.text}' is not a controller of array '${array.name}'${b.suggest(value.text, controllers)}`, value.span);
    return;
  }
  const owner = b.reference(id, value.span);
  if (definition.kind !== 'controller') {
    b.report('wrongKind', `'${value.text}' is ${describeKind(definition.kind)}, expected a controller`, value.span, [
      { span: definition.nameSpan, message: `'${value.text}' is defined here` },
    ]);
    return;
  }
  volume.owner = owner;
}
