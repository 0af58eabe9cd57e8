import type { Ip } from '../model/schema';
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
    const interfaces = [
      ...index.nics.values(),
      ...index.teams.values(),
      ...index.vmks.values(),
      ...index.arrayPorts.values(),
      ...index.trunks.values(),
    ];
    const uses = interfaces.flatMap((iface) => iface.ips.map((ip: Ip) => ({ id: iface.id, ip })));
    // A portal's address is taken too, unless it is one of its own ports' (a discovery address
    // written as the port the engineer points initiators at).
    for (const portal of index.portals.values()) {
      const own = new Set(portal.ports.flatMap((ref) => index.arrayPorts.get(ref.id)?.ips.map((ip) => ip.address) ?? []));
      for (const ip of portal.ips) if (!own.has(ip.address)) uses.push({ id: portal.id, ip });
    }
    const groups = groupBy(uses, (use) => `${use.ip.version}|${use.ip.address}`);
    return [...groups.values()].flatMap((group) => {
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
