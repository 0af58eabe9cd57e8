// Finds the `.topo` files of a workspace folder for workspace symbols. The one place the service
// touches the file system; it skips dependency, build and hidden folders, follows symbolic links as
// the CLI does (walkFolder), and stops at a bound so a huge folder cannot stall the server.
import { fileURLToPath } from 'node:url';
import { skipHiddenAndDependencies, walkFolder } from '../config/folderWalk';

const SKIPPED = new Set(['dist', 'out']);
export const MAX_WORKSPACE_FILES = 2000;

export async function findTopoFiles(folder: URL, limit = MAX_WORKSPACE_FILES): Promise<string[]> {
  const { files } = await walkFolder(fileURLToPath(folder), {
    skip: (name) => skipHiddenAndDependencies(name) || SKIPPED.has(name),
    select: (name) => name.endsWith('.topo'),
    maxFiles: limit,
  });
  return files.sort();
}
