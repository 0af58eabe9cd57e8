// A throwaway VS Code (the server build inside the code-server npm package, set up by setup.sh)
// for the end-to-end tests and the benchmark's schedule check: its folders and environment in a
// temporary folder, the packaged extension installed as a user installs it, the server in a process
// group of its own (killed whole, since the extension host and file watcher outlive a SIGTERM), and
// headless Chromium to drive the workbench.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { projectDir } from './suiteBundle.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';

const CODE_SERVER_VERSION = '4.100.3';
const EXTENSION_ID = 'storage-topology.storage-topology';
const SERVER_START_TIMEOUT_MS = 60_000;
const codeServerDir = path.join(projectDir, '.e2e-cache', `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
const serverMain = path.join(codeServerDir, 'lib', 'vscode', 'out', 'server-main.js');
const codeServerCli = path.join(codeServerDir, 'out', 'node', 'entry.js');
export const vsixPath = path.join(projectDir, 'storage-topology.vsix');

/** The editor's folders in a fresh temporary folder, and the environment that keeps it (and Chromium) there. */
export function editorScratch() {
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
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    VSCODE_CLI_DISABLE_KEYCHAIN_ENCRYPT: '1',
    npm_config_cache: path.join(scratch, 'npm-cache'),
  };
  return { scratch, dirs, env };
}

export function runChecked(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The user settings of a quiet, offline editor, with `extra` on top. */
export function writeSettings(dirs, extra = {}) {
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
      ...extra,
    },
    null,
    2,
  );
  for (const dir of [path.join(dirs.userData, 'User'), path.join(dirs.serverData, 'data', 'User')]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'settings.json'), settings);
  }
}

/** Installs the packaged extension (`npm run package` first) as a user does; the folder it was installed to. */
export function installExtension(dirs, env) {
  runChecked(process.execPath, [codeServerCli, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsixPath], { env });
  const installed = readdirSync(dirs.extensions).find((name) => name.startsWith(`${EXTENSION_ID}-`));
  if (!installed) throw new Error(`${EXTENSION_ID} is not in the extensions folder after --install-extension`);
  return path.join(dirs.extensions, installed);
}

/**
 * Starts the editor's server on `port`, its output appended to `logFile`: `child` at once, and
 * `listening` once it listens. The smoke-test driver (which an extension-host suite needs, and which
 * refuses modal dialogs) is on unless `smokeTestDriver` is false.
 */
export function startEditor(dirs, env, port, logFile, { smokeTestDriver = true } = {}) {
  const log = createWriteStream(logFile, { flags: 'a' });
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
  return {
    child,
    listening: new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the editor did not start within ${SERVER_START_TIMEOUT_MS} ms (see ${logFile})`)), SERVER_START_TIMEOUT_MS);
      const onData = (chunk) => {
        log.write(chunk);
        if (/Extension host agent listening on/.test(chunk.toString())) {
          clearTimeout(timer);
          resolve(child);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (chunk) => log.write(chunk));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the editor exited early (${code ?? signal}); see ${logFile}`));
      });
    }),
  };
}

/** Stops the editor: the whole group, as the extension host and the file watcher outlive a SIGTERM to the server alone. */
export async function stopEditor(child) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    return; // The group is already gone.
  }
  await exited;
}

export function launchBrowser(dirs, env, profile) {
  return chromium.launchPersistentContext(path.join(dirs.browserProfiles, profile), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    // Signals are handled by the caller, so that the editor's process group is stopped as well.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    env,
  });
}

export function workbenchUrl(dirs, port, payload) {
  const url = new URL(`http://127.0.0.1:${port}/`);
  url.searchParams.set('folder', dirs.workspace);
  if (payload) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

export function removeScratch(scratch) {
  rmSync(scratch, { recursive: true, force: true });
}
