// Finds the `.topo` files of a workspace folder for workspace symbols. The one place the service
// touches the file system; it skips dependency and hidden folders and stops at a bound so a huge
// folder cannot stall the server.
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIPPED = new Set(['node_modules', 'dist', 'out']);
export const MAX_WORKSPACE_FILES = 2000;

export async function findTopoFiles(folder: URL, limit = MAX_WORKSPACE_FILES): Promise<string[]> {
  const found: string[] = [];
  const pending = [fileURLToPath(folder)];
  while (pending.length > 0 && found.length < limit) {
    const directory = pending.shift() as string;
    const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) pending.push(full);
      else if (entry.isFile() && entry.name.endsWith('.topo') && found.length < limit) found.push(full);
    }
  }
  return found.sort();
}
