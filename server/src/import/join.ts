// Many machines' facts → one observed network. Outputs are grouped into machines (a folder per
// machine, split further by initiator IQN when one folder holds several hosts), machines merge
// when they share an IQN or a switch name, and everything else is joined by stable keys: a
// session's initiator by its address, a portal by its address, a LUN by its WWID, a cable by the
// LLDP system name and port (or the MAC a port advertises); a Fibre Channel port by its WWPN, its
// cable by the switch port its WWPN is logged in on. Within one machine's collection, the
// device names its outputs share (sdX, vmhba:C:T:L, ISID) tie a path to its session, and ESXi's
// vSwitch and port group names place a vmk; they are never compared across machines. What cannot
// be placed is listed, never guessed.
import * as path from 'node:path';
import type { AluaState, Fact, LagFact, OsFamily, PathState, Policy, SessionFact, TeamMode, VSwitchTeaming } from './facts';
import type { ReadOutput } from './read';
import { inSubnetOf } from './text';

export interface Source {
  /** The file as shown to the user (relative to where the import ran). */
  file: string;
  line: number;
}

export interface CollectedFile {
  file: string;
  /** The folder the file is in: the outputs of one folder are taken as one machine's. */
  folder: string;
  read: ReadOutput;
}

export interface ObservedInterface {
  name: string;
  ips: string[];
  mtu?: number;
  speedMbps?: number;
  mac?: string;
  up?: boolean;
  /** The interface's own default gateway (an ESXi VMkernel port's gateway override). */
  gateway?: { address: string; source: Source };
  source: Source;
}

export interface ObservedTeam extends ObservedInterface {
  mode: TeamMode;
  members: Array<{ name: string; up: boolean }>;
}

export interface ObservedVmk extends ObservedInterface {
  uplinks: string[];
  bound: boolean;
  /** The vSwitch (of the host's `vswitches`) its port group is on. */
  vswitch?: string;
  /** Its port group's own failover order, where the port group overrides the vSwitch's. */
  override?: { active: string[]; standby: string[]; source: Source };
  /** Its port group's own load balancing, where the port group overrides the vSwitch's. */
  teaming?: { value: VSwitchTeaming; source: Source };
  /** The VLAN its port group tags. */
  vlan?: { value: number; source: Source };
}

/** A static route: the network it reaches and the router it goes through. */
export interface ObservedRoute {
  to: string;
  gateway: string;
  source: Source;
}

/** An ESXi vSwitch, standard or this host's part of a distributed one. */
export interface ObservedVSwitch {
  name: string;
  type: 'standard' | 'distributed';
  mtu?: number;
  uplinks: string[];
  standby: string[];
  teaming?: VSwitchTeaming;
  /** Where its uplinks (and MTU) were read, and where its failover policy was, when collected. */
  source: Source;
  policySource?: Source;
}

/** One iSCSI connection as observed: what the design writes as `initiator -> portal`. */
export interface ObservedConnection {
  /** The host's interface (NIC, team or vmk) the connection leaves from, when known. */
  initiator?: string;
  initiatorAddress?: string;
  target: string;
  portal: string;
  state: 'logged-in' | 'failed';
  /** The multipath paths this connection carries (one per LUN). */
  paths: ObservedPath[];
  source: Source;
}

/** A Fibre Channel HBA port of a host, known by its WWPN. */
export interface ObservedHba {
  name: string;
  wwpn: string;
  speedMbps?: number;
  up?: boolean;
  source: Source;
}

/** A Fibre Channel path as observed: an HBA port to a target port, and the LUN paths over it. */
export interface ObservedFcConnection {
  initiatorWwpn: string;
  targetWwpn: string;
  paths: ObservedPath[];
  source: Source;
}

export interface ObservedPath {
  wwid: string;
  lun?: number;
  state: PathState;
  alua?: AluaState;
  group?: string;
  source: Source;
}

export interface ObservedLink {
  /** The host NIC or `array.controller.port` end. */
  from: string;
  switchName: string;
  port: string;
  source: Source;
}

export interface ObservedHost {
  name: string;
  os?: { family: OsFamily; name?: string; source: Source };
  iqn?: { value: string; source: Source };
  nics: ObservedInterface[];
  teams: ObservedTeam[];
  vswitches: ObservedVSwitch[];
  vmks: ObservedVmk[];
  hbas: ObservedHba[];
  /** Static routes through a gateway (default gateways are their interfaces' `gateway`). */
  routes: ObservedRoute[];
  /** How the host combines paths: a multipath driver (MPIO installed, dm-multipath maps, NMP devices) or MC/S sessions. */
  multipath?: { method: 'mpio' | 'mcs'; source: Source };
  policy?: { policy: Policy; name: string; source: Source };
  connections: ObservedConnection[];
  /** Fibre Channel paths, where the outputs tie each LUN path to its HBA and target port (Linux sysfs, ESXi). */
  fcConnections: ObservedFcConnection[];
  /** Paths no connection could be found for (a LUN's paths are still counted by state). */
  loosePaths: ObservedPath[];
  links: ObservedLink[];
}

export interface ObservedArrayPort {
  /** What initiators name the port by: its address (iSCSI) or its WWPN (Fibre Channel). */
  key: string;
  address?: string;
  wwpn?: string;
  speedMbps?: number;
  /** The port's name and its controller's, as LLDP describes them (`controller A port p0`) or as ALUA groups them. */
  name: string;
  controller: string;
  mac?: string;
  /** The switch port LLDP shows the port's MAC on, or its WWPN is logged in on. */
  cable?: { switchName: string; port: string; source: Source };
  /** Not printed by any initiator: the MTU of the initiators that log in to it, when they agree. */
  mtu?: number;
  source: Source;
}

export interface ObservedVolume {
  wwid: string;
  lun?: number;
  hosts: string[];
  /** The controller the optimized paths lead to. */
  owner?: string;
  source: Source;
}

export interface ObservedArray {
  name: string;
  targets: string[];
  alua: boolean;
  ports: ObservedArrayPort[];
  volumes: ObservedVolume[];
  links: ObservedLink[];
  /** True when no output tells which controller a portal is on: the ports sit in one `unknown` controller. */
  controllersUnknown: boolean;
}

export interface ObservedLag {
  name: string;
  mode: 'lacp' | 'static';
  up: boolean;
  members: Array<{ port: string; up: boolean }>;
  source: Source;
}

/** A WWPN logged in to the fabric on a switch port. */
export interface ObservedLogin {
  port: string;
  wwpn: string;
  speedMbps?: number;
  source: Source;
}

export interface ObservedSwitch {
  name: string;
  /** A Fibre Channel switch's fabric name, where it prints one. */
  fabric?: string;
  logins: ObservedLogin[];
  lags: ObservedLag[];
  ports: Array<{ port: string; up: boolean; speedMbps?: number; vlan?: number; mtu?: number; source: Source }>;
  /** Inter-switch cables seen by LLDP. */
  links: ObservedLink[];
  source: Source;
}

export interface Unplaced {
  source: Source;
  message: string;
}

export interface ObservedNetwork {
  hosts: ObservedHost[];
  switches: ObservedSwitch[];
  arrays: ObservedArray[];
  /** Facts that could not be placed in the design, and outputs that could not be read. */
  unplaced: Unplaced[];
}

type Sourced<T> = T & { source: Source };

interface Machine {
  folder: string;
  role: 'host' | 'switch';
  /** Ids of the formats its outputs are in. */
  formats: Set<string>;
  facts: Array<Sourced<Fact>>;
}

export function joinObservations(files: readonly CollectedFile[]): ObservedNetwork {
  const unplaced: Unplaced[] = [];
  for (const file of files) {
    for (const error of file.read.errors) unplaced.push({ source: { file: file.file, line: error.line }, message: error.message });
  }
  const machines = groupMachines(files, unplaced);
  const names = new NameRegistry();
  const switchMachines = machines.filter((machine) => machine.role === 'switch');
  const hostMachines = machines.filter((machine) => machine.role === 'host');
  const hosts = hostMachines.map((machine) => buildHost(machine, names, unplaced));
  const switches = switchMachines.map((machine) => buildSwitch(machine, names));
  const arrays = buildArrays(hosts, hostMachines, switches, switchMachines, names, unplaced);
  cableHosts(hosts, hostMachines, switches, switchMachines, names, unplaced);
  cableFibreChannel(hosts, switches, arrays, unplaced);
  return { hosts, switches, arrays, unplaced };
}

/** Folders → machines; a folder with outputs of several hosts is split by initiator IQN. */
function groupMachines(files: readonly CollectedFile[], unplaced: Unplaced[]): Machine[] {
  const byKey = new Map<string, Machine>();
  const perFolder = new Map<string, CollectedFile[]>();
  for (const file of files) {
    if (!file.read.format) continue;
    perFolder.set(file.folder, [...(perFolder.get(file.folder) ?? []), file]);
  }
  for (const [folder, folderFiles] of perFolder) {
    const iqnOf = (file: CollectedFile) => file.read.facts.find((fact) => fact.kind === 'initiator')?.iqn;
    const hostFiles = folderFiles.filter((file) => !file.read.format!.startsWith('switch-'));
    const iqns = new Set(hostFiles.map(iqnOf).filter((iqn): iqn is string => iqn !== undefined));
    for (const file of folderFiles) {
      const role = file.read.format!.startsWith('switch-') ? 'switch' : 'host';
      let key = `${role}\u0000${folder}`;
      if (role === 'host' && iqns.size > 1) {
        const iqn = iqnOf(file);
        if (!iqn) {
          unplaced.push({ source: { file: file.file, line: 1 }, message: `the folder holds outputs of ${iqns.size} hosts and this one names no initiator: put each machine's outputs in a folder of its own` });
          continue;
        }
        key = `${key}\u0000${iqn}`;
      }
      const prompt = file.read.facts.find((fact) => fact.kind === 'machine' && fact.name !== undefined);
      if (role === 'switch' && prompt?.kind === 'machine') key = `switch\u0000name\u0000${prompt.name!.toLowerCase()}`;
      const machine = byKey.get(key) ?? { folder, role, formats: new Set<string>(), facts: [] };
      byKey.set(key, machine);
      machine.formats.add(file.read.format!);
      // One push per fact: an output of many MB has more facts than a call takes arguments.
      for (const fact of file.read.facts) machine.facts.push({ ...fact, source: { file: file.file, line: fact.line } });
    }
  }
  // The same host collected into two folders: one machine per initiator IQN.
  const byIqn = new Map<string, Machine>();
  const merged: Machine[] = [];
  for (const machine of byKey.values()) {
    const iqn = machine.facts.find((fact) => fact.kind === 'initiator');
    const key = iqn?.kind === 'initiator' ? iqn.iqn : undefined;
    const existing = key === undefined ? undefined : byIqn.get(key);
    if (existing && machine.role === 'host') {
      for (const fact of machine.facts) existing.facts.push(fact);
      for (const format of machine.formats) existing.formats.add(format);
    } else {
      if (key !== undefined && machine.role === 'host') byIqn.set(key, machine);
      merged.push(machine);
    }
  }
  return merged;
}

/** Names unique across hosts, switches and arrays (one namespace), each a valid identifier. */
class NameRegistry {
  private readonly used = new Set<string>();
  take(wanted: string): string {
    const base = identifier(wanted);
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

/** A name the design accepts: letters, digits, `_` and `-`, starting with a letter or `_`. */
export function identifier(text: string): string {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  if (cleaned === '') return 'unnamed';
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `n${cleaned}`;
}

/** Interface names in the design: `Ethernet 2` → `Ethernet-2`. */
function interfaceName(text: string): string {
  return identifier(text);
}

function ofKind<K extends Fact['kind']>(machine: Machine, kind: K): Array<Sourced<Extract<Fact, { kind: K }>>> {
  return machine.facts.filter((fact): fact is Sourced<Extract<Fact, { kind: K }>> => fact.kind === kind);
}

const FAMILY_OF_FORMAT: Array<[string, OsFamily]> = [
  ['linux-', 'linux'],
  ['esxi-', 'esxi'],
  ['windows-', 'windows'],
];

function hostName(machine: Machine, unplacedIqn: string | undefined): string {
  const stated = ofKind(machine, 'machine').find((fact) => fact.name)?.name;
  if (stated) return stated;
  const folder = path.basename(machine.folder);
  if (!unplacedIqn || (folder !== '' && folder !== '.')) return folder;
  // iqn.1994-05.com.redhat:db01 → db01; iqn.1991-05.com.microsoft:hv01.corp.example → hv01
  return unplacedIqn.split(':').pop()!.split('.')[0];
}

function buildHost(machine: Machine, names: NameRegistry, unplaced: Unplaced[]): ObservedHost {
  const iqnFact = ofKind(machine, 'initiator')[0];
  const host: ObservedHost = {
    name: names.take(hostName(machine, iqnFact?.iqn)),
    nics: [],
    teams: [],
    vswitches: [],
    vmks: [],
    hbas: readHbas(machine),
    routes: [],
    connections: [],
    fcConnections: [],
    loosePaths: [],
    links: [],
  };
  if (iqnFact) host.iqn = { value: iqnFact.iqn, source: iqnFact.source };
  const osFact = ofKind(machine, 'machine').find((fact) => fact.os);
  if (osFact?.os) host.os = { family: osFact.os, ...(osFact.osName ? { name: osFact.osName } : {}), source: osFact.source };
  else {
    const family = FAMILY_OF_FORMAT.find(([prefix]) => [...machine.formats].some((format) => format.startsWith(prefix)));
    if (family && machine.facts[0]) host.os = { family: family[1], source: machine.facts[0].source };
  }
  readInterfaces(machine, host);
  readVSwitches(machine, host, unplaced);
  readRoutes(machine, host, unplaced);
  readMultipath(machine, host);
  readConnections(machine, host, unplaced);
  return host;
}

function readInterfaces(machine: Machine, host: ObservedHost): void {
  const interfaces = new Map<string, ObservedInterface & { type: string; master?: string; uplinks?: string[]; bound?: boolean; vswitch?: string; portgroup?: string }>();
  for (const fact of ofKind(machine, 'interface')) {
    const name = interfaceName(fact.name);
    const known = interfaces.get(name);
    if (!known) {
      interfaces.set(name, { name, ips: [...fact.ips], type: fact.type, source: fact.source, ...pick(fact) });
      continue;
    }
    for (const ip of fact.ips) if (!known.ips.includes(ip)) known.ips.push(ip);
    Object.assign(known, pick(fact), { type: known.type === 'nic' ? fact.type : known.type });
  }
  const teams = new Map<string, ObservedTeam>();
  for (const fact of ofKind(machine, 'team')) {
    // A Linux bond is named by the `master` of its members; a Windows team by itself.
    const named = fact.name !== '' ? fact.name : fact.members.map((member) => interfaces.get(interfaceName(member.name))?.master).find((master) => master);
    if (!named) continue;
    const name = interfaceName(named);
    const team = teams.get(name) ?? { name, mode: fact.mode ?? 'switch-independent', members: [], ips: [], source: fact.source };
    if (fact.mode) team.mode = fact.mode;
    for (const member of fact.members) {
      const memberName = interfaceName(member.name);
      const existing = team.members.find((known) => known.name === memberName);
      if (existing) existing.up = existing.up && member.up;
      else team.members.push({ name: memberName, up: member.up });
    }
    teams.set(name, team);
  }
  for (const team of teams.values()) {
    const self = interfaces.get(team.name);
    if (self) {
      team.ips = self.ips;
      Object.assign(team, { mtu: self.mtu, mac: self.mac, up: self.up });
      interfaces.delete(team.name);
    }
    for (const member of team.members) {
      if (!interfaces.has(member.name)) interfaces.set(member.name, { name: member.name, ips: [], type: 'nic', source: team.source, up: member.up });
    }
    host.teams.push(team);
  }
  for (const item of interfaces.values()) {
    const { type, master: _master, uplinks, bound, vswitch: _vswitch, portgroup: _portgroup, ...observed } = item;
    if (type === 'vmk') host.vmks.push({ ...observed, uplinks: (uplinks ?? []).map(interfaceName), bound: bound ?? false });
    else if (type === 'nic') host.nics.push(observed);
  }
  // A vmk's uplink is a NIC even when no output listed it as one.
  for (const vmk of host.vmks) {
    for (const uplink of vmk.uplinks) if (!host.nics.some((nic) => nic.name === uplink)) host.nics.push({ name: uplink, ips: [], source: vmk.source });
  }
}

/**
 * ESXi vSwitches, and each VMkernel port's place on one: the vSwitch `network ip interface list`
 * names (its Portset, or a distributed switch's VDS Name), a distributed switch's port clients, or
 * the standard vSwitch that lists its port group. A vSwitch's failover policy gives its teaming and
 * standby uplinks; a port group that overrides the failover order or the load balancing gives its
 * vmk its own.
 */
function readVSwitches(machine: Machine, host: ObservedHost, unplaced: Unplaced[]): void {
  const byName = new Map<string, ObservedVSwitch>();
  const switchOfUplink = new Map<string, string>();
  const switchOfPortgroup = new Map<string, string>();
  const switchOfVmk = new Map<string, string>();
  for (const fact of ofKind(machine, 'vswitch')) {
    const name = identifier(fact.name);
    let vswitch = byName.get(name);
    if (!vswitch) {
      vswitch = { name, type: fact.type, uplinks: [], standby: [], source: fact.source };
      byName.set(name, vswitch);
      host.vswitches.push(vswitch);
    }
    if (fact.mtu !== undefined) vswitch.mtu = fact.mtu;
    for (const uplink of fact.uplinks.map(interfaceName)) {
      const other = switchOfUplink.get(uplink);
      if (other !== undefined && other !== name) {
        unplaced.push({ source: fact.source, message: `${uplink} is listed as an uplink of ${other} and of ${name}; a NIC is the uplink of one vSwitch, so it is left out of ${name}` });
        continue;
      }
      switchOfUplink.set(uplink, name);
      if (!vswitch.uplinks.includes(uplink)) vswitch.uplinks.push(uplink);
    }
    for (const portgroup of fact.portgroups) switchOfPortgroup.set(portgroup, name);
    for (const vmk of fact.vmks) switchOfVmk.set(interfaceName(vmk), name);
  }
  const portgroups = new Map(ofKind(machine, 'portgroup').map((fact) => [fact.name, fact] as const));
  for (const fact of portgroups.values()) if (!switchOfPortgroup.has(fact.name)) switchOfPortgroup.set(fact.name, fact.vswitch);
  for (const fact of ofKind(machine, 'failover')) {
    if (fact.scope !== 'vswitch') continue;
    const vswitch = byName.get(identifier(fact.name));
    if (!vswitch) {
      unplaced.push({ source: fact.source, message: `the failover policy of vSwitch ${fact.name}, which no collected vSwitch list of ${host.name} shows (esxcli network vswitch standard list); not placed` });
      continue;
    }
    const active = fact.active.map(interfaceName).filter((name) => vswitch.uplinks.includes(name));
    const standby = fact.standby.map(interfaceName).filter((name) => vswitch.uplinks.includes(name) && !active.includes(name));
    const unused = vswitch.uplinks.filter((name) => !active.includes(name) && !standby.includes(name));
    if (unused.length > 0) {
      unplaced.push({ source: fact.source, message: `${unused.join(', ')}: unused uplink(s) of ${vswitch.name}, neither active nor standby; the design has no unused uplink, so they are left out of it` });
    }
    vswitch.uplinks = [...active, ...standby];
    vswitch.standby = standby;
    if (fact.teaming) vswitch.teaming = fact.teaming;
    vswitch.policySource = fact.source;
  }
  for (const uplink of host.vswitches.flatMap((vswitch) => vswitch.uplinks)) {
    if (!host.nics.some((nic) => nic.name === uplink)) host.nics.push({ name: uplink, ips: [], source: byName.get(switchOfUplink.get(uplink)!)!.source });
  }
  const portgroupOfVmk = new Map<string, string>();
  for (const fact of ofKind(machine, 'interface')) {
    const vmk = fact.type === 'vmk' ? host.vmks.find((candidate) => candidate.name === interfaceName(fact.name)) : undefined;
    if (!vmk) continue;
    if (fact.portgroup !== undefined) portgroupOfVmk.set(vmk.name, fact.portgroup);
    const named = fact.vswitch ?? (fact.portgroup !== undefined ? switchOfPortgroup.get(fact.portgroup) : undefined);
    if (named === undefined) continue;
    if (byName.has(identifier(named))) vmk.vswitch = identifier(named);
    else if (byName.size > 0) unplaced.push({ source: fact.source, message: `${vmk.name} is on vSwitch ${named}, which no collected vSwitch list shows; it is written without its vSwitch` });
  }
  for (const vmk of host.vmks) {
    const portgroup = portgroups.get(portgroupOfVmk.get(vmk.name) ?? '');
    if (portgroup === undefined || portgroup.vlan === 0) continue;
    if (portgroup.vlan === 4095) unplaced.push({ source: portgroup.source, message: `${vmk.name}'s port group ${portgroup.name} passes every VLAN (4095), which a VMkernel port cannot use; written without a VLAN` });
    else vmk.vlan = { value: portgroup.vlan, source: portgroup.source };
  }
  for (const [name, vswitch] of switchOfVmk) {
    const vmk = host.vmks.find((candidate) => candidate.name === name);
    if (vmk && vmk.vswitch === undefined) vmk.vswitch = vswitch;
  }
  for (const fact of ofKind(machine, 'failover')) {
    if (fact.scope !== 'portgroup') continue;
    for (const vmk of host.vmks.filter((candidate) => portgroupOfVmk.get(candidate.name) === fact.name)) {
      const vswitch = vmk.vswitch === undefined ? undefined : byName.get(vmk.vswitch);
      if (fact.overridesTeaming && fact.teaming) vmk.teaming = { value: fact.teaming, source: fact.source };
      if (!fact.overridesUplinks) continue;
      const onSwitch = (names: string[]) => names.map(interfaceName).filter((name) => vswitch === undefined || vswitch.uplinks.includes(name));
      vmk.override = { active: onSwitch(fact.active), standby: onSwitch(fact.standby), source: fact.source };
    }
  }
}

/** Link-local, multicast and loopback destinations: never a route a storage design writes. */
const LOCAL_DESTINATION = /^(169\.254\.|127\.|22[4-9]\.|23\d\.|255\.255\.255\.255\/|fe[89ab][0-9a-f]:|ff[0-9a-f]{2}:|::1\/)/i;

/**
 * The routes a design writes: static routes through a gateway, and default gateways, which are the
 * gateway of the interface they leave through (the one the output names, or whose subnet holds the
 * gateway). Routes to a subnet on-link (the kernel's, or with no gateway) and link-local,
 * multicast and loopback ones are not the design's. One gateway per destination: a second
 * (equal-cost) next hop is reported.
 */
function readRoutes(machine: Machine, host: ObservedHost, unplaced: Unplaced[]): void {
  const interfaces: ObservedInterface[] = [...host.nics, ...host.teams, ...host.vmks];
  for (const fact of ofKind(machine, 'route')) {
    if (fact.gateway === undefined || fact.origin === 'kernel' || LOCAL_DESTINATION.test(fact.to)) continue;
    const gateway = fact.gateway;
    if (fact.to.endsWith('/0')) {
      const named = fact.interface === undefined ? undefined : interfaces.find((item) => item.name === interfaceName(fact.interface!));
      const item = named ?? interfaces.find((candidate) => inSubnetOf(gateway, candidate.ips));
      if (!item) {
        unplaced.push({ source: fact.source, message: `the default gateway ${gateway}${fact.interface ? ` of ${fact.interface}` : ''}: no interface of ${host.name} that the outputs show has an address in its subnet; not placed` });
      } else if (item.gateway && item.gateway.address !== gateway) {
        unplaced.push({ source: fact.source, message: `a second default gateway ${gateway} of ${item.name} (it has ${item.gateway.address}); the first one seen is written` });
      } else item.gateway ??= { address: gateway, source: fact.source };
      continue;
    }
    const known = host.routes.find((route) => route.to === fact.to);
    if (known && known.gateway !== gateway) unplaced.push({ source: fact.source, message: `a second next hop ${gateway} for ${fact.to} (it goes through ${known.gateway} too); the design has one gateway per route, and the first one seen is written` });
    else if (!known) host.routes.push({ to: fact.to, gateway, source: fact.source });
  }
}

/** HBA ports, one per WWPN, named as the OS names them (Linux host5, ESXi vmhba2; Windows has no name: fc0, fc1, …). */
function readHbas(machine: Machine): ObservedHba[] {
  const hbas: ObservedHba[] = [];
  for (const fact of ofKind(machine, 'hba')) {
    const known = hbas.find((hba) => hba.wwpn === fact.wwpn);
    if (known) {
      known.up ??= fact.up;
      known.speedMbps ??= fact.speedMbps;
      continue;
    }
    const hba: ObservedHba = { name: identifier(fact.name), wwpn: fact.wwpn, source: fact.source };
    if (fact.up !== undefined) hba.up = fact.up;
    if (fact.speedMbps !== undefined) hba.speedMbps = fact.speedMbps;
    hbas.push(hba);
  }
  return hbas;
}

function pick(fact: Sourced<Extract<Fact, { kind: 'interface' }>>) {
  const picked: Partial<ObservedInterface & { master: string; uplinks: string[]; bound: boolean }> = {};
  if (fact.gateway !== undefined) picked.gateway = { address: fact.gateway, source: fact.source };
  if (fact.mtu !== undefined) picked.mtu = fact.mtu;
  if (fact.speedMbps !== undefined) picked.speedMbps = fact.speedMbps;
  if (fact.mac !== undefined) picked.mac = fact.mac;
  if (fact.up !== undefined) picked.up = fact.up;
  if (fact.master !== undefined) picked.master = interfaceName(fact.master);
  if (fact.uplinks !== undefined) picked.uplinks = fact.uplinks;
  if (fact.bound !== undefined) picked.bound = fact.bound;
  return picked;
}

function readMultipath(machine: Machine, host: ObservedHost): void {
  const mcs = ofKind(machine, 'target').find((fact) => (fact.connections ?? 1) > 1);
  // A disk list (Get-Disk) alone says nothing about a multipath driver; a policy or a path list does.
  const evidence = machine.facts.find((fact) => fact.kind === 'multipath' || fact.kind === 'path' || (fact.kind === 'lun' && fact.policyName !== undefined));
  if (mcs) host.multipath = { method: 'mcs', source: mcs.source };
  else if (evidence) host.multipath = { method: 'mpio', source: evidence.source };
  // The policy most devices use (or the MSDSM default), as the design has one policy per host.
  const counts = new Map<Policy, { count: number; name: string; source: Source }>();
  for (const fact of machine.facts) {
    if ((fact.kind === 'lun' || fact.kind === 'multipath') && fact.policy) {
      const entry = counts.get(fact.policy) ?? { count: 0, name: fact.policyName ?? fact.policy, source: fact.source };
      entry.count++;
      counts.set(fact.policy, entry);
    }
  }
  const best = [...counts].sort((a, b) => b[1].count - a[1].count)[0];
  if (best) host.policy = { policy: best[0], name: best[1].name, source: best[1].source };
}

function readConnections(machine: Machine, host: ObservedHost, unplaced: Unplaced[]): void {
  const targets = ofKind(machine, 'target');
  const initiatorByAddress = new Map<string, string>();
  for (const item of [...host.nics, ...host.teams, ...host.vmks]) {
    for (const ip of item.ips) initiatorByAddress.set(ip.split('/')[0], item.name);
  }
  const sessions = ofKind(machine, 'session');
  // A richer output of the same sessions (iscsiadm -P 3 over -m session) wins: one connection per initiator, target and portal.
  const seen = new Map<string, ObservedConnection>();
  const connectionOfLink = new Map<string, ObservedConnection>();
  const connectionOfDevice = new Map<string, ObservedConnection>();
  for (const session of sessions) {
    const target = session.target !== '' ? session.target : targetFor(session, targets);
    if (!target) {
      unplaced.push({ source: session.source, message: `the connection from ${session.initiatorAddress ?? 'an unknown address'} to ${session.portal} names no target, and the sessions do not tell which one it is` });
      continue;
    }
    const initiator =
      (session.initiatorAddress && initiatorByAddress.get(session.initiatorAddress)) ??
      (session.initiatorInterface ? interfaceName(session.initiatorInterface) : undefined);
    const key = `${initiator ?? session.initiatorAddress ?? ''}|${target}|${session.portal}`;
    let connection = seen.get(key) ?? (initiator === undefined ? [...seen.values()].find((known) => known.target === target && known.portal === session.portal) : undefined);
    if (!connection) {
      connection = { target, portal: session.portal, state: session.state, paths: [], source: session.source };
      if (initiator) connection.initiator = initiator;
      if (session.initiatorAddress) connection.initiatorAddress = session.initiatorAddress;
      seen.set(key, connection);
      host.connections.push(connection);
    } else if (session.state === 'failed') connection.state = 'failed';
    if (session.link) connectionOfLink.set(session.link, connection);
    for (const device of session.devices) connectionOfDevice.set(device.device, connection);
  }
  // Paths: one per device; later outputs add to what earlier ones said about the same device.
  type ReadPath = ObservedPath & { link?: string; device?: string; scsiAddress?: string; initiatorWwpn?: string; targetWwpn?: string };
  const byDevice = new Map<string, ReadPath>();
  const loose: ReadPath[] = [];
  const wwidOfDevice = new Map<string, string>();
  for (const fact of ofKind(machine, 'path')) if (fact.device && fact.wwid) wwidOfDevice.set(fact.device, fact.wwid);
  for (const fact of ofKind(machine, 'path')) {
    const wwid = fact.wwid || (fact.device ? wwidOfDevice.get(fact.device) : undefined);
    if (!wwid) {
      unplaced.push({ source: fact.source, message: `path ${fact.device ?? ''} names no LUN WWID, and no other output of this machine does` });
      continue;
    }
    const known = fact.device ? byDevice.get(fact.device) : undefined;
    if (known) {
      if (fact.alua) known.alua = fact.alua;
      if (fact.group) known.group = fact.group;
      if (fact.link) known.link = fact.link;
      if (fact.lun !== undefined) known.lun = fact.lun;
      if (fact.scsiAddress) known.scsiAddress = fact.scsiAddress;
      if (fact.initiatorWwpn && fact.targetWwpn) Object.assign(known, { initiatorWwpn: fact.initiatorWwpn, targetWwpn: fact.targetWwpn });
      if (worse(fact.state, known.state)) known.state = fact.state;
      continue;
    }
    const observed: ReadPath = { wwid, state: fact.state, source: fact.source };
    for (const key of ['lun', 'alua', 'group', 'link', 'device', 'scsiAddress', 'initiatorWwpn', 'targetWwpn'] as const) if (fact[key] !== undefined) Object.assign(observed, { [key]: fact[key] });
    if (fact.device) byDevice.set(fact.device, observed);
    else loose.push(observed);
  }
  // A Fibre Channel path's ends: named by the output (ESXi, multipathd), or its SCSI address's
  // host and target as this machine's sysfs names them (`5:0:1:2` → fc_host host5, target 5:0:1).
  const hbaOfScsiHost = new Map(ofKind(machine, 'hba').map((fact) => [fact.name, fact.wwpn]));
  const targetOfScsiTarget = new Map(ofKind(machine, 'fc-target').map((fact) => [fact.scsiTarget, fact.wwpn]));
  const fcEnds = (observed: ReadPath): [string, string] | undefined => {
    if (observed.initiatorWwpn && observed.targetWwpn) return [observed.initiatorWwpn, observed.targetWwpn];
    const address = observed.scsiAddress?.split(':');
    if (!address) return undefined;
    const initiator = hbaOfScsiHost.get(`host${address[0]}`);
    const target = targetOfScsiTarget.get(address.slice(0, 3).join(':'));
    return initiator && target ? [initiator, target] : undefined;
  };
  for (const observed of [...byDevice.values(), ...loose]) {
    const { link, device, scsiAddress: _scsiAddress, initiatorWwpn: _initiatorWwpn, targetWwpn: _targetWwpn, ...pathFact } = observed;
    const connection = (link && connectionOfLink.get(link)) || (device && connectionOfDevice.get(device)) || undefined;
    const ends = connection ? undefined : fcEnds(observed);
    if (connection) connection.paths.push(pathFact);
    else if (ends) {
      let fc = host.fcConnections.find((known) => known.initiatorWwpn === ends[0] && known.targetWwpn === ends[1]);
      if (!fc) {
        fc = { initiatorWwpn: ends[0], targetWwpn: ends[1], paths: [], source: pathFact.source };
        host.fcConnections.push(fc);
      }
      fc.paths.push(pathFact);
    } else host.loosePaths.push(pathFact);
  }
  for (const fact of ofKind(machine, 'lun')) {
    const carried = [...host.connections, ...host.fcConnections].some((connection) => connection.paths.some((pathFact) => pathFact.wwid === fact.wwid));
    if (!carried && !host.loosePaths.some((pathFact) => pathFact.wwid === fact.wwid)) host.loosePaths.push({ wwid: fact.wwid, state: 'active', source: fact.source });
  }
  for (const connection of host.connections) {
    const lun = sessions.find((session) => session.target === connection.target && session.portal === connection.portal)?.devices.find((device) => device.lun !== undefined);
    for (const pathFact of connection.paths) if (pathFact.lun === undefined && lun) pathFact.lun = lun.lun;
  }
}

const STATE_ORDER: Record<PathState, number> = { active: 0, standby: 1, failed: 2 };
const worse = (a: PathState, b: PathState) => STATE_ORDER[a] > STATE_ORDER[b];

/** Get-IscsiConnection does not name its target: the one target sessions from that address log in to. */
function targetFor(session: SessionFact, targets: ReadonlyArray<Extract<Fact, { kind: 'target' }>>): string | undefined {
  const fromAddress = new Set(targets.filter((target) => target.initiatorAddress === session.initiatorAddress).map((target) => target.target));
  if (fromAddress.size === 1) return [...fromAddress][0];
  const connected = new Set(targets.filter((target) => target.connected !== false).map((target) => target.target));
  return connected.size === 1 && fromAddress.size === 0 ? [...connected][0] : undefined;
}

function buildSwitch(machine: Machine, names: NameRegistry): ObservedSwitch {
  const stated = ofKind(machine, 'machine').find((fact) => fact.name);
  const source = (stated ?? machine.facts[0]).source;
  const fabric = ofKind(machine, 'machine').find((fact) => fact.fabric)?.fabric;
  return {
    name: names.take(stated?.name ?? path.basename(machine.folder)),
    ...(fabric ? { fabric } : {}),
    logins: fabricLogins(machine),
    lags: ofKind(machine, 'lag').map((lag: Sourced<LagFact>) => ({
      name: canonicalPort(lag.name),
      mode: lag.mode,
      up: lag.up,
      members: lag.members.map((member) => ({ port: canonicalPort(member.port), up: member.up })),
      source: lag.source,
    })),
    ports: ofKind(machine, 'switch-port').map((port) => ({
      port: canonicalPort(port.port),
      up: port.up,
      ...(port.speedMbps ? { speedMbps: port.speedMbps } : {}),
      ...(port.vlan ? { vlan: port.vlan } : {}),
      ...(port.mtu ? { mtu: port.mtu } : {}),
      source: port.source,
    })),
    links: [],
    source,
  };
}

/**
 * The WWPNs logged in on a switch, once per WWPN and port. A login named by port index alone
 * (nsshow) takes the port's name from a port table of the same switch (switchshow on a director
 * names ports slot/port), and its speed.
 */
function fabricLogins(machine: Machine): ObservedLogin[] {
  const ports = ofKind(machine, 'switch-port');
  const logins: ObservedLogin[] = [];
  for (const login of ofKind(machine, 'fc-login')) {
    const indexed = login.portIndex === undefined ? undefined : ports.find((port) => port.portIndex === login.portIndex);
    const port = canonicalPort(indexed?.port ?? login.port);
    if (logins.some((known) => known.wwpn === login.wwpn && known.port === port)) continue;
    const speedMbps = login.speedMbps ?? indexed?.speedMbps;
    logins.push({ port, wwpn: login.wwpn, ...(speedMbps ? { speedMbps } : {}), source: login.source });
  }
  return logins;
}

/** Switch port names in one spelling, whoever printed them: `Eth1/7`, `Et1/7` → `Ethernet1/7`; `Gi1/0/7` → `GigabitEthernet1/0/7`. */
export function canonicalPort(text: string): string {
  const abbreviations: Array<[RegExp, string]> = [
    [/^(?:Eth|Et|Ethernet)(\d[\d/.:]*)$/i, 'Ethernet'],
    [/^(?:Gi|GigabitEthernet)(\d[\d/.:]*)$/i, 'GigabitEthernet'],
    [/^(?:Te|TenGigabitEthernet)(\d[\d/.:]*)$/i, 'TenGigabitEthernet'],
    [/^(?:Twe|TwentyFiveGigE)(\d[\d/.:]*)$/i, 'TwentyFiveGigE'],
    [/^(?:Fo|FortyGigabitEthernet)(\d[\d/.:]*)$/i, 'FortyGigabitEthernet'],
    [/^(?:Hu|HundredGigE)(\d[\d/.:]*)$/i, 'HundredGigE'],
    [/^(?:Po|Port-channel)(\d+)$/i, 'Po'],
  ];
  for (const [pattern, long] of abbreviations) {
    const match = pattern.exec(text);
    if (match) return `${long}${match[1]}`.replaceAll(':', '-');
  }
  return text.replace(/[\s:]+/g, '-');
}

/** `controller A port p0`, as arrays describe their front-end ports over LLDP. */
const ARRAY_PORT_DESCRIPTION = /controller\s+(\S+)\s+port\s+(\S+)/i;

interface LldpSighting {
  switchName: string;
  port: string;
  systemName: string;
  portId: string;
  portDescription?: string;
  source: Source;
}

/** Every LLDP neighbour that switches saw. */
function switchSightings(switches: readonly ObservedSwitch[], machines: readonly Machine[]): LldpSighting[] {
  return machines.flatMap((machine, index) =>
    ofKind(machine, 'neighbor').map((fact) => ({
      switchName: switches[index].name,
      port: canonicalPort(fact.localPort),
      systemName: fact.systemName,
      portId: fact.portId,
      ...(fact.portDescription ? { portDescription: fact.portDescription } : {}),
      source: fact.source,
    })),
  );
}

function buildArrays(
  hosts: readonly ObservedHost[],
  hostMachines: readonly Machine[],
  switches: readonly ObservedSwitch[],
  switchMachines: readonly Machine[],
  names: NameRegistry,
  unplaced: Unplaced[],
): ObservedArray[] {
  // Targets that share a portal or a LUN are one array; so are Fibre Channel target ports that share a LUN.
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(key, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const host of hosts) {
    for (const connection of host.connections) {
      union(`t:${connection.target}`, `p:${connection.portal}`);
      for (const pathFact of connection.paths) union(`t:${connection.target}`, `l:${pathFact.wwid}`);
    }
    for (const connection of host.fcConnections) for (const pathFact of connection.paths) union(`w:${connection.targetWwpn}`, `l:${pathFact.wwid}`);
  }
  const macOf = new Map<string, { mac: string; source: Source }>();
  for (const machine of hostMachines) for (const fact of ofKind(machine, 'address')) macOf.set(fact.address, { mac: fact.mac, source: fact.source });
  const sightings = switchSightings(switches, switchMachines);
  const groups = new Map<string, ObservedArray>();
  const hostNames = new Set(hosts.map((host) => host.name.toLowerCase()));
  const addVolume = (array: ObservedArray, host: ObservedHost, port: ObservedArrayPort | undefined, pathFact: ObservedPath) => {
    if (pathFact.alua) array.alua = true;
    let volume = array.volumes.find((known) => known.wwid === pathFact.wwid);
    if (!volume) {
      volume = { wwid: pathFact.wwid, hosts: [], source: pathFact.source };
      array.volumes.push(volume);
    }
    if (volume.lun === undefined && pathFact.lun !== undefined) volume.lun = pathFact.lun;
    if (!volume.hosts.includes(host.name)) volume.hosts.push(host.name);
    if (pathFact.alua === 'optimized' && port) volume.owner ??= port.controller;
  };
  for (const host of hosts) {
    for (const connection of host.connections) {
      const root = find(`t:${connection.target}`);
      let array = groups.get(root);
      if (!array) {
        const portalMac = macOf.get(connection.portal)?.mac;
        const seen = portalMac ? sightings.find((sighting) => sameMac(sighting.portId, portalMac)) : undefined;
        const wanted = seen && !hostNames.has(seen.systemName.toLowerCase()) ? seen.systemName : connection.target.split(/[:.]/).filter(Boolean).pop()!;
        array = { name: names.take(wanted), targets: [], alua: false, ports: [], volumes: [], links: [], controllersUnknown: false };
        groups.set(root, array);
      }
      if (!array.targets.includes(connection.target)) array.targets.push(connection.target);
      if (!array.ports.some((port) => port.key === connection.portal)) {
        const mac = macOf.get(connection.portal);
        const sighting = mac ? sightings.find((candidate) => sameMac(candidate.portId, mac.mac)) : undefined;
        const described = sighting?.portDescription ? ARRAY_PORT_DESCRIPTION.exec(sighting.portDescription) : null;
        const group = connection.paths.find((pathFact) => pathFact.group)?.group;
        const port: ObservedArrayPort = {
          key: connection.portal,
          address: connection.portal,
          name: described ? identifier(described[2]) : identifier(`p-${connection.portal}`),
          controller: described ? identifier(described[1]) : group ? `tpg${group}` : 'unknown',
          source: connection.source,
        };
        if (mac) port.mac = mac.mac;
        array.ports.push(port);
        if (sighting) port.cable = { switchName: sighting.switchName, port: sighting.port, source: sighting.source };
      }
      const port = array.ports.find((candidate) => candidate.key === connection.portal);
      for (const pathFact of connection.paths) addVolume(array, host, port, pathFact);
    }
  }
  const logins = switches.flatMap((item) => item.logins.map((login) => ({ ...login, switchName: item.name })));
  const vendors = new Map(hostMachines.flatMap((machine) => ofKind(machine, 'lun')).filter((lun) => lun.vendor).map((lun) => [lun.wwid, lun.vendor!] as const));
  for (const host of hosts) {
    for (const connection of host.fcConnections) {
      const root = find(`w:${connection.targetWwpn}`);
      let array = groups.get(root);
      if (!array) {
        // No Fibre Channel output names the array: it is named after the vendor its LUNs report.
        const vendor = connection.paths.map((pathFact) => vendors.get(pathFact.wwid)).find((name) => name);
        array = { name: names.take(vendor ? identifier(vendor.toLowerCase()) : 'fc-array'), targets: [], alua: false, ports: [], volumes: [], links: [], controllersUnknown: false };
        groups.set(root, array);
      }
      let port = array.ports.find((candidate) => candidate.key === connection.targetWwpn);
      if (!port) {
        const group = connection.paths.find((pathFact) => pathFact.group)?.group;
        port = { key: connection.targetWwpn, wwpn: connection.targetWwpn, name: `p${connection.targetWwpn.replaceAll(':', '')}`, controller: group ? `tpg${group}` : 'unknown', source: connection.source };
        const login = logins.find((candidate) => candidate.wwpn === connection.targetWwpn);
        if (login) {
          port.cable = { switchName: login.switchName, port: login.port, source: login.source };
          if (login.speedMbps) port.speedMbps = login.speedMbps;
        }
        array.ports.push(port);
      }
      for (const pathFact of connection.paths) addVolume(array, host, port, pathFact);
    }
  }
  // LUNs no connection carries (Windows lists disks and MPIO paths without their sessions or
  // target ports): a host that reaches one array only — by iSCSI sessions, or over the fabrics its
  // HBAs are logged in to — sees that array's LUNs.
  for (const host of hosts) {
    const fabrics = new Set(logins.filter((login) => host.hbas.some((hba) => hba.wwpn === login.wwpn)).map((login) => login.switchName));
    const reachable = new Set([
      ...host.connections.map((connection) => find(`t:${connection.target}`)),
      ...host.fcConnections.map((connection) => find(`w:${connection.targetWwpn}`)),
      ...[...groups].filter(([, array]) => array.ports.some((port) => port.wwpn && port.cable && fabrics.has(port.cable.switchName))).map(([root]) => root),
    ]);
    const only = reachable.size === 1 ? groups.get([...reachable][0]) : undefined;
    for (const lun of host.loosePaths) {
      const owner = [...groups.values()].find((array) => array.volumes.some((volume) => volume.wwid === lun.wwid)) ?? only;
      if (!owner) {
        unplaced.push({ source: lun.source, message: `LUN ${lun.wwid}: no iSCSI session or Fibre Channel path of ${host.name} carries it, and it reaches ${reachable.size} arrays (a session or path output is missing)` });
        continue;
      }
      addVolume(owner, host, undefined, lun);
    }
  }
  for (const array of groups.values()) {
    groupByOwnership(array, hosts);
    inferPortalMtu(array, hosts, unplaced);
    array.controllersUnknown = array.ports.some((port) => port.controller === 'unknown');
    if (array.controllersUnknown) {
      unplaced.push({
        source: array.ports[0].source,
        message: `which controller each port of ${array.name} is on: no ALUA group or LLDP port description tells; its ports are in a controller named 'unknown'`,
      });
    }
    for (const port of array.ports) {
      if (port.cable) array.links.push({ from: `${array.name}.${port.controller}.${port.name}`, ...port.cable });
      else if (port.wwpn) unplaced.push({ source: port.source, message: `the cable of target port ${port.wwpn}: no collected switch shows it logged in (an NPIV port's logins are in nsshow, not switchshow)` });
      else unplaced.push({ source: port.source, message: `the cable of portal ${port.key}: no switch's LLDP table shows ${port.mac ? `MAC ${port.mac}` : 'its MAC (no ARP entry for it was collected)'}` });
    }
  }
  return [...groups.values()];
}

/** Each host's paths to array ports, iSCSI and Fibre Channel alike, by the key the port is known by. */
function portPaths(host: ObservedHost): Array<{ port: string; paths: ObservedPath[]; initiator?: string }> {
  return [
    ...host.connections.map((connection) => ({ port: connection.portal, paths: connection.paths, ...(connection.initiator ? { initiator: connection.initiator } : {}) })),
    ...host.fcConnections.map((connection) => ({ port: connection.targetWwpn, paths: connection.paths })),
  ];
}

/**
 * Ports no output names a controller for, grouped the way ALUA shows them: the ports through
 * which the same LUNs are optimized, and the same others not, are one controller's (an owner's
 * ports are optimized for exactly its LUNs, its partner's are not). Named c1, c2, … in the order
 * they are met.
 */
function groupByOwnership(array: ObservedArray, hosts: readonly ObservedHost[]): void {
  const optimizedFor = new Map<string, Set<string>>();
  const notOptimizedFor = new Map<string, Set<string>>();
  for (const host of hosts) {
    for (const entry of portPaths(host)) {
      if (!array.ports.some((port) => port.key === entry.port)) continue;
      for (const pathFact of entry.paths) {
        if (pathFact.alua === undefined) continue;
        const map = pathFact.alua === 'optimized' ? optimizedFor : notOptimizedFor;
        const set = map.get(entry.port) ?? new Set<string>();
        set.add(pathFact.wwid);
        map.set(entry.port, set);
      }
    }
  }
  const signatureOf = (port: ObservedArrayPort) => `${[...(optimizedFor.get(port.key) ?? [])].sort().join(',')}|${[...(notOptimizedFor.get(port.key) ?? [])].sort().join(',')}`;
  const names = new Map<string, string>();
  for (const port of array.ports) {
    if (port.controller !== 'unknown') continue;
    const signature = signatureOf(port);
    if (signature === '|') continue;
    if (!names.has(signature)) names.set(signature, `c${names.size + 1}`);
    port.controller = names.get(signature)!;
  }
  if (names.size < 2) for (const port of array.ports) if (names.has(signatureOf(port))) port.controller = 'unknown';
  for (const volume of array.volumes) {
    const owner = array.ports.find((port) => optimizedFor.get(port.key)?.has(volume.wwid))?.controller;
    if (owner && owner !== 'unknown') volume.owner = owner;
  }
}

/** No initiator prints its portal's MTU; when every initiator that logs in to a portal uses one MTU, the portal is given it, and the report says so. */
function inferPortalMtu(array: ObservedArray, hosts: readonly ObservedHost[], unplaced: Unplaced[]): void {
  for (const port of array.ports) {
    if (port.address === undefined) continue;
    const mtus = new Set<number | undefined>();
    for (const host of hosts) {
      for (const connection of host.connections) {
        if (connection.portal !== port.address || !array.targets.includes(connection.target)) continue;
        const initiator = [...host.nics, ...host.teams, ...host.vmks].find((item) => item.name === connection.initiator);
        mtus.add(initiator?.mtu);
      }
    }
    const [mtu] = mtus;
    if (mtus.size !== 1 || mtu === undefined || mtu === 1500) continue;
    port.mtu = mtu;
    unplaced.push({ source: port.source, message: `the MTU of portal ${port.address} is not in any output; the design gives it ${mtu}, the MTU of every initiator that logs in to it` });
  }
}

function sameMac(portId: string, mac: string): boolean {
  return portId.toLowerCase().replace(/[-.]/g, ':').replace(/^([0-9a-f]{4}):([0-9a-f]{4}):([0-9a-f]{4})$/, (_, a: string, b: string, c: string) => `${a.slice(0, 2)}:${a.slice(2)}:${b.slice(0, 2)}:${b.slice(2)}:${c.slice(0, 2)}:${c.slice(2)}`) === mac.toLowerCase();
}

/** Host NICs to switch ports: from the host's own LLDP, or from switches that saw the host. */
function cableHosts(
  hosts: readonly ObservedHost[],
  hostMachines: readonly Machine[],
  switches: ObservedSwitch[],
  switchMachines: readonly Machine[],
  names: NameRegistry,
  unplaced: Unplaced[],
): void {
  const switchByName = new Map(switches.map((item) => [item.name.toLowerCase(), item]));
  const sightings = switchSightings(switches, switchMachines);
  const claimed = new Set<LldpSighting>();
  hosts.forEach((host, index) => {
    const short = host.name.toLowerCase();
    const nicOf = (text: string) => host.nics.find((nic) => nic.name === interfaceName(text) || (nic.mac !== undefined && sameMac(text, nic.mac)));
    for (const fact of ofKind(hostMachines[index], 'neighbor')) {
      const nic = nicOf(fact.localPort);
      if (!nic) continue;
      const systemName = fact.systemName.split('.')[0].toLowerCase();
      let peer = switchByName.get(systemName);
      if (!peer) {
        peer = { name: names.take(fact.systemName.split('.')[0]), logins: [], lags: [], ports: [], links: [], source: fact.source };
        switches.push(peer);
        switchByName.set(peer.name.toLowerCase(), peer);
      }
      host.links.push({ from: nic.name, switchName: peer.name, port: canonicalPort(fact.portId), source: fact.source });
    }
    for (const sighting of sightings) {
      if (sighting.systemName.split('.')[0].toLowerCase() !== short) continue;
      const nic = nicOf(sighting.portId) ?? (sighting.portDescription ? nicOf(sighting.portDescription) : undefined);
      claimed.add(sighting);
      if (!nic) {
        unplaced.push({ source: sighting.source, message: `${sighting.switchName} port ${sighting.port} sees ${host.name} port '${sighting.portId}', which is none of its NICs` });
        continue;
      }
      if (!host.links.some((link) => link.from === nic.name && link.switchName === sighting.switchName)) {
        host.links.push({ from: nic.name, switchName: sighting.switchName, port: sighting.port, source: sighting.source });
      }
    }
  });
  // Switch-to-switch cables, once per pair of ends.
  for (const sighting of sightings) {
    const peer = switchByName.get(sighting.systemName.split('.')[0].toLowerCase());
    if (!peer || peer.name === sighting.switchName) continue;
    claimed.add(sighting);
    const own = switchByName.get(sighting.switchName.toLowerCase())!;
    const port = canonicalPort(sighting.portId);
    const reverse = peer.links.some((link) => link.switchName === own.name && link.port === sighting.port && link.from === `${peer.name}:${port}`);
    if (!reverse) own.links.push({ from: `${own.name}:${sighting.port}`, switchName: peer.name, port, source: sighting.source });
  }
  for (const sighting of sightings) {
    if (claimed.has(sighting) || /controller\s+\S+\s+port/i.test(sighting.portDescription ?? '')) continue;
    if (/^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(sighting.portId)) continue;
    unplaced.push({ source: sighting.source, message: `${sighting.switchName} port ${sighting.port} sees '${sighting.systemName}' port '${sighting.portId}', which no collected host or switch is` });
  }
}

/**
 * HBA ports to the switch ports their WWPNs are logged in on (an HBA with no speed of its own
 * gets the speed the switch port runs at); logins no collected host HBA or array port accounts
 * for are reported.
 */
function cableFibreChannel(hosts: readonly ObservedHost[], switches: readonly ObservedSwitch[], arrays: readonly ObservedArray[], unplaced: Unplaced[]): void {
  const arrayPorts = new Set(arrays.flatMap((array) => array.ports.map((port) => port.wwpn)));
  for (const item of switches) {
    for (const login of item.logins) {
      const owner = hosts.find((host) => host.hbas.some((hba) => hba.wwpn === login.wwpn));
      const hba = owner?.hbas.find((candidate) => candidate.wwpn === login.wwpn);
      if (owner && hba) {
        owner.links.push({ from: hba.name, switchName: item.name, port: login.port, source: login.source });
        if (hba.speedMbps === undefined && login.speedMbps !== undefined) hba.speedMbps = login.speedMbps;
      } else if (!arrayPorts.has(login.wwpn)) {
        unplaced.push({ source: login.source, message: `${item.name} port ${login.port} has WWPN ${login.wwpn} logged in, which is no collected host's HBA and no target port a host's paths lead to` });
      }
    }
  }
}
