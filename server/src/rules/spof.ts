import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { compareStrings } from '../analysis/modelIndex';
import type { PairAnalysis } from '../analysis/types';
import { designVerdicts } from './redundancy';
import { groupBy, joinNames, KeptPerHost, unique } from './util';

export const spof: Rule = {
  meta: {
    id: 'spof',
    defaultSeverity: 'warning',
    summary: 'A single component whose failure cuts a host off from a volume.',
    rationale:
      'The question every SAN design review asks: can any one NIC, cable, switch, array port or ' +
      'controller fail without a host losing its storage? This rule runs that N-1 simulation over ' +
      'the whole design and reports each component whose failure leaves some host with no path to a ' +
      'volume. Switches, controllers, NICs and HBAs that other rules already name (single-switch, ' +
      'single-controller, no-optimized-path, shared-nic), the cards those ports sit on, cables ' +
      'attached to them, and pairs with a single path are left to those rules, so one cause gives ' +
      'one diagnostic.',
    sources: [
      { title: 'Batfish: failure what-if analysis of network configurations' },
      { title: 'Redundancy guidance of NetApp ONTAP, Dell SC/PowerVault and Infortrend (see the rule catalog)' },
    ],
    fixes: [],
    docsPath: docsPathOf('spof'),
  },
  check(context) {
    const { analysis } = context;
    // A component may be every path's of several hosts: the hosts that have any are kept, and
    // listed in the order of their ids.
    const verdicts = designVerdicts(context);
    const byHost = residualOfHost.of(analysis, ({ host }) => {
      const residual = (verdicts.get(host.id)?.pairs ?? []).flatMap((verdict) => verdict.residualSpofs.map((component) => ({ pair: verdict.pair, component })));
      return residual.length > 0 ? residual : undefined;
    });
    const reported = [...byHost.keys()].sort(compareStrings).flatMap((host) => byHost.get(host)!);
    return [...groupBy(reported, (r) => r.component).values()].flatMap((group) => {
      const component = analysis.componentById.get(group[0].component);
      if (!component) return [];
      const hosts = unique(group.map((r) => r.pair.host));
      const volumes = unique(group.map((r) => r.pair.volume));
      return [
        {
          span: component.span,
          message: `${component.label} is a single point of failure: every path from ${joinNames(hosts)} to ${joinNames(volumes)} crosses it, so its failure cuts ${hosts.length === 1 ? 'the host' : 'them'} off`,
          data: { component: component.id, hosts: hosts.join(',') },
        },
      ];
    });
  },
};

/** The single points of failure no other rule explains, of each host's pairs that have any. */
const residualOfHost = new KeptPerHost<{ pair: PairAnalysis; component: string }[]>();
