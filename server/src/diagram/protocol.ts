// The custom request the preview uses to get the diagram model of an open document. The client
// sends it with the document version it shows; the server answers for the version it analysed,
// and the client drops answers older than what it already drew. A client that names the answer
// it holds (`previousResultId`) gets only what changed since (`patch`), or the whole model when
// the server no longer has that answer.
import { RequestType } from 'vscode-languageserver-protocol';
import * as z from 'zod/mini';
import { FailedIdsSchema, FailureSimulationSchema, type FailureSimulationResult } from './messages';
import { DiagramPatchSchema } from './patch';
import { DiagramModelSchema } from './schema';

export const DiagramParamsSchema = z.object({
  uri: z.string(),
  version: z.int(),
  /** Group ids the user expanded. */
  expandedGroups: z.array(z.string()),
  /** Collapse hosts with identical connectivity into groups (default true). */
  groupHosts: z.optional(z.boolean()),
  /** The `resultId` of the answer the client holds, to be answered with a patch to it. */
  previousResultId: z.optional(z.string()),
});

/** The whole diagram model. */
export const DiagramModelResultSchema = z.object({
  /** The version of the document the model was built from. */
  version: z.int(),
  resultId: z.string(),
  model: DiagramModelSchema,
});

/** What changed since the answer `base` (the client's `previousResultId`). */
export const DiagramPatchResultSchema = z.object({
  version: z.int(),
  resultId: z.string(),
  base: z.string(),
  patch: DiagramPatchSchema,
});

export const DiagramResultSchema = z.union([DiagramModelResultSchema, DiagramPatchResultSchema]);

export type DiagramParams = z.infer<typeof DiagramParamsSchema>;
export type DiagramModelResult = z.infer<typeof DiagramModelResultSchema>;
export type DiagramResult = z.infer<typeof DiagramResultSchema>;

export const DIAGRAM_METHOD = 'storageTopology/diagram';

/**
 * Notification, to clients that ask (`diagramNotifications`): the diagram of `uri` changed without
 * an edit of it (its folder's observed state was read again, or dropped); a preview showing it
 * asks for it again.
 */
export const DIAGRAM_CHANGED_METHOD = 'storageTopology/diagramChanged';

export interface DiagramChangedParams {
  uri: string;
}

/** `storageTopology/diagram`: `null` when the document is not open on the server. */
export const DiagramRequest = new RequestType<DiagramParams, DiagramResult | null, void>(DIAGRAM_METHOD);

/**
 * `storageTopology/simulateFailures`: what the failure of every component in `failed` together
 * costs each host ↔ volume pair, worked out by the analysis of the document at `version` (the one
 * the preview draws). Ids are the diagram's failable elements. A document changed since answers
 * ContentModified: the preview asks again for the version it draws next.
 */
export const SimulateFailuresParamsSchema = z.object({
  uri: z.string(),
  version: z.int(),
  failed: FailedIdsSchema,
});

export { FailureSimulationSchema };
export type SimulateFailuresParams = z.infer<typeof SimulateFailuresParamsSchema>;
export const SIMULATE_FAILURES_METHOD = 'storageTopology/simulateFailures';

/** `null` when the document is not open on the server. */
export const SimulateFailuresRequest = new RequestType<SimulateFailuresParams, FailureSimulationResult | null, void>(SIMULATE_FAILURES_METHOD);
