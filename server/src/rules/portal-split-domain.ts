import { portalLandings } from '../analysis/portals';
import type { NetworkAnalysis } from '../analysis/types';
import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { headSpan, joinNames, modelIndex } from './util';

/**
 * The ports of a redirect or float portal that sit in no broadcast domain of its first port: the
 * address moves there on a failover, away from the hosts that reach it now.
 */
export function splitPorts(analysis: NetworkAnalysis, portalId: string, mode: string): { home: string; homeSwitches: string[]; away: { port: string; switches: string[] }[] } | undefined {
  if (mode === 'discovery') return undefined;
  const [home, ...others] = portalLandings(analysis, portalId);
  if (!home) return undefined;
  const away = others.filter((landing) => !landing.domains.some((domain) => home.domains.includes(domain)));
  return away.length > 0 ? { home: home.port, homeSwitches: home.switches, away } : undefined;
}

export const portalSplitDomain: Rule = {
  meta: {
    id: 'portal-split-domain',
    defaultSeverity: 'warning',
    summary: 'A group address or virtual port whose ports are cabled to networks that do not share a broadcast domain.',
    rationale:
      'A group IP or virtual port keeps its address when it moves to another port: EqualLogic vertical ' +
      'port failover and Dell SC virtual ports move it within the ports written for it, which Dell ' +
      'requires to be one network (a fault domain is one subnet on one fabric). The hosts reach the ' +
      'address through the network of the port that carries it now; when another of its ports is ' +
      'cabled to switches that do not reach that network at layer 2, a failover moves the address ' +
      'where those hosts cannot reach it, and every session to it goes down although a port carries it.',
    sources: [
      { title: 'Dell Storage Center (SC Series) administrator\'s guide: fault domains in virtual port mode ("fault domains group front-end ports that are connected to the same Fibre Channel fabric or Ethernet network")' },
      { title: 'Dell EqualLogic PS Series Configuration Guide: vertical port failover needs the matching ports of both controllers on the same switch network' },
    ],
    fixes: [],
    docsPath: docsPathOf('portal-split-domain'),
  },
  check({ model, analysis }) {
    const index = modelIndex(model);
    return model.arrays.flatMap((array) =>
      array.portals.flatMap((portal) => {
        const split = splitPorts(analysis, portal.id, portal.mode);
        if (!split) return [];
        const away = split.away.map((landing) => `${landing.port} (${joinNames(landing.switches)})`);
        return [
          {
            span: headSpan(portal),
            message:
              `${portal.mode} portal ${portal.id} is on ${split.home} (${joinNames(split.homeSwitches)}), but ${joinNames(away)} ` +
              `${split.away.length === 1 ? 'is' : 'are'} in another broadcast domain: a failover moves ${portal.ips[0]?.address ?? 'its address'} ` +
              `where the hosts that reach it now cannot; cable ${split.away.length === 1 ? 'that port' : 'those ports'} to ${joinNames(split.homeSwitches)}'s network or join the switches`,
            related: split.away.map((landing) => ({ span: headSpan(index.arrayPorts.get(landing.port)!), message: `${landing.port}, on ${joinNames(landing.switches)}` })),
            data: { element: portal.id },
          },
        ];
      }),
    );
  },
};
