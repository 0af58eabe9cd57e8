// An observed network → a `.topo` design. Every line ends with a comment naming the output
// (file:line) it was read from; what the design cannot say is left out and reported, never
// invented. Names are made valid identifiers; strings are escaped; CHAP settings are never read,
// so they cannot be written.
import type { ObservedArray, ObservedHost, ObservedInterface, ObservedLink, ObservedNetwork, ObservedSwitch, Source, Unplaced } from './join';
import { identifier } from './join';
import { inSubnetOf, sameSubnet } from './text';

export interface WrittenDesign {
  text: string;
  /** What could not be placed, including what the writer itself had to leave out. */
  unplaced: Unplaced[];
}

/** A design written over several files (docs/language.md, "Designs of several files"). */
export interface WrittenDesignFiles {
  /** Names within the design's folder, sorted as the design reads them; the `.topo.json` is not among them. */
  files: Array<{ name: string; text: string }>;
  unplaced: Unplaced[];
}

const HEADER = '# Imported with `topo import` from command outputs collected on the machines below.';
const SOURCES_NOTE = '# Each line names the output it was read from. What could not be placed is in the import report.';

export function writeDesign(network: ObservedNetwork): WrittenDesign {
  const unplaced = [...network.unplaced];
  const out = new Writer();
  out.line(HEADER);
  out.line(SOURCES_NOTE);
  for (const host of network.hosts) writeHost(out, host, unplaced);
  for (const item of network.switches) writeSwitch(out, item, network);
  for (const array of network.arrays) writeArray(out, array, network);
  writeLinks(out, linksOf(network, unplaced));
  for (const host of network.hosts) writeSessions(out, host, network, unplaced);
  return { text: out.text(), unplaced };
}

const FABRIC_FILE = 'fabric.topo';
const ARRAYS_FILE = 'arrays.topo';

/**
 * The design of `writeDesign` over several files, each owned by whoever changes it: `fabric.topo`
 * (the switches, their cables to each other and the arrays' cables), `arrays.topo` (the arrays with
 * their volumes and mappings) and one file per host (its block, its cables and its sessions). The
 * lines are those of `writeDesign`, so the design reads the same; a file with nothing to hold is not written.
 */
export function writeDesignFiles(network: ObservedNetwork): WrittenDesignFiles {
  const unplaced = [...network.unplaced];
  const fabric = new Writer();
  fabric.line(HEADER);
  fabric.line('# The switches, the cables between them and the arrays\' cables; each host\'s cables are in its own file.');
  fabric.line(SOURCES_NOTE);
  const arrays = new Writer();
  arrays.line(HEADER);
  arrays.line('# The arrays, their volumes and which hosts each volume is presented to; the sessions are in the hosts\' files.');
  arrays.line(SOURCES_NOTE);
  const hostFiles = new Map<string, Writer>();
  for (const host of network.hosts) {
    const out = new Writer();
    out.line(HEADER);
    out.line(`# ${host.name}: its interfaces, its cables and its sessions; the switches and arrays they name are in fabric.topo and arrays.topo.`);
    out.line(SOURCES_NOTE);
    writeHost(out, host, unplaced);
    hostFiles.set(host.name, out);
  }
  for (const item of network.switches) writeSwitch(fabric, item, network);
  for (const array of network.arrays) writeArray(arrays, array, network);
  const links = linksOf(network, unplaced);
  writeLinks(fabric, links.filter((link) => link.host === undefined));
  for (const [name, out] of hostFiles) writeLinks(out, links.filter((link) => link.host === name));
  for (const host of network.hosts) writeSessions(hostFiles.get(host.name)!, host, network, unplaced);

  const files: Array<{ name: string; text: string }> = [];
  const taken = new Set<string>();
  const add = (name: string, out: Writer) => {
    taken.add(name.toLowerCase());
    files.push({ name, text: out.text() });
  };
  if (network.switches.length > 0 || links.some((link) => link.host === undefined)) add(FABRIC_FILE, fabric);
  if (network.arrays.length > 0) add(ARRAYS_FILE, arrays);
  // Host names are identifiers, so valid file names; the shared files' names, and names that differ only
  // in case (one file on a case-insensitive file system), are not reused.
  taken.add(FABRIC_FILE).add(ARRAYS_FILE);
  for (const [name, out] of hostFiles) {
    let file = `${name}.topo`;
    for (let n = 2; taken.has(file.toLowerCase()); n++) file = `${name}-${n}.topo`;
    add(file, out);
  }
  return { files: files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), unplaced };
}

/** The file of a design written by `writeDesignFiles` that shows it first: the first host's, else the fabric's. */
export function firstDesignFile(names: readonly string[]): string | undefined {
  return names.find((name) => name !== FABRIC_FILE && name !== ARRAYS_FILE) ?? names.find((name) => name === FABRIC_FILE) ?? names[0];
}

class Writer {
  private readonly lines: string[] = [];
  line(text: string, source?: Source | string): void {
    if (source === undefined) {
      this.lines.push(text);
      return;
    }
    const note = typeof source === 'string' ? source : where(source);
    this.lines.push(`${text.padEnd(Math.max(text.length + 2, 48))}# ${note}`);
  }
  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }
  text(): string {
    return `${this.lines.join('\n').trimEnd()}\n`;
  }
}

/** `file:line`, safe inside a comment: no line breaks or control characters. */
export function where(source: Source): string {
  return `${commentSafe(source.file)}:${source.line}`;
}

function commentSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?');
}

function quoted(text: string): string {
  return `"${commentSafe(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Mb/s as the design writes speeds: 25000 → 25G, 100 → 100M. */
function speed(mbps: number): string {
  return mbps >= 1000 && mbps % 100 === 0 ? `${mbps / 1000}G` : `${Math.round(mbps)}M`;
}

/** A switch port as a name the design accepts: the switch's own spelling, without spaces or colons. */
export function portName(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_./-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[-./]+|[-./]+$/g, '').slice(0, 63);
  return cleaned === '' ? 'unnamed' : cleaned;
}

function properties(entries: Array<[string, string | undefined]>): string {
  return entries
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key} ${value}`)
    .join('  ');
}

function writeHost(out: Writer, host: ObservedHost, unplaced: Unplaced[]): void {
  out.blank();
  out.line(`host ${host.name} {`, host.iqn?.source ?? host.os?.source ?? host.nics[0]?.source ?? 'host');
  if (host.os) out.line(`  os ${host.os.name ?? defaultOs(host.os.family)}`, host.os.source);
  if (host.iqn) out.line(`  iqn ${quoted(host.iqn.value)}`, host.iqn.source);
  if (host.multipath) out.line(`  multipath ${host.multipath.method}`, host.multipath.source);
  if (host.multipath?.method === 'mpio' && host.policy) out.line(`  policy ${host.policy.policy}`, `${where(host.policy.source)} (${commentSafe(host.policy.name)})`);
  const used = usedInterfaces(host);
  for (const nic of host.nics) {
    if (!used.has(nic.name)) continue;
    const gateway = gatewayOf(nic, unplaced);
    const body = properties([
      ['ip', nic.ips.join(', ') || undefined],
      ['speed', nic.speedMbps ? speed(nic.speedMbps) : undefined],
      ['mtu', validMtu(nic.mtu)],
      ['gateway', gateway],
    ]);
    out.line(`  nic ${nic.name} {${body ? ` ${body} ` : ' '}}`, `${sourcesOf(nic.source, gateway ? nic.gateway?.source : undefined)}${nic.up === false ? ' (down when collected)' : ''}`);
  }
  for (const team of host.teams) {
    const down = team.members.filter((member) => !member.up).map((member) => member.name);
    const gateway = gatewayOf(team, unplaced);
    const body = properties([
      ['members', team.members.map((member) => member.name).join(', ')],
      ['mode', team.mode],
      ['ip', team.ips.join(', ') || undefined],
      ['mtu', validMtu(team.mtu)],
      ['gateway', gateway],
    ]);
    out.line(`  team ${team.name} { ${body} }`, `${sourcesOf(team.source, gateway ? team.gateway?.source : undefined)}${down.length > 0 ? ` (down when collected: ${down.join(', ')})` : ''}`);
  }
  for (const hba of host.hbas) {
    const body = properties([['wwpn', hba.wwpn], ['speed', hba.speedMbps ? speed(hba.speedMbps) : undefined]]);
    out.line(`  hba ${hba.name} { ${body} }`, `${where(hba.source)}${hba.up === false ? ' (down when collected)' : ''}`);
  }
  for (const vswitch of host.vswitches) {
    if (!used.has(vswitch.name)) continue;
    const body = properties([
      ['type', vswitch.type === 'distributed' ? 'distributed' : undefined],
      ['uplinks', vswitch.uplinks.join(', ') || undefined],
      ['standby', vswitch.standby.join(', ') || undefined],
      ['mtu', validMtu(vswitch.mtu)],
      ['teaming', vswitch.teaming],
    ]);
    out.line(`  vswitch ${vswitch.name} {${body ? ` ${body} ` : ' '}}`, sourcesOf(vswitch.source, vswitch.policySource));
  }
  for (const vmk of host.vmks) {
    if (!used.has(vmk.name)) continue;
    const isNic = (name: string) => host.nics.some((nic) => nic.name === name);
    const vswitch = host.vswitches.find((candidate) => candidate.name === vmk.vswitch);
    // A port group's override is the vmk's failover order; without one, the uplink port binding names (on its vSwitch).
    const active = (vmk.override?.active ?? vmk.uplinks.filter((uplink) => !vswitch || vswitch.uplinks.includes(uplink))).filter(isNic);
    const standby = (vmk.override?.standby ?? []).filter(isNic);
    const gateway = gatewayOf(vmk, unplaced);
    const body = properties([
      ['ip', vmk.ips.join(', ') || undefined],
      ['mtu', validMtu(vmk.mtu)],
      ['vlan', vmk.vlan ? String(vmk.vlan.value) : undefined],
      ['vswitch', vswitch?.name],
      ['active', active.join(', ') || undefined],
      ['standby', standby.join(', ') || undefined],
      ['teaming', vmk.teaming?.value],
      ['gateway', gateway],
      ['bound', vmk.bound ? 'on' : undefined],
    ]);
    out.line(`  vmk ${vmk.name} {${body ? ` ${body} ` : ' '}}`, sourcesOf(vmk.source, vmk.vlan?.source, vmk.override?.source, vmk.teaming?.source, gateway ? vmk.gateway?.source : undefined));
  }
  writeRoutes(out, host, used, unplaced);
  out.line('}');
}

/** The outputs a line was read from, each once. */
function sourcesOf(...sources: Array<Source | undefined>): string {
  return [...new Set(sources.filter((source) => source !== undefined).map(where))].join(', ');
}

/** Static routes whose gateway is in the subnet of an interface the design writes (the design requires it), named after where they lead. */
function writeRoutes(out: Writer, host: ObservedHost, used: Set<string>, unplaced: Unplaced[]): void {
  const written = [...host.nics.filter((nic) => used.has(nic.name)), ...host.teams, ...host.vmks.filter((vmk) => used.has(vmk.name))];
  const names = new Set<string>();
  for (const route of host.routes) {
    if (!written.some((item) => inSubnetOf(route.gateway, item.ips))) {
      unplaced.push({ source: route.source, message: `the route to ${route.to} via ${route.gateway}: ${route.gateway} is in the subnet of no interface of ${host.name} the design writes; left out` });
      continue;
    }
    const base = identifier(`to-${route.to}`);
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base}-${n}`;
    names.add(name);
    out.line(`  route ${name} { to ${route.to}  gateway ${route.gateway} }`, route.source);
  }
}

/** An interface's gateway, when it is in one of the interface's subnets (as the design requires); otherwise reported. */
function gatewayOf(item: ObservedInterface, unplaced: Unplaced[]): string | undefined {
  if (!item.gateway) return undefined;
  const address = item.gateway.address;
  if (inSubnetOf(address, item.ips)) return address;
  unplaced.push({ source: item.gateway.source, message: `${item.name}'s gateway ${address} is in none of its subnets; left out` });
  return undefined;
}

/** Interfaces worth writing: those with an address, a cable, a team or a vmk that needs them. */
function usedInterfaces(host: ObservedHost): Set<string> {
  const used = new Set<string>();
  for (const nic of host.nics) if (nic.ips.length > 0) used.add(nic.name);
  for (const link of host.links) used.add(link.from);
  for (const team of host.teams) for (const member of team.members) used.add(member.name);
  for (const vmk of host.vmks) {
    if (vmk.ips.length > 0 && (vmk.bound || host.connections.some((connection) => connection.initiator === vmk.name))) {
      used.add(vmk.name);
      for (const uplink of vmk.uplinks) used.add(uplink);
      const vswitch = host.vswitches.find((candidate) => candidate.name === vmk.vswitch);
      if (vswitch) used.add(vswitch.name);
      for (const uplink of vswitch?.uplinks ?? []) used.add(uplink);
    }
  }
  return used;
}

function defaultOs(family: string): string {
  return family === 'windows' ? 'windows-server-2022' : family;
}

function validMtu(mtu: number | undefined): string | undefined {
  return mtu !== undefined && mtu >= 576 && mtu <= 9216 ? String(mtu) : undefined;
}

function writeSwitch(out: Writer, item: ObservedSwitch, network: ObservedNetwork): void {
  out.blank();
  out.line(`switch ${item.name} {`, item.source);
  if (item.fabric) out.line(`  fabric ${quoted(item.fabric)}`, item.source);
  // One MTU for the switch when every port that shows one agrees; otherwise each cabled port's own.
  const mtus = new Set(item.ports.map((port) => port.mtu).filter((mtu) => mtu !== undefined));
  const switchMtu = mtus.size === 1 ? validMtu([...mtus][0]) : undefined;
  if (switchMtu) out.line(`  mtu ${switchMtu}`, item.ports.find((port) => port.mtu)!.source);
  const cabled = new Set(cablesOf(network).filter((link) => link.switchName === item.name).map((link) => portName(link.port)));
  for (const lag of item.lags) {
    const down = lag.members.filter((member) => !member.up).map((member) => member.port);
    const body = properties([
      ['ports', lag.members.map((member) => portName(member.port)).join(', ') || undefined],
      ['mode', lag.mode],
    ]);
    if (lag.members.length === 0) continue;
    out.line(`  lag ${portName(lag.name)} { ${body} }`, `${where(lag.source)}${down.length > 0 ? ` (down when collected: ${down.join(', ')})` : ''}`);
    for (const member of lag.members) cabled.add(portName(member.port));
  }
  for (const port of item.ports) {
    if (!cabled.has(portName(port.port))) continue;
    const body = properties([
      ['speed', port.speedMbps ? speed(port.speedMbps) : undefined],
      ['vlan', port.vlan && port.vlan <= 4094 ? String(port.vlan) : undefined],
      ['mtu', switchMtu ? undefined : validMtu(port.mtu)],
    ]);
    if (body) out.line(`  port ${portName(port.port)} { ${body} }`, port.source);
  }
  out.line('}');
}

function writeArray(out: Writer, array: ObservedArray, network: ObservedNetwork): void {
  out.blank();
  if (array.targets.length > 0) out.line(`# Targets: ${array.targets.map(commentSafe).join(', ')}`);
  out.line(`array ${array.name} {`, array.ports[0]?.source ?? 'sessions');
  if (array.alua) out.line('  capabilities alua', array.volumes.find((volume) => volume.owner)?.source ?? array.ports[0].source);
  const controllers = [...new Set(array.ports.map((port) => port.controller))];
  for (const controller of controllers) {
    out.line(`  controller ${controller} {`);
    for (const port of array.ports.filter((candidate) => candidate.controller === controller)) {
      const body = port.wwpn
        ? properties([['wwpn', port.wwpn], ['speed', port.speedMbps ? speed(port.speedMbps) : undefined]])
        : properties([['ip', portalPrefix(port.key, network)], ['mtu', validMtu(port.mtu)]]);
      out.line(`    port ${port.name} { ${body} }`, port.source);
    }
    out.line('  }');
  }
  for (const volume of array.volumes) {
    const body = properties([
      ['owner', volume.owner && volume.owner !== 'unknown' ? volume.owner : undefined],
      ['hosts', volume.hosts.join(', ')],
      ['lun', volume.lun === undefined ? undefined : String(volume.lun)],
    ]);
    out.line(`  volume ${volumeName(volume)} { ${body} }`, `${where(volume.source)} (${volume.wwid})`);
  }
  out.line('}');
}

function volumeName(volume: { wwid: string; lun?: number }): string {
  return volume.lun === undefined ? `wwid-${volume.wwid.slice(-12)}` : `lun${volume.lun}-${volume.wwid.slice(-6)}`;
}

/** A portal's prefix is not printed by any initiator: it is the subnet of the initiator that reaches it on-link. */
function portalPrefix(address: string, network: ObservedNetwork): string {
  for (const host of network.hosts) {
    for (const item of [...host.nics, ...host.teams, ...host.vmks]) {
      for (const ip of item.ips) {
        const [own, prefix] = ip.split('/');
        if (sameSubnet(own, address, Number(prefix))) return `${address}/${prefix}`;
      }
    }
  }
  return `${address}/${address.includes(':') ? 128 : 32}`;
}

/** Every cable, with the host whose file holds it (none: the fabric's). */
function cablesOf(network: ObservedNetwork): Array<ObservedLink & { host?: string }> {
  return [
    ...network.hosts.flatMap((host) => host.links.map((link) => ({ ...link, from: `${host.name}.${link.from}`, host: host.name }))),
    ...network.arrays.flatMap((array) => array.links),
    ...network.switches.flatMap((item) => item.links),
  ];
}

interface LinkLine {
  text: string;
  source: Source;
  host?: string;
}

/** The cables to write, each once: a second cable on a port already written is reported instead. */
function linksOf(network: ObservedNetwork, unplaced: Unplaced[]): LinkLine[] {
  const written = new Map<string, string>();
  const lines: LinkLine[] = [];
  for (const link of cablesOf(network)) {
    const end = `${link.switchName}:${portName(link.port)}`;
    const from = link.from.includes(':') ? `${link.from.split(':')[0]}:${portName(link.from.split(':').slice(1).join(':'))}` : link.from;
    if (written.get(from) === end || written.get(end) === from) continue;
    if (written.has(from) || written.has(end)) {
      unplaced.push({ source: link.source, message: `a second cable for ${written.has(from) ? from : end} (to ${written.has(from) ? end : from}); the first one seen is written` });
      continue;
    }
    written.set(from, end);
    written.set(end, from);
    lines.push({ text: `link ${from} -- ${end}`, source: link.source, ...(link.host === undefined ? {} : { host: link.host }) });
  }
  return lines;
}

function writeLinks(out: Writer, lines: readonly LinkLine[]): void {
  if (lines.length === 0) return;
  out.blank();
  for (const line of lines) out.line(line.text, line.source);
}

function writeSessions(out: Writer, host: ObservedHost, network: ObservedNetwork, unplaced: Unplaced[]): void {
  // One session per connection under MPIO; under MC/S one session per array controller, with its connections.
  const sessions = new Map<string, { array: string; connections: string[]; notes: string[] }>();
  for (const connection of host.connections) {
    const array = network.arrays.find((candidate) => candidate.targets.includes(connection.target));
    const port = array?.ports.find((candidate) => candidate.address === connection.portal);
    if (!array || !port) continue;
    if (!connection.initiator || ![...host.nics, ...host.teams, ...host.vmks].some((item) => item.name === connection.initiator)) {
      unplaced.push({ source: connection.source, message: `${host.name}'s session to ${connection.portal}: the output names no initiator address or interface; the design leaves the login for the checks to derive` });
      continue;
    }
    const text = `${connection.initiator} -> ${array.name}.${port.controller}.${port.name}`;
    const key = host.multipath?.method === 'mcs' ? `${array.name}|${port.controller}` : `${array.name}|${text}`;
    const session = sessions.get(key) ?? { array: array.name, connections: [], notes: [] };
    sessions.set(key, session);
    if (session.connections.includes(text)) continue;
    session.connections.push(text);
    session.notes.push(`${where(connection.source)}${connection.state === 'failed' ? ' (failed when collected)' : ''}`);
  }
  if (sessions.size === 0) return;
  out.blank();
  for (const session of sessions.values()) out.line(`session ${host.name} -> ${session.array} via ${session.connections.join(', ')}`, session.notes.join(', '));
}
