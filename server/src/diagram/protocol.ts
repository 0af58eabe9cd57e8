// The custom request the preview uses to get the diagram model of an open document. The client
// sends it with the document version it shows; the server answers for the version it analysed,
// and the client drops answers older than what it already drew.
import { RequestType } from 'vscode-languageserver-protocol';
import * as z from 'zod/mini';
import { DiagramModelSchema } from './schema';

export const DiagramParamsSchema = z.object({
  uri: z.string(),
  version: z.int(),
  /** Group ids the user expanded. */
  expandedGroups: z.array(z.string()),
  /** Collapse hosts with identical connectivity into groups (default true). */
  groupHosts: z.optional(z.boolean()),
});

export const DiagramResultSchema = z.object({
  /** The version of the document the model was built from. */
  version: z.int(),
  model: DiagramModelSchema,
});

export type DiagramParams = z.infer<typeof DiagramParamsSchema>;
export type DiagramResult = z.infer<typeof DiagramResultSchema>;

export const DIAGRAM_METHOD = 'storageTopology/diagram';

/** `storageTopology/diagram`: `null` when the document is not open on the server. */
export const DiagramRequest = new RequestType<DiagramParams, DiagramResult | null, void>(DIAGRAM_METHOD);
