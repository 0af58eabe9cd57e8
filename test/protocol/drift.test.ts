// Drift in the editor, over LSP: a workspace folder's `.topo.json` names the observed state, the
// design gets the drift findings as diagnostics, they follow the state's files as they change
// (workspace/didChangeWatchedFiles), and a bad state is a located message on the `.topo.json`
// while the design is still checked.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { LspClient } from './lspClient';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'test/fixtures/drift/drift-cable');
const WATCHING = { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } };

let client: LspClient | undefined;
let folder: string | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** A workspace folder holding the drift-cable fixture's design and state, and the given `.topo.json`. */
function workspace(settings: string | undefined): { design: string; designUri: string; settingsUri: string } {
  folder = mkdtempSync(path.join(tmpdir(), 'topo-drift-'));
  cpSync(path.join(fixture, 'state'), path.join(folder, 'state'), { recursive: true });
  cpSync(path.join(fixture, 'design.topo'), path.join(folder, 'site.topo'));
  if (settings !== undefined) writeFileSync(path.join(folder, '.topo.json'), settings);
  return {
    design: readFileSync(path.join(folder, 'site.topo'), 'utf8'),
    designUri: pathToFileURL(path.join(folder, 'site.topo')).href,
    settingsUri: pathToFileURL(path.join(folder, '.topo.json')).href,
  };
}

const hasCode = (code: string) => (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.code === code);

test('the state named in .topo.json gives drift diagnostics on the design line, with the rule page', async () => {
  const { design, designUri } = workspace('{ "state": "state/" }');
  client = await LspClient.start(undefined, {}, { workspaceFolders: [folder!], workspace: WATCHING });
  await client.open(designUri, design);
  const diagnostics = await client.diagnosticsUntil(designUri, hasCode('drift-cable'));
  const cable = diagnostics.find((d) => d.code === 'drift-cable')!;
  assert.equal(cable.range.start.line, 36, 'on the line of `link db01.ens1f0 -- sw-a:1`');
  assert.equal(cable.message, 'db01.ens1f0 is cabled to sw-a:5 (state/db01/lldpctl-keyvalue.txt:1), the design says sw-a:1');
  assert.match(cable.codeDescription!.href, /\/docs\/rules\/drift-cable\.md$/);
  // The design's own checks are still there beside it.
  assert.ok(diagnostics.every((d) => d.source === 'topo'));
  // The server asked to be told when the state's files change, relative to the folder.
  const watchers = client.registrations
    .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
    .flatMap((r) => (r.registerOptions as { watchers: Array<{ globPattern: unknown }> }).watchers.map((w) => w.globPattern));
  assert.deepEqual(
    watchers.filter((pattern) => typeof pattern === 'object'),
    [
      { baseUri: pathToFileURL(folder!).href, pattern: 'state' },
      { baseUri: pathToFileURL(folder!).href, pattern: 'state/**' },
    ],
  );
});

test('a design folder is compared as a whole: a finding lands on the file it lies in, open or not', async () => {
  const { design } = workspace('{ "state": "state/" }');
  // The design over two files: the host with its cables and sessions, and the rest.
  const statements = design.split(/\n(?=\S)/);
  const ofHost = (statement: string) => /^(host|link|session) db01\b/.test(statement);
  rmSync(path.join(folder!, 'site.topo'));
  const hostText = statements.filter(ofHost).join('\n') + '\n';
  writeFileSync(path.join(folder!, 'db01.topo'), hostText);
  writeFileSync(path.join(folder!, 'fabric.topo'), statements.filter((statement) => !ofHost(statement)).join('\n') + '\n');
  const hostUri = pathToFileURL(path.join(folder!, 'db01.topo')).href;
  const fabricUri = pathToFileURL(path.join(folder!, 'fabric.topo')).href;
  client = await LspClient.start(undefined, {}, { workspaceFolders: [folder!], workspace: WATCHING });
  const onHost = client.diagnosticsUntil(hostUri, hasCode('drift-cable'));
  await client.open(fabricUri, readFileSync(path.join(folder!, 'fabric.topo'), 'utf8'));
  const cable = (await onHost).find((d) => d.code === 'drift-cable')!;
  assert.equal(hostText.split('\n')[cable.range.start.line], 'link db01.ens1f0 -- sw-a:1', 'on the link’s line of the host’s file, which is not open');
  const fabric = await client.diagnosticsUntil(fabricUri, () => true);
  assert.deepEqual(fabric.filter((d) => String(d.code).startsWith('drift-')), []);
});

test('a changed state file is read again: the drift goes when the cable is where the design says', async () => {
  const { design, designUri } = workspace('{ "state": ["state"] }');
  client = await LspClient.start(undefined, {}, { workspaceFolders: [folder!], workspace: WATCHING });
  await client.open(designUri, design);
  await client.diagnosticsUntil(designUri, hasCode('drift-cable'));

  const lldp = path.join(folder!, 'state/db01/lldpctl-keyvalue.txt');
  const neighbors = path.join(folder!, 'state/sw-a/show-lldp-neighbors.txt');
  writeFileSync(lldp, readFileSync(lldp, 'utf8').replace(/ens1f0\.port\.(ifname|descr)=5/g, 'ens1f0.port.$1=1'));
  writeFileSync(neighbors, readFileSync(neighbors, 'utf8').replace(/^db01 {17}5 /m, 'db01                 1 '));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [pathToFileURL(lldp).href, pathToFileURL(neighbors).href].map((uri) => ({ uri, type: 2 })),
  });
  const after = await client.diagnosticsUntil(designUri, (diagnostics) => !hasCode('drift-cable')(diagnostics));
  assert.deepEqual(after.filter((d) => String(d.code).startsWith('drift-')), []);
});

test('a missing state folder and a FIFO in the state are located messages on .topo.json; the design is still checked', async () => {
  const settings = '{\n  "state": ["state/", "elsewhere/"]\n}\n';
  const { design, designUri, settingsUri } = workspace(settings);
  execFileSync('mkfifo', [path.join(folder!, 'state/db01/pipe')]);
  client = await LspClient.start(undefined, {}, { workspaceFolders: [folder!], workspace: WATCHING });
  const first = await client.open(designUri, design);
  assert.ok(first.every((d) => !String(d.code).startsWith('config')));
  const onSettings = await client.diagnosticsUntil(settingsUri, (diagnostics) => diagnostics.length >= 2);
  const missing = onSettings.find((d) => /elsewhere/.test(String(d.message)))!;
  assert.equal(missing.code, 'config-state');
  assert.equal(missing.severity, 1);
  assert.equal(missing.message, "state 'elsewhere/' cannot be read: no such file or folder");
  assert.deepEqual(missing.range, { start: { line: 1, character: 22 }, end: { line: 1, character: 34 } });
  const fifo = onSettings.find((d) => /pipe/.test(String(d.message)))!;
  assert.equal(fifo.severity, 3, 'an unread file beside outputs is information');
  assert.match(String(fifo.message), /^1 file\(s\) of state 'state\/' not read: state\/db01\/pipe: not a regular file; not read$/);
  assert.deepEqual(fifo.range.start, { line: 1, character: 12 });
  // What could be read is compared all the same.
  await client.diagnosticsUntil(designUri, hasCode('drift-cable'));
});

test('a state setting of the wrong type is an error at its value, and no drift is checked', async () => {
  const { design, designUri, settingsUri } = workspace('{ "state": 42 }');
  client = await LspClient.start(undefined, {}, { workspaceFolders: [folder!] });
  const diagnostics = await client.open(designUri, design);
  assert.ok(!hasCode('drift-cable')(diagnostics));
  const [problem] = await client.diagnosticsUntil(settingsUri, (list) => list.length > 0);
  assert.equal(problem.code, 'config-invalid-value');
  assert.match(String(problem.message), /'state' must name the files or folders of collected command outputs .*not 42/);
  assert.deepEqual(problem.range.start, { line: 0, character: 11 });
});

test('a state of files that are no command output says so on .topo.json', async () => {
  const { design, designUri, settingsUri } = workspace('{ "state": "site.topo" }');
  client = await LspClient.start(undefined, {}, { workspaceFolders: [folder!] });
  await client.open(designUri, design);
  const [problem] = await client.diagnosticsUntil(settingsUri, (list) => list.length > 0);
  assert.equal(problem.severity, 1);
  assert.equal(problem.message, "none of the 1 file(s) of state 'site.topo' is a command output the import reads; 'topo collect' prints a script that gathers them");
});

test('the preview\'s diagram shows each designed path as observed, and the drift on its elements', async () => {
  const { design, designUri } = workspace('{ "state": "state/" }');
  client = await LspClient.start(undefined, {}, { workspaceFolders: [folder!] });
  await client.open(designUri, design);
  await client.diagnosticsUntil(designUri, hasCode('drift-cable'));
  type Diagram = { model: { paths: Array<{ observed?: string }>; edges: Array<{ id: string; observed?: string; status: { messages: Array<{ code: string }> } }> } };
  const diagram = await client.request<Diagram>('storageTopology/diagram', { uri: designUri, version: 1, expandedGroups: [] });
  assert.ok(diagram.model.paths.length > 0 && diagram.model.paths.every((p) => p.observed === 'active' || p.observed === 'standby'), JSON.stringify(diagram.model.paths));
  const cable = diagram.model.edges.find((e) => e.id === 'link@db01.ens1f0--sw-a:1')!;
  assert.equal(cable.observed, 'active');
  assert.ok(cable.status.messages.some((m) => m.code === 'drift-cable'), JSON.stringify(diagram.model.edges.map((e) => [e.id, e.status.messages])));
});

test('when only the state changes the server says the diagram changed, and the next diagram of the same version shows the new path states', async () => {
  const { design, designUri } = workspace('{ "state": "state/" }');
  client = await LspClient.start(undefined, {}, { workspaceFolders: [folder!], workspace: WATCHING });
  await client.open(designUri, design);
  await client.diagnosticsUntil(designUri, hasCode('drift-cable'));
  type Diagram = { resultId: string; version: number; model?: { paths: Array<{ id: string; observed?: string }> }; patch?: unknown };
  const before = await client.request<Diagram>('storageTopology/diagram', { uri: designUri, version: 1, expandedGroups: [] });
  const observed = (diagram: Diagram) => diagram.model!.paths.filter((p) => p.id.startsWith('db01.ens1f0->')).map((p) => p.observed);
  assert.ok(observed(before).length > 0 && observed(before).every((state) => state === 'active' || state === 'standby'), JSON.stringify(observed(before)));

  // The first session over ens1f0 fails; nothing of the design is edited.
  const sessions = path.join(folder!, 'state/db01/iscsiadm-session-P3.txt');
  writeFileSync(sessions, readFileSync(sessions, 'utf8').replace('iSCSI Session State: LOGGED_IN', 'iSCSI Session State: FAILED'));
  const changed = client.diagramChanged(designUri);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(sessions).href, type: 2 }] });
  await changed;
  // The preview asks again for the version it shows, naming the answer it holds: the states changed, so it gets the whole model.
  const after = await client.request<Diagram>('storageTopology/diagram', { uri: designUri, version: 1, expandedGroups: [], previousResultId: before.resultId });
  assert.equal(after.version, 1);
  assert.ok(after.model, 'a whole model, not a patch to the one with the old states');
  assert.ok(observed(after).includes('failed'), JSON.stringify(observed(after)));
  assert.ok(observed(after).length === observed(before).length);
});

test('a client that did not ask is not sent storageTopology/diagramChanged', async () => {
  const { design, designUri } = workspace('{ "state": "state/" }');
  const notified: unknown[] = [];
  client = await LspClient.start(undefined, {}, { workspaceFolders: [folder!], workspace: WATCHING, initializationOptions: { checkedNotifications: true } });
  client.connection.onNotification('storageTopology/diagramChanged', (params: unknown) => {
    notified.push(params);
  });
  await client.open(designUri, design);
  await client.diagnosticsUntil(designUri, hasCode('drift-cable'));
  const lldp = path.join(folder!, 'state/db01/lldpctl-keyvalue.txt');
  writeFileSync(lldp, readFileSync(lldp, 'utf8').replace(/ens1f0\.port\.(ifname|descr)=5/g, 'ens1f0.port.$1=1'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(lldp).href, type: 2 }] });
  // The recheck after the state was read publishes the diagnostics again; by then a notification would have been sent.
  await client.diagnosticsUntil(designUri, (diagnostics) => !diagnostics.some((d) => d.code === 'drift-cable' && /sw-a:5/.test(String(d.message))));
  assert.deepEqual(notified, []);
});
