// Linux networking: `/proc/net/bonding/<bond>` (the bonding driver's status file), `ip addr` and
// `ip -j addr`, `ip route` and `ip -j route` (iproute2), and LLDP neighbours from lldpd's
// `lldpctl -f json0` and `-f keyvalue`. Layouts from the kernel's bonding.rst, ip-address(8),
// ip-route(8) and lldpctl(8).
import type { Fact, InterfaceFact, OutputFormat, Parsed, RouteFact, TeamFact, TeamMode } from '../facts';
import { cidr, isAddress, jsonString, linesOf, nextHop, normaliseAddress, readJsonObjects, routeDestination } from '../text';

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

/** Route types that forward nothing through a gateway (ip-route(8) TYPE): not routes a design writes. */
const NON_FORWARDING = /^(local|broadcast|multicast|anycast|blackhole|unreachable|prohibit|throw|nat)$/;
const ROUTE_LINE = /^(?:(?:unicast|local|broadcast|multicast|anycast|blackhole|unreachable|prohibit|throw|nat)\s+)?(?:default|[0-9A-Fa-f.:]+(?:\/\d{1,3})?)\s+(?:via|dev|proto|scope|metric|src|table|nhid)\s/;
/** A Linux interface name: at most 15 characters, no blanks or slashes. */
const LINUX_IFNAME = /^[^\s/]{1,15}$/;

/** `ip route` (and `ip -6 route`): one route a line, `dst [via GW] [dev IF] [proto P] …`; a multipath route's next hops on the lines below it. */
export const ipRoute: OutputFormat = {
  id: 'linux-ip-route',
  command: 'ip route',
  recognise: (text) => linesOf(text).some((line) => ROUTE_LINE.test(line.text)),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    let multipath: { to: string; origin: RouteFact['origin'] } | undefined;
    for (const { number, text: line } of linesOf(text)) {
      if (line.trim() === '') continue;
      const words = line.trim().split(/\s+/);
      const value = (key: string) => {
        const index = words.indexOf(key);
        if (index < 0) return undefined;
        const next = words[index + 1];
        return next === 'inet' || next === 'inet6' ? words[index + 2] : next;
      };
      if (words[0] === 'nexthop' && /^\s/.test(line)) {
        if (!multipath) {
          errors.push({ line: number, message: 'a next hop without the route it belongs to; skipped' });
          continue;
        }
        const route = routeFact(number, multipath.to, value('via'), value('dev'), multipath.origin, errors);
        if (route) facts.push(route);
        continue;
      }
      multipath = undefined;
      if (NON_FORWARDING.test(words[0])) continue;
      if (words[0] === 'unicast') words.shift();
      const to = routeDestination(words[0], words[0].includes(':') || (value('via') ?? '').includes(':') ? 6 : 4);
      if (!to || !ROUTE_LINE.test(line.trim())) {
        errors.push({ line: number, message: 'not a route (destination, then via, dev, proto …); skipped' });
        continue;
      }
      const origin: RouteFact['origin'] = value('proto') === 'kernel' ? 'kernel' : 'configured';
      if (value('via') === undefined && value('dev') === undefined) {
        multipath = { to, origin };
        continue;
      }
      const route = routeFact(number, to, value('via'), value('dev'), origin, errors);
      if (route) facts.push(route);
    }
    return { facts, errors };
  },
};

function routeFact(line: number, to: string, via: string | undefined, device: string | undefined, origin: RouteFact['origin'], errors: Parsed['errors']): RouteFact | undefined {
  if (via !== undefined && !isAddress(via)) {
    errors.push({ line, message: `next hop '${via.slice(0, 40)}' is not an address; route skipped` });
    return undefined;
  }
  if (device !== undefined && !LINUX_IFNAME.test(device)) {
    errors.push({ line, message: `'${device.slice(0, 40)}' is not an interface name; route skipped` });
    return undefined;
  }
  const gateway = nextHop(via);
  return { kind: 'route', line, to, ...(gateway ? { gateway } : {}), ...(device ? { interface: device } : {}), ...(origin ? { origin } : {}) };
}

/** `ip -j route`: iproute2's JSON, one object a route (`dst`, `gateway`, `dev`, `protocol`, or `nexthops`). */
export const ipJsonRoute: OutputFormat = {
  id: 'linux-ip-json-route',
  command: 'ip -j route',
  recognise: (text) => /^\s*\[/.test(text) && /"dst"\s*:/.test(text) && !/"ifname"\s*:/.test(text),
  parse(text) {
    const json = readJsonObjects(text);
    if (!json) return { facts: [], errors: [{ line: 1, message: 'not JSON' }] };
    const facts: Fact[] = [];
    const errors = [...json.errors];
    for (const { line, value } of json.objects) {
      const type = jsonString(value, 'type');
      if (type !== undefined && NON_FORWARDING.test(type)) continue;
      const dst = jsonString(value, 'dst') ?? '';
      const to = routeDestination(dst, dst.includes(':') || jsonString(value, 'gateway')?.includes(':') ? 6 : 4);
      if (!to) {
        errors.push({ line, message: `destination '${dst.slice(0, 40)}' is not a network; route skipped` });
        continue;
      }
      const origin: RouteFact['origin'] = jsonString(value, 'protocol') === 'kernel' ? 'kernel' : 'configured';
      const hops = Array.isArray(value.nexthops) ? (value.nexthops as Array<Record<string, unknown>>) : [value];
      for (const hop of hops) {
        if (typeof hop !== 'object' || hop === null) continue;
        const route = routeFact(line, to, jsonString(hop, 'gateway'), jsonString(hop, 'dev'), origin, errors);
        if (route) facts.push(route);
      }
    }
    return { facts, errors };
  },
};
