// add-partner-ports: give a redirect or float portal the partner controllers' ports named like its
// first one, as portal-no-failover's finding lists them (its data), so a controller failover has a
// port to move the address to.
import { updateBlock, type QuickFix } from './fixContext';

export const addPartnerPorts: QuickFix = {
  id: 'add-partner-ports',
  edits(context, problem) {
    const portal = context.index.portals.get(problem.data?.element ?? '');
    const ports = problem.data?.ports;
    const block = portal && context.block(portal);
    if (!block || ports === undefined) return undefined;
    return updateBlock(context.text, block, [['ports', ports]]);
  },
  title(_context, problem) {
    return problem.data?.ports === undefined ? undefined : `Carry the portal on ${problem.data.ports}`;
  },
};
