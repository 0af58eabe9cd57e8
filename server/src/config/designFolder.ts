// Which files make a design (docs/language.md, "Designs of several files"): a folder holding a
// `.topo.json` is a design, and every `.topo` file under it belongs to it, except those under a
// sub-folder with a `.topo.json` of its own, which is a design of its own. The CLI and the server
// list a design's files here, over the one folder walk.
import * as path from 'node:path';
import { skipHiddenAndDependencies, walkFolder } from './folderWalk';

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
