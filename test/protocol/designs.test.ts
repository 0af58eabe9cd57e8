// A design folder over the real server: a folder holding a .topo.json is one design, whether its
// files are open or not. Diagnostics land on the file where each problem is (those not open too),
// navigation, rename, completion, hover, workspace symbols and quick fixes work across files, the
// files on disk are read and watched, and closing a file goes back to its text on disk. The preview
// of any file draws the whole design, each element placed in its own file, and fails it as a whole.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionItem, Diagnostic, Hover, Location, SemanticTokens, SemanticTokensDelta, SymbolInformation, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { FailureSimulationResult } from '../../server/src/diagram/messages';
import { fileSpanOf, spanInFile, type DiagramModelResult } from '../../server/src/diagram/protocol';
import { applyEdits, applyTokenEdits, LspClient, positionAt } from './lspClient';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CAPABILITIES = { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true } };
const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;

let folder: string;
let client: LspClient;
const uriOf = (name: string) => pathToFileURL(path.join(folder, 'site', name)).href;
const diskText = (name: string) => readFileSync(path.join(folder, 'site', name), 'utf8');
/** The position of the `nth` occurrence of `needle` in a file of the design as it is on disk. */
function positionOf(name: string, needle: string, nth = 0): { line: number; character: number } {
  const text = diskText(name);
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} in ${name}`);
  return positionAt(text, at);
}
const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((diagnostic) => `${diagnostic.range.start.line}:${diagnostic.code}`).sort();
const watched = (changes: { uri: string; type: number }[]) => client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });

before(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'topo-designs-'));
  cpSync(path.join(ROOT, 'examples/site-a'), path.join(folder, 'site'), { recursive: true });
  // A file beside the design folder, with no .topo.json above it: a design of its own, with names the design also uses.
  writeFileSync(path.join(folder, 'lab.topo'), 'switch sw-a {\n  mtu 9216\n}\n');
  client = await LspClient.start(undefined, {}, { workspaceFolders: [folder], workspace: CAPABILITIES });
});
after(async () => {
  await client.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('a design folder in the editor', () => {
  it('publishes each problem on its own file, on the files not open too, with related locations in other files', async () => {
    const fabric = client.diagnosticsUntil(uriOf('fabric.topo'), () => true);
    const db = await client.open(uriOf('cluster-db.topo'), diskText('cluster-db.topo'));
    assert.deepEqual(codes(db), ['15:linux-arp-flux', '15:single-switch', '6:linux-arp-flux', '6:single-switch']);
    assert.deepEqual(await fabric, [], 'a file of the design that is not open gets its (empty) diagnostics');
    const singleSwitch = db.find((diagnostic) => diagnostic.code === 'single-switch')!;
    assert.deepEqual(singleSwitch.relatedInformation?.map((related) => related.location), [
      { uri: uriOf('fabric.topo'), range: { start: positionOf('fabric.topo', 'switch sw-a'), end: { line: positionOf('fabric.topo', 'switch sw-a').line + 3, character: 1 } } },
    ]);
    const watchers = client.registrations.filter((registration) => registration.method === 'workspace/didChangeWatchedFiles');
    assert.ok(JSON.stringify(watchers).includes('**/*.topo"'), 'the design’s files on disk are watched');
    const lab = await client.open(pathToFileURL(path.join(folder, 'lab.topo')).href, diskText('../lab.topo'));
    assert.ok(!lab.some((diagnostic) => diagnostic.code === 'TOPO303'), 'a file outside the design folder is a design of its own');
  });

  it('goes to a definition in another file, and finds the references in every file', async () => {
    const uri = uriOf('cluster-db.topo');
    const definition = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: positionOf('cluster-db.topo', 'sw-a:11') });
    assert.deepEqual(definition, [{ uri: uriOf('fabric.topo'), range: { start: { ...positionOf('fabric.topo', 'sw-a {'), character: 7 }, end: { ...positionOf('fabric.topo', 'sw-a {'), character: 11 } } }]);
    const references = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: positionOf('cluster-db.topo', 'pure.db-data'),
      context: { includeDeclaration: true },
    });
    const files = [...new Set(references.map((location) => path.basename(new URL(location.uri).pathname)))].sort();
    assert.deepEqual(files, ['arrays.topo', 'cluster-db.topo', 'cluster-hv.topo', 'fabric.topo']);
    for (const location of references) {
      const text = diskText(path.basename(new URL(location.uri).pathname)).split('\n')[location.range.start.line]!;
      assert.equal(text.slice(location.range.start.character, location.range.end.character), 'pure');
    }
  });

  it('renames over every file, open or not, naming the open files’ versions', async () => {
    const uri = uriOf('cluster-db.topo');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: positionOf('cluster-db.topo', 'sw-a:11'), newName: 'core-a' });
    const changes = edit.documentChanges as TextDocumentEdit[];
    const versions = Object.fromEntries(changes.map((change) => [path.basename(new URL(change.textDocument.uri).pathname), change.textDocument.version]));
    assert.deepEqual(versions, { 'cluster-db.topo': 1, 'cluster-hv.topo': null, 'fabric.topo': null });
    for (const change of changes) {
      const name = path.basename(new URL(change.textDocument.uri).pathname);
      const renamed = applyEdits(diskText(name), change.edits as TextEdit[]);
      const code = renamed.split('\n').filter((line) => !line.startsWith('#')).join('\n');
      assert.doesNotMatch(code, /sw-a\b/, name);
      assert.match(code, /core-a/);
    }
  });

  it('keeps the outline, folding, semantic tokens and formatting to the file asked about', async () => {
    const uri = uriOf('cluster-db.topo');
    const symbols = await client.request<{ name: string; range: { start: { line: number } } }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const hosts = symbols.filter((symbol) => symbol.name === 'db01' || symbol.name === 'db02');
    assert.deepEqual(hosts.map((symbol) => symbol.range.start.line), [positionOf('cluster-db.topo', 'host db01').line, positionOf('cluster-db.topo', 'host db02').line]);
    assert.ok(!symbols.some((symbol) => ['hv01', 'pure', 'sw-a'].includes(symbol.name)), symbols.map((symbol) => symbol.name).join(', '));
    const folding = await client.request<{ startLine: number }[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folding.some((range) => range.startLine === positionOf('cluster-db.topo', 'host db01').line));
    const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    const starts: string[] = [];
    for (let i = 0, line = 0, character = 0; i < tokens.data.length; i += 5) {
      character = tokens.data[i] === 0 ? character + tokens.data[i + 1]! : tokens.data[i + 1]!;
      line += tokens.data[i]!;
      starts.push(`${line}:${character}`);
    }
    const lines = diskText('cluster-db.topo').split('\n');
    assert.ok(starts.includes(`${positionOf('cluster-db.topo', 'host db01').line}:0`), 'the tokens are counted from the file’s first line');
    assert.ok(starts.every((start) => Number(start.split(':')[0]) < lines.length));
    const fabric = uriOf('fabric.topo');
    await client.open(fabric, diskText('fabric.topo').replace('  mtu 9216\n}', '     mtu 9216\n}'));
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: fabric }, options: { tabSize: 2, insertSpaces: true } });
    assert.equal(applyEdits(diskText('fabric.topo').replace('  mtu 9216\n}', '     mtu 9216\n}'), edits), diskText('fabric.topo'));
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: fabric } });
  });

  it('sends the semantic tokens of an edited file as edits to its previous result, as for a file alone', async () => {
    const uri = uriOf('cluster-hv.topo');
    const text = diskText('cluster-hv.topo');
    await client.open(uri, text);
    const first = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.deepEqual(first.data.slice(0, 3), [0, 0, text.indexOf('\n')], 'the file’s first token is its first line’s comment');
    const at = positionOf('cluster-hv.topo', '  nic eth1');
    await client.change(uri, '', [{ range: { start: at, end: at }, text: '  nic eth9 { speed 10G }\n' }]);
    const delta = await client.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: first.resultId });
    assert.ok(delta.edits, 'edits, not the full tokens');
    const rebuilt = applyTokenEdits(first.data, delta.edits);
    const full = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.deepEqual(rebuilt, full.data);
    assert.ok(delta.edits.reduce((sum, edit) => sum + (edit.data?.length ?? 0), 0) < full.data.length / 2, 'the edit sends the new line, not the file');
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('lists workspace symbols of every file once, in the file that defines them', async () => {
    const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'sw-a' });
    const places = symbols.filter((symbol) => symbol.name === 'sw-a').map((symbol) => path.relative(folder, new URL(symbol.location.uri).pathname)).sort();
    assert.deepEqual(places, ['lab.topo', path.join('site', 'fabric.topo')]);
  });

  it('places a problem on the line where it is written: on a host file’s team, and on the fabric file’s switch while the fabric file is not open', async () => {
    // db01 teams its two NICs for iSCSI (in the cluster's file); sw-b is left at MTU 1500 (in the
    // fabric's file), where the Hyper-V hosts send 9000-byte frames.
    const site = path.join(folder, 'placed');
    cpSync(path.join(ROOT, 'examples/site-a'), site, { recursive: true });
    const edit = (name: string, from: string, to: string) => {
      const file = path.join(site, name);
      const text = readFileSync(file, 'utf8');
      assert.ok(text.includes(from), `${from} in ${name}`);
      writeFileSync(file, text.replaceAll(from, to));
    };
    edit('cluster-db.topo', 'nic ens1f0 { ip 10.20.1.21/24  speed 25G  mtu 9000  card pci1 }', 'nic ens1f0 { speed 25G  mtu 9000  card pci1 }');
    edit('cluster-db.topo', 'nic ens2f0 { ip 10.20.1.31/24  speed 25G  mtu 9000  card pci2 }', 'nic ens2f0 { speed 25G  mtu 9000  card pci2 }\n  team bond0 { members ens1f0, ens2f0  mode lacp  ip 10.20.1.21/24 }');
    edit('cluster-db.topo', 'session db01 -> pure.db-data via ens1f0', 'session db01 -> pure.db-data via bond0');
    edit('cluster-db.topo', 'session db01 -> pure.db-data via ens2f0', 'session db01 -> pure.db-data via bond0');
    edit('fabric.topo', 'switch sw-b {\n  model "Arista 7050SX3-48YC8"\n  mtu 9216', 'switch sw-b {\n  model "Arista 7050SX3-48YC8"\n  mtu 1500');
    const fileUri = (name: string) => pathToFileURL(path.join(site, name)).href;
    const lineOf = (name: string, start: string) => readFileSync(path.join(site, name), 'utf8').split('\n').findIndex((line) => line.startsWith(start));
    const fabric = client.diagnosticsUntil(fileUri('fabric.topo'), (diagnostics) => diagnostics.length > 0);
    const hv = client.diagnosticsUntil(fileUri('cluster-hv.topo'), () => true);
    const db = await client.open(fileUri('cluster-db.topo'), readFileSync(path.join(site, 'cluster-db.topo'), 'utf8'));
    const team = db.find((diagnostic) => diagnostic.code === 'iscsi-over-team');
    assert.ok(team, JSON.stringify(db));
    assert.deepEqual(team.range.start, { line: lineOf('cluster-db.topo', '  team bond0'), character: 2 });
    assert.match(String(team.message), /^db01\.bond0 carries iSCSI to pure /);
    const onFabric = await fabric;
    assert.deepEqual(onFabric.map((diagnostic) => [diagnostic.code, diagnostic.range.start]), [['mtu-mismatch', { line: lineOf('fabric.topo', 'switch sw-b'), character: 0 }]]);
    assert.match(String(onFabric[0]!.message), /^switch sw-b has MTU 1500 but the path hv01\.eth1 -> pure\.ct\d\.eth5 sends 9000-byte frames/, 'the path of a host written in cluster-hv.topo');
    assert.deepEqual(await hv, [], 'the hosts whose frames are dropped are fine as written');
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: fileUri('cluster-db.topo') } });
  });

  it('completes names defined in other files and hovers over them', async () => {
    const uri = uriOf('cluster-db.topo');
    const text = diskText('cluster-db.topo') + 'link db01.ens2f0 -- \n';
    const end = positionAt(text, text.length - 1);
    await client.change(uri, text);
    const items = await client.request<CompletionItem[] | { items: CompletionItem[] }>('textDocument/completion', { textDocument: { uri }, position: end });
    const listed = Array.isArray(items) ? items : items.items;
    const labels = listed.map((item) => item.label);
    assert.ok(labels.includes('sw-a') && labels.includes('sw-b'), labels.join(', '));
    // The item accepted as the editor accepts it (its edit applied), then the port typed: the name resolves to the fabric file's switch.
    const accepted = listed.find((item) => item.label === 'sw-b')!;
    const completed = `${applyEdits(text, [accepted.textEdit as TextEdit]).slice(0, -1)}:31\n`;
    assert.ok(completed.endsWith('\nlink db01.ens2f0 -- sw-b:31\n'), completed.slice(-60));
    const checked = await client.change(uri, completed);
    assert.ok(!checked.some((diagnostic) => /^TOPO3/.test(String(diagnostic.code))), JSON.stringify(checked));
    const definition = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: end });
    assert.deepEqual(definition.map((location) => [location.uri, location.range.start.line]), [[uriOf('fabric.topo'), positionOf('fabric.topo', 'switch sw-b').line]]);
    const position = positionOf('cluster-db.topo', 'pure.db-data');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    assert.match(JSON.stringify(hover.contents), /\*\*pure\*\* — an array/);
    assert.deepEqual(hover.range, { start: position, end: { ...position, character: position.character + 4 } });
    await client.change(uri, diskText('cluster-db.topo'));
  });

  it('offers a quick fix whose edits lie in two files', async () => {
    // The site before the array's second controller was cabled: its cables would go in the fabric's
    // file, the sessions to it in the cluster's.
    const partner = path.join(folder, 'partner');
    cpSync(path.join(folder, 'site'), partner, { recursive: true });
    const withoutCt1 = (name: string) => {
      const file = path.join(partner, name);
      writeFileSync(file, readFileSync(file, 'utf8').split('\n').filter((line) => !line.includes('pure.ct1')).join('\n'));
    };
    for (const name of ['fabric.topo', 'cluster-hv.topo', 'cluster-db.topo']) withoutCt1(name);
    const uri = pathToFileURL(path.join(partner, 'cluster-hv.topo')).href;
    const text = readFileSync(path.join(partner, 'cluster-hv.topo'), 'utf8');
    const diagnostics = await client.open(uri, text);
    const singleController = diagnostics.find((diagnostic) => diagnostic.code === 'single-controller' && String(diagnostic.message).includes('hv01'))!;
    assert.ok(singleController, JSON.stringify(diagnostics));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: singleController.range, context: { diagnostics: [singleController] } });
    const fix = actions.find((action) => action.title === 'Add paths to the partner controller');
    assert.ok(fix, actions.map((action) => action.title).join('\n'));
    assert.deepEqual(fix.diagnostics, [singleController]);
    const changes = fix.edit!.documentChanges as TextDocumentEdit[];
    const fabricUri = pathToFileURL(path.join(partner, 'fabric.topo')).href;
    assert.deepEqual(changes.map((change) => [change.textDocument.uri, change.textDocument.version]).sort(), [
      [uri, 1],
      [fabricUri, null],
    ]);
    const fixed = (file: string) => applyEdits(readFileSync(path.join(partner, file), 'utf8'), changes.find((change) => change.textDocument.uri.endsWith(file))!.edits as TextEdit[]);
    assert.match(fixed('fabric.topo'), /^link pure\.ct1\.eth4 -- sw-a:\S+$/m);
    assert.match(fixed('cluster-hv.topo'), /^session hv01 -> pure\.hv-csv via eth0 -> pure\.ct1\.eth4$/m);
    // Applied as VS Code applies a workspace edit: the open file edited in its editor, the file not
    // open written (files.refactoring.autoSave) and the watcher told; the design is checked again.
    const fabricFixed = fixed('fabric.topo');
    const hvFixed = fixed('cluster-hv.topo');
    writeFileSync(path.join(partner, 'fabric.topo'), fabricFixed);
    await watched([{ uri: fabricUri, type: CHANGED }]);
    const rechecked = await client.change(uri, hvFixed);
    assert.deepEqual(
      rechecked.map((diagnostic) => [diagnostic.code, String(diagnostic.message).split(' ').slice(0, 7).join(' ')]),
      [['single-controller', 'all 2 paths from hv02 to pure.hv-csv']],
      'hv01 reaches both controllers once the fix is applied; hv02, which it was not asked for, does not',
    );
    const disable = actions.find((action) => action.title === 'Disable single-controller for this file')!;
    assert.deepEqual((disable.edit!.documentChanges as TextDocumentEdit[]).map((change) => [change.textDocument.uri, (change.edits[0] as TextEdit).range.start]), [[uri, { line: 0, character: 0 }]]);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('fixes all in the file asked about (as on its save): the fixes whose edits lie in it, each checked on the whole design', async () => {
    // The site before the array's second controller was cabled (whose fix edits the fabric's file
    // too), with a NIC left at MTU 1500 in the cluster's file (whose fix edits that file alone).
    const site = path.join(folder, 'fix-all');
    cpSync(path.join(folder, 'site'), site, { recursive: true });
    for (const name of ['fabric.topo', 'cluster-hv.topo', 'cluster-db.topo']) {
      const file = path.join(site, name);
      writeFileSync(file, readFileSync(file, 'utf8').split('\n').filter((line) => !line.includes('pure.ct1')).join('\n'));
    }
    const uri = pathToFileURL(path.join(site, 'cluster-hv.topo')).href;
    const text = readFileSync(path.join(site, 'cluster-hv.topo'), 'utf8').replace('speed 25G  mtu 9000  card slot1', 'speed 25G  mtu 1500  card slot1');
    const before = await client.open(uri, text);
    assert.deepEqual([...new Set(before.map((diagnostic) => String(diagnostic.code)))].sort(), ['mtu-mismatch', 'single-controller']);
    const fixAll = () =>
      client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.topo'] },
      });
    const [action, ...more] = await fixAll();
    assert.equal(action?.kind, 'source.fixAll.topo');
    assert.deepEqual(more, []);
    const changes = action.edit!.documentChanges as TextDocumentEdit[];
    assert.deepEqual(changes.map((change) => [change.textDocument.uri, change.textDocument.version]), [[uri, 1]], 'the file asked about alone');
    const fixed = applyEdits(text, changes[0]!.edits as TextEdit[]);
    assert.match(fixed, /speed 25G {2}mtu 9000 {2}card slot1/);
    const after = await client.change(uri, fixed);
    assert.deepEqual([...new Set(after.map((diagnostic) => String(diagnostic.code)))], ['single-controller'], 'the fix that would edit the fabric’s file too is left to its quick fix');
    assert.deepEqual(await fixAll(), [], 'nothing more to fix in this file');
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('reads a file changed on disk when told, and a file created or deleted joins or leaves the design', async () => {
    const hv = uriOf('cluster-hv.topo');
    const hvText = diskText('cluster-hv.topo');
    writeFileSync(path.join(folder, 'site', 'cluster-hv.topo'), hvText.replace('link hv02.eth1 -- sw-b:2\n', ''));
    const lost = client.diagnosticsUntil(hv, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'single-switch'));
    await watched([{ uri: hv, type: CHANGED }]);
    assert.ok((await lost).some((diagnostic) => String(diagnostic.message).includes('hv02')));
    writeFileSync(path.join(folder, 'site', 'cluster-hv.topo'), hvText);

    const extra = uriOf('extra.topo');
    writeFileSync(path.join(folder, 'site', 'extra.topo'), 'switch sw-b {\n  mtu 9216\n}\n');
    const twice = client.diagnosticsUntil(extra, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'TOPO303'));
    const fabricTwice = client.diagnosticsUntil(uriOf('fabric.topo'), (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'TOPO303'));
    await watched([{ uri: hv, type: CHANGED }, { uri: extra, type: CREATED }]);
    const [onExtra, onFabric] = await Promise.all([twice, fabricTwice]);
    assert.equal(onExtra[0]!.relatedInformation![0]!.location.uri, uriOf('fabric.topo'));
    assert.equal(onFabric[0]!.relatedInformation![0]!.location.uri, extra);
    assert.equal(onFabric[0]!.range.start.line, positionOf('fabric.topo', 'switch sw-b').line);

    unlinkSync(path.join(folder, 'site', 'extra.topo'));
    const cleared = client.diagnosticsUntil(extra, (diagnostics) => diagnostics.length === 0);
    const fabricClear = client.diagnosticsUntil(uriOf('fabric.topo'), (diagnostics) => diagnostics.length === 0);
    await watched([{ uri: extra, type: DELETED }]);
    await Promise.all([cleared, fabricClear]);
    assert.deepEqual(codes(client.latest.get(hv)!), []);
  });

  it('says on a file it cannot read (too large, binary) that the design is checked without it, until the file goes', async () => {
    const site = path.join(folder, 'unreadable');
    cpSync(path.join(folder, 'site'), site, { recursive: true });
    const db = pathToFileURL(path.join(site, 'cluster-db.topo')).href;
    const dbText = readFileSync(path.join(site, 'cluster-db.topo'), 'utf8');
    const dbCodes = codes(await client.open(db, dbText));
    // Beyond the editor's limit (4 MB), sparse: refused from its size alone.
    const large = path.join(site, 'large.topo');
    writeFileSync(large, '');
    truncateSync(large, 5 * 1024 * 1024);
    const binary = path.join(site, 'binary.topo');
    writeFileSync(binary, Buffer.from([0x68, 0x6f, 0x73, 0x74, 0x00, 0xff, 0x00]));
    const unread = (file: string) => client.diagnosticsUntil(pathToFileURL(file).href, (diagnostics) => diagnostics.length > 0);
    const onLarge = unread(large);
    const onBinary = unread(binary);
    await watched([large, binary].map((file) => ({ uri: pathToFileURL(file).href, type: CREATED })));
    assert.deepEqual((await onLarge).map((diagnostic) => [diagnostic.range.start, diagnostic.severity, diagnostic.code, diagnostic.message]), [
      [{ line: 0, character: 0 }, 1, 'design-file-unreadable', 'This file is 5 MB; designs larger than 4 MB are not read: the design is checked without it'],
    ]);
    assert.deepEqual((await onBinary).map((diagnostic) => diagnostic.message), ['This file is a binary file, not a design: the design is checked without it']);
    assert.deepEqual(codes(await client.diagnosticsUntil(db, () => true)), dbCodes, 'the other files are checked as before');
    const cleared = client.diagnosticsUntil(pathToFileURL(large).href, (diagnostics) => diagnostics.length === 0);
    unlinkSync(large);
    await watched([{ uri: pathToFileURL(large).href, type: DELETED }]);
    await cleared;
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: db } });
  });

  it('says on every file of a design too large together that it is not checked, serves its files the outline, and checks it again once it is smaller', async () => {
    const site = path.join(folder, 'oversized');
    cpSync(path.join(folder, 'site'), site, { recursive: true });
    const db = pathToFileURL(path.join(site, 'cluster-db.topo')).href;
    const dbCodes = codes(await client.open(db, readFileSync(path.join(site, 'cluster-db.topo'), 'utf8')));
    // Two files, each within the limit (4 MB), that are beyond it together.
    const notes = ['a', 'b'].map((name) => path.join(site, `notes-${name}.topo`));
    for (const file of notes) writeFileSync(file, '# a note kept with the design\n'.repeat(80_000));
    const warned = (file: string) => client.diagnosticsUntil(file, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'document-too-large'));
    const [onDb, onFabric] = [warned(db), warned(pathToFileURL(path.join(site, 'fabric.topo')).href)];
    await watched(notes.map((file) => ({ uri: pathToFileURL(file).href, type: CREATED })));
    const message = "This design's 6 files are 5 MB together; designs larger than 4 MB are not checked in the editor. It gets folding and the outline only: no problems, hover, completion, navigation, quick fixes or diagram.";
    for (const diagnostics of [await onDb, await onFabric]) {
      assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.range.start, diagnostic.severity, diagnostic.message]), [[{ line: 0, character: 0 }, 2, message]]);
    }
    const outline = await client.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri: db } });
    assert.ok(outline.some((symbol) => symbol.name === 'db01'), JSON.stringify(outline));
    unlinkSync(notes[0]!);
    const checked = client.diagnosticsUntil(db, (diagnostics) => diagnostics.every((diagnostic) => diagnostic.code !== 'document-too-large'));
    await watched([{ uri: pathToFileURL(notes[0]!).href, type: DELETED }]);
    assert.deepEqual(codes(await checked), dbCodes, 'the design is checked again as before');
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: db } });
  });

  it('checks the design with an open file’s text, and with its text on disk once it is closed', async () => {
    const arrays = uriOf('arrays.topo');
    const renamed = client.diagnosticsUntil(uriOf('cluster-db.topo'), (diagnostics) => diagnostics.length > 4);
    await client.open(arrays, diskText('arrays.topo').replace('volume db-data', 'volume db-main'));
    const db = await renamed;
    assert.ok(db.some((diagnostic) => /^TOPO3/.test(String(diagnostic.code)) && String(diagnostic.message).includes('db-data')), JSON.stringify(db));
    const back = client.diagnosticsUntil(uriOf('cluster-db.topo'), (diagnostics) => diagnostics.length === 4);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: arrays } });
    assert.deepEqual(codes(await back), ['15:linux-arp-flux', '15:single-switch', '6:linux-arp-flux', '6:single-switch']);
  });

  it('checks a rename as VS Code applies it (the files not open opened, edited, saved and closed before the watcher says they changed) with the files’ texts as saved', async () => {
    const site = path.join(folder, 'renamed');
    cpSync(path.join(ROOT, 'examples/site-a'), site, { recursive: true });
    const fileUri = (name: string) => pathToFileURL(path.join(site, name)).href;
    const siteText = (name: string) => readFileSync(path.join(site, name), 'utf8');
    const [arrays, db] = [fileUri('arrays.topo'), fileUri('cluster-db.topo')];
    // The files not open are read from disk here, before the rename.
    const before = await client.open(db, siteText('cluster-db.topo'));
    await client.open(arrays, siteText('arrays.topo'));
    const at = positionAt(siteText('arrays.topo'), siteText('arrays.topo').indexOf('array pure') + 'array '.length);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: arrays }, position: at, newName: 'flash' });
    const renamed = new Map(
      (edit.documentChanges as TextDocumentEdit[]).map((change) => {
        const name = path.basename(new URL(change.textDocument.uri).pathname);
        return [name, applyEdits(siteText(name), change.edits as TextEdit[])];
      }),
    );
    assert.deepEqual([...renamed.keys()].sort(), ['arrays.topo', 'cluster-db.topo', 'cluster-hv.topo', 'fabric.topo']);
    // The files not open are opened as they are on disk, then every file is edited.
    const unopened = ['cluster-hv.topo', 'fabric.topo'];
    await Promise.all(unopened.map((name) => client.open(fileUri(name), siteText(name))));
    await Promise.all([...renamed].map(([name, text]) => client.change(fileUri(name), text)));
    // Every file is saved (files.refactoring.autoSave), and those not open before are closed at once.
    for (const [name, text] of renamed) writeFileSync(path.join(site, name), text);
    const closedChecked = client.diagnosticsFor(db, 2);
    for (const name of unopened) await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: fileUri(name) } });
    const expected = before.map((diagnostic) => `${diagnostic.range.start.line}:${diagnostic.code}:${String(diagnostic.message).replaceAll('pure', 'flash')}`).sort();
    const findings = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => `${diagnostic.range.start.line}:${diagnostic.code}:${diagnostic.message}`).sort();
    assert.deepEqual(findings(await closedChecked), expected, 'the closed files are read again from disk, where they were saved');
    // The watcher says so later: the design is checked again, and stays as it is.
    const watcherChecked = client.diagnosticsFor(db, 2);
    await watched([...renamed.keys()].map((name) => ({ uri: fileUri(name), type: CHANGED })));
    assert.deepEqual(findings(await watcherChecked), expected);
    for (const uri of [arrays, db]) await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('previews the whole design from a cluster file: each element placed in the file it is written in, the file’s own elements marked, fail mode over the design', async () => {
    const site = path.join(folder, 'preview');
    cpSync(path.join(ROOT, 'examples/site-a'), site, { recursive: true });
    const fileUri = (name: string) => pathToFileURL(path.join(site, name)).href;
    const uri = fileUri('cluster-db.topo');
    await client.open(uri, readFileSync(path.join(site, 'cluster-db.topo'), 'utf8'));
    const result = await client.request<DiagramModelResult>('storageTopology/diagram', { uri, version: 1, expandedGroups: [] });
    assert.ok(result.files !== undefined, 'the answer names the design’s files');
    const placed = (id: string) => {
      const node = result.model.nodes.find((each) => each.id === id);
      assert.ok(node?.span !== undefined, id);
      const at = spanInFile(result.files!, node.span)!;
      const text = readFileSync(path.join(site, path.basename(new URL(at.uri).pathname)), 'utf8');
      return { uri: at.uri, start: positionAt(text, at.start), text: text.slice(at.start, at.end), span: node.span };
    };
    const sw = placed('sw-a');
    assert.equal(sw.uri, fileUri('fabric.topo'));
    assert.deepEqual(sw.start, positionAt(readFileSync(path.join(site, 'fabric.topo'), 'utf8'), readFileSync(path.join(site, 'fabric.topo'), 'utf8').indexOf('switch sw-a')));
    assert.match(sw.text, /^switch sw-a \{[^]*\}$/);
    assert.equal(placed('pure').uri, fileUri('arrays.topo'));
    assert.equal(placed('hv01').uri, fileUri('cluster-hv.topo'));
    // The active file: its part of the design's text holds its own elements' spans, and no other's.
    const active = fileSpanOf(result.files, uri)!;
    const inActive = (id: string) => placed(id).span.start >= active.start && placed(id).span.end <= active.end;
    assert.ok(inActive('db01') && inActive('db02'));
    assert.ok(!inActive('sw-a') && !inActive('hv01') && !inActive('pure'));

    const failed = await client.request<FailureSimulationResult | null>('storageTopology/simulateFailures', { uri, version: 1, failed: ['sw-a'] });
    assert.ok(failed !== null);
    assert.deepEqual(failed.unknown, [], 'a switch of the fabric file fails from the cluster file');
    const cut = new Set(failed.pairs.filter((pair) => pair.cutOff).map((pair) => pair.host));
    assert.deepEqual([...cut].sort(), ['db01', 'db02'], 'the database hosts, cabled to sw-a only, are cut off');
    assert.ok(failed.pairs.some((pair) => pair.host === 'hv01' && !pair.cutOff), 'a host of the other cluster file loses paths but keeps some');
    // A file of the design changed on disk: the preview of the open file is told its diagram changed.
    const told = client.diagramChanged(uri);
    writeFileSync(path.join(site, 'fabric.topo'), `${readFileSync(path.join(site, 'fabric.topo'), 'utf8')}\nswitch sw-c {\n  mtu 9216\n}\n`);
    await watched([{ uri: fileUri('fabric.topo'), type: CHANGED }]);
    await told;
    const redrawn = await client.request<DiagramModelResult>('storageTopology/diagram', { uri, version: 1, expandedGroups: [] });
    assert.ok(redrawn.model.nodes.some((node) => node.id === 'sw-c'), 'the diagram is the design as it is on disk now');
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });
});
