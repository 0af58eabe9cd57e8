// Checks the benchmark's editor client against the real editor: which follow-up requests VS Code
// 1.100 (code-server 4.100.3, set up by test/e2e/setup.sh) sends while someone types, and when,
// beside what bench/editorClient.ts sends for the same typing. Run by `npm run bench --
// --vscode-schedule`; a report, not a test (its counts depend on timing).
//
// The packaged extension is installed as a user installs it (an extension development host would
// switch VS Code's adaptive debounce off), with default settings, and a generated 1,000-host design
// opened from the Explorer. Once the status bar shows the file's findings and the editor has asked
// what opening a file asks, two rounds of typing (bench/editorClient.ts's typingRound: a NIC typed
// into the middle host, a key every 120 ms, then Delete Line), each followed by a pause of 2 s. The
// server records the time of every message it reads and writes: its bundle is wrapped in a tap that
// reads its stdin and its stdout's writes beside it. The bench client then opens the same design in
// the same (wrapped) server and types the same rounds.
import { mkdirSync, readFileSync, renameSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { editorScratch, freePort, installExtension, launchBrowser, removeScratch, runChecked, startEditor, stopEditor, workbenchUrl, writeSettings } from '../test/e2e/codeServer.mjs';
import { FIRST_DIAGNOSTIC_TIMEOUT_MS, inWorkbench, openFromExplorer } from '../test/e2e/page.mjs';
import { projectDir } from '../test/e2e/suiteBundle.mjs';

const HOSTS = 1000;
const DESIGN = `bench-${HOSTS}.topo`;
const KEYSTROKE_INTERVAL_MS = 120;
const PAUSE_MS = 2_000;
/** Rounds of typing: the second shows the delays the first answers set. */
const ROUNDS = 2;
/** What opening a file asks, awaited before typing so that the window counts only what typing asks. */
const OPENING_REQUESTS = ['textDocument/semanticTokens/full', 'textDocument/codeLens', 'textDocument/foldingRange', 'textDocument/documentSymbol'];

const { generateTopology } = await tsImport('./generate.ts', import.meta.url);
const { EditorClient, typingRound } = await tsImport('./editorClient.ts', import.meta.url);

/** The keys a user presses for typingRound's changes: Enter, the NIC typed (the editor closes `{`), Delete Line. */
const ROUND_KEYS = ['Enter', ...'nic eth9 {'.split(''), ...' mtu 9000 '.split(''), 'Control+Shift+K'].map((key) => (key === ' ' ? 'Space' : key));

/**
 * A server bundle that first starts reading its own stdin beside the server: each LSP message's
 * method (or `response`) and the time it was read, one JSON line each, into $TOPO_TRACE_FILE.
 */
function wrapServer(extensionDir) {
  const dist = path.join(extensionDir, 'dist');
  renameSync(path.join(dist, 'server.js'), path.join(dist, 'server-untapped.js'));
  const tap = `'use strict';
const { appendFileSync } = require('node:fs');
const file = process.env.TOPO_TRACE_FILE || ${JSON.stringify(path.join(extensionDir, 'trace.jsonl'))};
function reader(direction) {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    const at = Date.now();
    pending = Buffer.concat([pending, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
    let lines = '';
    for (;;) {
      const headerEnd = pending.indexOf('\\r\\n\\r\\n');
      if (headerEnd < 0) break;
      const length = Number(/Content-Length: *(\\d+)/i.exec(pending.subarray(0, headerEnd).toString())[1]);
      const end = headerEnd + 4 + length;
      if (pending.length < end) break;
      // Only the head of a message is read: its id and method come before its params or result.
      const head = pending.subarray(headerEnd + 4, Math.min(end, headerEnd + 4 + 200)).toString();
      const before = head.split(/"(?:params|result|error)"/)[0];
      const method = /"method":\\s*"([^"]+)"/.exec(before)?.[1] ?? 'response';
      const id = /"id":\\s*(\\d+)/.exec(before)?.[1];
      pending = pending.subarray(end);
      lines += JSON.stringify({ at, direction, method, id }) + '\\n';
    }
    if (lines) appendFileSync(file, lines);
  };
}
process.stdin.on('data', reader('in'));
const written = reader('out');
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  written(chunk);
  return write(chunk, ...rest);
};
require('./server-untapped.js');
`;
  writeFileSync(path.join(dist, 'server.js'), tap);
  writeFileSync(path.join(extensionDir, 'trace.jsonl'), '');
  return { bundle: path.join(dist, 'server.js'), trace: path.join(extensionDir, 'trace.jsonl') };
}

function readTrace(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

/** Resolves once the trace holds every one of `methods`, looked at each time the file changes. */
function traceHolds(file, methods) {
  return new Promise((resolve, reject) => {
    const missing = () => {
      const seen = new Set(readTrace(file).map((message) => message.method));
      return methods.filter((method) => !seen.has(method));
    };
    const watcher = watch(file, () => {
      if (missing().length > 0) return;
      watcher.close();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`the editor did not ask ${missing().join(', ')} after opening the file`));
    }, FIRST_DIAGNOSTIC_TIMEOUT_MS);
    if (missing().length === 0) {
      watcher.close();
      clearTimeout(timer);
      resolve();
    }
  });
}

/**
 * The messages the server read in each round, per method: from the round's first didChange to
 * PAUSE_MS after its last (the `rounds` × 22 didChanges split in order), each with its time after
 * the round's first change and, for a request, how long the server took to answer it.
 */
function roundsOf(trace, rounds) {
  const changes = trace.filter((message) => message.direction === 'in' && message.method === 'textDocument/didChange');
  const perRound = changes.length / rounds;
  const answeredAt = new Map(trace.filter((message) => message.direction === 'out' && message.method === 'response').map((message) => [message.id, message.at]));
  return Array.from({ length: rounds }, (_, round) => {
    const start = changes[round * perRound].at;
    const end = changes[(round + 1) * perRound - 1].at + PAUSE_MS;
    const byMethod = new Map();
    for (const message of trace) {
      if (message.direction !== 'in' || message.method === 'response' || message.at < start || message.at > end) continue;
      const answered = message.id === undefined ? undefined : answeredAt.get(message.id);
      const seen = byMethod.get(message.method) ?? [];
      seen.push({ at: message.at - start, tookMs: answered === undefined ? undefined : answered - message.at });
      byMethod.set(message.method, seen);
    }
    return { typedMs: end - PAUSE_MS - start, byMethod };
  });
}

async function typeInVsCode(page, text, trace) {
  const hosts = [...text.matchAll(/^host [^\n]*$/gm)];
  const hostLine = text.slice(0, hosts[hosts.length >> 1].index).split('\n').length;
  await openFromExplorer(page, DESIGN);
  await page.locator('.statusbar-item', { hasText: /Topo: \d+ (error|warning)/ }).first().waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT_MS });
  await traceHolds(trace, OPENING_REQUESTS);
  for (let round = 0; round < ROUNDS; round++) {
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(hostLine));
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    const start = Date.now();
    for (let i = 0; i < ROUND_KEYS.length; i++) {
      const wait = start + i * KEYSTROKE_INTERVAL_MS - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
      await page.keyboard.press(ROUND_KEYS[i]);
    }
    // The user's pause, the length of time being measured (not a wait for something to happen).
    await page.waitForTimeout(PAUSE_MS);
  }
}

async function typeInBenchClient(bundle, trace, root, text) {
  process.env.TOPO_TRACE_FILE = trace;
  const client = await EditorClient.start(bundle, { diagnostics: { debounceMs: 150 } }, root);
  try {
    const uri = new URL(`file://${path.join(root, DESIGN)}`).href;
    await client.open(uri, text);
    const round = typingRound(text);
    await client.type(uri, Array.from({ length: ROUNDS }, () => round), { intervalMs: KEYSTROKE_INTERVAL_MS, pauseMs: PAUSE_MS, drainMs: 30_000 });
  } finally {
    await client.stop();
  }
}

function report(vscodeRounds, benchRounds) {
  const cell = (seen) => (seen ?? []).map(({ at, tookMs }) => `${Math.round(at)}${tookMs === undefined ? '' : `(${Math.round(tookMs)})`}`).join(' ') || '–';
  console.log(`\nMessages the server read in each round (${ROUND_KEYS.length} changes ${KEYSTROKE_INTERVAL_MS} ms apart, then ${PAUSE_MS} ms), ${HOSTS} hosts;`);
  console.log('times in ms after the round\'s first change, (in brackets) how long the server took to answer:');
  for (let round = 0; round < ROUNDS; round++) {
    const vscode = vscodeRounds[round];
    const bench = benchRounds[round];
    console.log(`\nround ${round + 1} (typed in ${Math.round(vscode.typedMs)} ms in VS Code, ${Math.round(bench.typedMs)} ms by the bench client):`);
    const methods = [...new Set([...vscode.byMethod.keys(), ...bench.byMethod.keys()])].sort();
    for (const method of methods) {
      const counts = `${vscode.byMethod.get(method)?.length ?? 0} / ${bench.byMethod.get(method)?.length ?? 0}`;
      console.log(`  ${method}: VS Code / bench ${counts}`);
      if (method === 'textDocument/didChange') continue;
      console.log(`    VS Code: ${cell(vscode.byMethod.get(method))}`);
      console.log(`    bench:   ${cell(bench.byMethod.get(method))}`);
    }
  }
}

async function main() {
  runChecked('bash', [path.join(projectDir, 'test/e2e/setup.sh')]);
  const { scratch, dirs, env } = editorScratch();
  let server;
  let browser;
  try {
    runChecked('npm', ['run', '--silent', 'package'], { cwd: projectDir, env });
    const text = generateTopology({ hosts: HOSTS, seed: 42 }).text;
    writeFileSync(path.join(dirs.workspace, DESIGN), text);
    writeSettings(dirs);
    const { bundle, trace } = wrapServer(installExtension(dirs, env));
    const port = await freePort();
    const started = startEditor(dirs, env, port, path.join(scratch, 'server.log'));
    server = started.child;
    await started.listening;
    browser = await launchBrowser(dirs, env, 'schedule');
    const outputDir = path.join(projectDir, '.test-output', 'bench');
    mkdirSync(outputDir, { recursive: true });
    await inWorkbench({ context: browser, url: workbenchUrl(dirs, port), outputDir, log: console.log }, 'vscode-schedule-failure', (page) => typeInVsCode(page, text, trace));
    const vscode = roundsOf(readTrace(trace), ROUNDS);
    await browser.close();
    browser = undefined;
    await stopEditor(server);
    server = undefined;
    const benchTrace = path.join(scratch, 'bench-trace.jsonl');
    await typeInBenchClient(bundle, benchTrace, dirs.workspace, text);
    report(vscode, roundsOf(readTrace(benchTrace), ROUNDS));
  } finally {
    await browser?.close().catch(() => undefined);
    await stopEditor(server);
    removeScratch(scratch);
  }
}

await main();
