import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file under the given roots (files or folders) whose name ends with `suffix`, sorted, so
 * test runs are reproducible. Node 20's test runner has no glob support of its own.
 */
export function collectFiles(roots, suffix) {
  const found = [];
  const visit = (path) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path)) {
        if (name !== 'node_modules') visit(join(path, name));
      }
    } else if (path.endsWith(suffix)) {
      found.push(path);
    }
  };
  for (const root of roots) {
    if (existsSync(root)) visit(root);
  }
  return [...new Set(found)].sort();
}
