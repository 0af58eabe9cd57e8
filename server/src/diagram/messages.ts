// Messages between the preview's webview and the extension, both ways, as zod schemas. Each side
// validates what it receives and ignores what does not parse: a webview is a separate security
// context and its messages are input like any other.
import * as z from 'zod/mini';
import { DiagramSpanSchema } from './schema';

const ExportFormatSchema = z.enum(['svg', 'png']);
const ExportStyleSchema = z.enum(['theme', 'light']);

/**
 * The preview now follows this document (the active editor changed, or the preview opened): until
 * the document's first drawing arrives, the webview shows progress instead of another file's drawing.
 */
export const ShowMessageSchema = z.object({
  type: z.literal('show'),
  uri: z.string().check(z.maxLength(10_000)),
  name: z.string().check(z.maxLength(1000)),
});

/**
 * A new diagram of the document `uri` at `version`. Versions count per document, so the newest
 * version wins only among diagrams of the same document. `model` is validated separately so that
 * an invalid one gets a clear message. `resultId` names it for the patches that follow.
 */
export const DiagramMessageSchema = z.object({
  type: z.literal('diagram'),
  uri: z.string().check(z.maxLength(10_000)),
  version: z.int(),
  resultId: z.string().check(z.maxLength(100)),
  model: z.unknown(),
  /** For a file of a design of several files: its part of the design's text, whose elements are drawn as usual and the others faded. */
  emphasis: z.optional(DiagramSpanSchema),
});

/**
 * What changed in the diagram of `uri` since the one named `base` (patch.ts): applied to that
 * one, it gives the diagram `resultId` at `version`. A webview that does not hold `base` asks for
 * the whole diagram (`resync`). `patch` is validated separately, as `model` is.
 */
export const PatchMessageSchema = z.object({
  type: z.literal('patch'),
  uri: z.string().check(z.maxLength(10_000)),
  version: z.int(),
  resultId: z.string().check(z.maxLength(100)),
  base: z.string().check(z.maxLength(100)),
  patch: z.unknown(),
  emphasis: z.optional(DiagramSpanSchema),
});

/** The cursor moved in the text: highlight the element there; nothing is posted back. */
export const SelectMessageSchema = z.object({ type: z.literal('select'), span: DiagramSpanSchema });

/** The diagram could not be produced (server not ready, request failed). */
export const StatusMessageSchema = z.object({ type: z.literal('status'), message: z.string() });

/**
 * Asks for the drawing of `model` as a file's content (`svg` text, or a `png` data URL). The model
 * comes with the request, fetched for the document's latest version, so an export never depends
 * on what the preview happens to show at that moment.
 */
export const ExportRequestSchema = z.object({
  type: z.literal('export'),
  id: z.int(),
  format: ExportFormatSchema,
  style: ExportStyleSchema,
  model: z.unknown(),
});

/**
 * The analysis' answer to the webview's `simulateFailures` request `id`, for the document `uri`
 * at `version`: `result` (validated separately, as `model` is) or why there is none.
 */
export const FailuresMessageSchema = z.object({
  type: z.literal('failures'),
  id: z.int(),
  uri: z.string().check(z.maxLength(10_000)),
  version: z.optional(z.int()),
  result: z.optional(z.unknown()),
  error: z.optional(z.string()),
});

/** One host ↔ volume pair that loses paths or bandwidth, in the figures of the report's N-1 table. */
export const SimulatedPairSchema = z.object({
  host: z.string(),
  volume: z.string(),
  pathsBefore: z.int().check(z.nonnegative()),
  pathsAfter: z.int().check(z.nonnegative()),
  mbpsBefore: z.number().check(z.nonnegative()),
  mbpsAfter: z.number().check(z.nonnegative()),
  known: z.boolean(),
  cutOff: z.boolean(),
  deadPaths: z.array(z.string()),
  survivingPaths: z.array(z.string()),
});

/** What the analysis says of a set of failed components (`storageTopology/simulateFailures`). */
export const FailureSimulationSchema = z.object({
  version: z.int(),
  failed: z.array(z.string()),
  unknown: z.array(z.string()),
  pairs: z.array(SimulatedPairSchema),
});

export const ToWebviewSchema = z.discriminatedUnion('type', [
  ShowMessageSchema,
  DiagramMessageSchema,
  PatchMessageSchema,
  SelectMessageSchema,
  StatusMessageSchema,
  ExportRequestSchema,
  FailuresMessageSchema,
]);

/** The webview is loaded and listening. */
export const ReadySchema = z.object({ type: z.literal('ready') });
/** The user clicked an element: select its source. */
export const RevealSchema = z.object({ type: z.literal('reveal'), span: DiagramSpanSchema });
/** The user expanded a group of hosts (double click): draw its hosts one by one. */
export const ExpandGroupSchema = z.object({ type: z.literal('expandGroup'), id: z.string().check(z.maxLength(1000)) });
/** A patch did not fit the diagram the webview holds: send the whole diagram. */
export const ResyncSchema = z.object({ type: z.literal('resync') });
/** The answer to an export request; `data` absent when nothing is drawn. */
export const ExportedSchema = z.object({
  type: z.literal('exported'),
  id: z.int(),
  format: ExportFormatSchema,
  data: z.optional(z.string()),
  error: z.optional(z.string()),
});

/** The failable diagram elements a failure simulation is asked for, here and in `storageTopology/simulateFailures`. */
export const FailedIdsSchema = z.array(z.string().check(z.maxLength(1000))).check(z.maxLength(100_000));

/**
 * The user failed or restored a component: ask the analysis of the document `uri` at `version`
 * (the one drawn) what `failed` together cost. The answer names the same `id`.
 */
export const SimulateFailuresSchema = z.object({
  type: z.literal('simulateFailures'),
  id: z.int(),
  uri: z.string().check(z.maxLength(10_000)),
  version: z.int(),
  failed: FailedIdsSchema,
});

export const FromWebviewSchema = z.discriminatedUnion('type', [
  ReadySchema,
  RevealSchema,
  ExpandGroupSchema,
  ResyncSchema,
  ExportedSchema,
  SimulateFailuresSchema,
]);

/**
 * What the webview asks VS Code to keep across a window reload (`setState`): the document it
 * follows, read back by the extension's WebviewPanelSerializer.
 */
export const PreviewStateSchema = z.object({ uri: z.string().check(z.maxLength(10_000)) });

export type ToWebview = z.infer<typeof ToWebviewSchema>;
export type FromWebview = z.infer<typeof FromWebviewSchema>;
export type FailureSimulationResult = z.infer<typeof FailureSimulationSchema>;
export type ExportFormat = z.infer<typeof ExportFormatSchema>;
export type ExportStyle = z.infer<typeof ExportStyleSchema>;
