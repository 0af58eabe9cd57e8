import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { hostVerdicts } from './redundancy';
import { groupBy, headSpan, joinNames, modelIndex, volumeList } from './util';

export const noPath: Rule = {
  meta: {
    id: 'no-path',
    defaultSeverity: 'error',
    summary: 'A volume is mapped to a host that has no path to it at all.',
    rationale:
      'A volume whose `hosts` names a host is meant to be used by it, but without a single path the ' +
      'host cannot even discover it: the worst outcome a design can have, and the usual state of a ' +
      'design whose cables or addresses are not written yet. The finding says what is missing: ' +
      'cables on the host, cables on the array, or a network (switches and a common subnet) between them.',
    sources: [
      { title: 'RFC 7143: Internet Small Computer System Interface (iSCSI) Protocol, 3.3 (discovery and login)', url: 'https://www.rfc-editor.org/rfc/rfc7143' },
      { title: 'NetApp ONTAP SAN host configuration: iSCSI multipath' },
    ],
    fixes: [],
    docsPath: docsPathOf('no-path'),
  },
  checkHost(context, host) {
    const index = modelIndex(context.model);
    const reported = hostVerdicts(context, host).pairs.filter((v) => v.noPath);
    const cabled = index.linksByEnd;
    return [...groupBy(reported, (v) => v.pair.array).values()].flatMap((group) => {
      const array = index.arrays.get(group[0].pair.array);
      if (!array) return [];
      const hostCabled = [...host.nics, ...host.hbas].some((iface) => cabled.has(iface.id));
      const arrayCabled = array.controllers.some((controller) => controller.ports.some((port) => cabled.has(port.id)));
      const uncabled = [...(hostCabled ? [] : [`no NIC or HBA of ${host.id}`]), ...(arrayCabled ? [] : [`no port of ${array.id}`])];
      const missing = uncabled.length > 0
        ? `${joinNames(uncabled)} has a cable`
        : `the cables of ${host.id} and ${array.id} join no interface to a port in its subnet: check the switches between them and the addresses`;
      const volumes = volumeList(group.map((v) => v.pair));
      return [
        {
          span: headSpan(host),
          message: `${volumes} ${group.length === 1 ? 'is' : 'are'} mapped to ${host.id}, but ${host.id} has no path to ${group.length === 1 ? 'it' : 'them'}: ${missing}`,
          related: group.flatMap((v) => {
            const volume = index.volumes.get(v.pair.volume);
            return volume ? [{ span: headSpan(volume), message: `volume ${volume.id}` }] : [];
          }),
          data: { host: host.id, array: array.id },
        },
      ];
    });
  },
};
