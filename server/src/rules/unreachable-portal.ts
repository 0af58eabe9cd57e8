import { hostParts } from '../analysis';
import type { UnreachableReason } from '../analysis/types';
import type { Rule } from './rule';
import { docsPathOf } from './rule';

const REASONS: Record<UnreachableReason, string> = {
  'no-address': 'one end has no IP address',
  'protocol-mismatch': 'one end is iSCSI and the other Fibre Channel',
  'not-cabled': 'one end has no cable',
  'no-layer2': 'no chain of cables joins them',
  'vlan-mismatch': 'they share no VLAN carried by every switch between them',
  'different-subnet': 'they are in different subnets and no routing switch joins them',
  'no-host-route': "the host's routes send to the portal's subnet through another interface or nowhere (no matching route has its gateway in this interface's subnet, and the interface has no gateway)",
  'no-array-route': 'the portal has no gateway to send its replies to the initiator\'s subnet',
};

export const unreachablePortal: Rule = {
  meta: {
    id: 'unreachable-portal',
    defaultSeverity: 'error',
    summary: 'A written session cannot reach its target portal.',
    rationale:
      'A session logs in only if the initiator can reach the portal: both need addresses, cables and ' +
      'switches that join them in a common VLAN, and either the same subnet or a router between ' +
      "them that both ends send to: where a host writes its routes and gateways, only an interface " +
      "that a route (or its own gateway) sends through reaches another subnet, and an array port " +
      'answers only through its gateway. A session that cannot log in is a path the design counts ' +
      'on but will never have.',
    sources: [{ title: 'RFC 7143: Internet Small Computer System Interface (iSCSI) Protocol', url: 'https://www.rfc-editor.org/rfc/rfc7143' }],
    fixes: [],
    docsPath: docsPathOf('unreachable-portal'),
  },
  checkHost({ analysis }, host) {
    return (hostParts(analysis).get(host.id)?.unreachable ?? []).map((connection) => ({
      span: connection.span,
      message:
        `${connection.initiator} cannot reach portal ${connection.portal}: ${REASONS[connection.reason]}, ` +
        'so this session never logs in',
      data: { host: connection.host, initiator: connection.initiator, portal: connection.portal },
    }));
  },
};
