// `npm test`: every test stage in order, stopping at the first failure. A stage whose npm
// script is not defined is skipped, and said so.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const stages = [
  { script: 'typecheck', title: 'Type-check' },
  { script: 'build', title: 'Build the bundles' },
  { script: 'test:unit', title: 'Unit tests' },
  { script: 'test:protocol', title: 'Protocol tests (the server over LSP)' },
  { script: 'test:cli', title: 'Command-line tests (the built topo command)' },
  { script: 'test:editors', title: 'Other-editor tests (the installed topo command in headless Neovim)' },
  { script: 'test:robustness', title: 'Robustness tests (mutated and hostile input, server resilience)' },
  { script: 'test:webview', title: 'Webview tests (headless Chromium)' },
  { script: 'test:e2e', title: 'End-to-end tests (the packaged extension in VS Code)' },
];

const defined = JSON.parse(readFileSync('package.json', 'utf8')).scripts ?? {};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const results = [];

for (const [index, stage] of stages.entries()) {
  const heading = `[${index + 1}/${stages.length}] ${stage.title} — npm run ${stage.script}`;
  if (!(stage.script in defined)) {
    console.log(`\n=== ${heading}: skipped, no "${stage.script}" script in package.json`);
    results.push(`skipped  ${stage.script}`);
    continue;
  }
  console.log(`\n=== ${heading}\n`);
  const started = Date.now();
  const run = spawnSync(npm, ['run', stage.script], { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    console.error(`\n=== FAILED: ${stage.title} (npm run ${stage.script}, exit ${run.status ?? run.signal}, ${seconds} s)`);
    process.exit(run.status || 1);
  }
  results.push(`passed   ${stage.script} (${seconds} s)`);
}

console.log(`\n=== All stages done\n${results.map((line) => `  ${line}`).join('\n')}`);
