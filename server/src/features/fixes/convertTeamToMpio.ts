// convert-team-to-mpio: dissolve a team that carries iSCSI into MPIO paths. Each former member
// gets its own address: with `subnetLayout: separate` each in its own subnet of the array's
// portals where there are enough; where the array serves fewer subnets than there are members,
// members share them (a member in a subnet where no portal listens would have no path), and the
// fix's title says so. With `single` all stay in the team's subnet. The host gets `multipath mpio`
// (and `policy round-robin` when it has no policy); each session over the team becomes one session
// per member × portal in its subnet; a switch LAG made of exactly the members' ports is removed,
// as nothing uses it any more (a switch block left empty is written `switch core1 { }`), and the
// comments above what changed (the team, its sessions, its members' cables) go with it.
import type { Ip } from '../../model/schema';
import { closeBraceOf, openBraceOf } from '../../syntax/tree';
import { adjacentSubnet, allocateAddress, hostOffset, subnetKey, subnetOf, usedAddresses, type Subnet } from './addresses';
import {
  connectionKey,
  portalsOf,
  sessionLine,
  sessionTarget,
  updateBlock,
  type FixContext,
  type QuickFix,
} from './fixContext';
import { eol, indentAt, removeItem, runCommentRemovals, type SpanEdit } from './textEdits';

export const convertTeamToMpio: QuickFix = {
  id: 'convert-team-to-mpio',
  edits(context, problem) {
    const { index, text } = context;
    const team = index.teams.get(problem.data?.team ?? '');
    const host = team && index.hosts.get(team.host);
    if (!team || !host) return undefined;
    const members = team.members.map((member) => index.nics.get(member.id));
    if (members.length === 0 || members.some((nic) => nic === undefined)) return undefined;
    const teamIp = team.ips[0];
    const teamSubnet = teamIp && subnetOf(teamIp);
    const teamBlock = context.block(team);
    const hostBlock = context.block(host);
    if (!teamIp || !teamSubnet || !teamBlock || !hostBlock) return undefined;

    const sessions = index.model.sessions.filter((session) =>
      session.connections.some((connection) => connection.initiator.id === team.id),
    );
    // An MC/S session over a team is two problems at once; fix the MC/S first.
    if (sessions.some((session) => session.connections.length > 1)) return undefined;
    const arrays = [...new Set([...sessions.map((session) => session.array.id), ...pathArrays(context, team.id)])];
    const portals = arrays.flatMap((array) => portalsOf(context, array));

    const subnets = memberSubnets(context, teamIp, teamSubnet, portals, members.length)?.subnets;
    if (!subnets) return undefined;
    const used = usedAddresses(index.model);
    for (const ip of team.ips) used.delete(ip.address);
    const preferred = hostOffset(teamIp) ?? 10;
    const addresses = subnets.map((subnet) => allocateAddress(subnet, preferred, used));
    if (addresses.some((address) => address === undefined)) return undefined;

    const edits: SpanEdit[] = [removeItem(text, teamBlock.span)];
    members.forEach((nic, i) => {
      const block = nic && context.block(nic);
      if (!nic || !block) return;
      const properties: [string, string][] = [['ip', addresses[i] as string]];
      if (team.mtu !== undefined && nic.mtu === undefined) properties.push(['mtu', String(team.mtu)]);
      if (team.vlan !== undefined && nic.vlan === undefined) properties.push(['vlan', String(team.vlan)]);
      edits.push(...updateBlock(text, block, properties));
    });
    if (members.some((nic) => nic && !context.block(nic))) return undefined;
    const hostProperties: [string, string][] = [['multipath', 'mpio']];
    if (host.policy === undefined) hostProperties.push(['policy', 'round-robin']);
    edits.push(...updateBlock(text, hostBlock, hostProperties));

    const memberSubnetKeys = subnets.map(subnetKey);
    for (const session of sessions) {
      const target = sessionTarget(context, session);
      const lines = members.flatMap((nic, i) =>
        portalsOf(context, session.array.id)
          .filter((portal) => portal.ips.some((ip) => ip.subnet === memberSubnetKeys[i]))
          .filter((portal) => nic && !context.exclude.has(connectionKey(nic.id, portal.id)))
          .map((portal) => sessionLine(host.name, target, nic?.name ?? '', portal.id)),
      );
      edits.push(
        lines.length === 0
          ? removeItem(text, session.span)
          : { start: session.span.start, end: session.span.end, newText: lines.join(eol(text) + indentAt(text, session.span.start)) },
      );
    }
    edits.push(...lagRemovals(context, members.map((nic) => nic?.id ?? '')));
    const memberLinks = members.flatMap((nic) => (nic ? (index.linksByEnd.get(nic.id) ?? []) : []));
    edits.push(...runCommentRemovals(text, [teamBlock.span.start, ...sessions.map((session) => session.span.start), ...memberLinks.map((link) => link.span.start)]));
    return edits;
  },
  title(context, problem) {
    const team = context.index.teams.get(problem.data?.team ?? '');
    const teamIp = team?.ips[0];
    const teamSubnet = teamIp && subnetOf(teamIp);
    if (!team || !teamIp || !teamSubnet) return undefined;
    const arrays = [...new Set([...context.index.model.sessions.filter((session) => session.connections.some((c) => c.initiator.id === team.id)).map((session) => session.array.id), ...pathArrays(context, team.id)])];
    const portals = arrays.flatMap((array) => portalsOf(context, array));
    const plan = memberSubnets(context, teamIp, teamSubnet, portals, team.members.length);
    if (!plan?.shared) return undefined;
    const subnets = [...new Set(plan.subnets.map(subnetKey))];
    return `Convert the team to MPIO paths (the NICs share ${joinWords(subnets)}: ${joinWords(arrays)} serves no other subnet)`;
  },
};

function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Arrays the team reaches on derived paths (no session written). */
function pathArrays(context: FixContext, teamId: string): string[] {
  return context.doc.analysis.paths.filter((path) => path.viaTeam === teamId).map((path) => path.array);
}

/**
 * One subnet per member, following the subnet layout; undefined when none can be found. `shared`:
 * the array serves fewer subnets than there are members, so members share its subnets.
 */
function memberSubnets(
  context: FixContext,
  teamIp: Ip,
  teamSubnet: Subnet,
  portals: { ips: { subnet: string }[] }[],
  count: number,
): { subnets: Subnet[]; shared: boolean } | undefined {
  if (context.doc.settings.subnetLayout === 'single') return { subnets: Array.from({ length: count }, () => teamSubnet), shared: false };
  const portalSubnets = new Map<string, Subnet>();
  for (const portal of portals) {
    for (const ip of portal.ips as Ip[]) {
      const subnet = subnetOf(ip);
      if (subnet && ip.version === teamIp.version) portalSubnets.set(subnetKey(subnet), subnet);
    }
  }
  const chosen = new Map<string, Subnet>();
  if (portalSubnets.has(subnetKey(teamSubnet)) || portalSubnets.size === 0) chosen.set(subnetKey(teamSubnet), teamSubnet);
  for (const [key, subnet] of portalSubnets) if (chosen.size < count) chosen.set(key, subnet);
  if (chosen.size < count && portalSubnets.size > 0) {
    const served = [...chosen.values()];
    return { subnets: Array.from({ length: count }, (_, i) => served[i % served.length]), shared: true };
  }
  const taken = takenSubnets(context);
  for (let k = 1; chosen.size < count && k < 256; k++) {
    const next = adjacentSubnet(teamSubnet, k);
    if (!next) return undefined;
    const key = subnetKey(next);
    if (!chosen.has(key) && !taken.has(key)) chosen.set(key, next);
  }
  return chosen.size === count ? { subnets: [...chosen.values()], shared: false } : undefined;
}

/** Subnets already used anywhere in the model, so a new one never merges with an existing network. */
function takenSubnets(context: FixContext): Set<string> {
  const taken = new Set<string>();
  const model = context.index.model;
  const add = (ips: readonly Ip[]) => ips.forEach((ip) => taken.add(ip.subnet));
  model.hosts.forEach((host) => [...host.nics, ...host.teams, ...host.vmks].forEach((iface) => add(iface.ips)));
  model.arrays.forEach((array) => {
    array.controllers.forEach((controller) => controller.ports.forEach((port) => add(port.ips)));
    array.trunks.forEach((trunk) => add(trunk.ips));
  });
  return taken;
}

/**
 * LAGs whose ports are exactly (a subset of) the switch ports cabled to the former members. A
 * switch block they leave empty is written on one line, `switch core1 { }`.
 */
function lagRemovals(context: FixContext, memberIds: string[]): SpanEdit[] {
  const memberPorts = new Set<string>();
  for (const id of memberIds) {
    for (const link of context.index.linksByEnd.get(id) ?? []) {
      for (const end of [link.a, link.b]) if (end.kind === 'switch-port') memberPorts.add(end.ref.id);
    }
  }
  const edits: SpanEdit[] = [];
  for (const sw of context.index.model.switches) {
    const removed = sw.lags.filter((lag) => lag.ports.length > 0 && lag.ports.every((port) => memberPorts.has(port.id)));
    const blocks = removed.flatMap((lag) => context.block(lag) ?? []);
    if (blocks.length === 0) continue;
    const swBlock = context.block(sw);
    const closeBrace = swBlock && closeBraceOf(swBlock);
    const emptied = closeBrace !== undefined && swBlock!.body.every((item) => blocks.some((block) => block === item));
    if (closeBrace !== undefined && emptied && !context.text.slice(openBraceOf(swBlock!), closeBrace).includes('#')) {
      edits.push({ start: openBraceOf(swBlock!), end: closeBrace + 1, newText: '{ }' });
    } else {
      edits.push(...blocks.map((block) => removeItem(context.text, block.span)));
    }
  }
  return edits;
}
