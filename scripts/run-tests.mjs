// `npm test`: every test stage in order, stopping at the first failure. A stage whose npm
// script is not defined is skipped, and said so. A stage that runs longer than STAGE_BOUND_MS
// (ten times the slowest stage's usual time) is stopped with all its processes and fails, so a
// hang shows as a named failure, not as a suite that never ends.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const STAGE_BOUND_MS = 20 * 60_000;

/** The stage running now, whose process group an interrupt of this script stops too. */
let running;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (running) process.kill(-running.pid, 'SIGKILL');
    process.exit(1);
  });
}

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
  const run = await runBounded(npm, ['run', stage.script]);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.timedOut) {
    console.error(`\n=== FAILED: ${stage.title} (npm run ${stage.script}) still ran after ${STAGE_BOUND_MS / 60_000} minutes and was stopped`);
    process.exit(1);
  }
  if (run.status !== 0) {
    console.error(`\n=== FAILED: ${stage.title} (npm run ${stage.script}, exit ${run.status ?? run.signal}, ${seconds} s)`);
    process.exit(run.status || 1);
  }
  results.push(`passed   ${stage.script} (${seconds} s)`);
}

console.log(`\n=== All stages done\n${results.map((line) => `  ${line}`).join('\n')}`);

/**
 * Runs a command in a process group of its own, which is killed whole if it outlives the bound,
 * or when this script is interrupted (the group no longer gets the terminal's signals itself).
 */
function runBounded(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', detached: true });
    running = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, 'SIGKILL');
    }, STAGE_BOUND_MS);
    child.on('exit', (status, signal) => {
      running = undefined;
      clearTimeout(timer);
      resolve({ status, signal, timedOut });
    });
  });
}
