// `topo import <files|folders...>`: reads collected command outputs (a folder per machine, or
// files named however), writes the design they describe and reports what could not be placed.
// The reading, joining and writing are server/src/import; this is the file I/O around them.
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { designFolderTarget, designFolderWrites } from '../config/designFolder';
import { walkFolder } from '../config/folderWalk';
import { importedLanguageError, importOutputFiles, importOutputs, type CollectedBytes } from '../import';
import { MAX_OUTPUT_BYTES } from '../import/read';
import { where } from '../import/write';
import type { Problem } from '../problem';
import { DesignFiles } from '../service/designFiles';
import { analyzeDesign, analyzeDocument } from '../service/languageService';
import { EXIT_OK, UsageError } from './errors';
import { describeFsError, writeOutput } from './files';

export interface ImportOptions {
  inputs: readonly string[];
  /** One file to write the design to. */
  output?: string;
  /** A folder to write the design to as one file per host, a fabric file and an arrays file. */
  design?: string;
  /** Whether --design may replace files that exist. */
  force: boolean;
  format: 'text' | 'json';
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export async function runImport(options: ImportOptions): Promise<number> {
  if (options.inputs.length === 0) throw new UsageError('import expects the files or folders of collected outputs: topo import DIR... [-o design.topo | --design FOLDER]');
  if (options.output !== undefined && options.design !== undefined) throw new UsageError('import writes one design: -o FILE or --design FOLDER, not both');
  if (options.force && options.design === undefined) throw new UsageError('--force lets --design FOLDER replace its files (-o FILE always replaces the file it names)');
  const collected = await collect(options.inputs, options.cwd);
  const result = options.design === undefined ? importOutputs(collected) : importOutputFiles(collected);
  const recognised = result.files.filter((file) => file.format).length;
  if (recognised === 0) {
    throw new UsageError(`none of the ${collected.length} file(s) is a command output the import reads; 'topo collect' prints a script that gathers them`);
  }
  let written: string[] = [];
  if ('design' in result) {
    checkLanguage(analyzeDocument(result.design).problems);
    if (options.output !== undefined) writeOutput(path.resolve(options.cwd, options.output), options.output, result.design);
  } else {
    checkLanguage(analyzeDesign(new DesignFiles(result.designFiles)).problems);
    const folder = options.design!;
    const { kept, hasSettings } = await prepareDesignFolder(path.resolve(options.cwd, folder), folder, result.designFiles.map((file) => file.name), options.force);
    written = writeDesignFolder(path.resolve(options.cwd, folder), folder, result.designFiles, hasSettings);
    for (const file of kept) options.stderr(`topo: warning: '${file}' was left as it was and is read as part of the design\n`);
  }
  const output = options.output ?? options.design;
  if (options.format === 'json') {
    options.stdout(
      `${JSON.stringify({
        ...('design' in result ? (options.output === undefined ? { design: result.design } : { output: options.output }) : { output: options.design, written }),
        hosts: result.hosts,
        switches: result.switches,
        arrays: result.arrays,
        files: result.files,
        unplaced: result.unplaced.map((entry) => ({ file: entry.source.file, line: entry.source.line, message: entry.message })),
      })}\n`,
    );
    return EXIT_OK;
  }
  if ('design' in result && options.output === undefined) options.stdout(result.design);
  const unread = result.files.length - recognised;
  options.stderr(
    `topo import: ${recognised} output(s) read${unread > 0 ? `, ${unread} not recognised` : ''}: ` +
      `${result.hosts} host(s), ${result.switches} switch(es), ${result.arrays} array(s)` +
      `${output === undefined ? '' : ` written to ${output}${written.length > 0 ? ` (${written.length} files)` : ''}`}\n`,
  );
  if (result.unplaced.length > 0) {
    options.stderr(`Not placed in the design (${result.unplaced.length}):\n`);
    for (const entry of result.unplaced) options.stderr(`  ${where(entry.source)}: ${entry.message}\n`);
  }
  return EXIT_OK;
}

function checkLanguage(problems: readonly Problem[]): void {
  const error = importedLanguageError(problems);
  if (error !== undefined) throw new Error(error);
}

/**
 * Checks the folder a design of several files is written to (designFolderTarget), and creates it.
 * A file the import writes that exists, or another `.topo` file there (read as part of the design),
 * stops the import unless `force`: then the files the import writes are replaced and the others are
 * kept (and named on stderr). Answers whether the folder has a `.topo.json` already.
 */
async function prepareDesignFolder(folder: string, shownFolder: string, names: readonly string[], force: boolean): Promise<{ kept: string[]; hasSettings: boolean }> {
  const shown = (file: string) => path.join(shownFolder, path.relative(folder, file)).split(path.sep).join('/');
  const target = await designFolderTarget(folder, names);
  switch (target.kind) {
    case 'absent':
      try {
        mkdirSync(folder, { recursive: true });
      } catch (error) {
        throw new UsageError(`cannot create folder '${shownFolder}': ${describeFsError(error)}`);
      }
      return { kept: [], hasSettings: false };
    case 'not-a-folder':
      throw new UsageError(`cannot write to '${shownFolder}': it is not a folder; --design names the folder of the design's files`);
    case 'unreadable':
      throw new UsageError(`cannot read folder '${shown(target.folder)}': ${target.reason}`);
  }
  const { replaced, kept } = target;
  if (!force && replaced.length > 0) {
    const others = replaced.length - 1;
    throw new UsageError(`cannot write '${shown(replaced[0]!)}': it exists${others > 0 ? `, as do ${others} other file(s) the import writes` : ''}; --force replaces them`);
  }
  if (!force && kept.length > 0) {
    throw new UsageError(`'${shown(kept[0]!)}' would be read as part of the imported design; move it out of '${shownFolder}', or --force keeps it in the design`);
  }
  return { kept: kept.map(shown), hasSettings: target.hasSettings };
}

/** Writes the design's files (designFolderWrites); returns what was written, as shown. */
function writeDesignFolder(folder: string, shownFolder: string, files: ReadonlyArray<{ name: string; text: string }>, hasSettings: boolean): string[] {
  const shown = (name: string) => `${shownFolder.replace(/[\\/]+$/, '')}/${name}`;
  return designFolderWrites(files, hasSettings).map((file) => {
    writeOutput(path.join(folder, file.name), shown(file.name), file.text);
    return shown(file.name);
  });
}

/** Every file under the inputs (dot-files and node_modules skipped), each with its machine folder; what is not a regular file is refused by name. */
export async function collect(inputs: readonly string[], cwd: string): Promise<CollectedBytes[]> {
  const shown = (file: string) => (path.relative(cwd, file) || path.basename(file)).split(path.sep).join('/');
  const files: CollectedBytes[] = [];
  const seen = new Set<string>();
  // `typed`: the input as given, to name it in messages as the user wrote it (`/dev/zero`).
  const add = (file: string, typed?: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const name = shown(file);
    files.push({ file: name, folder: path.dirname(name), ...readOutputFile(file, typed ?? name) });
  };
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    const stats = statOrThrow(absolute, input);
    if (stats.isDirectory()) {
      const found = await walk(absolute, input);
      if (found.length === 0) throw new UsageError(`no files in folder '${input}'`);
      for (const file of found) add(file);
    } else add(absolute, input);
  }
  return files;
}

/**
 * A collected output's bytes, or its size alone when it is too large to be one. Opened without
 * blocking and checked through the descriptor before any read, as designs are: a FIFO or a device
 * (`/dev/zero`) is refused by name instead of hanging or filling the memory.
 */
function readOutputFile(file: string, name: string): { size: number; bytes?: Uint8Array } {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new UsageError(`'${name}' is a folder`);
    if (!stats.isFile()) throw new UsageError(`'${name}' is not a regular file`);
    // An oversized file is not read at all: its size alone is reported.
    return stats.size > MAX_OUTPUT_BYTES ? { size: stats.size } : { size: stats.size, bytes: readFileSync(fd) };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read '${name}': ${describeFsError(error)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function statOrThrow(file: string, input: string) {
  try {
    return statSync(file);
  } catch (error) {
    throw new UsageError(`cannot read '${input}': ${describeFsError(error)}`);
  }
}

/** Every file under a folder of outputs (links followed, see walkFolder); a folder that cannot be listed is a user error. */
async function walk(dir: string, input: string): Promise<string[]> {
  const { files, unreadable } = await walkFolder(dir);
  if (unreadable.length > 0) {
    const folder = path.join(input, path.relative(dir, unreadable[0]!.folder));
    throw new UsageError(`cannot read folder '${folder}': ${unreadable[0]!.reason}`);
  }
  return files;
}
