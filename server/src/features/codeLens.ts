// Code lens above each host: how many paths it has, the bandwidth it can count on, and whether it
// survives any single failure ("2 paths · 20 Gb/s · survives any single failure", or
// "1 path · 10 Gb/s · core1 is a single point of failure").
import type { CodeLens, Position, Range } from 'vscode-languageserver-types';
import { hostParts } from '../analysis';
import type { HostPart } from '../analysis/hostAnalysis';
import type { Host } from '../model/schema';
import type { DocumentAnalysis } from '../service/languageService';
import { toRange } from '../service/lspConversion';
import { frozen } from '../messageEncoder';
import { perVersion } from './perVersion';
import { componentName, formatBandwidth, plural, singlePointsOfFailure, weakestBandwidth } from './analysisFacts';
import { escapeIcons } from './markdown';

export const codeLenses = perVersion((doc): CodeLens[] => {
  const parts = hostParts(doc.analysis);
  return doc.modelResult.model.hosts.map((host) => {
    const part = parts.get(host.id);
    const start = doc.lineIndex.position(host.span.start);
    const kept = lensOfHost.get(host);
    if (kept && kept.part === part && kept.start.character === start.character) {
      if (kept.start.line === start.line) return kept.lens;
      const moved = frozen(lens(movedRange(kept.lens.range, start.line - kept.start.line), kept.lens.command!.title));
      lensOfHost.set(host, { part, start, lens: moved });
      return moved;
    }
    const made = lens(toRange(doc.lineIndex, { start: host.span.start, end: host.nameSpan.end }), escapeIcons(hostSummary(doc, host.id)));
    if (part?.host === host) lensOfHost.set(host, { part, start, lens: frozen(made) });
    return made;
  });
});

/**
 * Each host's lens as placed where its block started, kept with the host while its part of the
 * analysis is the same: the part stands for everything the summary is worked out from
 * (analysis/hostAnalysis.ts), and the host for its block, which a re-parse keeps as it is. A
 * keystroke works out the summaries of the hosts it changed, and moves the lenses of the blocks
 * after a line it added or removed.
 */
const lensOfHost = new WeakMap<Host, { part: HostPart; start: Position; lens: CodeLens }>();

function lens(range: Range, title: string): CodeLens {
  return { range, command: { title, command: '' } };
}

function movedRange(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
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
