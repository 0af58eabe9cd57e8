import { where } from '../../import/write';
import { docsPathOf } from '../../rules/rule';
import type { RuleFinding } from '../../rules/rule';
import type { DriftRule } from '../context';
import { hostSpan } from '../context';

export const driftPolicy: DriftRule = {
  meta: {
    id: 'drift-policy',
    defaultSeverity: 'warning',
    summary: 'The host combines paths with another method or load-balance policy than designed.',
    rationale:
      'The design\'s bandwidth and failover checks assume the multipath method and policy it names. A host left on its ' +
      'default (Fail Over Only, MRU, or no MPIO at all) uses one path at a time, and one with round-robin on an ALUA array ' +
      'without subset sends I/O through the partner controller.',
    sources: [{ title: 'Microsoft: Get-MSDSMGlobalDefaultLoadBalancePolicy, mpclaim' }, { title: 'VMware: esxcli storage nmp device list' }, { title: 'multipath.conf(5): path_selector' }],
    fixes: [],
    docsPath: docsPathOf('drift-policy'),
  },
  check({ hosts }) {
    const findings: RuleFinding[] = [];
    for (const host of hosts) {
      const { design, observed } = host;
      const method = observed.multipath?.method;
      const span = design.multipathSpan ?? hostSpan(design);
      if (method && method !== design.multipath) {
        findings.push({ span, message: `${design.name} runs multipath ${method} (${where(observed.multipath!.source)}), the design says ${design.multipath}`, data: { host: design.id } });
        continue;
      }
      const designed = design.policy ?? 'round-robin';
      if (design.multipath === 'mpio' && observed.policy && observed.policy.policy !== designed) {
        findings.push({
          span: design.policySpan ?? span,
          message: `${design.name} balances with ${observed.policy.name} (${observed.policy.policy}; ${where(observed.policy.source)}), the design says ${designed}`,
          data: { host: design.id },
        });
      }
    }
    return findings;
  },
};
