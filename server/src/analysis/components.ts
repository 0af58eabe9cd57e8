// The failable components of a topology: NICs, HBAs, shared cards, cables, switches (a stack as
// one component), controllers and array ports. Logical groupings (teams, vmks, LAGs, trunks) are
// not components: they fail only through their members.
import type { Host, Link, StorageArray, Switch } from '../model/schema';
import type { Component } from './types';
import { compareStrings, type ModelIndex } from './modelIndex';

export interface ComponentTable {
  /** Sorted by id. */
  components: Component[];
  /** Switch id → its failure domain: the stack component id, or the switch id itself. */
  switchDomain: Map<string, string>;
}

export function cardId(host: string, card: string): string {
  return `${host}.card:${card}`;
}

/**
 * The components each model element gives, kept while the element lives. Model elements do not
 * change once built, and an edited document keeps the elements of the statements the edit did not
 * touch (model/build.ts), so most of a new version's components are the previous version's.
 */
const linkComponents = new WeakMap<Link, Component>();
const hostComponents = new WeakMap<Host, Component[]>();

/** A host's NICs and HBAs, and the cards that several of its ports share. */
export function componentsOfHost(host: Host): Component[] {
  let components = hostComponents.get(host);
  if (components) return components;
  components = [];
  const cards = new Map<string, Component>();
  const addToCard = (portId: string, card: string | undefined, span: Component['span']): void => {
    if (card === undefined) return;
    const id = cardId(host.id, card);
    let component = cards.get(id);
    if (!component) {
      component = { id, kind: 'card', label: `card ${card} of ${host.name}`, span, members: [] };
      cards.set(id, component);
      components!.push(component);
    }
    component.members!.push(portId);
  };
  for (const nic of host.nics) {
    components.push({ id: nic.id, kind: 'nic', label: `NIC ${nic.id}`, span: nic.span });
    addToCard(nic.id, nic.card, nic.span);
  }
  for (const hba of host.hbas) {
    components.push({ id: hba.id, kind: 'hba', label: `HBA ${hba.id}`, span: hba.span });
    addToCard(hba.id, hba.card, hba.span);
  }
  hostComponents.set(host, components);
  return components;
}

/** The card component a host NIC or HBA sits on, if it names one. */
export function cardOf(index: ModelIndex, portId: string): string | undefined {
  const port = index.nics.get(portId) ?? index.hbas.get(portId);
  return port?.card === undefined ? undefined : cardId(port.host, port.card);
}

/** `link hv01.eth0 -- core1:7`. */
export function linkLabel(link: Link): string {
  return `link ${link.a.ref.id} -- ${link.b.ref.id}`;
}

/** A cable's component. */
export function componentOfLink(link: Link): Component {
  let component = linkComponents.get(link);
  if (!component) linkComponents.set(link, (component = { id: link.id, kind: 'link', label: linkLabel(link), span: link.span }));
  return component;
}

/** The components of the shared topology: switches (a stack as one), controllers and array ports. */
export interface SharedComponents {
  components: Component[];
  /** The components by id. */
  byId: ReadonlyMap<string, Component>;
  /** Switch id → its failure domain: the stack component id, or the switch id itself. */
  switchDomain: Map<string, string>;
}

/**
 * Kept per list of switches and of arrays: an editor's next version that rebuilt only hosts keeps
 * the model's (whose spans a re-parse moves in place), so the shared topology, the analysis's
 * lookups and its list of components read the components made once.
 */
const sharedOfSwitches = new WeakMap<Switch[], { arrays: StorageArray[]; shared: SharedComponents }>();

export function sharedComponents(index: ModelIndex): SharedComponents {
  const { switches, arrays } = index.model;
  const kept = sharedOfSwitches.get(switches);
  if (kept?.arrays === arrays) return kept.shared;
  const shared = madeSharedComponents(index);
  sharedOfSwitches.set(switches, { arrays, shared });
  return shared;
}

function madeSharedComponents(index: ModelIndex): SharedComponents {
  const components: Component[] = [];
  const switchDomain = new Map<string, string>();
  for (const stack of stacks(index)) {
    if (stack.length === 1) {
      const sw = index.switches.get(stack[0]!)!;
      switchDomain.set(sw.id, sw.id);
      components.push({ id: sw.id, kind: 'switch', label: `switch ${sw.id}`, span: sw.span });
      continue;
    }
    const id = `stack:${stack.join('+')}`;
    for (const member of stack) switchDomain.set(member, id);
    const first = index.switches.get(stack[0]!)!;
    components.push({ id, kind: 'stack', label: `stack ${stack.join('+')}`, span: first.span, members: stack });
  }
  for (const array of index.model.arrays) {
    for (const controller of array.controllers) {
      components.push({ id: controller.id, kind: 'controller', label: `controller ${controller.id}`, span: controller.span });
      for (const port of controller.ports) {
        components.push({ id: port.id, kind: 'array-port', label: `array port ${port.id}`, span: port.span });
      }
    }
  }
  return { components, byId: new Map(components.map((component) => [component.id, component])), switchDomain };
}

/** Every component of a model, found afresh. */
export function collectComponents(index: ModelIndex): ComponentTable {
  const shared = sharedComponents(index);
  const components = [...shared.components];
  for (const host of index.model.hosts) for (const component of componentsOfHost(host)) components.push(component);
  for (const link of index.model.links) components.push(componentOfLink(link));
  components.sort((x, y) => compareStrings(x.id, y.id));
  return { components, switchDomain: shared.switchDomain };
}

/** Switches grouped into stacks (connected through `stack` peers), each group sorted. */
function stacks(index: ModelIndex): string[][] {
  const seen = new Set<string>();
  const groups: string[][] = [];
  for (const sw of index.model.switches) {
    if (seen.has(sw.id)) continue;
    const group: string[] = [];
    const queue = [sw.id];
    seen.add(sw.id);
    while (queue.length > 0) {
      const id = queue.pop()!;
      group.push(id);
      for (const peer of index.switches.get(id)?.stack ?? []) {
        if (!seen.has(peer.id) && index.switches.has(peer.id)) {
          seen.add(peer.id);
          queue.push(peer.id);
        }
      }
    }
    groups.push(group.sort(compareStrings));
  }
  return groups;
}
