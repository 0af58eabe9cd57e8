// align-mtu: set the MTU of the element the mtu-mismatch finding names (the host interface, or
// the vSwitch, switch or switch port that carries smaller frames) to the value the rest of the path uses,
// which the finding carries. The existing `mtu` value is replaced, else `mtu N` is added to the
// element's block. Switch ports written only in a cable (no block of their own) are declined.
import type { Span } from '../../syntax/tree';
import { updateBlock, type FixContext, type QuickFix } from './fixContext';

export const alignMtu: QuickFix = {
  id: 'align-mtu',
  edits(context, problem) {
    const mtu = problem.data?.mtu;
    const element = elementById(context, problem.data?.element ?? '');
    const block = element && context.block(element);
    if (!mtu || !/^\d+$/.test(mtu) || !block) return undefined;
    return updateBlock(context.text, block, [['mtu', mtu]]);
  },
};

function elementById(context: FixContext, id: string): { span: Span } | undefined {
  const { index } = context;
  return index.nics.get(id) ?? index.teams.get(id) ?? index.vswitches.get(id) ?? index.vmks.get(id) ?? index.switchPorts.get(id) ?? index.switches.get(id) ?? index.arrayPorts.get(id);
}
