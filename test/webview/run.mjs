// Runs the webview tests: installs Chromium when missing, builds the bundles when the webview's is
// missing or older than its sources, then runs the node:test files in this folder.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
process.chdir(root);

execFileSync('sh', ['test/webview/ensure-chromium.sh'], { stdio: 'inherit' });

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs);
  }
  return newest;
}

const bundle = 'dist/webview.js';
const sources = Math.max(newestSource('client/webview'), newestSource('server/src/diagram'));
if (!existsSync(bundle) || statSync(bundle).mtimeMs < sources) {
  execFileSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
}

const tests = readdirSync('test/webview').filter((f) => f.endsWith('.test.ts')).map((f) => path.join('test/webview', f));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=300000', '--test-reporter=spec', ...tests], { stdio: 'inherit' });
process.exit(result.status ?? 1);
