// End-to-end tests: the packaged extension installed into a real VS Code (the server build inside
// the code-server npm package, set up by setup.sh) and driven through headless Chromium.
//   1. extension-host suite: mocha inside the extension host (the @vscode/test-electron convention);
//   2. workbench UI test: Playwright clicks through the workbench like a user;
//   3. a rename across the files of a design folder (designRename.mjs), in a window of its own;
//   4. importing into a design folder that has files (importReplace.mjs), in an editor started again
//      without the smoke-test driver, which the suite needs and which refuses modal dialogs.
// The server runs in its own process group, killed at the end whatever happens.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { bundleSuite, projectDir } from './suiteBundle.mjs';
import { LARGE_DESIGN, LARGE_DESIGN_OUTLINE_LIMIT, OUTLINE_MAX_SYMBOLS_SETTING, STATE_FOLDER, runWorkbenchTest } from './workbench.mjs';
import { runDesignRenameTest } from './designRename.mjs';
import { runImportReplaceTest } from './importReplace.mjs';
import { editorScratch, freePort, installExtension, launchBrowser as launchBrowserIn, removeScratch, runChecked, startEditor, stopEditor, workbenchUrl as workbenchUrlOf, writeSettings } from './codeServer.mjs';

const SUITE_TIMEOUT_MS = 240_000;
const outputDir = path.join(projectDir, '.test-output', 'e2e');

const { scratch, dirs, env } = editorScratch();
rmSync(outputDir, { recursive: true, force: true });
mkdirSync(outputDir, { recursive: true });

let server;
let browser;
let cleanedUp = false;

async function stopServer() {
  const stopping = server;
  server = undefined;
  await stopEditor(stopping);
}

async function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  await stopServer();
  await browser?.close().catch(() => undefined);
  removeScratch(scratch);
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

async function startServer(port, { smokeTestDriver }) {
  // Appended to: the editor is started twice.
  const started = startEditor(dirs, env, port, path.join(outputDir, 'server.log'), { smokeTestDriver });
  server = started.child;
  await started.listening;
}

const launchBrowser = (profile) => launchBrowserIn(dirs, env, profile);
const workbenchUrl = (port, payload) => workbenchUrlOf(dirs, port, payload);

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
  runChecked('npm', ['run', '--silent', 'package'], { cwd: projectDir, env });

  step('bundling the extension-host suite');
  const suiteEntry = await bundleSuite();

  cpSync(path.join(projectDir, 'examples'), dirs.workspace, { recursive: true });
  // Outputs collected from a host and two switches, for the import command.
  cpSync(path.join(projectDir, 'test/fixtures/drift/drift-cable/state'), path.join(dirs.workspace, STATE_FOLDER), { recursive: true });
  // The benchmark's generator (TypeScript, loaded through tsx): a large design as users write them.
  const { generateTopology } = await tsImport('../../bench/generate.ts', import.meta.url);
  writeFileSync(path.join(dirs.workspace, LARGE_DESIGN), generateTopology({ hosts: 1000 }).text);
  // The large design's outline (about 3,400 symbols) is over this limit, every other file's within it.
  writeSettings(dirs, { [OUTLINE_MAX_SYMBOLS_SETTING]: LARGE_DESIGN_OUTLINE_LIMIT });

  step('installing storage-topology.vsix into a fresh extensions folder');
  const extensionDir = installExtension(dirs, env);

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
