// Which files `topo lint` checks: files as given, every `*.topo` under a folder (not inside
// node_modules or dot-folders), and the `*.topo` files a glob matches. Each argument must name at
// least one file, so a typo in CI fails loudly instead of checking nothing. And the files the
// commands write (`-o`).
import { closeSync, constants, fstatSync, ftruncateSync, openSync, statSync, writeFileSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { walkFolder } from '../config/folderWalk';
import { describeFsError, readTextFileSync } from '../config/textFile';
import { UsageError } from './errors';

export { describeFsError } from '../config/textFile';

const EXTENSION = '.topo';

/**
 * Designs are text written by people: even 50,000 hosts stay under 20 MB. A larger file is almost
 * surely not a design (a disk image, a log), and reading it would take the machine's memory.
 */
export const MAX_DESIGN_BYTES = 32 * 1024 * 1024;

export async function resolveInputs(inputs: readonly string[], cwd: string): Promise<string[]> {
  const files = new Set<string>();
  for (const input of inputs) {
    for (const file of await resolveInput(input, cwd)) files.add(file);
  }
  return [...files].sort();
}

async function resolveInput(input: string, cwd: string): Promise<string[]> {
  const absolute = path.resolve(cwd, input);
  const stats = statOrUndefined(absolute);
  // Anything else that exists (a FIFO, a device) is passed on for readDesign to refuse by name.
  if (stats && !stats.isDirectory()) return [absolute];
  if (stats?.isDirectory()) {
    const found = await walk(absolute);
    if (found.length === 0) throw new UsageError(`no ${EXTENSION} files in folder '${input}'`);
    return found;
  }
  if (isGlob(input)) {
    const found = await matchGlob(input, cwd);
    if (found.length === 0) throw new UsageError(`no ${EXTENSION} files match '${input}'`);
    return found;
  }
  throw new UsageError(`no such file or folder: '${input}'`);
}

function isTopoFile(file: string): boolean {
  return file.endsWith(EXTENSION);
}

function isGlob(input: string): boolean {
  return /[*?[\]{}]/.test(input);
}

/** Walks only below the glob's literal leading folders, matching paths relative to `cwd`. */
async function matchGlob(pattern: string, cwd: string): Promise<string[]> {
  const posixPattern = pattern.split(path.sep).join('/');
  const segments = posixPattern.split('/');
  const literal: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (isGlob(segment)) break;
    literal.push(segment);
  }
  const base = path.resolve(cwd, literal.join('/') || '.');
  if (!statOrUndefined(base)?.isDirectory()) return [];
  const absolutePattern = path.isAbsolute(posixPattern);
  return (await walk(base)).filter((file) => {
    const candidate = absolutePattern ? file : path.relative(cwd, file);
    return minimatch(candidate.split(path.sep).join('/'), posixPattern, { dot: false });
  });
}

/** Every design below `dir` (links followed, see walkFolder); a folder that cannot be listed is a user error. */
async function walk(dir: string): Promise<string[]> {
  const { files, unreadable } = await walkFolder(dir, { select: isTopoFile });
  if (unreadable.length > 0) throw new UsageError(`cannot read folder '${unreadable[0]!.folder}': ${unreadable[0]!.reason}`);
  return files;
}

function statOrUndefined(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * A design file's text. What cannot be a design is a user error, reported before any work: a file
 * that cannot be read, that is not a regular file, that is larger than MAX_DESIGN_BYTES, that is
 * not UTF-8 text, or that holds nothing at all (unless `allowEmpty`: a file of a design folder
 * the user did not name may be empty).
 */
export function readDesign(file: string, shownName: string, options: { allowEmpty?: boolean } = {}): string {
  const { text, error } = readTextFileSync(file, { maxBytes: MAX_DESIGN_BYTES, noun: 'design' });
  if (error !== undefined) throw new UsageError(`'${shownName}' ${error}`);
  if (text.trim() === '' && !options.allowEmpty) throw new UsageError(`'${shownName}' is empty: there is no design to check`);
  return text;
}

/**
 * Writes what a command made to the file named by `-o`: a new file, or a regular file it replaces.
 * Anything else is refused by name before a byte is written: opening a FIFO for writing waits for
 * a reader forever, and a device or socket is not where a diagram or a design can be kept. The
 * file is opened without blocking and checked through its descriptor, so a FIFO put there
 * between the check and the open is refused too.
 */
export function writeOutput(file: string, shownName: string, data: string | Uint8Array, mode = 0o666): void {
  const existing = statOrUndefined(file);
  if (existing && !existing.isFile()) throw new UsageError(`cannot write '${shownName}': ${notRegular(existing)}; name a new file or a regular one`);
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_NONBLOCK, mode);
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UsageError(`cannot write '${shownName}': ${notRegular(stats)}; name a new file or a regular one`);
    ftruncateSync(fd, 0);
    writeFileSync(fd, data);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // ENXIO: a FIFO without a reader, opened without blocking.
    const reason = (error as NodeJS.ErrnoException).code === 'ENXIO' ? 'it is a FIFO, not a regular file' : describeFsError(error);
    throw new UsageError(`cannot write '${shownName}': ${reason}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function notRegular(stats: Stats): string {
  if (stats.isDirectory()) return 'it is a folder';
  if (stats.isFIFO()) return 'it is a FIFO, not a regular file';
  if (stats.isSocket()) return 'it is a socket, not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'it is a device, not a regular file';
  return 'it is not a regular file';
}
