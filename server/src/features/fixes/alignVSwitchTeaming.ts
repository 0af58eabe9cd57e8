// align-vswitch-teaming: make a vSwitch agree with the switch ports of its uplinks, as the
// vswitch-lag-mismatch finding says (its data): `teaming ip-hash` over a static LAG that spans
// exactly its uplinks, `teaming lacp` on a distributed switch over an LACP one, `teaming
// originating-port` where IP hash has no LAG at all; on the vSwitch, or on the vmk whose port
// group overrides its policy. Other mismatches need the switch changed, which the fix leaves to
// the engineer.
import { updateBlock, type QuickFix } from './fixContext';

export const alignVSwitchTeaming: QuickFix = {
  id: 'align-vswitch-teaming',
  edits(context, problem) {
    const element = problem.data?.element ?? '';
    const owner = context.index.vswitches.get(element) ?? context.index.vmks.get(element);
    const block = owner && context.block(owner);
    if (!block) return undefined;
    const teaming = problem.data?.teaming;
    if (teaming !== 'ip-hash' && teaming !== 'lacp' && teaming !== 'originating-port') return undefined;
    return updateBlock(context.text, block, [['teaming', teaming]]);
  },
  title(_context, problem) {
    if (problem.data?.teaming === 'lacp') return 'Use LACP on the distributed switch, as on the switch';
    if (problem.data?.teaming === 'ip-hash') return 'Use IP-hash teaming with the static LAG on the switch';
    if (problem.data?.teaming === 'originating-port') return 'Use originating-port teaming (no LAG on the switch)';
    return undefined;
  },
};
