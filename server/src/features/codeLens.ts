// Code lens above each host: how many paths it has, the bandwidth it can count on, and whether it
// survives any single failure ("2 paths · 20 Gb/s · survives any single failure", or
// "1 path · 10 Gb/s · core1 is a single point of failure").
import type { CodeLens, Position, Range } from 'vscode-languageserver-types';
import { hostChanges } from '../analysis';
import type { HostPart } from '../analysis/hostAnalysis';
import type { Host } from '../model/schema';
import type { DocumentAnalysis } from '../service/languageService';
import { movedRange, toRange } from '../service/lspConversion';
import { frozen, movedByLines } from '../messageEncoder';
import { firstIndex } from '../firstIndex';
import { keptEnds, perVersionAfterEdit, type AnsweredBefore } from './perVersion';
import { componentName, formatBandwidth, plural, singlePointsOfFailure, weakestBandwidth } from './analysisFacts';
import { escapeIcons } from './markdown';

/** A version's lenses, one per host of its model, and the analysis they were worked out from. */
interface KeptLenses {
  hosts: readonly Host[];
  lenses: readonly CodeLens[];
  analysisVersion: object;
}

export const codeLenses = perVersionAfterEdit((doc: DocumentAnalysis, before: AnsweredBefore<KeptLenses> | undefined) => {
  const { hosts } = doc.modelResult.model;
  const changes = hostChanges(doc.analysis);
  const lenses = (before && lensesAfterEdit(doc, before, changes)) ?? hosts.map((host) => hostLens(doc, host, changes.parts.get(host.id)));
  return { answer: lenses, state: { hosts, lenses, analysisVersion: changes.version } };
});

/**
 * The lenses of a version from those of the one its analysis was worked out from: the hosts the
 * edit left keep theirs (moved, after it), unless their part of the analysis changed; undefined
 * when the lenses are of another version.
 */
function lensesAfterEdit(doc: DocumentAnalysis, before: AnsweredBefore<KeptLenses>, changes: ReturnType<typeof hostChanges>): CodeLens[] | undefined {
  const { state, lineShift } = before;
  if (changes.earlier !== state.analysisVersion) return undefined;
  const { hosts } = doc.modelResult.model;
  const { head, tail } = keptEnds(state.hosts, hosts.length, before, (i, j) => state.hosts[i] === hosts[j], (host) => doc.lineIndex.position(host.span.start).line);
  const lenses = state.lenses.slice(0, head);
  for (let at = head; at < hosts.length - tail; at++) lenses.push(hostLens(doc, hosts[at]!, changes.parts.get(hosts[at]!.id)));
  for (let i = state.hosts.length - tail; i < state.hosts.length; i++) {
    const kept = state.lenses[i]!;
    lenses.push(lineShift === 0 ? kept : movedLens(state.hosts[i]!, kept, lineShift));
  }
  for (const id of changes.changed) {
    const host = doc.modelResult.symbols.definitions.get(id);
    if (!host) continue;
    const at = firstIndex(hosts, (other) => other.span.start >= host.span.start);
    if (hosts[at] === host && (at < head || at >= hosts.length - tail)) lenses[at] = hostLens(doc, hosts[at]!, changes.parts.get(id));
  }
  return lenses;
}

/**
 * Each host's lens as placed where its block started, kept with the host while its part of the
 * analysis is the same: the part stands for everything the summary is worked out from
 * (analysis/hostAnalysis.ts), and the host for its block, which a re-parse keeps as it is. A
 * keystroke works out the summaries of the hosts it changed, and moves the lenses of the blocks
 * after a line it added or removed.
 */
const lensOfHost = new WeakMap<Host, { part: HostPart; start: Position; lens: CodeLens }>();

function hostLens(doc: DocumentAnalysis, host: Host, part: HostPart | undefined): CodeLens {
  const start = doc.lineIndex.position(host.span.start);
  const kept = lensOfHost.get(host);
  if (kept && kept.part === part && kept.start.character === start.character) {
    if (kept.start.line === start.line) return kept.lens;
    const lines = start.line - kept.start.line;
    const moved = movedByLines(kept.lens, lines, lens(movedRange(kept.lens.range, lines), kept.lens.command!.title));
    lensOfHost.set(host, { part, start, lens: moved });
    return moved;
  }
  const made = lens(toRange(doc.lineIndex, { start: host.span.start, end: host.nameSpan.end }), escapeIcons(hostSummary(doc, host.id)));
  if (part?.host === host) lensOfHost.set(host, { part, start, lens: frozen(made) });
  return made;
}

/** The lens of `host` moved by `lines`, kept for it in place of `kept`, so that one copy of each host's lens is kept. */
function movedLens(host: Host, kept: CodeLens, lines: number): CodeLens {
  const moved = movedByLines(kept, lines, lens(movedRange(kept.range, lines), kept.command!.title));
  const entry = lensOfHost.get(host);
  if (entry?.lens === kept) lensOfHost.set(host, { ...entry, start: { line: entry.start.line + lines, character: entry.start.character }, lens: moved });
  return moved;
}

function lens(range: Range, title: string): CodeLens {
  return { range, command: { title, command: '' } };
}

export function hostSummary(doc: DocumentAnalysis, hostId: string): string {
  const { analysis } = doc;
  const pairs = analysis.pairsByHost.get(hostId) ?? [];
  const paths = analysis.pathsByHost.get(hostId) ?? [];
  if (pairs.length === 0) return `${plural(paths.length, 'path')} · no volume mapped`;
  const cutOff = pairs.filter((pair) => pair.paths.length === 0);
  if (cutOff.length > 0) return `${plural(paths.length, 'path')} · no path to ${cutOff.map((pair) => pair.volume).join(', ')}`;
  const bandwidth = weakestBandwidth(pairs);
  const parts = [plural(paths.length, 'path')];
  if (bandwidth) parts.push(formatBandwidth(bandwidth));
  const spofs = singlePointsOfFailure(pairs).map((id) => componentName(analysis, id));
  if (spofs.length === 0) parts.push('survives any single failure');
  else if (spofs.length === 1) parts.push(`${spofs[0]} is a single point of failure`);
  else if (spofs.length <= 3) parts.push(`${spofs.join(', ')} are single points of failure`);
  else parts.push(`${spofs.length} single points of failure (${spofs.slice(0, 2).join(', ')}, …)`);
  return parts.join(' · ');
}
