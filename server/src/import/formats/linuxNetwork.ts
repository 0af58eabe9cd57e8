// Linux networking: `/proc/net/bonding/<bond>` (the bonding driver's status file), `ip addr` and
// `ip -j addr` (iproute2), and LLDP neighbours from lldpd's `lldpctl -f json0` and `-f keyvalue`.
// Layouts from the kernel's bonding.rst, ip-address(8) and lldpctl(8).
import type { Fact, InterfaceFact, OutputFormat, Parsed, TeamFact, TeamMode } from '../facts';
import { cidr, isAddress, jsonString, linesOf, normaliseAddress, readJsonObjects } from '../text';

const BONDING_MODES: Array<[RegExp, TeamMode]> = [
  [/802\.3ad/i, 'lacp'],
  [/round-robin|xor|broadcast/i, 'static'],
  [/active-backup|transmit load balancing|adaptive load balancing/i, 'switch-independent'],
];

/** `/proc/net/bonding/bond0`. The file does not name its bond: the team is named by the `master` its members show in `ip addr`. */
export const linuxBonding: OutputFormat = {
  id: 'linux-bonding',
  command: 'cat /proc/net/bonding/<bond>',
  recognise: (text) => /^Ethernet Channel Bonding Driver:/m.test(text) || (/^Bonding Mode:/m.test(text) && /^Slave Interface:/m.test(text)),
  parse(text) {
    const errors: Parsed['errors'] = [];
    let team: TeamFact | undefined;
    let member: TeamFact['members'][number] | undefined;
    for (const { number, text: line } of linesOf(text)) {
      const mode = /^Bonding Mode:\s*(.*)$/.exec(line);
      if (mode) {
        const known = BONDING_MODES.find(([pattern]) => pattern.test(mode[1]));
        if (!known) errors.push({ line: number, message: `unknown bonding mode '${mode[1]}'; taken as switch-independent` });
        team = { kind: 'team', line: number, name: '', mode: known ? known[1] : 'switch-independent', members: [] };
        continue;
      }
      const slave = /^Slave Interface:\s*(\S+)/.exec(line);
      if (slave) {
        if (!team) {
          errors.push({ line: number, message: 'a member before the bonding mode; skipped' });
          continue;
        }
        member = { name: slave[1], up: true };
        team.members.push(member);
        continue;
      }
      const status = /^MII Status:\s*(\w+)/.exec(line);
      if (status && member) member.up = status[1] === 'up';
    }
    if (!team) return { facts: [], errors: [...errors, { line: 1, message: 'no "Bonding Mode" line: the file is cut short' }] };
    return { facts: [team], errors };
  },
};

const IP_LINK = /^(\d+):\s+([^:@\s]+)(?:@(\S+))?:\s+<([^>]*)>(.*)$/;

/** `ip addr` (`ip address show`). */
export const ipAddr: OutputFormat = {
  id: 'linux-ip-addr',
  command: 'ip addr',
  recognise: (text) => linesOf(text).some((line) => IP_LINK.test(line.text)) && /^\s+link\//m.test(text),
  parse(text) {
    const facts: Array<InterfaceFact & { virtual: boolean }> = [];
    const errors: Parsed['errors'] = [];
    let current: (InterfaceFact & { virtual: boolean }) | undefined;
    for (const { number, text: line } of linesOf(text)) {
      const link = IP_LINK.exec(line);
      if (link) {
        const [, , name, parent, flags, rest] = link;
        const master = /\bmaster (\S+)/.exec(rest)?.[1];
        current = {
          kind: 'interface',
          line: number,
          name,
          type: 'nic',
          ips: [],
          mtu: Number(/\bmtu (\d+)/.exec(rest)?.[1]) || undefined,
          up: /\bstate UP\b/.test(rest) || (/\bUP\b/.test(flags) && /LOWER_UP/.test(flags)),
          virtual: parent !== undefined || /LOOPBACK|MASTER/.test(flags.split(',').join(' ')),
        };
        if (master) current.master = master;
        facts.push(current);
        continue;
      }
      if (!current) {
        if (line.trim() !== '') errors.push({ line: number, message: 'not part of an interface (N: name: <flags> …); skipped' });
        continue;
      }
      const ether = /^\s+link\/(\w+)\s+([0-9a-f:]{17})/.exec(line);
      if (ether) {
        if (ether[1] === 'ether') current.mac = ether[2];
        if (ether[1] === 'loopback') current.virtual = true;
        continue;
      }
      const inet = /^\s+inet6?\s+([0-9a-fA-F:.]+)\/(\d+)/.exec(line);
      if (inet) {
        const address = cidr(inet[1], Number(inet[2]));
        if (!address) errors.push({ line: number, message: `'${inet[1]}/${inet[2]}' is not an address; skipped` });
        else if (!/^fe80:/i.test(address) && !/^127\./.test(address) && address !== '::1/128') current.ips.push(address);
      }
    }
    return { facts: facts.map(({ virtual, ...fact }): InterfaceFact => ({ ...fact, type: virtual ? 'virtual' : fact.type })), errors };
  },
};

/** `ip -j addr`: iproute2's JSON, an array of links with `addr_info`. */
export const ipJsonAddr: OutputFormat = {
  id: 'linux-ip-json-addr',
  command: 'ip -j addr',
  recognise: (text) => /^\s*\[/.test(text) && /"ifname"\s*:/.test(text) && /"addr_info"\s*:/.test(text),
  parse(text) {
    const json = readJsonObjects(text);
    if (!json) return { facts: [], errors: [{ line: 1, message: 'not JSON' }] };
    const facts: Fact[] = [];
    const errors = [...json.errors];
    for (const { line, value } of json.objects) {
      const name = jsonString(value, 'ifname');
      if (!name) {
        errors.push({ line, message: 'a link without "ifname"; skipped' });
        continue;
      }
      const flags = Array.isArray(value.flags) ? value.flags.map(String) : [];
      const ips: string[] = [];
      for (const info of Array.isArray(value.addr_info) ? value.addr_info : []) {
        const local = jsonString(info as Record<string, unknown>, 'local');
        const prefix = Number((info as Record<string, unknown>).prefixlen);
        const address = local === undefined ? undefined : cidr(local, prefix);
        if (address && !/^fe80:/i.test(address) && !/^127\./.test(address) && address !== '::1/128') ips.push(address);
        else if (local !== undefined && !address) errors.push({ line, message: `'${local}/${prefix}' of ${name} is not an address; skipped` });
      }
      const fact: InterfaceFact = {
        kind: 'interface',
        line,
        name,
        type: value.link_type === 'loopback' || flags.includes('MASTER') || 'link' in value || 'link_index' in value ? 'virtual' : 'nic',
        ips,
        up: value.operstate === 'UP' || (flags.includes('UP') && flags.includes('LOWER_UP')),
      };
      const mtu = Number(value.mtu);
      if (Number.isInteger(mtu) && mtu > 0) fact.mtu = mtu;
      const mac = jsonString(value, 'address');
      if (mac && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac) && value.link_type === 'ether') fact.mac = mac;
      const master = jsonString(value, 'master');
      if (master) fact.master = master;
      facts.push(fact);
    }
    return { facts, errors };
  },
};

/** `lldpctl -f json0`: every value an array, interfaces under `lldp[0].interface`. Plain `-f json` is read too. */
export const lldpctlJson: OutputFormat = {
  id: 'linux-lldpctl-json',
  command: 'lldpctl -f json0',
  recognise: (text) => /^\s*\{\s*"lldp"\s*:/.test(text),
  parse(text) {
    const json = readJsonObjects(text);
    if (!json || json.objects.length === 0) return { facts: [], errors: [{ line: 1, message: 'not lldpctl JSON' }] };
    const facts: Fact[] = [];
    const errors = [...json.errors];
    const root = first(json.objects[0].value.lldp);
    for (const [name, entry] of interfaces(first(root)?.interface)) {
      const chassis = first(entry.chassis);
      const port = first(entry.port);
      const systemName = text1(first(chassis?.name)) ?? namedChassis(entry.chassis);
      const portId = text1(first(port?.id));
      const line = lineOf(text, name);
      if (!systemName || !portId) {
        errors.push({ line, message: `the neighbour on ${name} has no system name or port id; skipped` });
        continue;
      }
      const fact: Fact = { kind: 'neighbor', line, localPort: name, systemName, portId };
      const description = text1(first(port?.descr));
      if (description) fact.portDescription = description;
      facts.push(fact);
    }
    return { facts, errors };
  },
};

type JsonRecord = Record<string, unknown>;

function first(value: unknown): JsonRecord | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return item && typeof item === 'object' ? (item as JsonRecord) : undefined;
}

function text1(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const inner = (value as JsonRecord).value;
    return typeof inner === 'string' ? inner : undefined;
  }
  return undefined;
}

/** json0: `interface: [{ name, chassis, port }]`; json: `interface: { eth0: {…} }` or a list of such. */
function interfaces(value: unknown): Array<[string, JsonRecord]> {
  const items = Array.isArray(value) ? value : value ? [value] : [];
  return items.flatMap((item): Array<[string, JsonRecord]> => {
    if (!item || typeof item !== 'object') return [];
    const record = item as JsonRecord;
    if (typeof record.name === 'string') return [[record.name, record]];
    return Object.entries(record).filter((entry): entry is [string, JsonRecord] => typeof entry[1] === 'object' && entry[1] !== null);
  });
}

/** Plain json keys the chassis by its name: `chassis: { "sw-a": { id: … } }`. */
function namedChassis(value: unknown): string | undefined {
  const chassis = first(value);
  if (!chassis || 'id' in chassis || 'name' in chassis) return undefined;
  return Object.keys(chassis)[0];
}

function lineOf(text: string, name: string): number {
  const index = text.indexOf(`"${name}"`);
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}

/** `lldpctl -f keyvalue`: `lldp.<interface>.chassis.name=sw-a`, `lldp.<interface>.port.ifname=Ethernet1/1`. */
export const lldpctlKeyValue: OutputFormat = {
  id: 'linux-lldpctl-keyvalue',
  command: 'lldpctl -f keyvalue',
  recognise: (text) => /^lldp\.\S+\.(chassis|port|via|rid)\b[^=\n]*=/m.test(text),
  parse(text) {
    const neighbours = new Map<string, { line: number; system?: string; port?: string; portIdType?: string; description?: string }>();
    const errors: Parsed['errors'] = [];
    for (const { number, text: line } of linesOf(text)) {
      const match = /^lldp\.(.+?)\.(chassis|port|via|rid|age|vlan|ppvid|pi|lldp-med|unknown-tlvs)\.?([^=]*)=(.*)$/.exec(line);
      if (!match) {
        if (line.trim() !== '') errors.push({ line: number, message: 'not a lldp.<interface>.<key>=<value> line; skipped' });
        continue;
      }
      const [, name, section, key, value] = match;
      const entry = neighbours.get(name) ?? { line: number };
      neighbours.set(name, entry);
      if (section === 'chassis' && key === 'name') entry.system = value;
      if (section === 'port' && key === 'descr') entry.description = value;
      if (section === 'port' && /^(ifname|local|mac|ip)$/.test(key) && entry.port === undefined) entry.port = value;
    }
    const facts: Fact[] = [];
    for (const [name, entry] of neighbours) {
      if (!entry.system || !entry.port) {
        errors.push({ line: entry.line, message: `the neighbour on ${name} has no system name or port id; skipped` });
        continue;
      }
      facts.push({ kind: 'neighbor', line: entry.line, localPort: name, systemName: entry.system, portId: entry.port, ...(entry.description ? { portDescription: entry.description } : {}) });
    }
    return { facts, errors };
  },
};

/** `ip neigh`: `10.10.1.101 dev ens1f0 lladdr 00:c0:ff:1a:2b:3c REACHABLE`. */
export const ipNeigh: OutputFormat = {
  id: 'linux-ip-neigh',
  command: 'ip neigh',
  recognise: (text) => /^\S+ dev \S+ (lladdr [0-9a-f:]{17} )?(router )?(REACHABLE|STALE|DELAY|PROBE|FAILED|PERMANENT|NOARP|INCOMPLETE)\b/m.test(text),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    for (const { number, text: line } of linesOf(text)) {
      const match = /^(\S+) dev \S+ lladdr ([0-9a-f]{2}(?::[0-9a-f]{2}){5})\b/.exec(line);
      if (match && isAddress(match[1])) facts.push({ kind: 'address', line: number, address: normaliseAddress(match[1]), mac: match[2] });
      else if (line.trim() !== '' && !/ (FAILED|INCOMPLETE)\s*$/.test(line)) errors.push({ line: number, message: 'not a neighbour entry (address dev interface lladdr MAC state); skipped' });
    }
    return { facts, errors };
  },
};
