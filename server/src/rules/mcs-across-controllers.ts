import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { lacksMcsInitiator, mcsSessions } from './mcs';
import { modelIndex, sessionsOf, unique } from './util';

export const mcsAcrossControllers: Rule = {
  meta: {
    id: 'mcs-across-controllers',
    defaultSeverity: 'error',
    summary: 'One MC/S session has connections to ports on different controllers.',
    rationale:
      'An iSCSI session, and so every connection of an MC/S session, ends in one target, which on a ' +
      'dual-controller array lives on one controller. MC/S cannot combine ports across controllers: ' +
      'the connections to the partner fail to join the session, and the session does not survive a ' +
      'controller failover. Failover between controllers needs MPIO with a session per path.',
    sources: [
      { title: 'Infortrend: EonStor DS/GS Trunking, MPIO, MC/S Configuration Guide (seed 001): MC/S does not combine ports across different controllers' },
    ],
    fixes: [{ id: 'replace-mcs-with-mpio', title: 'Replace MC/S with MPIO (one session per path)' }],
    docsPath: docsPathOf('mcs-across-controllers'),
  },
  checkHost({ model, analysis }, host) {
    if (lacksMcsInitiator(host)) return [];
    const index = modelIndex(model);
    const controllerOf = (portal: string): string | undefined =>
      index.arrayPorts.get(portal)?.controller ??
      index.arrayPorts.get((index.trunks.get(portal)?.members ?? index.portals.get(portal)?.ports)?.[0]?.id ?? '')?.controller;
    return mcsSessions(sessionsOf(analysis, host)).flatMap((session) => {
      const controllers = unique(session.connections.flatMap((c) => controllerOf(c.portal.id) ?? []));
      if (controllers.length < 2) return [];
      return [
        {
          span: session.span,
          message:
            `this MC/S session of ${host.id} has connections to controllers ${controllers.join(' and ')}: MC/S ` +
            `cannot combine ports of different controllers; use MPIO with one session per controller path`,
          related: session.connections.map((connection) => ({
            span: connection.span,
            message: `connection to ${connection.portal.id} (controller ${controllerOf(connection.portal.id) ?? '?'})`,
          })),
          data: { host: host.id, session: session.id },
        },
      ];
    });
  },
};
