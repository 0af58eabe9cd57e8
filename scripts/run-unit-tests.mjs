// Runs the unit tests: every test/unit/**/*.test.ts, or those under the folders or files given
// as arguments (`npm run test:unit -- test/unit/syntax`).
import { spawnSync } from 'node:child_process';
import { collectFiles } from './collect-files.mjs';

const roots = process.argv.length > 2 ? process.argv.slice(2) : ['test/unit'];
const files = collectFiles(roots, '.test.ts');
if (files.length === 0) {
  console.error(`No *.test.ts files under ${roots.join(', ')}.`);
  process.exit(1);
}
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=300000', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
