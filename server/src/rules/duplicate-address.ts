import type { ModelIndex } from '../analysis/modelIndex';
import type { Host, Ip } from '../model/schema';
import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { groupBy, joinNames, modelIndex } from './util';

export const duplicateAddress: Rule = {
  meta: {
    id: 'duplicate-address',
    defaultSeverity: 'error',
    summary: 'Two interfaces have the same IP address.',
    rationale:
      'Two interfaces answering for one address make the neighbours\' caches (ARP on IPv4, neighbour ' +
      'discovery on IPv6) flip between them: sessions land on the wrong host or portal, drop, and ' +
      'reconnect at random. On IPv6, duplicate address detection may also keep the address from ' +
      'being used at all. Every host interface, VMkernel port, array port and trunk needs an address ' +
      'of its own.',
    sources: [
      { title: 'IPv4 Address Conflict Detection (RFC 5227)', url: 'https://www.rfc-editor.org/rfc/rfc5227' },
      { title: 'IPv6 Stateless Address Autoconfiguration: Duplicate Address Detection (RFC 4862, section 5.4)', url: 'https://www.rfc-editor.org/rfc/rfc4862#section-5.4' },
    ],
    fixes: [],
    docsPath: docsPathOf('duplicate-address'),
  },
  check({ model }) {
    const index = modelIndex(model);
    const arrayUses = [...index.arrayPorts.values(), ...index.trunks.values()].flatMap((iface) => iface.ips.map((ip: Ip) => ({ id: iface.id, ip })));
    // A portal's address is taken too, unless it is one of its own ports' (a discovery address
    // written as the port the engineer points initiators at).
    for (const portal of index.portals.values()) {
      const own = new Set(portal.ports.flatMap((ref) => index.arrayPorts.get(ref.id)?.ips.map((ip) => ip.address) ?? []));
      for (const ip of portal.ips) if (!own.has(ip.address)) arrayUses.push({ id: portal.id, ip });
    }
    const hosts = hostAddresses(index, model.hosts);
    const arrayGroups = groupBy(arrayUses, addressKey);
    const keys = new Set([...hosts.repeated, ...arrayGroups.keys()]);
    const groups = [...keys].map((key) => [...(hosts.uses.get(key) ?? []), ...(arrayGroups.get(key) ?? [])]);
    return groups.flatMap((group) => {
      if (group.length < 2) return [];
      const ordered = [...group].sort((a, b) => a.ip.span.start - b.ip.span.start);
      const [first, second] = ordered;
      return [
        {
          span: second.ip.span,
          message:
            `${second.ip.address} is assigned to ${joinNames(ordered.map((use) => use.id))}: the address conflict ` +
            (second.ip.version === 6
              ? 'sends iSCSI traffic to whichever answers neighbour discovery last, or duplicate address detection disables it'
              : 'sends iSCSI traffic to whichever answers ARP last'),
          related: ordered
            .filter((use) => use !== second)
            .map((use) => ({ span: use.ip.span, message: `${use.ip.address} on ${use.id}${use === first ? ' (first)' : ''}` })),
          data: { address: second.ip.address, interface: second.id },
        },
      ];
    });
  },
};

interface AddressUse {
  id: string;
  ip: Ip;
}

function addressKey(use: AddressUse): string {
  return `${use.ip.version}|${use.ip.address}`;
}

/** The addresses of the hosts' NICs, teams and vmks, by address, and those written more than once. */
interface HostAddresses {
  /** The model's hosts these are the addresses of. */
  hosts: readonly Host[];
  uses: Map<string, AddressUse[]>;
  repeated: Set<string>;
}

/**
 * Kept per model index: an editor's next version that rebuilt only hosts takes the index over
 * (analysis/modelIndex.ts), and the addresses of the hosts that are other objects are replaced.
 */
const hostAddressesOf = new WeakMap<ModelIndex, HostAddresses>();

function hostAddresses(index: ModelIndex, hosts: readonly Host[]): HostAddresses {
  const kept = hostAddressesOf.get(index);
  if (kept?.hosts === hosts) return kept;
  if (kept && kept.hosts.length === hosts.length) {
    for (let i = 0; i < hosts.length; i++) {
      if (kept.hosts[i] === hosts[i]) continue;
      for (const use of usesOf(kept.hosts[i]!)) remove(kept, use);
      for (const use of usesOf(hosts[i]!)) add(kept, use);
    }
    kept.hosts = hosts;
    return kept;
  }
  const addresses: HostAddresses = { hosts, uses: new Map(), repeated: new Set() };
  for (const host of hosts) for (const use of usesOf(host)) add(addresses, use);
  hostAddressesOf.set(index, addresses);
  return addresses;
}

function usesOf(host: Host): AddressUse[] {
  return [...host.nics, ...host.teams, ...host.vmks].flatMap((iface) => iface.ips.map((ip) => ({ id: iface.id, ip })));
}

function add(addresses: HostAddresses, use: AddressUse): void {
  const key = addressKey(use);
  const list = addresses.uses.get(key);
  if (!list) {
    addresses.uses.set(key, [use]);
    return;
  }
  list.push(use);
  addresses.repeated.add(key);
}

function remove(addresses: HostAddresses, gone: AddressUse): void {
  const key = addressKey(gone);
  const list = addresses.uses.get(key)!.filter((use) => use.ip !== gone.ip);
  if (list.length === 0) addresses.uses.delete(key);
  else addresses.uses.set(key, list);
  if (list.length < 2) addresses.repeated.delete(key);
}
