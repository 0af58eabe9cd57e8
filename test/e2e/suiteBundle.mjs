// Bundles the extension-host suite (with mocha) into one CommonJS file the editor can load.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const projectDir = fileURLToPath(new URL('../..', import.meta.url));
export const suiteEntry = path.join(projectDir, '.e2e-cache', 'suite', 'index.js');

export async function bundleSuite() {
  await build({
    entryPoints: [path.join(projectDir, 'test', 'e2e', 'suite', 'index.ts')],
    outfile: suiteEntry,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
    // Mocha's parallel mode resolves worker files at run time; the suite runs serially.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  return suiteEntry;
}
