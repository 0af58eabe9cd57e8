// Which files make a design (docs/language.md, "Designs of several files"): a folder holding a
// `.topo.json` is a design, and every `.topo` file under it belongs to it, except those under a
// sub-folder with a `.topo.json` of its own, which is a design of its own. The CLI and the server
// list a design's files here, over the one folder walk; `topo import --design` and the editor's
// import ask here what writing a design into a folder would meet.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { skipHiddenAndDependencies, walkFolder } from './folderWalk';
import { describeFsError } from './textFile';

/** The file that makes its folder a design and holds the design's settings. */
export const DESIGN_FILE_NAME = '.topo.json';
const DESIGN_EXTENSION = '.topo';
/** Build output folders: what is there was copied from elsewhere. */
const SKIPPED = new Set(['dist', 'out']);
/** A design is written by people; a folder of more files is not walked further. */
export const MAX_DESIGN_FILES = 2000;

export interface DesignFolderFiles {
  /** The design's `.topo` files, sorted: the order their texts are joined in. */
  files: string[];
  /** More files than MAX_DESIGN_FILES: the rest are left out. */
  truncated: boolean;
  unreadable: { folder: string; reason: string }[];
}

/**
 * The `.topo` files of the design whose `.topo.json` is in `folder`, or is about to be written there
 * (`topo import --design` asks which files its design would read).
 */
export async function designFolderFiles(folder: string): Promise<DesignFolderFiles> {
  const root = path.resolve(folder);
  const walk = await walkFolder(root, {
    skip: (name) => name !== DESIGN_FILE_NAME && (skipHiddenAndDependencies(name) || SKIPPED.has(name)),
    select: (name) => name === DESIGN_FILE_NAME || name.endsWith(DESIGN_EXTENSION),
    maxFiles: MAX_DESIGN_FILES,
  });
  const designs = new Set(walk.files.filter((file) => path.basename(file) === DESIGN_FILE_NAME).map((file) => path.dirname(file)));
  designs.add(root);
  const files = walk.files.filter((file) => file.endsWith(DESIGN_EXTENSION) && designFolderOf(file, root, designs) === root);
  return { files: files.sort(), truncated: walk.truncated, unreadable: walk.unreadable };
}

/** The nearest folder at or above the file's, up to `root`, that holds a design file. */
function designFolderOf(file: string, root: string, designs: ReadonlySet<string>): string | undefined {
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    if (designs.has(folder)) return folder;
    if (folder === root || path.dirname(folder) === folder) return undefined;
  }
}

/**
 * What writing a design's files into a folder meets. Every `.topo` file under the folder is read
 * as part of the design, so a file written replaces the one of its name (`replaced`) and the
 * others stay in the design (`kept`); a `.topo.json` already there is kept, with its settings.
 * Paths are absolute.
 */
export type DesignFolderTarget =
  | { kind: 'absent' }
  | { kind: 'not-a-folder' }
  | { kind: 'unreadable'; folder: string; reason: string }
  | { kind: 'folder'; replaced: string[]; kept: string[]; hasSettings: boolean };

/** What writing the files `names` (within the folder) into `folder` would replace and keep. */
export async function designFolderTarget(folder: string, names: readonly string[]): Promise<DesignFolderTarget> {
  const root = path.resolve(folder);
  const stats = await stat(root).catch((error: NodeJS.ErrnoException) => error);
  if (stats instanceof Error) return stats.code === 'ENOENT' ? { kind: 'absent' } : { kind: 'unreadable', folder: root, reason: describeFsError(stats) };
  if (!stats.isDirectory()) return { kind: 'not-a-folder' };
  const listed = await designFolderFiles(root);
  if (listed.unreadable.length > 0) return { kind: 'unreadable', ...listed.unreadable[0]! };
  const writes = names.map((name) => path.join(root, name));
  const exists = (file: string) => stat(file).then(() => true, () => false);
  const existing = await Promise.all(writes.map(exists));
  const written = new Set(writes);
  return {
    kind: 'folder',
    replaced: writes.filter((_, index) => existing[index]),
    kept: listed.files.filter((file) => !written.has(file)),
    hasSettings: await exists(path.join(root, DESIGN_FILE_NAME)),
  };
}

/** The files that make `files` a design of their folder: an empty `.topo.json` first, unless the folder has one, then the files. */
export function designFolderWrites(files: ReadonlyArray<{ name: string; text: string }>, hasSettings: boolean): Array<{ name: string; text: string }> {
  return hasSettings ? [...files] : [{ name: DESIGN_FILE_NAME, text: '{}\n' }, ...files];
}
