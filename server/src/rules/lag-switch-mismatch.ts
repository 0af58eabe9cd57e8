import type { ModelIndex } from '../analysis/modelIndex';
import type { LagMode, Ref, Span } from '../model/schema';
import type { Rule, RuleFinding } from './rule';
import { docsPathOf } from './rule';
import { headSpan, joinNames, modelIndex, unique } from './util';

export const lagSwitchMismatch: Rule = {
  meta: {
    id: 'lag-switch-mismatch',
    defaultSeverity: 'error',
    summary: 'An LACP/static team or array trunk whose switch ports are not one LAG of the same mode.',
    rationale:
      'Link aggregation needs both sides configured alike: the member links must land on switch ' +
      'ports that form one LAG in the same mode (LACP on both sides, or static on both), on one ' +
      'switch or on a stack / MLAG pair that can carry one LAG. Otherwise the switch treats the ' +
      'members as independent ports: LACP never forms, or a static bundle sends frames down links ' +
      'the switch does not expect, and traffic drops or loops. Switch-independent teams need no LAG.',
    sources: [
      { title: 'Infortrend: EonStor DS/GS Trunking, MPIO, MC/S Configuration Guide (seed 001): switch trunk must match, otherwise networking failures will occur' },
    ],
    fixes: [],
    docsPath: docsPathOf('lag-switch-mismatch'),
  },
  checkHost({ model }, host) {
    const index = modelIndex(model);
    return host.teams.flatMap((team) => {
      if (team.mode === 'switch-independent') return [];
      const finding = mismatch(index, { id: team.id, what: 'team', mode: team.mode, members: team.members, span: team.modeSpan ?? headSpan(team) });
      return finding ? [finding] : [];
    });
  },
  check({ model }) {
    const index = modelIndex(model);
    return [...index.trunks.values()].flatMap((trunk) => {
      const finding = mismatch(index, { id: trunk.id, what: 'array trunk', mode: trunk.mode, members: trunk.members, span: trunk.modeSpan ?? headSpan(trunk) });
      return finding ? [finding] : [];
    });
  },
};

function mismatch(
  index: ModelIndex,
  bundle: { id: string; what: string; mode: LagMode; members: Ref[]; span: Span },
): RuleFinding | undefined {
  const ends = bundle.members.flatMap((member) =>
    (index.linksByEnd.get(member.id) ?? []).map((link) => (link.a.ref.id === member.id ? link.b : link.a)),
  );
  if (ends.length < 2) return undefined;
  const mode = bundle.mode === 'lacp' ? 'LACP' : 'static';
  const portNames = joinNames(ends.map((end) => end.ref.id));
  const base = { span: bundle.span, data: { bundle: bundle.id } };
  const related = ends.map((end) => ({ span: end.ref.span, message: `member link ends on ${end.ref.id}` }));

  const notSwitch = ends.filter((end) => end.switch === undefined);
  if (notSwitch.length > 0) return undefined;
  const lags = ends.map((end) => index.switchPorts.get(end.ref.id)?.lag);
  if (lags.some((lag) => lag === undefined)) {
    return {
      ...base,
      related,
      message:
        `${bundle.what} ${bundle.id} is in ${mode} mode but switch ports ${portNames} are not all in a LAG: ` +
        'the switch treats them as independent ports and the bundle fails; configure one LAG on the switch',
    };
  }
  const lagIds = unique(lags as string[]);
  const lagObjects = lagIds.flatMap((id) => {
    const sw = index.switches.get(id.split(':')[0]);
    return sw?.lags.filter((lag) => lag.id === id) ?? [];
  });
  const wrongMode = lagObjects.filter((lag) => lag.mode !== bundle.mode);
  if (wrongMode.length > 0) {
    return {
      ...base,
      related: [...related, ...wrongMode.map((lag) => ({ span: headSpan(lag), message: `${lag.id} is ${lag.mode}` }))],
      message:
        `${bundle.what} ${bundle.id} is ${mode} but ${joinNames(wrongMode.map((lag) => lag.id))} on the switch ` +
        `${wrongMode.length === 1 ? 'is' : 'are'} ${wrongMode[0].mode}: both sides must use the same mode or the bundle does not form`,
    };
  }
  const switches = unique(lagObjects.map((lag) => lag.switch));
  const perSwitch = switches.every((sw) => lagObjects.filter((lag) => lag.switch === sw).length === 1);
  const peered = switches.every((a) =>
    switches.every((b) => {
      if (a === b) return true;
      const sw = index.switches.get(a);
      return [...(sw?.stack ?? []), ...(sw?.mlag ?? [])].some((ref) => ref.id === b);
    }),
  );
  if (perSwitch && peered) return undefined;
  return {
    ...base,
    related,
    message: perSwitch
      ? `${bundle.what} ${bundle.id} spreads over switches ${joinNames(switches)}, which are not one stack or MLAG pair: ` +
        'one LAG cannot span independent switches, so the bundle fails'
      : `${bundle.what} ${bundle.id} lands on several LAGs (${joinNames(lagIds)}): all member ports must be in one LAG`,
  };
}
