// The extension-host suite under @vscode/test-electron, which downloads VS Code (so it needs
// internet). The extension is loaded from the project folder (run `npm run build` first) and the
// workspace is a throwaway copy of examples/, as in run.mjs.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleSuite, projectDir } from './suiteBundle.mjs';

const scratch = mkdtempSync(path.join(tmpdir(), 'topo-vscode-'));
const workspace = path.join(scratch, 'workspace');
cpSync(path.join(projectDir, 'examples'), workspace, { recursive: true });

let exitCode = 1;
try {
  exitCode = await runTests({
    version: process.env.VSCODE_TEST_VERSION ?? 'stable',
    cachePath: path.join(projectDir, '.e2e-cache', 'vscode-test'),
    extensionDevelopmentPath: projectDir,
    extensionTestsPath: await bundleSuite(),
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${path.join(scratch, 'user-data')}`,
      `--extensions-dir=${path.join(scratch, 'extensions')}`,
    ],
  });
} catch (error) {
  console.error(`vscode tests: ${error instanceof Error ? error.message : error}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
