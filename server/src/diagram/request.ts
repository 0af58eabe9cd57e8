// The server side of `storageTopology/diagram`: turns the language service's analysis of one
// document version into the diagram model. server.ts only wires it to the connection.
import type { NetworkAnalysis } from '../analysis/types';
import type { Model } from '../model/schema';
import type { Problem } from '../problem';
import { buildDiagram } from './build';
import type { DiagramParams, DiagramResult } from './protocol';
import type { ObservedState } from './schema';

/** What the request needs from the language service's analysis of a document. */
export interface DiagramSource {
  /** Document version the analysis was computed for. */
  version: number;
  model: Model;
  analysis: NetworkAnalysis;
  /** Every problem of the document: syntax, model and rules (and drift, with a state). */
  problems: Problem[];
  /** The observed state of designed paths, when the folder names a state (features/drift.ts). */
  observedPaths?: ReadonlyMap<string, ObservedState>;
}

/** Answers the request; `null` when the document is unknown (not open). */
export function handleDiagramRequest(params: DiagramParams, source: DiagramSource | undefined): DiagramResult | null {
  if (source === undefined) return null;
  const model = buildDiagram(source.model, source.analysis, source.problems, {
    groupHosts: params.groupHosts ?? true,
    expandedGroups: params.expandedGroups,
    ...(source.observedPaths ? { observedPaths: source.observedPaths } : {}),
  });
  return { version: source.version, model };
}
