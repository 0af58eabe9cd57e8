import type { ModelIndex } from '../analysis/modelIndex';
import type { Portal } from '../model/schema';
import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { headSpan, joinNames, modelIndex } from './util';

/**
 * The controller a `redirect` or `float` portal cannot leave: every port behind it is on that one
 * controller of an array that has others. Undefined for a portal that can move, or a discovery one.
 */
export function stuckController(index: ModelIndex, portalId: string): string | undefined {
  const portal = index.portals.get(portalId);
  if (!portal || portal.mode === 'discovery') return undefined;
  const controllers = new Set(portal.ports.map((ref) => index.arrayPorts.get(ref.id)?.controller));
  const [only] = controllers;
  if (controllers.size !== 1 || only === undefined) return undefined;
  return (index.arrays.get(portal.array)?.controllers.length ?? 0) >= 2 ? only : undefined;
}

/** The partner controllers' iSCSI ports named like the portal's first port: where EqualLogic and Dell SC fail it over to. */
function partnerPorts(index: ModelIndex, portal: Portal, controller: string): string[] {
  const first = index.arrayPorts.get(portal.ports[0]?.id ?? '');
  const array = index.arrays.get(portal.array);
  if (!first || !array) return [];
  return array.controllers
    .filter((other) => other.id !== controller)
    .flatMap((other) => other.ports.filter((port) => port.name === first.name && port.protocol === 'iscsi'))
    .map((port) => port.id);
}

export const portalNoFailover: Rule = {
  meta: {
    id: 'portal-no-failover',
    defaultSeverity: 'warning',
    summary: 'A group address or virtual port whose ports all sit on one controller, so a controller failover has nowhere to move it.',
    rationale:
      'A redirect portal (an EqualLogic group IP) and a float portal (a Dell SC virtual port) survive a ' +
      'controller failure because the partner controller\'s ports take the address over: EqualLogic ' +
      'vertical port failover moves eth0 to the standby controller\'s eth0, and a Dell SC virtual port ' +
      'moves to a physical port of the surviving controller in the same fault domain. When every port ' +
      'behind the portal is on one controller, a failover or firmware upgrade of that controller leaves ' +
      'the address on no port, and every session to it goes down. Put a port of each controller in the ' +
      'fault domain (cabled to the same network).',
    sources: [
      { title: 'Dell Storage Center (SC Series) administrator\'s guide: virtual port mode, fault domains ("if a port or controller fails, Storage Center moves the virtual port to another physical port within the fault domain")' },
      { title: 'Dell EqualLogic PS Series Configuration Guide: vertical port failover (PS4110/PS6110 and later)' },
    ],
    fixes: [{ id: 'add-partner-ports', title: "Add the partner controller's ports to the portal" }],
    docsPath: docsPathOf('portal-no-failover'),
  },
  check({ model }) {
    const index = modelIndex(model);
    return model.arrays.flatMap((array) =>
      array.portals.flatMap((portal) => {
        const controller = stuckController(index, portal.id);
        if (controller === undefined) return [];
        const partners = partnerPorts(index, portal, controller);
        const add = partners.length > 0 ? `add ${joinNames(partners)} to its ports` : `give it a port of ${joinNames(array.controllers.filter((c) => c.id !== controller).map((c) => c.id))} in the same network`;
        const address = portal.ips.map((ip) => ip.address).join(', ') || 'its address';
        const data: Record<string, string> = { element: portal.id, controller };
        if (partners.length > 0) data.ports = [...portal.ports.map((ref) => ref.id), ...partners].map((id) => id.slice(array.id.length + 1)).join(', ');
        return [
          {
            span: headSpan(portal),
            message:
              `every port of ${portal.mode} portal ${portal.id} is on controller ${controller}: a failover or upgrade of ${controller} ` +
              `leaves ${address} on no port and every session to it down; ${add}`,
            related: portal.ports.map((ref) => ({ span: ref.span, message: `${ref.id}, on ${controller}` })),
            data,
          },
        ];
      }),
    );
  },
};
