// End-to-end tests: the packaged extension installed into a real VS Code (the server build inside
// the code-server npm package, set up by setup.sh) and driven through headless Chromium.
//   1. extension-host suite: mocha inside the extension host (the @vscode/test-electron convention);
//   2. workbench UI test: Playwright clicks through the workbench like a user;
//   3. a rename across the files of a design folder (designRename.mjs), in a window of its own;
//   4. importing into a design folder that has files (importReplace.mjs), in an editor started again
//      without the smoke-test driver, which the suite needs and which refuses modal dialogs.
// The server runs in its own process group, killed at the end whatever happens.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { format } from 'node:util';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';
import { bundleSuite, projectDir } from './suiteBundle.mjs';
import { LARGE_DESIGN, STATE_FOLDER, runWorkbenchTest } from './workbench.mjs';
import { runDesignRenameTest } from './designRename.mjs';
import { runImportReplaceTest } from './importReplace.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';

const CODE_SERVER_VERSION = '4.100.3';
const EXTENSION_ID = 'storage-topology.storage-topology';
const SUITE_TIMEOUT_MS = 240_000;
const SERVER_START_TIMEOUT_MS = 60_000;
const codeServerDir = path.join(projectDir, '.e2e-cache', `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
const serverMain = path.join(codeServerDir, 'lib', 'vscode', 'out', 'server-main.js');
const codeServerCli = path.join(codeServerDir, 'out', 'node', 'entry.js');
const outputDir = path.join(projectDir, '.test-output', 'e2e');
const vsixPath = path.join(projectDir, 'storage-topology.vsix');

const scratch = mkdtempSync(path.join(tmpdir(), 'topo-e2e-'));
const dirs = {
  xdgConfig: path.join(scratch, 'xdg-config'),
  xdgData: path.join(scratch, 'xdg-data'),
  xdgCache: path.join(scratch, 'xdg-cache'),
  userData: path.join(scratch, 'user-data'),
  serverData: path.join(scratch, 'server-data'),
  extensions: path.join(scratch, 'extensions'),
  workspace: path.join(scratch, 'workspace'),
  browserProfiles: path.join(scratch, 'chromium'),
};
for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
rmSync(outputDir, { recursive: true, force: true });
mkdirSync(outputDir, { recursive: true });

const env = {
  ...process.env,
  XDG_CONFIG_HOME: dirs.xdgConfig,
  XDG_DATA_HOME: dirs.xdgData,
  XDG_CACHE_HOME: dirs.xdgCache,
  VSCODE_CLI_DISABLE_KEYCHAIN_ENCRYPT: '1',
  npm_config_cache: path.join(scratch, 'npm-cache'),
};

let server;
let browser;
let cleanedUp = false;

/** Stops the editor: the whole group, as the extension host and the file watcher outlive a SIGTERM to the server alone. */
async function stopServer() {
  const stopping = server;
  server = undefined;
  if (!stopping?.pid || stopping.exitCode !== null || stopping.signalCode !== null) return;
  const exited = new Promise((resolve) => stopping.once('exit', resolve));
  try {
    process.kill(-stopping.pid, 'SIGKILL');
  } catch {
    return; // The group is already gone.
  }
  await exited;
}

async function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  await stopServer();
  await browser?.close().catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\ne2e: ${signal}, stopping the editor`);
    void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

function step(message) {
  console.log(`\ne2e: ${message}`);
}

function runChecked(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function writeSettings() {
  const settings = JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'update.mode': 'none',
      'security.workspace.trust.enabled': false,
      'chat.disableAIFeatures': true,
    },
    null,
    2,
  );
  for (const dir of [path.join(dirs.userData, 'User'), path.join(dirs.serverData, 'data', 'User')]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'settings.json'), settings);
  }
}

function startServer(port, { smokeTestDriver }) {
  // Appended to: the editor is started twice.
  const log = createWriteStream(path.join(outputDir, 'server.log'), { flags: 'a' });
  const child = spawn(
    process.execPath,
    [
      serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      ...(smokeTestDriver ? ['--enable-smoke-test-driver'] : []),
      '--disable-telemetry',
      '--disable-workspace-trust',
      '--disable-update-check',
      '--user-data-dir', dirs.userData,
      '--server-data-dir', dirs.serverData,
      '--extensions-dir', dirs.extensions,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server = child;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the editor did not start within ${SERVER_START_TIMEOUT_MS} ms (see .test-output/e2e/server.log)`)), SERVER_START_TIMEOUT_MS);
    const onData = (chunk) => {
      log.write(chunk);
      if (/Extension host agent listening on/.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => log.write(chunk));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the editor exited early (${code ?? signal}); see .test-output/e2e/server.log`));
    });
  });
}

async function launchBrowser(profile) {
  return chromium.launchPersistentContext(path.join(dirs.browserProfiles, profile), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    // Signals are handled here, so that the editor's process group is stopped as well.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    env,
  });
}

function workbenchUrl(port, payload) {
  const url = new URL(`http://127.0.0.1:${port}/`);
  url.searchParams.set('folder', dirs.workspace);
  if (payload) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

async function runExtensionHostSuite(port, suiteEntry, extensionDir) {
  browser = await launchBrowser('extension-host-suite');
  const page = browser.pages()[0] ?? (await browser.newPage());
  let reportExit;
  const exitCode = new Promise((resolve) => (reportExit = resolve));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    (type === 'error' ? console.error : console.log)(line);
  });
  await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
  const remote = (file) => `vscode-remote://127.0.0.1:${port}${file}`;
  await page.goto(
    workbenchUrl(port, [
      ['extensionDevelopmentPath', remote(extensionDir)],
      ['extensionTestsPath', remote(suiteEntry)],
    ]),
  );
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the extension-host suite did not finish within ${SUITE_TIMEOUT_MS} ms`)), SUITE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([exitCode, timeout]);
  } finally {
    clearTimeout(timer);
    await page.screenshot({ path: path.join(outputDir, 'extension-host-suite.png') }).catch(() => undefined);
    await browser.close();
    browser = undefined;
  }
}

async function main() {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

  step('packaging the extension (npm run package)');
  runChecked('npm', ['run', '--silent', 'package'], { cwd: projectDir });

  step('bundling the extension-host suite');
  const suiteEntry = await bundleSuite();

  cpSync(path.join(projectDir, 'examples'), dirs.workspace, { recursive: true });
  // Outputs collected from a host and two switches, for the import command.
  cpSync(path.join(projectDir, 'test/fixtures/drift/drift-cable/state'), path.join(dirs.workspace, STATE_FOLDER), { recursive: true });
  // The benchmark's generator (TypeScript, loaded through tsx): a large design as users write them.
  const { generateTopology } = await tsImport('../../bench/generate.ts', import.meta.url);
  writeFileSync(path.join(dirs.workspace, LARGE_DESIGN), generateTopology({ hosts: 1000 }).text);
  writeSettings();

  step('installing storage-topology.vsix into a fresh extensions folder');
  runChecked(process.execPath, [
    codeServerCli,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--install-extension', vsixPath,
  ]);
  const installed = readdirSync(dirs.extensions).find((name) => name.startsWith(`${EXTENSION_ID}-`));
  if (!installed) throw new Error(`${EXTENSION_ID} is not in the extensions folder after --install-extension`);
  const extensionDir = path.join(dirs.extensions, installed);

  const port = await freePort();
  step(`starting the editor on 127.0.0.1:${port}`);
  await startServer(port, { smokeTestDriver: true });
  console.log(`e2e: editor up after ${elapsed()}`);

  const results = [];
  step('extension-host suite (mocha in the extension host, the installed extension under test)');
  const suiteExit = await runExtensionHostSuite(port, suiteEntry, extensionDir);
  results.push([`extension-host suite`, suiteExit === 0]);
  console.log(`e2e: extension-host suite exit code ${suiteExit} after ${elapsed()}`);

  /** Runs a Playwright test in a browser of its own against the editor on `editorPort`, recording whether it passed. */
  const inBrowser = async (name, profile, editorPort, test) => {
    browser = await launchBrowser(profile);
    let passed = false;
    try {
      await test({ context: browser, url: workbenchUrl(editorPort), workspaceDir: dirs.workspace, outputDir, log: (line) => console.log(`  ${line}`) });
      passed = true;
    } catch (error) {
      console.error(`  ${name} failed: ${error instanceof Error ? error.stack : error}`);
    }
    results.push([name, passed]);
    console.log(`e2e: ${name} ${passed ? 'passed' : 'failed'} after ${elapsed()}`);
    await browser.close();
    browser = undefined;
  };

  step('workbench UI test (Playwright)');
  await inBrowser('workbench UI test', 'workbench', port, runWorkbenchTest);

  step('rename across the files of a design folder (Playwright, a fresh window)');
  await inBrowser('design rename test', 'design-rename', port, runDesignRenameTest);

  step('import into a design folder that has files (Playwright, the editor started again without the smoke-test driver)');
  await stopServer();
  const plainPort = await freePort();
  await startServer(plainPort, { smokeTestDriver: false });
  await inBrowser('import replace test', 'import-replace', plainPort, (window) =>
    runImportReplaceTest(window, { outputs: STATE_FOLDER, entry: 'db01', written: ['arrays.topo', 'db01.topo', 'fabric.topo'] }),
  );

  console.log(`\ne2e: ${elapsed()}; screenshots and the editor's log in .test-output/e2e/`);
  for (const [name, passed] of results) console.log(`  ${passed ? 'passed' : 'FAILED'}  ${name}`);
  return results.every(([, passed]) => passed) ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`\ne2e: ${error instanceof Error ? error.message : error}`);
} finally {
  await cleanUp();
}
process.exit(exitCode);
