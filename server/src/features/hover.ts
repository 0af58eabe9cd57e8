// Hover: on a diagnostic, the rule's summary and rationale with a link to its page; on a name (a
// definition or a reference), what the element is and what the analyses say about it: its paths,
// bandwidth with the bottleneck, and single points of failure.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { pairKey, sharedBandwidth } from '../analysis/shared';
import type { NetworkAnalysis, PairAnalysis } from '../analysis/types';
import { modelIndex } from '../analysis/modelIndex';
import { describeKind, symbolAt, type SymbolDefinition } from '../model/symbols';
import { inNetwork } from '../model/values';
import type { DocumentAnalysis } from '../service/languageService';
import { ruleMeta } from '../service/languageService';
import { toRange, type DocLinks } from '../service/lspConversion';
import { hostSummary } from './codeLens';
import { escapeMarkdown } from './markdown';
import { failureImpacts, hostFailures, type ReportImpact } from '../report/build';
import { impactSentence } from '../report/format';
import { componentName, formatBandwidth, plural } from './analysisFacts';

export function hover(doc: DocumentAnalysis, position: Position, links?: DocLinks): Hover | null {
  const offset = doc.lineIndex.offset(position);
  const sections: string[] = [];
  let span: { start: number; end: number } | undefined;

  const found = symbolAt(doc.modelResult.symbols, offset);
  const definition = found && doc.modelResult.symbols.definitions.get(found.id);
  if (found && definition) {
    sections.push(describeElement(doc, definition));
    span = found.span;
  }
  for (const problem of doc.problems) {
    if (offset < problem.span.start || offset > problem.span.end) continue;
    const meta = ruleMeta(problem.code);
    if (!meta) continue;
    const href = links?.href(meta.id);
    sections.push(
      `**${meta.id}** — ${meta.summary}\n\n${meta.rationale}` + (href ? `\n\n[Documentation for ${meta.id}](${href})` : ''),
    );
    span ??= problem.span;
  }
  if (sections.length === 0 || !span) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: [...new Set(sections)].join('\n\n---\n\n') },
    range: toRange(doc.lineIndex, span),
  };
}

function describeElement(doc: DocumentAnalysis, definition: SymbolDefinition): string {
  const { analysis, modelResult } = doc;
  const title = `**${escapeMarkdown(definition.id)}** — ${describeKind(definition.kind)}`;
  const facts: string[] = [];
  if (definition.kind === 'host') {
    const host = modelResult.model.hosts.find((candidate) => candidate.id === definition.id);
    if (host) {
      const method = host.multipath === 'mpio' ? `MPIO, ${host.policy ?? 'round-robin'}` : host.multipath === 'mcs' ? 'MC/S' : 'no multipathing';
      facts.push(`${host.os?.raw ?? 'OS not given'} · ${method}`);
      facts.push(hostSummary(doc, host.id));
      for (const pair of analysis.pairsByHost.get(host.id) ?? []) facts.push(pairLine(analysis, pair, pair.volume));
      facts.push(...failureLines(hostFailures(analysis, host.id)));
    }
  } else if (definition.kind === 'volume') {
    for (const pair of analysis.pairsByVolume.get(definition.id) ?? []) facts.push(pairLine(analysis, pair, pair.host));
  } else if (definition.kind === 'lag') {
    const lag = modelResult.model.switches.flatMap((sw) => sw.lags).find((candidate) => candidate.id === definition.id);
    const pairs = modelResult.model.switches.flatMap((sw) => sw.lags).filter((other) => other.peer?.id === definition.id);
    const peer = lag?.peer?.id ?? pairs[0]?.id;
    if (peer) facts.push(`one MLAG interface with ${peer}`);
    facts.push(...componentFacts(analysis, definition.id));
  } else if (definition.kind === 'host-group') {
    facts.push(...groupFacts(doc, definition.id));
  } else if (definition.kind === 'vswitch') {
    facts.push(...vswitchFacts(doc, definition.id));
  } else if (definition.kind === 'route') {
    facts.push(...routeFacts(doc, definition.id));
  } else if (definition.kind === 'portal') {
    facts.push(...portalFacts(doc, definition.id));
  } else if (definition.kind === 'array') {
    facts.push(...arrayFacts(doc, definition.id));
  } else {
    facts.push(...componentFacts(analysis, definition.id));
  }
  // Facts are plain text made of the document's names and strings: escaped, never read as Markdown.
  return [title, ...facts.map((fact) => `- ${escapeMarkdown(fact)}`)].join('\n');
}

/** A static route: where it goes, the interface it leaves through (the one whose subnet holds the gateway) and the portals it reaches. */
function routeFacts(doc: DocumentAnalysis, id: string): string[] {
  const host = doc.modelResult.model.hosts.find((candidate) => id.startsWith(`${candidate.id}.`));
  const route = host?.routes.find((candidate) => candidate.id === id);
  if (!host || !route) return [];
  const gateway = route.gateway;
  const through = gateway ? [...host.nics, ...host.teams, ...host.vmks].filter((iface) => iface.ips.some((ip) => inNetwork(gateway, ip))) : [];
  const facts = [`to ${route.to.map((network) => network.subnet).join(', ') || 'nothing'} via ${gateway?.address ?? 'no gateway'}${through.length > 0 ? `, leaving through ${through.map((iface) => iface.id).join(', ')}` : ''}`];
  const index = modelIndex(doc.modelResult.model);
  const portals = new Set<string>();
  for (const pathId of doc.analysis.pathsByHost.get(host.id) ?? []) {
    const path = doc.analysis.pathById.get(pathId);
    if (!path?.routed || !through.some((iface) => iface.id === path.initiator)) continue;
    const portal = index.arrayPorts.get(path.portal) ?? index.trunks.get(path.portal) ?? index.portals.get(path.portal);
    if (portal?.ips.some((ip) => route.to.some((network) => inNetwork(ip, network)))) portals.add(path.portal);
  }
  facts.push(portals.size > 0 ? `routed paths to ${[...portals].join(', ')}` : 'no routed path uses it');
  return facts;
}

const PORTAL_MODES = {
  redirect: 'group address: each login is redirected to a port of the active controller',
  float: 'virtual port: on its first port, moving to another listed port when that port or its controller fails',
  discovery: 'discovery address: returns the portals of its ports, and the initiator logs in to each it reaches',
} as const;

/** A portal: what its address does, the ports behind it, which controller carries it before and after a failover, and the paths through it. */
function portalFacts(doc: DocumentAnalysis, id: string): string[] {
  const index = modelIndex(doc.modelResult.model);
  const portal = index.portals.get(id);
  if (!portal) return [];
  const ports = portal.ports.flatMap((ref) => index.arrayPorts.get(ref.id) ?? []);
  const facts = [`${portal.ips.map((ip) => ip.address).join(', ') || 'no address'} · ${PORTAL_MODES[portal.mode]}`, `ports: ${ports.map((port) => port.id).join(', ') || 'none'}`];
  const home = ports[0]?.controller;
  if (portal.mode !== 'discovery' && home !== undefined) {
    const partners = [...new Set(ports.map((port) => port.controller))].filter((controller) => controller !== home);
    facts.push(
      partners.length > 0
        ? `carried by ${home} while it is up, by ${partners.join(', ')} after a failover`
        : `every port is on ${home}: a failover of ${home} leaves it nowhere to move`,
    );
  }
  const paths = doc.analysis.paths.filter((path) => path.portal === id || path.viaDiscovery === id);
  facts.push(paths.length > 0 ? `${plural(paths.length, 'path')} through it, from ${[...new Set(paths.map((path) => path.host))].join(', ')}` : 'no path uses it');
  return facts;
}

/** A vSwitch: its type, teaming and MTU, its uplinks (active, standby), and the vmks on it with the uplinks each uses. */
function vswitchFacts(doc: DocumentAnalysis, id: string): string[] {
  const host = doc.modelResult.model.hosts.find((candidate) => id.startsWith(`${candidate.id}.`));
  const vswitch = host?.vswitches.find((candidate) => candidate.id === id);
  if (!host || !vswitch) return [];
  const teaming =
    vswitch.teaming === 'lacp'
      ? 'LACP LAG over its uplinks'
      : vswitch.teaming === 'physical-nic-load'
        ? 'teaming physical-nic-load (load-based: a port moves off an uplink busy over 75% for 30 s)'
        : `teaming ${vswitch.teaming}`;
  const standby = new Set(vswitch.standby.map((ref) => ref.id));
  const uplinks = vswitch.uplinks.map((ref) => `${ref.id}${standby.has(ref.id) ? ' (standby)' : ''}`);
  const facts = [
    `${vswitch.type} vSwitch · ${teaming} · MTU ${vswitch.mtu ?? 1500}${vswitch.mtu === undefined ? ' (default)' : ''}`,
    uplinks.length > 0 ? `uplinks: ${uplinks.join(', ')}` : 'no uplinks',
  ];
  for (const vmk of host.vmks) {
    if (vmk.vswitch?.id !== id) continue;
    const active = vmk.active.map((ref) => ref.id).join(', ') || 'none';
    const standbyOf = vmk.standby.length > 0 ? `, standby ${vmk.standby.map((ref) => ref.id).join(', ')}` : '';
    const teamingOf = vmk.teaming !== undefined && vmk.teaming !== vswitch.teaming ? `; teaming ${vmk.teaming} (the port group's override)` : '';
    facts.push(`${vmk.id}${vmk.bound ? ' (bound)' : ''}: active ${active}${standbyOf}${vmk.inheritsUplinks ? ' (from the vSwitch)' : ''}${teamingOf}`);
  }
  return facts;
}

/** A host group: its hosts, the volumes mapped to it, and how many of its host ↔ volume pairs have no path or one. */
function groupFacts(doc: DocumentAnalysis, groupId: string): string[] {
  const { model } = doc.modelResult;
  const group = model.hostGroups.find((candidate) => candidate.id === groupId);
  if (!group) return [];
  const members = new Set(group.hosts.map((host) => host.id));
  const volumes = model.arrays.flatMap((array) => array.volumes).filter((volume) => volume.groups?.some((ref) => ref.id === groupId));
  const facts = [`${plural(members.size, 'host')}: ${[...members].join(', ') || 'none'}`];
  facts.push(volumes.length === 0 ? 'mapped to no volume' : `mapped to ${volumes.map((volume) => volume.id).join(', ')}`);
  const pairs = volumes.flatMap((volume) => (doc.analysis.pairsByVolume.get(volume.id) ?? []).filter((pair) => members.has(pair.host)));
  const none = pairs.filter((pair) => pair.paths.length === 0).length;
  const single = pairs.filter((pair) => pair.paths.length === 1).length;
  if (pairs.length > 0) facts.push(`${plural(pairs.length, 'host ↔ volume pair')}: ${none} without a path, ${single} with one path`);
  return facts;
}

/** An array: the paths that reach it and, over its volumes, how many host ↔ volume pairs have no path or one. */
function arrayFacts(doc: DocumentAnalysis, arrayId: string): string[] {
  const { analysis, modelResult } = doc;
  const paths = analysis.paths.filter((path) => path.array === arrayId);
  const hosts = new Set(paths.map((path) => path.host));
  const facts = [paths.length > 0 ? `${plural(paths.length, 'path')} from ${plural(hosts.size, 'host')}` : 'no path reaches it'];
  const volumes = modelResult.model.arrays.find((array) => array.id === arrayId)?.volumes ?? [];
  const pairs = volumes.flatMap((volume) => analysis.pairsByVolume.get(volume.id) ?? []);
  const none = pairs.filter((pair) => pair.paths.length === 0).length;
  const single = pairs.filter((pair) => pair.paths.length === 1).length;
  facts.push(`${plural(volumes.length, 'volume')}, ${plural(pairs.length, 'host ↔ volume pair')}: ${none} without a path, ${single} with one path`);
  return facts;
}

/** `eonstor.vms: 1 path (1 optimized), 10 Gb/s (team0: ...), single points of failure: core1`. */
function pairLine(analysis: NetworkAnalysis, pair: PairAnalysis, other: string): string {
  const optimized = pair.optimizedPaths.length === pair.paths.length ? '' : ` (${pair.optimizedPaths.length} optimized)`;
  let line = `${other}: ${plural(pair.paths.length, 'path')}${optimized}, ${formatBandwidth(pair.bandwidth)}`;
  // What `topo report` calls shared: the pair's figure while every host of its switches moves data at once.
  const shared = sharedBandwidth(analysis).pairMbps.get(pairKey(pair));
  if (pair.bandwidth.known && pair.paths.length > 0 && shared !== undefined) {
    line += shared === pair.bandwidth.mbps ? ' alone and shared' : ` alone, ${formatBandwidth({ mbps: shared, known: true })} shared`;
  }
  if (pair.bandwidth.known && pair.bandwidth.bottleneck.reason) line += ` — ${pair.bandwidth.bottleneck.reason}`;
  const spofs = pair.singlePointsOfFailure.map((id) => componentName(analysis, id));
  line += spofs.length === 0 ? '; survives any single failure' : `; single points of failure: ${spofs.join(', ')}`;
  return line;
}

/** For a NIC, team, switch, controller, port...: the paths crossing it and who it would cut off. */
function componentFacts(analysis: NetworkAnalysis, id: string): string[] {
  const crossing = analysis.paths.filter(
    (path) => path.initiator === id || path.portal === id || path.controller === id || path.hops.some((hop) => hop.id === id),
  );
  const facts = [`carries ${plural(crossing.length, 'path')}`];
  const failable = [id, ...analysis.components.filter((component) => component.members?.includes(id)).map((component) => component.id)];
  const cut = analysis.pairs.filter((pair) => pair.singlePointsOfFailure.some((spof) => failable.includes(spof)));
  if (cut.length > 0) {
    facts.push(`single point of failure for ${cut.map((pair) => `${pair.host} ↔ ${pair.volume}`).join(', ')}`);
  } else if (crossing.length > 0) {
    facts.push('its failure cuts no host off');
  }
  if (analysis.componentById.has(id)) facts.push(...failureLines([{ label: 'it', impacts: failureImpacts(analysis, id) }]));
  return facts;
}

/** How many N-1 lines a hover shows before pointing at `topo report`. */
const FAILURE_LINES = 3;

/** `after losing switch sw-a: hv01 keeps 2 of 4 paths to me5.vms, 25 of 50 Gb/s`, as in `topo report`. */
function failureLines(failures: readonly { label: string; impacts: readonly ReportImpact[] }[]): string[] {
  const lines = failures
    .filter((failure) => failure.impacts.length > 0)
    .map((failure) => `after losing ${failure.label}: ${failure.impacts.map(impactSentence).join('; ')}`);
  if (lines.length <= FAILURE_LINES) return lines;
  return [...lines.slice(0, FAILURE_LINES), `${lines.length - FAILURE_LINES} more single failures in \`topo report\``];
}
