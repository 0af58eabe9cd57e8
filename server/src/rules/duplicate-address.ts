import type { ModelIndex } from '../analysis/modelIndex';
import { hostsReplaced } from '../model/build';
import type { Host, Ip, Model } from '../model/schema';
import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { joinNames, modelIndex } from './util';

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
    const { uses, repeated } = addressUses(modelIndex(model), model);
    return [...repeated].map((key) => {
      const ordered = [...uses.get(key)!].sort((a, b) => a.ip.span.start - b.ip.span.start);
      const [first, second] = ordered;
      return {
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
      };
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

/** Who uses each address (the hosts' NICs, teams and vmks, the arrays' ports, trunks and portals), and the addresses used more than once. */
interface AddressUses {
  /** The model's hosts these are the addresses of. */
  hosts: readonly Host[];
  uses: Map<string, AddressUse[]>;
  repeated: Set<string>;
}

/**
 * Kept per model index: an editor's next version that rebuilt only hosts takes the index over
 * (analysis/modelIndex.ts), with the same arrays, and the uses of the hosts built again are
 * replaced, so a keystroke looks at the addresses of the hosts it changed.
 */
const addressUsesOf = new WeakMap<ModelIndex, AddressUses>();

function addressUses(index: ModelIndex, model: Model): AddressUses {
  const { hosts } = model;
  const kept = addressUsesOf.get(index);
  if (kept?.hosts === hosts) return kept;
  if (kept && kept.hosts.length === hosts.length) {
    const left: string[] = [];
    for (const { old, host } of hostsReplaced(model, kept.hosts)) {
      for (const use of hostUses(old)) left.push(remove(kept, use));
      for (const use of hostUses(host)) add(kept, use);
    }
    // An address no one uses any more goes last: one the host uses again keeps its entry (replaceEntries.ts says why).
    for (const key of left) if (kept.uses.get(key)?.length === 0) kept.uses.delete(key);
    kept.hosts = hosts;
    return kept;
  }
  const addresses: AddressUses = { hosts, uses: new Map(), repeated: new Set() };
  for (const use of arrayUses(index)) add(addresses, use);
  for (const host of hosts) for (const use of hostUses(host)) add(addresses, use);
  addressUsesOf.set(index, addresses);
  return addresses;
}

/**
 * The addresses of the arrays' ports and trunks, and of their portals unless one of its own
 * ports' (a discovery address written as the port the engineer points initiators at).
 */
function arrayUses(index: ModelIndex): AddressUse[] {
  const uses = [...index.arrayPorts.values(), ...index.trunks.values()].flatMap((iface) => iface.ips.map((ip: Ip) => ({ id: iface.id, ip })));
  for (const portal of index.portals.values()) {
    const own = new Set(portal.ports.flatMap((ref) => index.arrayPorts.get(ref.id)?.ips.map((ip) => ip.address) ?? []));
    for (const ip of portal.ips) if (!own.has(ip.address)) uses.push({ id: portal.id, ip });
  }
  return uses;
}

function hostUses(host: Host): AddressUse[] {
  return [...host.nics, ...host.teams, ...host.vmks].flatMap((iface) => iface.ips.map((ip) => ({ id: iface.id, ip })));
}

function add(addresses: AddressUses, use: AddressUse): void {
  const key = addressKey(use);
  const list = addresses.uses.get(key);
  if (!list) {
    addresses.uses.set(key, [use]);
    return;
  }
  list.push(use);
  if (list.length > 1) addresses.repeated.add(key);
}

/** Takes `gone` out of its address's uses, leaving the address with none rather than deleting it; the address's key. */
function remove(addresses: AddressUses, gone: AddressUse): string {
  const key = addressKey(gone);
  const list = addresses.uses.get(key)!.filter((use) => use.ip !== gone.ip);
  addresses.uses.set(key, list);
  if (list.length < 2) addresses.repeated.delete(key);
  return key;
}
