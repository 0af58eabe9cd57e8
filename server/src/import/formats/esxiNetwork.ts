// ESXi virtual switching, as esxcli prints it: `network vswitch standard list` and `network vswitch
// dvs vmware list` (one entry per switch: name line, then indented `Key: Value` fields, a
// distributed switch's ports as indented `Client:` blocks), the port groups with their vSwitch and
// VLAN (`… standard portgroup list`, a table), and the teaming and failover policy of
// a vSwitch (`… standard policy failover get -v NAME`) or a port group (`… standard portgroup
// policy failover get -p NAME`). The policy output does not name what it is the policy of, so each
// is read under the command line that printed it, as `topo collect` writes it (or a pasted prompt).
// And the VMkernel's routes (`network ip route ipv4 list`) and the physical NICs (`network nic list`).
import type { Fact, FailoverFact, OutputFormat, Parsed, VSwitchTeaming } from '../facts';
import { cidr, field, fieldLine, isAddress, linesOf, nextHop, prefixOfMask, readFieldRecords, readTable, speedMbps, wholeNumber, type FieldRecord } from '../text';

function hasFields(text: string, ...names: string[]): boolean {
  return names.every((name) => new RegExp(`^\\s+${name}:`, 'm').test(text));
}

/** A comma-separated list of names (`vmnic1, vmnic0`); an empty field is no names. */
function names(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A physical NIC or VMkernel port name as ESXi gives them: `vmnic0`, `vusb0`, `vmk1`. */
const DEVICE_NAME = /^[A-Za-z][\w.-]{0,31}$/;

function devices(record: FieldRecord, key: string, errors: Parsed['errors']): string[] {
  const listed = names(field(record, key));
  const bad = listed.filter((name) => !DEVICE_NAME.test(name));
  if (bad.length > 0) errors.push({ line: fieldLine(record, key), message: `'${bad[0].slice(0, 40)}' is not a NIC name; left out of ${key}` });
  return listed.filter((name) => DEVICE_NAME.test(name));
}

/** `esxcli network vswitch standard list`: each standard vSwitch, its MTU, uplinks and port groups. */
export const esxiVSwitchStandardList: OutputFormat = {
  id: 'esxi-network-vswitch-standard-list',
  command: 'esxcli network vswitch standard list',
  recognise: (text) => hasFields(text, 'Name', 'Uplinks', 'Portgroups') && !hasFields(text, 'VDS ID'),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    for (const record of readFieldRecords(text)) {
      if (record.fields.size === 0) continue;
      const name = field(record, 'Name');
      if (name === undefined) {
        errors.push({ line: record.line, message: 'a vSwitch entry without Name; skipped' });
        continue;
      }
      const mtu = wholeNumber(field(record, 'MTU'));
      if (field(record, 'MTU') !== undefined && mtu === undefined) errors.push({ line: fieldLine(record, 'MTU'), message: `MTU '${field(record, 'MTU')!.slice(0, 20)}' is not a number; left out` });
      facts.push({ kind: 'vswitch', line: fieldLine(record, 'Name'), name, type: 'standard', ...(mtu ? { mtu } : {}), uplinks: devices(record, 'Uplinks', errors), portgroups: names(field(record, 'Portgroups')), vmks: [] });
    }
    return { facts, errors };
  },
};

/** `esxcli network vswitch dvs vmware list`: this host's part of each distributed switch, and the VMkernel ports on its ports. */
export const esxiDvsList: OutputFormat = {
  id: 'esxi-network-vswitch-dvs-vmware-list',
  command: 'esxcli network vswitch dvs vmware list',
  recognise: (text) => hasFields(text, 'Name', 'VDS ID', 'Uplinks'),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    let current: Extract<Fact, { kind: 'vswitch' }> | undefined;
    for (const record of readFieldRecords(text)) {
      if (record.fields.size === 0) continue;
      const client = field(record, 'Client');
      const name = field(record, 'Name');
      // A blank line parts the ports of the DVPort list: a record of `Client:` fields alone is the current switch's.
      if (name === undefined) {
        if (client === undefined) errors.push({ line: record.line, message: 'a distributed switch entry without Name; skipped' });
        else if (!current) errors.push({ line: record.line, message: 'a port listed before any distributed switch; skipped' });
        else if (/^vmk\d+$/.test(client) && !current.vmks.includes(client)) current.vmks.push(client);
        continue;
      }
      const mtu = wholeNumber(field(record, 'MTU'));
      current = { kind: 'vswitch', line: fieldLine(record, 'Name'), name, type: 'distributed', ...(mtu ? { mtu } : {}), uplinks: devices(record, 'Uplinks', errors), portgroups: [], vmks: client && /^vmk\d+$/.test(client) ? [client] : [] };
      facts.push(current);
    }
    return { facts, errors };
  },
};

const TEAMING: Record<string, VSwitchTeaming> = { srcport: 'originating-port', mac: 'source-mac', iphash: 'ip-hash', explicit: 'failover-order' };

/** The vSwitch or port group a command line names: `-v vSwitch1`, `--vswitch-name=vSwitch1`, `-p "iSCSI A"`. */
function namedBy(header: string | undefined, scope: FailoverFact['scope']): string | undefined {
  // Two separate tests: one pattern spanning both words would try every `esxcli` against the rest of the line.
  if (header === undefined || !/\besxcli\b/.test(header) || !/\bpolicy\s+failover\s+get\b/.test(header)) return undefined;
  const option = scope === 'vswitch' ? '(?:-v|--vswitch-name)' : '(?:-p|--portgroup-name)';
  const match = new RegExp(`(?:^|\\s)${option}(?:=|\\s+)(?:"([^"]*)"|'([^']*)'|(\\S+))`).exec(header);
  const name = match ? (match[1] ?? match[2] ?? match[3]) : undefined;
  return name !== undefined && name.trim() !== '' ? name.trim() : undefined;
}

function failoverPolicy(scope: FailoverFact['scope']): OutputFormat['parse'] {
  const what = scope === 'vswitch' ? 'vSwitch' : 'port group';
  return (text) => {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    for (const record of readFieldRecords(text)) {
      if (record.fields.size === 0) continue;
      const name = namedBy(record.header, scope);
      if (name === undefined) {
        errors.push({ line: record.line, message: `the policy does not say which ${what} it is: keep the command line (esxcli … policy failover get ${scope === 'vswitch' ? '-v' : '-p'} NAME) above its output, as topo collect writes it; skipped` });
        continue;
      }
      if (field(record, 'Load Balancing') === undefined && field(record, 'Active Adapters') === undefined) {
        errors.push({ line: record.line, message: `the policy of ${what} '${name}' has neither Load Balancing nor Active Adapters; skipped` });
        continue;
      }
      const balancing = field(record, 'Load Balancing');
      const teaming = balancing === undefined ? undefined : TEAMING[balancing.toLowerCase()];
      if (balancing !== undefined && !teaming) errors.push({ line: fieldLine(record, 'Load Balancing'), message: `load balancing '${balancing.slice(0, 30)}' is none of srcport, mac, iphash, explicit; left out` });
      const fact: FailoverFact = {
        kind: 'failover',
        line: record.line,
        scope,
        name,
        ...(teaming ? { teaming } : {}),
        active: devices(record, 'Active Adapters', errors),
        standby: devices(record, 'Standby Adapters', errors),
      };
      if (scope === 'portgroup') {
        fact.overridesUplinks = field(record, 'Override Vswitch Uplinks') === 'true';
        fact.overridesTeaming = field(record, 'Override Vswitch Load Balancing') === 'true';
      }
      facts.push(fact);
    }
    return { facts, errors };
  };
}

/** `esxcli network vswitch standard portgroup policy failover get -p NAME`: a port group's failover order and what it overrides. */
export const esxiPortgroupFailover: OutputFormat = {
  id: 'esxi-network-vswitch-standard-portgroup-policy-failover-get',
  command: 'esxcli network vswitch standard portgroup policy failover get -p PORTGROUP',
  recognise: (text) => hasFields(text, 'Load Balancing', 'Active Adapters', 'Override Vswitch Uplinks'),
  parse: failoverPolicy('portgroup'),
};

/** `esxcli network vswitch standard policy failover get -v VSWITCH`: a vSwitch's load balancing and failover order. */
export const esxiVSwitchFailover: OutputFormat = {
  id: 'esxi-network-vswitch-standard-policy-failover-get',
  command: 'esxcli network vswitch standard policy failover get -v VSWITCH',
  recognise: (text) => hasFields(text, 'Load Balancing', 'Active Adapters') && !hasFields(text, 'Override Vswitch Uplinks'),
  parse: failoverPolicy('vswitch'),
};

/**
 * `esxcli network ip route ipv4 list`: the VMkernel's IPv4 routes, a table of one-word columns
 * (Network, Netmask, Gateway, Interface, Source): `default` is the default route, gateway 0.0.0.0
 * a connected subnet, Source `MANUAL` or `DHCP` (esxcfg-route -l prints the same without Source,
 * and `Local Subnet` for a connected one).
 */
export const esxiRouteList: OutputFormat = {
  id: 'esxi-network-ip-route-ipv4-list',
  command: 'esxcli network ip route ipv4 list',
  recognise: (text) => /^Network\s+Netmask\s+Gateway\s+Interface\b/m.test(text),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    let header = false;
    for (const { number, text: line } of linesOf(text)) {
      if (!header) {
        header = /^Network\s+Netmask\s+Gateway\s+Interface\b/.test(line);
        continue;
      }
      if (line.trim() === '' || /^[-\s]+$/.test(line)) continue;
      const words = line.trim().replace(/\bLocal Subnet\b/, '0.0.0.0').split(/\s+/);
      const [network, netmask, gateway, device] = words;
      const prefix = prefixOfMask(netmask ?? '');
      const to = network === 'default' ? '0.0.0.0/0' : prefix !== undefined && isAddress(network) ? cidr(network, prefix) : undefined;
      if (words.length < 4 || words.length > 5 || !to || !isAddress(gateway) || !/^vmk\d+$/.test(device)) {
        errors.push({ line: number, message: 'not a route row (Network, Netmask, Gateway, Interface, Source); skipped' });
        continue;
      }
      const hop = nextHop(gateway);
      facts.push({ kind: 'route', line: number, to, ...(hop ? { gateway: hop } : {}), interface: device, origin: hop ? 'configured' : 'kernel' });
    }
    return { facts, errors };
  },
};

/**
 * `esxcli network nic list`: the physical NICs (vmnics), a table whose columns are one word each
 * up to the free-text Description: Name, PCI Device, Driver, Admin Status (from 6.5), Link Status,
 * Speed (Mb/s, 0 when down), Duplex, MAC Address, MTU.
 */
export const esxiNicList: OutputFormat = {
  id: 'esxi-network-nic-list',
  command: 'esxcli network nic list',
  recognise: (text) => /^Name\s+PCI Device\s+Driver\s+/m.test(text),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    let adminColumn: boolean | undefined;
    for (const { number, text: line } of linesOf(text)) {
      if (adminColumn === undefined) {
        if (/^Name\s+PCI Device\s+Driver\s+/.test(line)) adminColumn = /\bAdmin Status\b/.test(line);
        continue;
      }
      if (line.trim() === '' || /^[-\s]+$/.test(line)) continue;
      const words = line.trim().split(/\s+/);
      const [name, , , link, speed, , mac, mtu] = adminColumn ? [words[0], words[1], words[2], words[4], words[5], words[6], words[7], words[8]] : words;
      const macAddress = (mac ?? '').toLowerCase();
      if (!DEVICE_NAME.test(name) || !/^(up|down)$/i.test(link ?? '') || wholeNumber(speed) === undefined || !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(macAddress)) {
        errors.push({ line: number, message: 'not a NIC row (Name, PCI Device, Driver, Link Status, Speed, Duplex, MAC Address, MTU); skipped' });
        continue;
      }
      const up = link.toLowerCase() === 'up';
      const mbps = up ? speedMbps(speed) : undefined;
      const bytes = wholeNumber(mtu);
      facts.push({ kind: 'interface', line: number, name, type: 'nic', ips: [], mac: macAddress, up, ...(mbps ? { speedMbps: mbps } : {}), ...(bytes ? { mtu: bytes } : {}) });
    }
    return { facts, errors };
  },
};

/**
 * `esxcli network vswitch standard portgroup list`: each port group, its vSwitch and VLAN ID. A
 * name may hold spaces, so Name and Virtual Switch are cut where the header places them; the two
 * numbers (Active Clients, VLAN ID) end the row.
 */
export const esxiPortgroupList: OutputFormat = {
  id: 'esxi-network-vswitch-standard-portgroup-list',
  command: 'esxcli network vswitch standard portgroup list',
  recognise: (text) => /^Name\s+Virtual Switch\s+Active Clients\s+VLAN ID/m.test(text),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    for (const row of readTable(text, ['Name', 'Virtual Switch', 'Active Clients', 'VLAN ID'])) {
      const name = row.cells.get('Name') ?? '';
      const vswitch = row.cells.get('Virtual Switch') ?? '';
      const numbers = /\s(\d{1,9})\s+(\d{1,4})\s*$/.exec(row.text);
      const vlan = numbers ? Number(numbers[2]) : NaN;
      if (name === '' || !/^\S+$/.test(vswitch) || !(vlan >= 0 && vlan <= 4095)) {
        errors.push({ line: row.line, message: 'not a port group row (Name, Virtual Switch, Active Clients, VLAN ID 0-4095); skipped' });
        continue;
      }
      facts.push({ kind: 'portgroup', line: row.line, name, vswitch, vlan });
    }
    return { facts, errors };
  },
};
