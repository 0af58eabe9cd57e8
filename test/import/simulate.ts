// What the machines of a design would print: for each host the outputs its OS's collector gathers
// (Linux, Windows, ESXi: its NICs, vSwitches and routes too), for each Ethernet switch its LLDP and port-channel tables, for each Fibre
// Channel switch the WWPNs logged in on its ports (Brocade switchshow for numbered ports, Cisco
// MDS show flogi database for named ones), all in the documented layouts the parsers read. The round-trip test imports them back and expects the same design.
// Addresses, names and states come from the design and its analysis; what a design does not say
// (MACs, target IQNs, WWIDs) is derived from ids, so every run prints the same text.
import { createHash } from 'node:crypto';
import type { IoPath, NetworkAnalysis } from '../../server/src/analysis/types';
import { inSubnetOf } from '../../server/src/import/text';
import type { Host, Model, StorageArray } from '../../server/src/model/schema';

export interface SimulatedFile {
  /** `<machine>/<output>.txt` */
  file: string;
  text: string;
}

const hex = (seed: string, length: number) => createHash('sha256').update(seed).digest('hex').slice(0, length);
const macOf = (id: string) => `02:${hex(id, 10).match(/../g)!.join(':')}`;
const wwidOf = (volumeId: string) => `6${hex(volumeId, 31)}`;
const targetOf = (array: StorageArray) => `iqn.2001-05.com.example:${array.name}`;

const POLICY_NAMES = {
  linux: { 'round-robin': 'round-robin 0', 'least-queue-depth': 'queue-length 0', 'least-blocks': 'service-time 0', 'failover-only': 'round-robin 0', 'round-robin-subset': 'round-robin 0', 'weighted-paths': 'round-robin 0' },
  esxi: { 'round-robin': 'VMW_PSP_RR', 'failover-only': 'VMW_PSP_MRU', 'least-queue-depth': 'VMW_PSP_RR', 'least-blocks': 'VMW_PSP_RR', 'round-robin-subset': 'VMW_PSP_RR', 'weighted-paths': 'VMW_PSP_RR' },
  windows: { 'round-robin': 'RR', 'round-robin-subset': 'RRWS', 'failover-only': 'FOO', 'least-queue-depth': 'LQD', 'weighted-paths': 'WP', 'least-blocks': 'LB' },
} as const;

interface Lun {
  volume: string;
  wwid: string;
  lun: number;
  optimized: boolean;
}

interface Context {
  model: Model;
  analysis: NetworkAnalysis;
}

export function simulateOutputs(model: Model, analysis: NetworkAnalysis): SimulatedFile[] {
  const context = { model, analysis };
  const files: SimulatedFile[] = [];
  for (const host of model.hosts) {
    const family = host.os?.family;
    if (family === 'linux') files.push(...linux(host, context));
    else if (family === 'esxi') files.push(...esxi(host, context));
    else if (family === 'windows-server' || family === 'windows-client') files.push(...windows(host, context));
  }
  for (const item of model.switches) files.push(...switchOutputs(item.name, context));
  return files;
}

function hostPaths(host: Host, { analysis }: Context, protocol: IoPath['protocol'] = 'iscsi'): IoPath[] {
  return (analysis.pathsByHost.get(host.id) ?? []).map((id) => analysis.pathById.get(id)!).filter((path) => path.protocol === protocol);
}

/** The WWPN of an HBA or array port, by id. */
function wwpnOf(id: string, { model }: Context): string | undefined {
  for (const host of model.hosts) for (const hba of host.hbas) if (hba.id === id) return hba.wwpn;
  for (const array of model.arrays) for (const controller of array.controllers) for (const port of controller.ports) if (port.id === id) return port.wwpn;
  return undefined;
}

/** The speed of an HBA or array port, by id, as a Fibre Channel switch port would run at it. */
function fcSpeedOf(id: string, { model }: Context): number {
  for (const host of model.hosts) for (const hba of host.hbas) if (hba.id === id) return hba.speedMbps ?? 32000;
  for (const array of model.arrays) for (const controller of array.controllers) for (const port of controller.ports) if (port.id === id) return port.speedMbps ?? 32000;
  return 32000;
}

function arrayOf(id: string, { model }: Context): StorageArray {
  return model.arrays.find((array) => array.id === id)!;
}

function addressOf(id: string, { model }: Context): string {
  for (const host of model.hosts) for (const item of [...host.nics, ...host.teams, ...host.vmks]) if (item.id === id) return item.ips[0]?.address ?? '';
  for (const array of model.arrays) {
    for (const trunk of array.trunks) if (trunk.id === id) return trunk.ips[0]?.address ?? '';
    for (const portal of array.portals) if (portal.id === id) return portal.ips[0]?.address ?? '';
    for (const controller of array.controllers) for (const port of controller.ports) if (port.id === id) return port.ips[0]?.address ?? '';
  }
  return '';
}

/** The LUNs a path carries, each with whether it leads to the volume's owner (ALUA). */
function lunsOf(path: IoPath, context: Context): Lun[] {
  const array = arrayOf(path.array, context);
  const alua = array.capabilities.includes('alua');
  return (context.analysis.pairsByHost.get(path.host) ?? [])
    .filter((pair) => pair.array === path.array && pair.paths.includes(path.id))
    .map((pair) => {
      const volume = array.volumes.find((candidate) => candidate.id === pair.volume)!;
      return { volume: volume.id, wwid: wwidOf(volume.id), lun: volume.lun ?? 0, optimized: !alua || volume.owner?.id === path.controller };
    });
}

function cablesOf(interfaceId: string, { model }: Context): { switchName: string; port: string } | undefined {
  for (const link of model.links) {
    const [near, far] = link.a.ref.id === interfaceId ? [link.a, link.b] : link.b.ref.id === interfaceId ? [link.b, link.a] : [undefined, undefined];
    if (!near || !far?.switch) continue;
    return { switchName: far.switch, port: far.kind === 'switch-port' ? far.ref.id.slice(far.switch.length + 1) : `port-${near.ref.id.replace(/\W/g, '-')}` };
  }
  return undefined;
}

function neighbourTable(host: Host, context: Context): Array<{ address: string; mac: string; via: string }> {
  return hostPaths(host, context).map((path) => ({ address: addressOf(path.portal, context), mac: macOf(portalMacId(path.portal, context)), via: path.initiator.split('.').pop()! }));
}

/** A trunk answers ARP with its first member's MAC. */
function portalMacId(portal: string, context: Context): string {
  for (const array of context.model.arrays) for (const trunk of array.trunks) if (trunk.id === portal) return trunk.members[0]?.id ?? portal;
  return portal;
}

function linux(host: Host, context: Context): SimulatedFile[] {
  const dir = host.name;
  const [distribution, version] = (host.os!.raw.match(/^([a-z-]+?)(?:-(\d[\d.]*))?$/) ?? [])!.slice(1);
  const files: SimulatedFile[] = [
    { file: `${dir}/os-release.txt`, text: `NAME="${distribution}"\nID=${distribution === 'linux' ? 'linux' : distribution}\n${version ? `VERSION_ID="${version}"\n` : ''}PRETTY_NAME="${host.os!.raw}"\n` },
  ];
  const masterOf = new Map(host.teams.flatMap((team) => team.members.map((member) => [member.id, team.name] as const)));
  const ipLines: string[] = [];
  let index = 2;
  ipLines.push('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000', '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00', '    inet 127.0.0.1/8 scope host lo', '       valid_lft forever preferred_lft forever');
  for (const item of [...host.nics, ...host.teams]) {
    const master = masterOf.get(item.id);
    const flags = item.kind === 'team' ? 'BROADCAST,MULTICAST,MASTER,UP,LOWER_UP' : master ? 'BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP' : 'BROADCAST,MULTICAST,UP,LOWER_UP';
    ipLines.push(`${index++}: ${item.name}: <${flags}> mtu ${item.mtu ?? 1500} qdisc mq ${master ? `master ${master} ` : ''}state UP group default qlen 1000`);
    ipLines.push(`    link/ether ${macOf(item.id)} brd ff:ff:ff:ff:ff:ff`);
    for (const ip of item.ips) {
      ipLines.push(`    ${ip.version === 4 ? 'inet' : 'inet6'} ${ip.address}/${ip.prefix} ${ip.version === 4 ? 'brd 0.0.0.0 ' : ''}scope global ${item.name}`, '       valid_lft forever preferred_lft forever');
    }
  }
  files.push({ file: `${dir}/ip-addr.txt`, text: `${ipLines.join('\n')}\n` });
  const routes = hostRoutes(host);
  if (routes.length > 0) {
    const lines = [...host.nics, ...host.teams].flatMap((item) => item.ips.filter((ip) => ip.version === 4).map((ip) => `${networkOf(ip)}/${ip.prefix} dev ${item.name} proto kernel scope link src ${ip.address} metric 100`));
    for (const route of routes) lines.push(`${route.to === '0.0.0.0/0' ? 'default' : route.to} via ${route.gateway} dev ${route.via} proto static metric 100`);
    files.push({ file: `${dir}/ip-route.txt`, text: `${lines.join('\n')}\n` });
  }
  for (const team of host.teams) {
    const mode = team.mode === 'lacp' ? 'IEEE 802.3ad Dynamic link aggregation' : team.mode === 'static' ? 'load balancing (xor)' : 'fault-tolerance (active-backup)';
    const members = team.members.map((member) => `\nSlave Interface: ${member.id.split('.').pop()}\nMII Status: up\nSpeed: 10000 Mbps\nDuplex: full\nLink Failure Count: 0\nPermanent HW addr: ${macOf(member.id)}\nSlave queue ID: 0\n`);
    files.push({ file: `${dir}/bonding-${team.name}.txt`, text: `Ethernet Channel Bonding Driver: v5.14.0\n\nBonding Mode: ${mode}\nMII Status: up\nMII Polling Interval (ms): 100\n${members.join('')}` });
  }
  const paths = hostPaths(host, context);
  const devices = new Map<string, Array<{ device: string; hctl: string; path: IoPath; lun: Lun }>>();
  let letter = 1;
  const nextDevice = () => {
    const device = `sd${String.fromCharCode(97 + (letter % 26))}${letter >= 26 ? Math.floor(letter / 26) : ''}`;
    letter++;
    return device;
  };
  // Fibre Channel: SCSI host N is the HBA's fc_host, each target port it sees a SCSI target of it.
  const fcPaths = hostPaths(host, context, 'fc');
  if (host.hbas.length > 0) {
    const sysfs: string[] = [];
    const targets: string[] = [];
    host.hbas.forEach((hba, index) => {
      const scsiHost = index + 1;
      sysfs.push(`/sys/class/fc_host/host${scsiHost}/port_name:0x${(hba.wwpn ?? '').replaceAll(':', '')}`, `/sys/class/fc_host/host${scsiHost}/port_state:Online`, `/sys/class/fc_host/host${scsiHost}/speed:${(hba.speedMbps ?? 32000) / 1000} Gbit`);
      fcPaths
        .filter((path) => path.initiator === hba.id)
        .forEach((path, target) => {
          targets.push(`/sys/class/fc_transport/target${scsiHost}:0:${target}/port_name:0x${(wwpnOf(path.portal, context) ?? '').replaceAll(':', '')}`);
          for (const lun of lunsOf(path, context)) devices.set(lun.wwid, [...(devices.get(lun.wwid) ?? []), { device: nextDevice(), hctl: `${scsiHost}:0:${target}:${lun.lun}`, path, lun }]);
        });
    });
    files.push({ file: `${dir}/fc-sysfs.txt`, text: `${[...sysfs, ...targets].join('\n')}\n` });
  }
  if (paths.length > 0) {
    const tree: string[] = ['iSCSI Transport Class version 2.0-870', 'version 6.2.1.9'];
    paths.forEach((path, sid) => {
      const array = arrayOf(path.array, context);
      const portal = addressOf(path.portal, context);
      const initiatorName = path.initiator.split('.').pop()!;
      tree.push(`Target: ${targetOf(array)} (non-flash)`, `\tCurrent Portal: ${portal.includes(':') ? `[${portal}]` : portal}:3260,1`, `\tPersistent Portal: ${portal.includes(':') ? `[${portal}]` : portal}:3260,1`);
      tree.push('\t\t**********', '\t\tInterface:', '\t\t**********', `\t\tIface Name: iface-${initiatorName}`, '\t\tIface Transport: tcp');
      tree.push(`\t\tIface Initiatorname: ${host.iqn ?? `iqn.1994-05.com.redhat:${host.name}`}`, `\t\tIface IPaddress: ${addressOf(path.initiator, context)}`, '\t\tIface HWaddress: default', `\t\tIface Netdev: ${initiatorName}`);
      tree.push(`\t\tSID: ${sid + 1}`, '\t\tiSCSI Connection State: LOGGED IN', '\t\tiSCSI Session State: LOGGED_IN', '\t\tInternal iscsid Session State: NO CHANGE');
      tree.push('\t\t*****', '\t\tCHAP:', '\t\t*****', '\t\tusername: <empty>', '\t\tpassword: ********', '\t\tusername_in: <empty>', '\t\tpassword_in: ********');
      // iSCSI sessions are SCSI hosts numbered after the HBAs.
      const scsiHost = sid + 2 + host.hbas.length;
      tree.push('\t\t************************', '\t\tAttached SCSI devices:', '\t\t************************', `\t\tHost Number: ${scsiHost}\tState: running`);
      for (const lun of lunsOf(path, context)) {
        const device = nextDevice();
        tree.push(`\t\tscsi${scsiHost} Channel 00 Id 0 Lun: ${lun.lun}`, `\t\t\tAttached scsi disk ${device}\t\tState: running`);
        devices.set(lun.wwid, [...(devices.get(lun.wwid) ?? []), { device, hctl: `${scsiHost}:0:0:${lun.lun}`, path, lun }]);
      }
    });
    files.push({ file: `${dir}/iscsiadm-session-P3.txt`, text: `${tree.join('\n')}\n` });
    files.push({ file: `${dir}/ip-neigh.txt`, text: neighbourTable(host, context).map((entry) => `${entry.address} dev ${entry.via} lladdr ${entry.mac} REACHABLE`).join('\n') + '\n' });
  }
  if (devices.size > 0) {
    const policy = POLICY_NAMES.linux[host.policy ?? 'round-robin'];
    const maps: string[] = [];
    let dm = 2;
    for (const [wwid, list] of devices) {
      const alua = arrayOf(list[0].path.array, context).capabilities.includes('alua');
      maps.push(`mpath${String.fromCharCode(97 + dm - 2)} (3${wwid}) dm-${dm++} EXAMPLE,VIRTUAL-DISK`, `size=1.0T features='1 queue_if_no_path' hwhandler='${alua ? '1 alua' : '0'}' wp=rw`);
      const groups = alua ? [list.filter((entry) => entry.lun.optimized), list.filter((entry) => !entry.lun.optimized)].filter((group) => group.length > 0) : [list];
      groups.forEach((group, groupIndex) => {
        const last = groupIndex === groups.length - 1;
        const prio = !alua ? 1 : group[0].lun.optimized ? 50 : 10;
        maps.push(`${last ? '`' : '|'}-+- policy='${policy}' prio=${prio} status=${groupIndex === 0 ? 'active' : 'enabled'}`);
        group.forEach((entry, pathIndex) => {
          const lastPath = pathIndex === group.length - 1;
          maps.push(`${last ? ' ' : '|'} ${lastPath ? '`' : '|'}- ${entry.hctl} ${entry.device} 8:${((entry.device.charCodeAt(2) - 97) * 16) % 256} active ready running`);
        });
      });
    }
    files.push({ file: `${dir}/multipath-ll.txt`, text: `${maps.join('\n')}\n` });
  }
  const lldp: string[] = [];
  for (const nic of host.nics) {
    const cable = cablesOf(nic.id, context);
    if (!cable) continue;
    lldp.push(`lldp.${nic.name}.via=LLDP`, `lldp.${nic.name}.rid=1`, `lldp.${nic.name}.chassis.mac=${macOf(cable.switchName)}`, `lldp.${nic.name}.chassis.name=${cable.switchName}`, `lldp.${nic.name}.port.ifname=${cable.port}`, `lldp.${nic.name}.port.descr=${cable.port}`);
  }
  if (lldp.length > 0) files.push({ file: `${dir}/lldpctl-keyvalue.txt`, text: `${lldp.join('\n')}\n` });
  return files;
}

function esxi(host: Host, context: Context): SimulatedFile[] {
  const dir = host.name;
  const version = host.os!.version ?? '8.0';
  const adapterIqn = host.iqn ?? `iqn.1998-01.com.vmware:${host.name}`;
  const files: SimulatedFile[] = [{ file: `${dir}/system-version.txt`, text: `   Product: VMware ESXi\n   Version: ${version}.2\n   Build: Releasebuild-22380479\n   Update: 2\n   Patch: 0\n` }];
  // A vmk the design puts on no vSwitch is printed on vSwitch1, which no vSwitch list then shows.
  const vswitchOf = (vmk: Host['vmks'][number]) => host.vswitches.find((vswitch) => vswitch.id === vmk.vswitch?.id);
  const vmkList = host.vmks.map((vmk) => {
    const vswitch = vswitchOf(vmk);
    const distributed = vswitch?.type === 'distributed';
    return `${vmk.name}\n   Name: ${vmk.name}\n   MAC Address: ${macOf(vmk.id)}\n   Enabled: true\n   Portset: ${distributed ? 'DvsPortset-0' : (vswitch?.name ?? 'vSwitch1')}\n   Portgroup: ${distributed ? 'N/A' : `iSCSI-${vmk.name}`}\n   Netstack Instance: defaultTcpipStack\n   VDS Name: ${distributed ? vswitch.name : 'N/A'}\n   MTU: ${vmk.mtu ?? 1500}\n   TSO MSS: 65535\n`;
  });
  files.push({ file: `${dir}/ip-interface-list.txt`, text: vmkList.join('\n') });
  const ipv4 = ['Name  IPv4 Address  IPv4 Netmask   IPv4 Broadcast  Address Type  Gateway  DHCP DNS', '----  ------------  -------------  --------------  ------------  -------  --------'];
  for (const vmk of host.vmks) for (const ip of vmk.ips.filter((entry) => entry.version === 4)) ipv4.push(`${vmk.name}  ${ip.address.padEnd(12)}  ${mask(ip.prefix).padEnd(13)}  0.0.0.0         STATIC        ${vmk.gateway?.address ?? '0.0.0.0'}  false`);
  files.push({ file: `${dir}/ip-interface-ipv4.txt`, text: `${ipv4.join('\n')}\n` });
  files.push(...esxiVSwitches(host));
  // A vmnic runs at the MTU of the vSwitch it is an uplink of.
  const nicMtu = (nic: Host['nics'][number]) => nic.mtu ?? host.vswitches.find((vswitch) => vswitch.uplinks.some((uplink) => uplink.id === nic.id))?.mtu ?? 1500;
  const nics = host.nics.map((nic, index) => `${nic.name.padEnd(6)}  0000:3b:00.${index}  nmlx5_core  Up            Up           ${String(nic.speedMbps ?? 25000).padStart(5)}  Full    ${macOf(nic.id)}  ${nicMtu(nic)}  Mellanox Technologies ConnectX-4 Lx EN NIC; 25GbE; dual-port SFP28`);
  if (nics.length > 0) files.push({ file: `${dir}/nic-list.txt`, text: `Name    PCI Device    Driver      Admin Status  Link Status  Speed  Duplex  MAC Address         MTU  Description\n------  ------------  ----------  ------------  -----------  -----  ------  -----------------  ----  -----------\n${nics.join('\n')}\n` });
  if (host.routes.length > 0) {
    const rows = ['Network     Netmask        Gateway       Interface  Source', '----------  -------------  ------------  ---------  ------'];
    for (const vmk of host.vmks) for (const ip of vmk.ips.filter((entry) => entry.version === 4)) rows.push(`${networkOf(ip)}  ${mask(ip.prefix)}  0.0.0.0  ${vmk.name}  MANUAL`);
    for (const route of host.routes) {
      const via = host.vmks.find((vmk) => route.gateway && inSubnetOf(route.gateway.address, vmk.ips.map((ip) => `${ip.address}/${ip.prefix}`)));
      for (const to of route.to.filter((entry) => entry.version === 4)) if (route.gateway && via) rows.push(`${to.address}  ${mask(to.prefix)}  ${route.gateway.address}  ${via.name}  MANUAL`);
    }
    files.push({ file: `${dir}/ip-route-ipv4-list.txt`, text: `${rows.join('\n')}\n` });
  }
  const portals = host.vmks.filter((vmk) => vmk.bound).map((vmk) => {
    const ip = vmk.ips[0];
    const uplink = vmk.active[0]?.id.split('.').pop() ?? '';
    const nic = host.nics.find((candidate) => candidate.name === uplink);
    return `vmhba64\n   Adapter: vmhba64\n   Vmknic: ${vmk.name}\n   MAC Address: ${macOf(vmk.id)}\n   IPv4: ${ip?.address ?? ''}\n   IPv4 Subnet Mask: ${ip ? mask(ip.prefix) : ''}\n   MTU: ${vmk.mtu ?? 1500}\n   Link Up: true\n   Current Speed: ${nic?.speedMbps ?? 10000}\n   NIC Name: ${uplink}\n   Vswitch: vSwitch1\n   Port Group: iSCSI-${vmk.name}\n   Is Compliant: true\n`;
  });
  if (portals.length > 0) files.push({ file: `${dir}/iscsi-networkportal-list.txt`, text: portals.join('\n') });
  const connections: string[] = [];
  const corePaths: string[] = [];
  const nmpPaths: string[] = [];
  const devices = new Map<string, string[]>();
  hostPaths(host, context).forEach((path, index) => {
    const array = arrayOf(path.array, context);
    const isid = `00023d0000${String(index + 1).padStart(2, '0')}`;
    const target = targetOf(array);
    connections.push(`vmhba64,${target},${isid},0\n   Adapter: vmhba64\n   Target: ${target}\n   ISID: ${isid}\n   CID: 0\n   RemoteAddress: ${addressOf(path.portal, context)}\n   LocalAddress: ${addressOf(path.initiator, context)}\n   State: logged_in\n`);
    for (const lun of lunsOf(path, context)) {
      const runtime = `vmhba64:C${index}:T0:L${lun.lun}`;
      devices.set(lun.wwid, [...(devices.get(lun.wwid) ?? []), runtime]);
      corePaths.push(`${adapterIqn}-${isid},${target},t,1-naa.${lun.wwid}\n   Runtime Name: ${runtime}\n   Device: naa.${lun.wwid}\n   Adapter: vmhba64\n   Channel: ${index}\n   Target: 0\n   LUN: ${lun.lun}\n   Plugin: NMP\n   State: active\n   Transport: iscsi\n   Adapter Identifier: ${adapterIqn}\n   Target Identifier: ${isid},${target},t,1\n`);
      const tpg = array.controllers.findIndex((controller) => controller.id === path.controller) + 1;
      nmpPaths.push(`${adapterIqn}-${isid},${target},t,1-naa.${lun.wwid}\n   Runtime Name: ${runtime}\n   Device: naa.${lun.wwid}\n   Group State: ${lun.optimized ? 'active' : 'active unoptimized'}\n   Array Priority: 0\n   Storage Array Type Path Config: {TPG_id=${tpg},TPG_state=${lun.optimized ? 'AO' : 'ANO'},RTP_id=${index + 1},RTP_health=UP}\n   Path Selection Policy Path Config: {non-current path; rank: 0}\n`);
    }
  });
  if (connections.length > 0) {
    files.push({ file: `${dir}/iscsi-session-connection-list.txt`, text: connections.join('\n') });
    files.push({ file: `${dir}/storage-core-path-list.txt`, text: corePaths.join('\n') });
    files.push({ file: `${dir}/storage-nmp-path-list.txt`, text: nmpPaths.join('\n') });
    const policy = POLICY_NAMES.esxi[host.policy ?? 'round-robin'];
    files.push({
      file: `${dir}/storage-nmp-device-list.txt`,
      text: [...devices].map(([wwid, runtimes]) => `naa.${wwid}\n   Device Display Name: EXAMPLE iSCSI Disk (naa.${wwid})\n   Storage Array Type: VMW_SATP_ALUA\n   Path Selection Policy: ${policy}\n   Working Paths: ${runtimes.join(', ')}\n`).join('\n'),
    });
    const neighbours = ['Neighbor     Mac Address        Vmknic  Expiry    State  Type', '-----------  -----------------  ------  --------  -----  -------'];
    for (const entry of neighbourTable(host, context)) neighbours.push(`${entry.address.padEnd(11)}  ${entry.mac}  ${entry.via.padEnd(6)}  1197 sec         Unknown`);
    files.push({ file: `${dir}/ip-neighbor-list.txt`, text: `${neighbours.join('\n')}\n` });
  }
  return files;
}

const mask = (prefix: number) => [0, 1, 2, 3].map((octet) => 256 - 2 ** (8 - Math.max(0, Math.min(8, prefix - 8 * octet)))).map((value) => (value === 256 ? 0 : value)).join('.');

/** An IPv4 interface address's network address: `10.20.0.11/24` → `10.20.0.0`. */
function networkOf(ip: { address: string; prefix: number }): string {
  return ip.address
    .split('.')
    .map((octet, index) => Number(octet) & (256 - 2 ** (8 - Math.max(0, Math.min(8, ip.prefix - 8 * index)))))
    .join('.');
}

/** A Linux or Windows host's IPv4 routes through a gateway: its interfaces' default routes and its static routes, each with the interface it leaves through. */
function hostRoutes(host: Host): Array<{ to: string; gateway: string; via: string }> {
  const interfaces = [...host.nics, ...host.teams];
  const routes = interfaces.flatMap((item) => (item.gateway?.version === 4 ? [{ to: '0.0.0.0/0', gateway: item.gateway.address, via: item.name }] : []));
  for (const route of host.routes) {
    const via = interfaces.find((item) => route.gateway && inSubnetOf(route.gateway.address, item.ips.map((ip) => `${ip.address}/${ip.prefix}`)));
    if (!route.gateway || !via) continue;
    for (const to of route.to.filter((entry) => entry.version === 4)) routes.push({ to: `${to.address}/${to.prefix}`, gateway: route.gateway.address, via: via.name });
  }
  return routes;
}

const BALANCING = { 'originating-port': 'srcport', 'source-mac': 'mac', 'ip-hash': 'iphash', 'failover-order': 'explicit' } as const;

/**
 * An ESXi host's vSwitches as esxcli lists them, and the failover policy of each standard vSwitch
 * and of each vmk's port group under the command line that printed it, as the collector writes it.
 * A vmk that writes its own active or standby uplinks, or its own teaming, is on a port group that
 * overrides the vSwitch's failover order, or its load balancing.
 */
function esxiVSwitches(host: Host): SimulatedFile[] {
  const dir = host.name;
  const vswitchOf = (vmk: Host['vmks'][number]) => host.vswitches.find((vswitch) => vswitch.id === vmk.vswitch?.id);
  const name = (ref: { id: string }) => ref.id.split('.').pop()!;
  const files: SimulatedFile[] = [];
  const standard = host.vswitches.filter((vswitch) => vswitch.type === 'standard');
  const distributed = host.vswitches.filter((vswitch) => vswitch.type === 'distributed');
  const balancing = (vswitch: Host['vswitches'][number]) => (vswitch.teaming in BALANCING ? BALANCING[vswitch.teaming as keyof typeof BALANCING] : 'srcport');
  const policy = (balance: string, active: string[], standby: string[], unused: string[]) =>
    `   Load Balancing: ${balance}\n   Network Failure Detection: link\n   Notify Switches: true\n   Failback: true\n   Active Adapters: ${active.join(', ')}\n   Standby Adapters: ${standby.join(', ')}\n   Unused Adapters: ${unused.join(', ')}\n`;
  if (standard.length > 0) {
    files.push({
      file: `${dir}/vswitch-standard-list.txt`,
      text: standard
        .map((vswitch) => `${vswitch.name}\n   Name: ${vswitch.name}\n   Class: cswitch\n   Num Ports: 5632\n   Used Ports: 4\n   Configured Ports: 128\n   MTU: ${vswitch.mtu ?? 1500}\n   CDP Status: listen\n   Beacon Enabled: false\n   Beacon Interval: 1\n   Beacon Threshold: 3\n   Beacon Required By:\n   Uplinks: ${vswitch.uplinks.map(name).join(', ')}\n   Portgroups: ${host.vmks.filter((vmk) => vmk.vswitch?.id === vswitch.id).map((vmk) => `iSCSI-${vmk.name}`).join(', ')}\n`)
        .join('\n'),
    });
    files.push({
      file: `${dir}/vswitch-policy-failover.txt`,
      text: standard
        .map((vswitch) => {
          const standby = vswitch.standby.map(name);
          return `esxcli network vswitch standard policy failover get -v '${vswitch.name}'\n${policy(balancing(vswitch), vswitch.uplinks.map(name).filter((uplink) => !standby.includes(uplink)), standby, [])}`;
        })
        .join(''),
    });
    const onStandard = host.vmks.filter((vmk) => standard.some((vswitch) => vswitch.id === vmk.vswitch?.id));
    if (onStandard.length > 0) {
      const rows = onStandard.map((vmk) => `${`iSCSI-${vmk.name}`.padEnd(18)}  ${vswitchOf(vmk)!.name.padEnd(14)}  ${'1'.padStart(14)}  ${String(vmk.vlan ?? 0).padStart(7)}`);
      files.push({ file: `${dir}/vswitch-portgroup-list.txt`, text: `Name                Virtual Switch  Active Clients  VLAN ID\n------------------  --------------  --------------  -------\n${rows.join('\n')}\n` });
    }
    const portgroups = host.vmks.flatMap((vmk) => {
      const vswitch = standard.find((candidate) => candidate.id === vmk.vswitch?.id);
      if (!vswitch) return [];
      const override = !vmk.inheritsUplinks && (vmk.active.length > 0 || vmk.standby.length > 0);
      const standby = (override ? vmk.standby : vswitch.standby).map(name);
      const active = override ? vmk.active.map(name) : vswitch.uplinks.map(name).filter((uplink) => !standby.includes(uplink));
      const unused = vswitch.uplinks.map(name).filter((uplink) => !active.includes(uplink) && !standby.includes(uplink));
      const ownTeaming = vmk.teaming !== undefined && vmk.teaming in BALANCING;
      const overrides = `   Override Vswitch Load Balancing: ${ownTeaming}\n   Override Vswitch Network Failure Detection: false\n   Override Vswitch Notify Switches: false\n   Override Vswitch Failback: false\n   Override Vswitch Uplinks: ${override}\n`;
      const balance = ownTeaming ? BALANCING[vmk.teaming as keyof typeof BALANCING] : balancing(vswitch);
      return [`esxcli network vswitch standard portgroup policy failover get -p 'iSCSI-${vmk.name}'\n${policy(balance, active, standby, unused)}${overrides}`];
    });
    if (portgroups.length > 0) files.push({ file: `${dir}/portgroup-policy-failover.txt`, text: portgroups.join('') });
  }
  if (distributed.length > 0) {
    files.push({
      file: `${dir}/vswitch-dvs-list.txt`,
      text: distributed
        .map((vswitch) => {
          const clients = [...vswitch.uplinks.map(name), ...host.vmks.filter((vmk) => vmk.vswitch?.id === vswitch.id).map((vmk) => vmk.name)];
          const ports = clients.map((client, index) => `         Client: ${client}\n         DVPortgroup ID: dvportgroup-${1000 + index}\n         In Use: true\n         Port ID: ${index}\n`).join('\n');
          return `${vswitch.name}\n   Name: ${vswitch.name}\n   VDS ID: ${hex(vswitch.id, 32).match(/../g)!.join(' ')}\n   Class: cswitch\n   Num Ports: 2452\n   Used Ports: ${clients.length}\n   Configured Ports: 512\n   MTU: ${vswitch.mtu ?? 1500}\n   CDP Status: listen\n   Beacon Timeout: -1\n   Uplinks: ${vswitch.uplinks.map(name).join(', ')}\n   VMware Branded: true\n   DVPort:\n${ports}`;
        })
        .join('\n'),
    });
  }
  return files;
}

function windows(host: Host, context: Context): SimulatedFile[] {
  const dir = host.name;
  const version = host.os!.raw.replace(/^windows-server-/, '').replace(/r2$/, ' R2');
  const files: SimulatedFile[] = [{ file: `${dir}/os.json`, text: JSON.stringify({ Caption: `Microsoft Windows Server ${version} Datacenter`, Version: '10.0.20348', CSName: host.name.toUpperCase() }, null, 2) }];
  const addresses = [...host.nics, ...host.teams].flatMap((item) => item.ips.map((ip) => ({ IPAddress: ip.address, InterfaceIndex: 12, InterfaceAlias: item.name, AddressFamily: ip.version === 4 ? 2 : 23, Type: 1, PrefixLength: ip.prefix, PrefixOrigin: 1, SuffixOrigin: 1, AddressState: 4 })));
  // ConvertTo-Json of no objects prints nothing, and the collector writes no file.
  if (addresses.length > 0) files.push({ file: `${dir}/Get-NetIPAddress.json`, text: JSON.stringify(addresses, null, 2) });
  const routes = hostRoutes(host);
  if (routes.length > 0) {
    // Protocol as ConvertTo-Json writes it: 2 Local (an address's own subnet), 3 NetMgmt (configured).
    const local = [...host.nics, ...host.teams].flatMap((item) => item.ips.filter((ip) => ip.version === 4).map((ip) => ({ DestinationPrefix: `${networkOf(ip)}/${ip.prefix}`, NextHop: '0.0.0.0', InterfaceAlias: item.name, Protocol: 2 })));
    const configured = routes.map((route) => ({ DestinationPrefix: route.to, NextHop: route.gateway, InterfaceAlias: route.via, Protocol: 3 }));
    files.push({ file: `${dir}/Get-NetRoute.json`, text: JSON.stringify([...local, ...configured], null, 2) });
  }
  if (host.teams.length > 0) {
    const modes = { lacp: 'Lacp', static: 'Static', 'switch-independent': 'SwitchIndependent' } as const;
    files.push({ file: `${dir}/Get-NetLbfoTeam.txt`, text: host.teams.map((team) => `\nName                   : ${team.name}\nMembers                : {${team.members.map((member) => member.id.split('.').pop()).join(', ')}}\nTeamNics               : ${team.name}\nTeamingMode            : ${modes[team.mode]}\nLoadBalancingAlgorithm : Dynamic\nStatus                 : Up\n`).join('') });
  }
  const paths = hostPaths(host, context);
  const fcPaths = hostPaths(host, context, 'fc');
  if (host.hbas.length > 0) {
    const ports = host.hbas.map((hba, index) => ({ InstanceName: `PCI\\VEN_10DF&DEV_F100&SUBSYS_F10010DF&REV_03\\4&2d5b3f6c&0&00${10 + index}_0`, NodeAddress: `2${(hba.wwpn ?? '').replaceAll(':', '').slice(1)}`, PortAddress: (hba.wwpn ?? '').replaceAll(':', ''), ConnectionType: 1, OperationalStatus: [2] }));
    files.push({ file: `${dir}/Get-InitiatorPort.json`, text: JSON.stringify(ports, null, 2) });
  }
  if (paths.length > 0 || fcPaths.length > 0) {
    // BusType: 9 iSCSI, 6 Fibre Channel.
    const luns = new Map([...paths.flatMap((path) => lunsOf(path, context).map((lun) => ({ ...lun, bus: 9 }))), ...fcPaths.flatMap((path) => lunsOf(path, context).map((lun) => ({ ...lun, bus: 6 })))].map((lun) => [lun.wwid, lun]));
    files.push({ file: `${dir}/Get-Disk.json`, text: JSON.stringify([...luns.values()].map((lun, index) => ({ Number: index + 1, FriendlyName: 'EXAMPLE VIRTUAL-DISK', SerialNumber: lun.wwid.slice(-12), UniqueId: lun.wwid.toUpperCase(), BusType: lun.bus, Size: 1099511627776 })), null, 2) });
    if (host.multipath === 'mpio') {
      files.push({ file: `${dir}/Get-MSDSMGlobalDefaultLoadBalancePolicy.txt`, text: `${POLICY_NAMES.windows[host.policy ?? 'round-robin']}\n` });
      files.push({ file: `${dir}/Get-MPIOSetting.txt`, text: '\nPathVerificationState     : Disabled\nPathVerificationPeriod    : 30\nPDORemovePeriod           : 20\nRetryCount                : 3\nRetryInterval             : 1\nUseCustomPathRecoveryTime : Disabled\nCustomPathRecoveryTime    : 40\nDiskTimeoutValue          : 60\n' });
    }
  }
  if (paths.length > 0) {
    const iqn = host.iqn ?? `iqn.1991-05.com.microsoft:${host.name}`;
    const sessions = new Map<string, IoPath[]>();
    for (const path of paths) {
      const key = path.session && path.mcs ? path.session : path.id;
      sessions.set(key, [...(sessions.get(key) ?? []), path]);
    }
    const sessionText = [...sessions.values()].map((group, index) => `\nAuthenticationType      : NONE\nInitiatorInstanceName   : ROOT\\ISCSIPRT\\0000_0\nInitiatorNodeAddress    : ${iqn}\nInitiatorPortalAddress  : ${addressOf(group[0].initiator, context)}\nInitiatorSideIdentifier : 40000137000${index}\nIsConnected             : True\nIsDataDigest            : False\nIsDiscovered            : True\nIsHeaderDigest          : False\nIsPersistent            : True\nNumberOfConnections     : ${group.length}\nSessionIdentifier       : ffffe00175c4e010-400001370000000${index}\nTargetNodeAddress       : ${targetOf(arrayOf(group[0].array, context))}\nTargetSideIdentifier    : 0100\nPSComputerName          :\n`);
    files.push({ file: `${dir}/Get-IscsiSession.txt`, text: sessionText.join('') });
    files.push({
      file: `${dir}/Get-IscsiConnection.json`,
      text: JSON.stringify(paths.map((path, index) => ({ ConnectionIdentifier: `ffffe00175c4e010-${index + 1}`, InitiatorAddress: addressOf(path.initiator, context), InitiatorPortNumber: 49152 + index, TargetAddress: addressOf(path.portal, context), TargetPortNumber: 3260, PSComputerName: null })), null, 2),
    });
    const neighbours = ['ifIndex IPAddress                 LinkLayerAddress      State       PolicyStore', '------- ---------                 ----------------      -----       -----------'];
    for (const entry of neighbourTable(host, context)) neighbours.push(`12      ${entry.address.padEnd(25)} ${entry.mac.toUpperCase().replaceAll(':', '-')}     Reachable   ActiveStore`);
    files.push({ file: `${dir}/Get-NetNeighbor.txt`, text: `${neighbours.join('\n')}\n` });
  }
  return files;
}

function switchOutputs(name: string, context: Context): SimulatedFile[] {
  const rows: string[] = [];
  const logins: Array<{ port: string; wwpn: string; speedMbps: number }> = [];
  for (const link of context.model.links) {
    for (const [near, far] of [[link.a, link.b], [link.b, link.a]] as const) {
      if (near.switch !== name) continue;
      const wwpn = wwpnOf(far.ref.id, context);
      if (wwpn) {
        logins.push({ port: near.kind === 'switch-port' ? near.ref.id.slice(name.length + 1) : `port-${far.ref.id.replace(/\W/g, '-')}`, wwpn, speedMbps: fcSpeedOf(far.ref.id, context) });
        continue;
      }
      const port = near.kind === 'switch-port' ? near.ref.id.slice(name.length + 1) : `port-${far.ref.id.replace(/\W/g, '-')}`;
      let systemName: string;
      let portId: string;
      if (far.kind === 'host-interface') [systemName, portId] = [far.ref.id.split('.')[0], far.ref.id.split('.').slice(1).join('.')];
      else if (far.kind === 'array-port') [systemName, portId] = [far.ref.id.split('.')[0], macOf(far.ref.id)];
      else if (far.switch) [systemName, portId] = [far.switch, far.kind === 'switch-port' ? far.ref.id.slice(far.switch.length + 1) : `port-${near.ref.id.replace(/\W/g, '-')}`];
      else continue;
      rows.push(`${systemName.padEnd(20)} ${port.padEnd(14)} 120        S           ${portId}`);
    }
  }
  const files: SimulatedFile[] = [];
  if (logins.length > 0 && logins.every((login) => /^\d+$/.test(login.port))) {
    const header = `${name}:admin> switchshow\nswitchName:\t${name}\nswitchType:\t162.0\nswitchState:\tOnline\nswitchMode:\tNative\nswitchRole:\tPrincipal\nswitchDomain:\t1\nswitchId:\tfffc01\nswitchWwn:\t10:00:${hex(name, 12).match(/../g)!.join(':')}\nzoning:\t\tON (cfg)\nswitchBeacon:\tOFF\n\nIndex Port Address  Media Speed   State       Proto\n==================================================\n`;
    const portRows = [...logins].sort((a, b) => Number(a.port) - Number(b.port)).map((login) => `${login.port.padStart(4)} ${login.port.padStart(3)}   01${Number(login.port).toString(16).padStart(2, '0')}00   id    N${login.speedMbps / 1000}\t  Online      FC  F-Port  ${login.wwpn}`);
    files.push({ file: `${name}/switchshow.txt`, text: `${header}${portRows.join('\n')}\n` });
  } else if (logins.length > 0) {
    const flogiRows = logins.map((login, index) => `${login.port.padEnd(16)} 10    0x0a${index.toString(16).padStart(2, '0')}00  ${login.wwpn}  2${login.wwpn.slice(1)}`);
    files.push({ file: `${name}/show-flogi-database.txt`, text: `${name}# show flogi database\n${'-'.repeat(80)}\nINTERFACE        VSAN    FCID           PORT NAME               NODE NAME\n${'-'.repeat(80)}\n${flogiRows.join('\n')}\n\nTotal number of flogi = ${logins.length}.\n` });
  }
  if (rows.length > 0) {
    files.push({
      file: `${name}/show-lldp-neighbors.txt`,
      text: `${name}# show lldp neighbors\nCapability codes:\n  (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device\n  (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other\nDevice ID            Local Intf     Hold-time  Capability  Port ID\n${rows.join('\n')}\nTotal entries displayed: ${rows.length}\n`,
    });
  }
  const item = context.model.switches.find((candidate) => candidate.name === name)!;
  const sections = item.ports
    .filter((port) => (port.mtu ?? item.mtu) !== undefined)
    .map((port) => `${port.name} is up\nadmin state is up, Dedicated Interface\n  Hardware: 100/1000/10000/25000 Ethernet, address: ${macOf(port.id)}\n  MTU ${port.mtu ?? item.mtu} bytes, BW ${(port.speedMbps ?? 25000) * 1000} Kbit , DLY 10 usec\n`);
  if (sections.length > 0) files.push({ file: `${name}/show-interface.txt`, text: `${name}# show interface\n${sections.join('\n')}` });
  if (item.lags.length > 0) {
    const lagRows = item.lags.map((lag, index) => `${String(index + 1).padEnd(5)} Po${/^po(\d+)$/i.exec(lag.name)?.[1] ?? index + 1}(SU)     Eth      ${lag.mode === 'lacp' ? 'LACP' : 'NONE'}      ${lag.ports.map((port) => `${port.id.slice(name.length + 1)}(P)`).join('   ')}`);
    files.push({
      file: `${name}/show-port-channel-summary.txt`,
      text: `${name}# show port-channel summary\nFlags:  D - Down        P - Up in port-channel (members)\n        U - Up (port-channel)\n--------------------------------------------------------------------------------\nGroup Port-       Type     Protocol  Member Ports\n      Channel\n--------------------------------------------------------------------------------\n${lagRows.join('\n')}\n`,
    });
  }
  return files;
}
