// VMware ESXi's esxcli: each entry is an unindented key line followed by indented `Key: Value`
// fields (`esxcli iscsi session list`, `… session connection list`, `storage core path list`,
// `storage nmp device list`, `storage nmp path list`, `network ip interface list`), and
// `network ip interface ipv4 get` is a table. Field names from the esxcli command reference.
import type { AluaState, Fact, OutputFormat, Parsed, PathState } from '../facts';
import { cidr, field, fieldLine, isAddress, isIscsiName, normaliseAddress, prefixOfMask, policyOf, portalAddress, readFieldRecords, readTable, speedMbps, wholeNumber, wwpnOf, type FieldRecord } from '../text';
import { normaliseWwid } from './linuxMultipath';

function hasFields(text: string, ...names: string[]): boolean {
  return names.every((name) => new RegExp(`^\\s+${name.replace(/[()]/g, '\\$&')}:`, 'm').test(text));
}

/** Reads each esxcli record that has `required` fields (a `Target` an iSCSI name); reports the others by line. */
function eachRecord(text: string, required: string[], read: (record: FieldRecord) => Fact[]): Parsed {
  const facts: Fact[] = [];
  const errors: Parsed['errors'] = [];
  for (const record of readFieldRecords(text)) {
    if (record.fields.size === 0) continue;
    const missing = required.filter((name) => field(record, name) === undefined);
    const target = required.includes('Target') ? field(record, 'Target') : undefined;
    if (missing.length > 0) errors.push({ line: record.line, message: `an entry without ${missing.join(', ')}; skipped` });
    else if (target !== undefined && !isIscsiName(target)) errors.push({ line: fieldLine(record, 'Target'), message: `'${target}' is not an iSCSI name; skipped` });
    else facts.push(...read(record));
  }
  return { facts, errors };
}

/** `esxcli iscsi session list`: one entry per session (adapter, target, ISID). */
export const esxiSessionList: OutputFormat = {
  id: 'esxi-iscsi-session-list',
  command: 'esxcli iscsi session list',
  recognise: (text) => hasFields(text, 'Adapter', 'Target', 'ISID', 'TargetPortalGroupTag') && !hasFields(text, 'RemoteAddress'),
  parse: (text) => eachRecord(text, ['Target'], (record) => [{ kind: 'target', line: fieldLine(record, 'Target'), target: field(record, 'Target')!, connected: true }]),
};

/** `esxcli iscsi session connection list`: one entry per connection, with both addresses. */
export const esxiSessionConnectionList: OutputFormat = {
  id: 'esxi-iscsi-session-connection-list',
  command: 'esxcli iscsi session connection list',
  recognise: (text) => hasFields(text, 'Target', 'ISID', 'RemoteAddress'),
  parse: (text) =>
    eachRecord(text, ['Target', 'RemoteAddress'], (record) => {
      const portal = portalAddress(field(record, 'RemoteAddress')!);
      if (!portal) return [];
      const local = portalAddress(field(record, 'LocalAddress') ?? '');
      const state = (field(record, 'State') ?? 'logged_in').toLowerCase();
      return [
        {
          kind: 'session',
          line: fieldLine(record, 'RemoteAddress'),
          target: field(record, 'Target')!,
          portal,
          ...(local ? { initiatorAddress: local } : {}),
          state: state === 'logged_in' ? 'logged-in' : 'failed',
          link: `isid:${field(record, 'ISID') ?? ''},${field(record, 'Target')}`,
          devices: [],
        },
      ];
    }),
};

const PATH_STATES: Record<string, PathState> = { active: 'active', standby: 'standby', dead: 'failed', disabled: 'failed', off: 'failed', unknown: 'failed' };

/** `esxcli storage core path list`: every path, its device (NAA), LUN, state and iSCSI session. */
export const esxiCorePathList: OutputFormat = {
  id: 'esxi-storage-core-path-list',
  command: 'esxcli storage core path list',
  recognise: (text) => hasFields(text, 'Runtime Name', 'Device', 'Adapter Identifier', 'Target Identifier'),
  parse: (text) =>
    eachRecord(text, ['Runtime Name', 'Device'], (record) => {
      const facts: Fact[] = [];
      const adapter = field(record, 'Adapter Identifier');
      if (adapter && /^iqn\./.test(adapter)) facts.push({ kind: 'initiator', line: fieldLine(record, 'Adapter Identifier'), iqn: adapter });
      // Target Identifier of an iSCSI path: `<ISID>,<target iqn>,t,<portal group tag>`.
      const [isid, target] = (field(record, 'Target Identifier') ?? '').split(',');
      const device = field(record, 'Device')!;
      if (!/^(naa|eui|t10)\./.test(device)) return facts;
      facts.push({
        kind: 'path',
        line: fieldLine(record, 'Runtime Name'),
        wwid: normaliseWwid(device),
        lun: wholeNumber(field(record, 'LUN')),
        device: field(record, 'Runtime Name'),
        state: PATH_STATES[(field(record, 'State') ?? 'active').toLowerCase()] ?? 'failed',
        ...(target && isIscsiName(target) ? { target, link: `isid:${isid},${target}` } : {}),
        ...fibreChannelEnds(adapter, field(record, 'Target Identifier')),
      });
      return facts;
    }),
};

/** A Fibre Channel path's adapter and target identifiers, `fc.<WWNN>:<WWPN>` each: the two WWPNs. */
function fibreChannelEnds(adapter: string | undefined, target: string | undefined): { initiatorWwpn?: string; targetWwpn?: string } {
  const initiatorWwpn = wwpnOf(/^fc\.[0-9a-f]{16}:([0-9a-f]{16})$/i.exec(adapter ?? '')?.[1]);
  const targetWwpn = wwpnOf(/^fc\.[0-9a-f]{16}:([0-9a-f]{16})$/i.exec(target ?? '')?.[1]);
  return initiatorWwpn && targetWwpn ? { initiatorWwpn, targetWwpn } : {};
}

/** `esxcli storage san fc list`: each Fibre Channel adapter port, its WWPN, state and speed. */
export const esxiSanFcList: OutputFormat = {
  id: 'esxi-storage-san-fc-list',
  command: 'esxcli storage san fc list',
  recognise: (text) => hasFields(text, 'Adapter', 'Node Name', 'Port Name', 'Port State'),
  parse: (text) => {
    const parsed = eachRecord(text, ['Adapter', 'Port Name'], (record) => {
      const wwpn = wwpnOf(field(record, 'Port Name'));
      if (!wwpn) return [];
      const speed = speedMbps((field(record, 'Speed') ?? '').replace(/\s*Gbps$/i, 'G'));
      const state = field(record, 'Port State');
      return [{ kind: 'hba', line: fieldLine(record, 'Port Name'), name: field(record, 'Adapter')!, wwpn, ...(state ? { up: state.toUpperCase() === 'ONLINE' } : {}), ...(speed ? { speedMbps: speed } : {}) }];
    });
    for (const record of readFieldRecords(text)) {
      const value = field(record, 'Port Name');
      if (value !== undefined && !wwpnOf(value)) parsed.errors.push({ line: fieldLine(record, 'Port Name'), message: `'${value.slice(0, 40)}' is not a WWPN; adapter skipped` });
    }
    parsed.errors.sort((a, b) => a.line - b.line);
    return parsed;
  },
};

/** `esxcli storage nmp device list`: each device's SATP and path selection policy. */
export const esxiNmpDeviceList: OutputFormat = {
  id: 'esxi-storage-nmp-device-list',
  command: 'esxcli storage nmp device list',
  recognise: (text) => hasFields(text, 'Storage Array Type', 'Path Selection Policy') && !hasFields(text, 'Runtime Name'),
  parse: (text) =>
    eachRecord(text, ['Path Selection Policy'], (record) => {
      const device = record.header ?? field(record, 'Device');
      if (!device) return [];
      const policyName = field(record, 'Path Selection Policy')!;
      return [{ kind: 'lun', line: record.line, wwid: normaliseWwid(device), policyName, policy: policyOf(policyName) }];
    }),
};

const ALUA_STATES: Record<string, AluaState> = { AO: 'optimized', ANO: 'non-optimized', STBY: 'standby', UNAV: 'unavailable' };

/** `esxcli storage nmp path list`: each path's group state and ALUA target port group. */
export const esxiNmpPathList: OutputFormat = {
  id: 'esxi-storage-nmp-path-list',
  command: 'esxcli storage nmp path list',
  recognise: (text) => hasFields(text, 'Runtime Name', 'Device', 'Group State'),
  parse: (text) =>
    eachRecord(text, ['Runtime Name', 'Device', 'Group State'], (record) => {
      const groupState = field(record, 'Group State')!.toLowerCase();
      const config = field(record, 'Storage Array Type Path Config') ?? '';
      const tpgState = /TPG_state=(\w+)/.exec(config)?.[1];
      const tpgId = /TPG_id=(\d+)/.exec(config)?.[1];
      const alua = tpgState ? ALUA_STATES[tpgState] : groupState === 'active unoptimized' ? 'non-optimized' : undefined;
      const state: PathState = groupState === 'dead' || groupState === 'unavailable' ? 'failed' : groupState === 'standby' ? 'standby' : 'active';
      return [
        {
          kind: 'path',
          line: fieldLine(record, 'Runtime Name'),
          wwid: normaliseWwid(field(record, 'Device')!),
          device: field(record, 'Runtime Name'),
          state,
          ...(alua ? { alua } : {}),
          ...(tpgId ? { group: tpgId } : {}),
        },
      ];
    }),
};

/** `esxcli network ip interface list`: VMkernel ports, their MTU and MAC. */
export const esxiInterfaceList: OutputFormat = {
  id: 'esxi-network-ip-interface-list',
  command: 'esxcli network ip interface list',
  recognise: (text) => hasFields(text, 'Name', 'MAC Address', 'Portgroup') || hasFields(text, 'Name', 'MAC Address', 'Netstack Instance'),
  parse: (text) =>
    eachRecord(text, ['Name'], (record) => [
      {
        kind: 'interface',
        line: fieldLine(record, 'Name'),
        name: field(record, 'Name')!,
        type: 'vmk',
        ips: [],
        ...(wholeNumber(field(record, 'MTU')) ? { mtu: wholeNumber(field(record, 'MTU')) } : {}),
        ...(field(record, 'MAC Address') ? { mac: field(record, 'MAC Address')!.toLowerCase() } : {}),
        up: field(record, 'Enabled') !== 'false',
        ...placement(record),
      },
    ]),
};

/** The vSwitch and port group a VMkernel port is on: a distributed switch by its VDS Name (its Portset is `DvsPortset-N`), a standard one by its Portset. */
function placement(record: FieldRecord): { vswitch?: string; portgroup?: string } {
  const given = (key: string) => {
    const value = field(record, key);
    return value === undefined || value === 'N/A' ? undefined : value;
  };
  const vswitch = given('VDS Name') ?? (/^DvsPortset-/.test(given('Portset') ?? '') ? undefined : given('Portset'));
  const portgroup = given('Portgroup');
  return { ...(vswitch ? { vswitch } : {}), ...(portgroup ? { portgroup } : {}) };
}

/**
 * `esxcli network ip interface ipv4 get`: a table of each VMkernel port's IPv4 address and mask,
 * and from 6.5 its gateway override (`Gateway`, 0.0.0.0 when it has none). Every column is one
 * word, and esxcli widens a column to its longest value, so a row is read word by word.
 */
export const esxiInterfaceIpv4: OutputFormat = {
  id: 'esxi-network-ip-interface-ipv4',
  command: 'esxcli network ip interface ipv4 get',
  recognise: (text) => /^Name\s+IPv4 Address\s+IPv4 Netmask/m.test(text),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    const gatewayColumn = /^Name\s+IPv4 Address\s+IPv4 Netmask\s+IPv4 Broadcast\s+Address Type\s+Gateway\b/m.test(text);
    for (const row of readTable(text, ['Name', 'IPv4 Address', 'IPv4 Netmask', 'IPv4 Broadcast'])) {
      const name = row.cells.get('Name')!;
      const address = row.cells.get('IPv4 Address')!;
      const prefix = prefixOfMask(row.cells.get('IPv4 Netmask')!);
      const ip = prefix === undefined ? undefined : cidr(address, prefix);
      if (!/^vmk\d+$/.test(name) || !ip) {
        errors.push({ line: row.line, message: `not a VMkernel port with an IPv4 address and netmask; skipped` });
        continue;
      }
      const words = row.text.trim().split(/\s+/);
      const gateway = gatewayColumn && words.length >= 6 && isAddress(words[5]) && words[5] !== '0.0.0.0' ? words[5] : undefined;
      if (gatewayColumn && words.length >= 6 && !isAddress(words[5])) errors.push({ line: row.line, message: `gateway '${words[5].slice(0, 40)}' is not an address; left out` });
      facts.push({ kind: 'interface', line: row.line, name, type: 'vmk', ips: address === '0.0.0.0' ? [] : [ip], ...(gateway ? { gateway } : {}) });
    }
    return { facts, errors };
  },
};

/** `esxcli network ip neighbor list`: the VMkernel's ARP table. */
export const esxiNeighborList: OutputFormat = {
  id: 'esxi-network-ip-neighbor-list',
  command: 'esxcli network ip neighbor list',
  recognise: (text) => /^Neighbor\s+Mac Address\s+Vmknic/m.test(text),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    for (const row of readTable(text, ['Neighbor', 'Mac Address', 'Vmknic'])) {
      const address = row.cells.get('Neighbor') ?? '';
      const mac = (row.cells.get('Mac Address') ?? '').toLowerCase();
      if (isAddress(address) && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac)) facts.push({ kind: 'address', line: row.line, address: normaliseAddress(address), mac });
      else errors.push({ line: row.line, message: 'not a neighbour row (Neighbor, Mac Address, Vmknic); skipped' });
    }
    return { facts, errors };
  },
};

/** `esxcli iscsi networkportal list`: the VMkernel ports bound to the iSCSI adapter, with their uplink NIC. */
export const esxiNetworkPortalList: OutputFormat = {
  id: 'esxi-iscsi-networkportal-list',
  command: 'esxcli iscsi networkportal list',
  recognise: (text) => hasFields(text, 'Vmknic', 'NIC Name'),
  parse: (text) =>
    eachRecord(text, ['Vmknic'], (record) => {
      const facts: Fact[] = [];
      const vmk = field(record, 'Vmknic')!;
      const nic = field(record, 'NIC Name');
      const address = field(record, 'IPv4');
      const prefix = prefixOfMask(field(record, 'IPv4 Subnet Mask') ?? '');
      const ip = address && prefix !== undefined ? cidr(address, prefix) : undefined;
      const mtu = wholeNumber(field(record, 'MTU'));
      const line = fieldLine(record, 'Vmknic');
      facts.push({ kind: 'interface', line, name: vmk, type: 'vmk', ips: ip ? [ip] : [], bound: true, ...(nic ? { uplinks: [nic] } : {}), ...(mtu ? { mtu } : {}) });
      if (nic) {
        const speed = speedMbps(field(record, 'Current Speed'));
        facts.push({ kind: 'interface', line: fieldLine(record, 'NIC Name'), name: nic, type: 'nic', ips: [], up: field(record, 'Link Up') !== 'false', ...(speed ? { speedMbps: speed } : {}), ...(mtu ? { mtu } : {}) });
      }
      return facts;
    }),
};
