// `topo import <files|folders...>`: reads collected command outputs (a folder per machine, or
// files named however), writes the design they describe and reports what could not be placed.
// The reading, joining and writing are server/src/import; this is the file I/O around them.
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { walkFolder } from '../config/folderWalk';
import { importOutputs, type CollectedBytes } from '../import';
import { MAX_OUTPUT_BYTES } from '../import/read';
import { where } from '../import/write';
import { analyzeDocument } from '../service/languageService';
import { EXIT_OK, UsageError } from './errors';
import { describeFsError, writeOutput } from './files';

export interface ImportOptions {
  inputs: readonly string[];
  output?: string;
  format: 'text' | 'json';
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export async function runImport(options: ImportOptions): Promise<number> {
  if (options.inputs.length === 0) throw new UsageError('import expects the files or folders of collected outputs: topo import DIR... [-o design.topo]');
  const collected = await collect(options.inputs, options.cwd);
  const result = importOutputs(collected);
  const recognised = result.files.filter((file) => file.format).length;
  if (recognised === 0) {
    throw new UsageError(`none of the ${collected.length} file(s) is a command output the import reads; 'topo collect' prints a script that gathers them`);
  }
  const check = analyzeDocument(result.design);
  const languageErrors = check.problems.filter((problem) => /^TOPO/.test(problem.code) && problem.severity === 'error');
  if (languageErrors.length > 0) throw new Error(`the imported design has a language error (${languageErrors[0].code} ${languageErrors[0].message}); please report it with the collected files`);
  if (options.output !== undefined) {
    writeOutput(path.resolve(options.cwd, options.output), options.output, result.design);
  }
  if (options.format === 'json') {
    options.stdout(
      `${JSON.stringify({
        ...(options.output === undefined ? { design: result.design } : { output: options.output }),
        hosts: result.hosts,
        switches: result.switches,
        arrays: result.arrays,
        files: result.files,
        unplaced: result.unplaced.map((entry) => ({ file: entry.source.file, line: entry.source.line, message: entry.message })),
      })}\n`,
    );
    return EXIT_OK;
  }
  if (options.output === undefined) options.stdout(result.design);
  const unread = result.files.length - recognised;
  options.stderr(
    `topo import: ${recognised} output(s) read${unread > 0 ? `, ${unread} not recognised` : ''}: ` +
      `${result.hosts} host(s), ${result.switches} switch(es), ${result.arrays} array(s)${options.output ? ` written to ${options.output}` : ''}\n`,
  );
  if (result.unplaced.length > 0) {
    options.stderr(`Not placed in the design (${result.unplaced.length}):\n`);
    for (const entry of result.unplaced) options.stderr(`  ${where(entry.source)}: ${entry.message}\n`);
  }
  return EXIT_OK;
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
