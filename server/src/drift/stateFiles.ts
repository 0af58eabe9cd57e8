// Reading the observed state a design is compared with — the files and folders of collected
// command outputs a `.topo.json` names — for the language server, without blocking it: every file
// is opened without blocking and refused unless it is a regular file, one file is read at a time,
// and a folder holding more than any collection does is cut off with a message instead of being
// read into memory. The outputs are read and joined as `topo import` reads and joins them.
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { joinObservations, type CollectedFile, type ObservedNetwork } from '../import/join';
import { MAX_OUTPUT_BYTES, oversizedOutput, readOutput } from '../import/read';
import { walkFolder } from '../config/folderWalk';
import { describeFsError } from '../config/textFile';
import type { Severity } from '../problem';

/** A collection has a few dozen outputs per machine; more files than this are not a collection. */
export const MAX_STATE_FILES = 20_000;
/** Command outputs are small: more bytes than this in one state are not read. */
export const MAX_STATE_BYTES = 128 * 1024 * 1024;
/** Files not recognised are named up to this many per entry; the rest are counted. */
const LISTED_UNREAD = 10;

export interface StateProblem {
  /** The index of the state entry (as written in the settings) the problem is about. */
  entry: number;
  severity: Severity;
  message: string;
}

export interface ObservedState {
  observed: ObservedNetwork;
  /** The files read, each shown relative to the settings file's folder. */
  files: CollectedFile[];
  problems: StateProblem[];
}

export interface StateLimits {
  maxFiles: number;
  maxBytes: number;
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/**
 * Reads every command output under `entries` (paths relative to `baseDir`, or absolute), as
 * `topo import` would: dot-files and node_modules skipped, symbolic links followed (walkFolder).
 * Never throws: a missing path, a FIFO, an unreadable or unrecognised file is a problem on its entry.
 */
export async function readState(baseDir: string, entries: readonly string[], limits: StateLimits = { maxFiles: MAX_STATE_FILES, maxBytes: MAX_STATE_BYTES }): Promise<ObservedState> {
  const problems: StateProblem[] = [];
  const files: CollectedFile[] = [];
  const seen = new Set<string>();
  let bytesRead = 0;
  let cutOff = false;
  const shown = (file: string) => (path.relative(baseDir, file) || path.basename(file)).split(path.sep).join('/');

  for (const [index, entry] of entries.entries()) {
    const absolute = path.resolve(baseDir, entry);
    const found: string[] = [];
    let stats;
    try {
      stats = await stat(absolute);
    } catch (error) {
      problems.push({ entry: index, severity: 'error', message: `state '${entry}' cannot be read: ${describeFsError(error) === 'no such file' ? 'no such file or folder' : describeFsError(error)}` });
      continue;
    }
    if (stats.isDirectory()) {
      const listed = await listFolder(absolute, limits.maxFiles - files.length);
      if (listed.error) problems.push({ entry: index, severity: 'error', message: `state '${entry}' cannot be read: ${listed.error}` });
      if (listed.truncated) {
        problems.push({ entry: index, severity: 'warning', message: `state '${entry}' holds more than ${limits.maxFiles} files; the rest are not read` });
      }
      if (listed.files.length === 0 && !listed.error) problems.push({ entry: index, severity: 'warning', message: `state folder '${entry}' has no files` });
      found.push(...listed.files);
    } else if (stats.isFile()) found.push(absolute);
    else {
      problems.push({ entry: index, severity: 'error', message: `state '${entry}' is not a regular file or folder` });
      continue;
    }

    const unread: string[] = [];
    let recognised = 0;
    for (const file of found) {
      if (seen.has(file)) continue;
      seen.add(file);
      if (cutOff) break;
      const name = shown(file);
      const bytes = await readOutputFile(file);
      if (typeof bytes === 'string') {
        unread.push(`${name}: ${bytes}`);
        continue;
      }
      if (bytes instanceof Uint8Array && bytesRead + bytes.length > limits.maxBytes) {
        cutOff = true;
        problems.push({ entry: index, severity: 'warning', message: `state '${entry}' holds more than ${Math.round(limits.maxBytes / 1048576)} MB of outputs; ${name} and the files after it are not read` });
        break;
      }
      const read = bytes instanceof Uint8Array ? readOutput(bytes) : oversizedOutput(bytes.oversized);
      if (bytes instanceof Uint8Array) bytesRead += bytes.length;
      files.push({ file: name, folder: path.posix.dirname(name), read });
      if (read.format) recognised++;
      else unread.push(`${name}: ${read.errors[0]?.message ?? 'not read'}`);
    }
    if (found.length > 0 && recognised === 0 && !cutOff) {
      problems.push({ entry: index, severity: 'error', message: `none of the ${found.length} file(s) of state '${entry}' is a command output the import reads; 'topo collect' prints a script that gathers them` });
    } else if (unread.length > 0) {
      const listed = unread.slice(0, LISTED_UNREAD).join('; ');
      const more = unread.length > LISTED_UNREAD ? `; ${unread.length - LISTED_UNREAD} more` : '';
      problems.push({ entry: index, severity: 'info', message: `${unread.length} file(s) of state '${entry}' not read: ${listed}${more}` });
    }
  }
  return { observed: joinObservations(files), files, problems };
}

/** The file's bytes, or its size alone when it is larger than any output, or why it cannot be read. */
async function readOutputFile(file: string): Promise<Uint8Array | { oversized: number } | string> {
  let handle;
  try {
    handle = await open(file, OPEN_FLAGS);
    const stats = await handle.stat();
    if (!stats.isFile()) return 'not a regular file; not read';
    if (stats.size > MAX_OUTPUT_BYTES) return { oversized: stats.size };
    return await handle.readFile();
  } catch (error) {
    return `cannot be read: ${describeFsError(error)}`;
  } finally {
    await handle?.close();
  }
}

/** Every file under `folder` (regular or not: each is read or named as not read), at most `max` of them. */
async function listFolder(folder: string, max: number): Promise<{ files: string[]; truncated: boolean; error?: string }> {
  const { files, truncated, unreadable } = await walkFolder(folder, { maxFiles: max });
  const first = unreadable[0];
  return { files, truncated, ...(first ? { error: `${path.relative(folder, first.folder) || 'the folder'}: ${first.reason}` } : {}) };
}
