// The installed package's own files (package.json, docs/rules/): found by walking up from the
// running bundle to the package.json named `storage-topology`, so they resolve the same from
// dist/cli.js, from bin/topo.js and from a global install.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'storage-topology';

export interface PackageInfo {
  root: string;
  version: string;
}

export function findPackage(start: string): PackageInfo | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const json = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (json.name === PACKAGE_NAME) return { root: dir, version: json.version ?? '0.0.0' };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function ruleDocFile(packageRoot: string, ruleId: string): string {
  return path.join(packageRoot, 'docs', 'rules', `${ruleId}.md`);
}
