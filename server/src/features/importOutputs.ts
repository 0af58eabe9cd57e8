// `storageTopology/importOutputs`: `topo import` of one folder, for the editor's command. The folder
// is read as a drift state is (drift/stateFiles.ts: without blocking, under the same limits), named
// from its parent, where the client writes the design; the design, one text or the files of a
// design folder, is checked to parse without a language error, as the CLI checks it.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readState } from '../drift/stateFiles';
import { importedLanguageError, importReadOutputFiles, importReadOutputs } from '../import';
import type { ImportLayout, ImportResult } from '../import/protocol';
import { DesignFiles } from '../service/designFiles';
import { analyzeDesign, analyzeDocument } from '../service/languageService';

/** The import of the folder in the layout asked for, or why there is none: a sentence for the user. */
export async function importFolder(folderUri: string, layout: ImportLayout): Promise<ImportResult | { error: string }> {
  if (!folderUri.startsWith('file:')) return { error: `only folders on this machine's disk can be imported, not ${folderUri}` };
  const folder = fileURLToPath(folderUri);
  const state = await readState(path.dirname(folder), [path.basename(folder)]);
  const fatal = state.problems.find((problem) => problem.severity === 'error');
  if (fatal) return { error: fatal.message.replace(/^state /, 'folder ').replace(/ of state /, ' of folder ') };
  const result = layout === 'file' ? importReadOutputs(state.files) : importReadOutputFiles(state.files);
  const error = importedLanguageError(('design' in result ? analyzeDocument(result.design) : analyzeDesign(new DesignFiles(result.designFiles))).problems);
  if (error !== undefined) return { error };
  const report = {
    hosts: result.hosts,
    switches: result.switches,
    arrays: result.arrays,
    files: result.files.map((file) => ({ file: file.file, ...(file.format ? { format: file.format } : {}) })),
    unplaced: result.unplaced.map((entry) => ({ file: entry.source.file, line: entry.source.line, message: entry.message })),
    problems: state.problems.filter((problem) => problem.severity === 'warning').map((problem) => problem.message.replace(/^state /, 'folder ')),
  };
  return 'design' in result ? { layout: 'file', design: result.design, ...report } : { layout: 'folder', designFiles: result.designFiles, ...report };
}
