// `storageTopology/importOutputs`: `topo import` of one folder, for the editor's command. The folder
// is read as a drift state is (drift/stateFiles.ts: without blocking, under the same limits), named
// from its parent, where the client writes the design; the design is checked to parse without a
// language error, as the CLI checks it.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readState } from '../drift/stateFiles';
import { importReadOutputs } from '../import';
import type { ImportResult } from '../import/protocol';
import { analyzeDocument } from '../service/languageService';

/** The import of the folder, or why there is none: a sentence for the user. */
export async function importFolder(folderUri: string): Promise<ImportResult | { error: string }> {
  if (!folderUri.startsWith('file:')) return { error: `only folders on this machine's disk can be imported, not ${folderUri}` };
  const folder = fileURLToPath(folderUri);
  const state = await readState(path.dirname(folder), [path.basename(folder)]);
  const fatal = state.problems.find((problem) => problem.severity === 'error');
  if (fatal) return { error: fatal.message.replace(/^state /, 'folder ').replace(/ of state /, ' of folder ') };
  const result = importReadOutputs(state.files);
  const languageError = analyzeDocument(result.design).problems.find((problem) => /^TOPO/.test(problem.code) && problem.severity === 'error');
  if (languageError) return { error: `the imported design has a language error (${languageError.code} ${languageError.message}); please report it with the collected files` };
  return {
    design: result.design,
    hosts: result.hosts,
    switches: result.switches,
    arrays: result.arrays,
    files: result.files.map((file) => ({ file: file.file, ...(file.format ? { format: file.format } : {}) })),
    unplaced: result.unplaced.map((entry) => ({ file: entry.source.file, line: entry.source.line, message: entry.message })),
    problems: state.problems.filter((problem) => problem.severity === 'warning').map((problem) => problem.message.replace(/^state /, 'folder ')),
  };
}
