// The request behind "Import from Collected Outputs…": the client names a folder of collected
// command outputs and the layout of the design, the server reads the folder without blocking (as
// for drift) and answers with the design `topo import` writes — one text, or the files of a design
// folder as `topo import --design` writes them — and its report. The client writes the design
// beside the folder and opens it.
import { RequestType } from 'vscode-languageserver-protocol';
import * as z from 'zod/mini';

/** `file`: one design text; `folder`: one file per host, a fabric file and an arrays file. */
export const ImportLayoutSchema = z.enum(['file', 'folder']);

export const ImportParamsSchema = z.object({
  /** The folder of collected outputs (a folder per machine, or files named however). */
  folderUri: z.string(),
  /** `file` when absent. */
  layout: z.optional(ImportLayoutSchema),
});

const report = {
  hosts: z.int(),
  switches: z.int(),
  arrays: z.int(),
  /** Each file and the format it was read as (none: not a command output the import reads). */
  files: z.array(z.object({ file: z.string(), format: z.optional(z.string()) })),
  /** What could not be read or placed in the design, where it was read. */
  unplaced: z.array(z.object({ file: z.string(), line: z.int(), message: z.string() })),
  /** Problems with the folder itself (unreadable parts, limits reached). */
  problems: z.array(z.string()),
};

/** A name within the design's folder: a `.topo` file, no path. */
const DesignFileNameSchema = z.string().check(z.regex(/^[^/\\]+\.topo$/));

export const ImportResultSchema = z.discriminatedUnion('layout', [
  z.object({
    layout: z.literal('file'),
    /** The design's text; every line names the output it was read from, relative to the folder's parent. */
    design: z.string(),
    ...report,
  }),
  z.object({
    layout: z.literal('folder'),
    /** The design's files, sorted by name; the folder's `.topo.json` is not among them (designFolderWrites). */
    designFiles: z.array(z.object({ name: DesignFileNameSchema, text: z.string() })),
    ...report,
  }),
]);

export type ImportLayout = z.infer<typeof ImportLayoutSchema>;
export type ImportParams = z.infer<typeof ImportParamsSchema>;
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const IMPORT_METHOD = 'storageTopology/importOutputs';

/** `storageTopology/importOutputs`: a ResponseError (InvalidParams) says why nothing could be imported. */
export const ImportRequest = new RequestType<ImportParams, ImportResult, void>(IMPORT_METHOD);
