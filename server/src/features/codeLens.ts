// Code lens above each host: how many paths it has, the bandwidth it can count on, and whether it
// survives any single failure ("2 paths · 20 Gb/s · survives any single failure", or
// "1 path · 10 Gb/s · core1 is a single point of failure").
import type { CodeLens, Range } from 'vscode-languageserver-types';
import { hostParts } from '../analysis';
import type { HostPart } from '../analysis/hostAnalysis';
import type { DocumentAnalysis } from '../service/languageService';
import { toRange } from '../service/lspConversion';
import { perVersion } from './perVersion';
import { componentName, formatBandwidth, plural, singlePointsOfFailure, weakestBandwidth } from './analysisFacts';
import { escapeIcons } from './markdown';

export const codeLenses = perVersion((doc): CodeLens[] => {
  const parts = hostParts(doc.analysis);
  return doc.modelResult.model.hosts.map((host) => {
    const range = toRange(doc.lineIndex, { start: host.span.start, end: host.nameSpan.end });
    const title = () => escapeIcons(hostSummary(doc, host.id));
    const part = parts.get(host.id);
    if (part?.host !== host) return lens(range, title());
    const kept = lensOfPart.get(part);
    if (kept && sameRange(kept.range, range)) return kept;
    const made = lens(range, kept ? kept.command!.title : title());
    lensOfPart.set(part, made);
    return made;
  });
});

/**
 * Each host's lens, kept with the host's part of the analysis, which stands for everything its
 * summary is worked out from (analysis/hostAnalysis.ts): a keystroke works out the summaries of
 * the hosts it changed, and places the others' again when they moved.
 */
const lensOfPart = new WeakMap<HostPart, CodeLens>();

function lens(range: Range, title: string): CodeLens {
  return { range, command: { title, command: '' } };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
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
