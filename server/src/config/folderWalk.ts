// The files under a folder the user named (`topo lint`, `topo report`, `topo import`) or the
// workspace holds (workspace symbols, the state a `.topo.json` names): one walk for all of them, so
// a symbolic link means the same everywhere. A link is followed to what it names — a link to a
// design is that design, a link to a folder is walked like the folder — and each real folder is
// walked once, so a ring of links ends; a link to a folder that holds the walked one (`..`, `/`)
// is not followed: it would walk that folder again and everything beside it. A link to nothing, a ring of links
// to files, a FIFO or a device is listed as a file: its reader opens it without blocking and
// names why it cannot be read, instead of it being skipped unsaid.
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { describeFsError } from './textFile';

export interface FolderWalkOptions {
  /** Entries not walked, by name; by default dot-files and `node_modules`. */
  skip?: (name: string) => boolean;
  /** Which files are listed, by name; by default every one. */
  select?: (name: string) => boolean;
  /** At most this many files are listed. */
  maxFiles?: number;
}

export interface FolderWalk {
  /** Everything selected under the folder that is not a folder, depth first, each folder's entries by name. */
  files: string[];
  /** More files than `maxFiles`: the rest are not listed. */
  truncated: boolean;
  /** Folders that could not be listed, and why. */
  unreadable: { folder: string; reason: string }[];
}

export const skipHiddenAndDependencies = (name: string) => name.startsWith('.') || name === 'node_modules';

export async function walkFolder(folder: string, options: FolderWalkOptions = {}): Promise<FolderWalk> {
  const skip = options.skip ?? skipHiddenAndDependencies;
  const select = options.select ?? (() => true);
  const maxFiles = options.maxFiles ?? Number.POSITIVE_INFINITY;
  const result: FolderWalk = { files: [], truncated: false, unreadable: [] };
  const walked = new Set<string>();
  let root: string | undefined;

  /** False once the list is full. */
  const visit = async (dir: string): Promise<boolean> => {
    let entries: Dirent[];
    try {
      const real = await realpath(dir);
      root ??= real;
      if (walked.has(real) || holds(real, root)) return true;
      walked.add(real);
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      result.unreadable.push({ folder: dir, reason: describeFsError(error) });
      return true;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (skip(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() || (entry.isSymbolicLink() && (await isFolder(full)))) {
        if (!(await visit(full))) return false;
      } else if (!select(entry.name)) {
        continue;
      } else if (result.files.length >= maxFiles) {
        result.truncated = true;
        return false;
      } else result.files.push(full);
    }
    return true;
  };
  await visit(folder);
  return result;
}

/** Whether `folder` holds `inner` below it. */
function holds(folder: string, inner: string): boolean {
  return inner !== folder && inner.startsWith(folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`);
}

async function isFolder(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isDirectory();
  } catch {
    return false;
  }
}
