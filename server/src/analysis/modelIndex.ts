// Lookup tables over the model, built once per analysis so every later step is a map access.
import type {
  ArrayPort,
  Controller,
  Hba,
  Host,
  Link,
  Model,
  Nic,
  Portal,
  StorageArray,
  Switch,
  SwitchPort,
  Team,
  Trunk,
  Vmk,
  Volume,
  VSwitch,
  VSwitchTeaming,
} from '../model/schema';
import { hostsReplaced } from '../model/build';
import { replaceEntries } from '../replaceEntries';

export interface ModelIndex {
  /** The model indexed (another version's, when an index is taken over for it). */
  model: Model;
  hosts: Map<string, Host>;
  nics: Map<string, Nic>;
  teams: Map<string, Team>;
  vswitches: Map<string, VSwitch>;
  vmks: Map<string, Vmk>;
  hbas: Map<string, Hba>;
  switches: Map<string, Switch>;
  switchPorts: Map<string, SwitchPort>;
  arrays: Map<string, StorageArray>;
  controllers: Map<string, Controller>;
  arrayPorts: Map<string, ArrayPort>;
  trunks: Map<string, Trunk>;
  portals: Map<string, Portal>;
  volumes: Map<string, Volume>;
  links: Map<string, Link>;
  /** Links per host NIC/HBA id or array port id, in file order. */
  linksByEnd: Map<string, Link[]>;
}

const indexes = new WeakMap<Model, ModelIndex>();

/**
 * The model's lookup tables, built once per model however many stages (analyses, rules, fixes) ask.
 * Given the index of the model of the previous version, whose statements other than hosts the
 * model builder kept (the very same lists of switches, arrays, links, sessions and host groups),
 * it takes that index over and re-indexes only the hosts that are other objects.
 */
export function modelIndex(model: Model, previous?: ModelIndex): ModelIndex {
  let index = indexes.get(model);
  if (!index) {
    index = (previous && reindexedHosts(previous, model)) ?? indexModel(model);
    indexes.set(model, index);
  }
  return index;
}

/** The tables of a host's elements, each named as the host's list of them. */
type HostTable = 'nics' | 'teams' | 'vswitches' | 'vmks' | 'hbas';
const HOST_TABLES: readonly HostTable[] = ['nics', 'teams', 'vswitches', 'vmks', 'hbas'];

function reindexedHosts(previous: ModelIndex, model: Model): ModelIndex | undefined {
  const before = previous.model;
  const kept =
    before.switches === model.switches &&
    before.arrays === model.arrays &&
    before.links === model.links &&
    before.sessions === model.sessions &&
    before.hostGroups === model.hostGroups &&
    before.hosts.length === model.hosts.length;
  if (!kept) return undefined;
  // Each host built again replaces its entries; the tables are only looked up in, so their order
  // does not matter. Where an id was another element's too (a name written twice), the table is
  // made again, so that it holds what a fresh index would.
  const tables = previous as unknown as Record<HostTable | 'hosts', Map<string, unknown>>;
  const remade = new Set<HostTable | 'hosts'>();
  for (const { old, host } of hostsReplaced(model, before.hosts)) {
    if (!replacedEntries(tables.hosts, [old], [host])) remade.add('hosts');
    for (const table of HOST_TABLES) if (!replacedEntries(tables[table], old[table], host[table])) remade.add(table);
  }
  for (const table of remade) {
    if (table === 'hosts') previous.hosts = new Map(model.hosts.map((host) => [host.id, host]));
    else tables[table] = tableOf(model.hosts, table);
  }
  previous.model = model;
  return previous;
}

type Element = Host[HostTable][number];

/**
 * Replaces `old`'s entries in `table` by `now`'s, unless an id names another element there (one
 * that is not among `old`): then it changes nothing and says so.
 */
function replacedEntries(table: Map<string, unknown>, old: readonly { id: string }[], now: readonly { id: string }[]): boolean {
  if (old.some((element) => table.get(element.id) !== element)) return false;
  const oldIds = new Set(old.map((element) => element.id));
  if (now.some((element) => !oldIds.has(element.id) && table.has(element.id))) return false;
  replaceEntries(table, old, now);
  return true;
}

/** One table of the hosts' elements, in model order. */
function tableOf(hosts: readonly Host[], table: HostTable): Map<string, Element> {
  const elements = new Map<string, Element>();
  for (const host of hosts) for (const element of host[table]) elements.set(element.id, element);
  return elements;
}

function indexHost(index: ModelIndex, host: Host): void {
  index.hosts.set(host.id, host);
  for (const nic of host.nics) index.nics.set(nic.id, nic);
  for (const team of host.teams) index.teams.set(team.id, team);
  for (const vswitch of host.vswitches) index.vswitches.set(vswitch.id, vswitch);
  for (const vmk of host.vmks) index.vmks.set(vmk.id, vmk);
  for (const hba of host.hbas) index.hbas.set(hba.id, hba);
}

function indexModel(model: Model): ModelIndex {
  const index: ModelIndex = {
    model,
    hosts: new Map(),
    nics: new Map(),
    teams: new Map(),
    vswitches: new Map(),
    vmks: new Map(),
    hbas: new Map(),
    switches: new Map(),
    switchPorts: new Map(),
    arrays: new Map(),
    controllers: new Map(),
    arrayPorts: new Map(),
    trunks: new Map(),
    portals: new Map(),
    volumes: new Map(),
    links: new Map(),
    linksByEnd: new Map(),
  };
  for (const host of model.hosts) indexHost(index, host);
  for (const sw of model.switches) {
    index.switches.set(sw.id, sw);
    for (const port of sw.ports) index.switchPorts.set(port.id, port);
  }
  for (const array of model.arrays) {
    index.arrays.set(array.id, array);
    for (const controller of array.controllers) {
      index.controllers.set(controller.id, controller);
      for (const port of controller.ports) index.arrayPorts.set(port.id, port);
    }
    for (const trunk of array.trunks) index.trunks.set(trunk.id, trunk);
    for (const portal of array.portals) index.portals.set(portal.id, portal);
    for (const volume of array.volumes) index.volumes.set(volume.id, volume);
  }
  for (const link of model.links) {
    index.links.set(link.id, link);
    for (const end of [link.a, link.b]) {
      if (end.kind !== 'host-interface' && end.kind !== 'array-port') continue;
      const list = index.linksByEnd.get(end.ref.id);
      if (list) list.push(link);
      else index.linksByEnd.set(end.ref.id, [link]);
    }
  }
  return index;
}

/** `10000` → `10G`, `2500` → `2.5G`, `100` → `100M`. */
export function formatMbps(mbps: number): string {
  if (mbps >= 1000) return `${Number((mbps / 1000).toFixed(2))}G`;
  return `${Number(mbps.toFixed(2))}M`;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The load-balancing policy of a vmk's port group, and the vSwitch it is on: the port group's
 * override when written, else the vSwitch's teaming (vSphere: a port group's teaming and failover
 * settings override the switch's). Undefined for a vmk on no vSwitch that writes none.
 */
export function vmkTeaming(index: ModelIndex, vmk: Vmk): { vswitch: VSwitch | undefined; teaming: VSwitchTeaming; override: boolean } | undefined {
  const vswitch = (vmk.vswitch && index.vswitches.get(vmk.vswitch.id)) || undefined;
  if (vmk.teaming !== undefined) return { vswitch, teaming: vmk.teaming, override: true };
  return vswitch ? { vswitch, teaming: vswitch.teaming, override: false } : undefined;
}
