// The custom request the preview uses to get the diagram model of an open document. The client
// sends it with the document version it shows; the server answers for the version it analysed,
// and the client drops answers older than what it already drew. A client that names the answer
// it holds (`previousResultId`) gets only what changed since (`patch`), or the whole model when
// the server no longer has that answer.
import { RequestType } from 'vscode-languageserver-protocol';
import * as z from 'zod/mini';
import { FailedIdsSchema, FailureSimulationSchema, type FailureSimulationResult } from './messages';
import { DiagramPatchSchema } from './patch';
import { DiagramModelSchema, type DiagramSpan } from './schema';

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

/**
 * A file of a design written over several files (docs/language.md): the diagram's spans are
 * offsets into the design's text, the files one after another, and this file's text is its
 * `length` characters from `start`.
 */
export const DiagramFileSchema = z.object({
  uri: z.string(),
  start: z.int().check(z.nonnegative()),
  length: z.int().check(z.nonnegative()),
});

/** The design's files (a document alone is a design of one file), sent with every answer. */
const DiagramFilesSchema = z.optional(z.array(DiagramFileSchema));

/** The whole diagram model. */
export const DiagramModelResultSchema = z.object({
  /** The version of the document the model was built from. */
  version: z.int(),
  resultId: z.string(),
  model: DiagramModelSchema,
  files: DiagramFilesSchema,
});

/** What changed since the answer `base` (the client's `previousResultId`). */
export const DiagramPatchResultSchema = z.object({
  version: z.int(),
  resultId: z.string(),
  base: z.string(),
  patch: DiagramPatchSchema,
  files: DiagramFilesSchema,
});

export const DiagramResultSchema = z.union([DiagramModelResultSchema, DiagramPatchResultSchema]);

export type DiagramParams = z.infer<typeof DiagramParamsSchema>;
export type DiagramFile = z.infer<typeof DiagramFileSchema>;
export type DiagramModelResult = z.infer<typeof DiagramModelResultSchema>;
export type DiagramResult = z.infer<typeof DiagramResultSchema>;

export const DIAGRAM_METHOD = 'storageTopology/diagram';

/** Where a span of the design's text is written: the file it begins in, and its offsets within that file (cut at the file's end). */
export function spanInFile(files: readonly DiagramFile[], span: DiagramSpan): { uri: string; start: number; end: number } | undefined {
  let file: DiagramFile | undefined;
  for (const each of files) if (each.start <= span.start) file = each;
  if (file === undefined) return undefined;
  const end = Math.min(span.end, file.start + file.length);
  return { uri: file.uri, start: Math.min(span.start - file.start, file.length), end: Math.max(end - file.start, 0) };
}

/** The span of the design's text that the file `uri` is: the elements written in it lie inside. */
export function fileSpanOf(files: readonly DiagramFile[], uri: string): DiagramSpan | undefined {
  const file = files.find((each) => each.uri === uri);
  return file && { start: file.start, end: file.start + file.length };
}

/**
 * Notification, to clients that ask (`diagramNotifications`): the diagram of `uri` changed without
 * an edit of it (its folder's observed state was read again, or dropped, or a file of its design
 * changed on disk); a preview showing it asks for it again.
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
