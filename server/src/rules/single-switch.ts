import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { hostVerdicts } from './redundancy';
import { count, groupBy, headSpan, joinNames, unique, volumeList } from './util';

export const singleSwitch: Rule = {
  meta: {
    id: 'single-switch',
    defaultSeverity: 'warning',
    summary: 'Every path from a host to a volume crosses the same switch (or stack).',
    rationale:
      'A switch that fails, reboots or gets a firmware upgrade takes every path through it down at ' +
      'once. A stack fails and upgrades as one unit, so it counts as one switch. Redundant storage ' +
      'networks give each host two independent switches (two fabrics), each cabled to both ' +
      'controllers, so any one of them can go away while I/O continues on the other.',
    sources: [
      { title: 'Server Fault: "MPIO vs NIC teaming for iSCSI" (seed 000)' },
      { title: 'NetApp ONTAP SAN configuration reference: single-network configurations are not fully redundant' },
    ],
    fixes: [{ id: 'add-second-switch', title: 'Add a second switch and move half of the links to it' }],
    docsPath: docsPathOf('single-switch'),
  },
  checkHost(context, host) {
    const { analysis } = context;
    const reported = hostVerdicts(context, host).pairs.filter((v) => v.singleSwitches.length > 0);
    const groups = groupBy(reported, (v) => `${v.pair.array}|${v.singleSwitches.join(',')}`);
    return [...groups.values()].flatMap((group) => {
      const components = group[0].singleSwitches.flatMap((id) => analysis.componentById.get(id) ?? []);
      const labels = components.map((component) => component.label);
      const pathCount = unique(group.flatMap((v) => v.pair.paths)).length;
      const lead = pathCount === 1 ? 'the only path' : `all ${count(pathCount, 'path')}`;
      const verb = pathCount === 1 ? 'crosses' : 'cross';
      const what = components.some((c) => c.kind === 'stack') ? 'stack failure or upgrade' : 'switch failure';
      return [
        {
          span: headSpan(host),
          message:
            `${lead} from ${host.id} to ${volumeList(group.map((v) => v.pair))} ${verb} ${joinNames(labels)}: ` +
            `one ${what} cuts ${host.id} off`,
          related: components.map((component) => ({ span: component.span, message: component.label })),
          data: { host: host.id, array: group[0].pair.array, switch: group[0].singleSwitches[0] },
        },
      ];
    });
  },
};
