import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { hostVerdicts } from './redundancy';
import { count, groupBy, joinNames, unique, volumeList } from './util';

export const sharedNic: Rule = {
  meta: {
    id: 'shared-nic',
    defaultSeverity: 'warning',
    summary: 'All paths from a host to a volume leave through one NIC or HBA (or one card).',
    rationale:
      'Several paths that start on the same NIC or Fibre Channel HBA share its fate: a port, driver ' +
      'or firmware fault ends all of them at once, and so does the failure of a multi-port card when ' +
      'the paths use ports of one card. Give each path its own NIC or HBA, and put those on different ' +
      'cards. The card under a shared port is the same cause and is not reported again (by spof).',
    sources: [{ title: 'HP StorageWorks EVA iSCSI connectivity guide: redundant host NICs' }],
    fixes: [],
    docsPath: docsPathOf('shared-nic'),
  },
  checkHost(context, host) {
    const { analysis } = context;
    const reported = hostVerdicts(context, host).pairs.flatMap((verdict) =>
      verdict.sharedNics.map((component) => ({ verdict, component })),
    );
    const groups = groupBy(reported, ({ component }) => component);
    return [...groups.values()].flatMap((group) => {
      const component = analysis.componentById.get(group[0].component);
      if (!component) return [];
      const host = group[0].verdict.pair.host;
      const pairs = group.map(({ verdict }) => verdict.pair);
      const pathCount = unique(pairs.flatMap((pair) => pair.paths)).length;
      const card = component.kind === 'card';
      const ports = card ? ` (ports ${joinNames(component.members ?? [])})` : '';
      const part = card ? 'card' : component.kind === 'hba' ? 'HBA' : 'NIC';
      return [
        {
          span: component.span,
          message:
            `all ${count(pathCount, 'path')} from ${host} to ${volumeList(pairs)} leave through ${component.label}${ports}: ` +
            `one ${part} failure cuts ${host} off`,
          data: { host, component: component.id },
        },
      ];
    });
  },
};
