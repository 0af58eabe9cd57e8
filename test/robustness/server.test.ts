// The real server process under hostile traffic: random incremental edits through document sync
// must publish exactly the diagnostics a full re-analysis of the same text gives (code + range),
// and malformed JSON-RPC, unknown methods, requests for unopened documents, cancelled requests
// and multi-MB documents must leave it up and answering. Needs `node esbuild.mjs` first.
// FC_RUNS=<n> scales the number of edits.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS } from '../../server/src/config/schema';
import { toRange } from '../../server/src/service/lspConversion';
import { analyzeDocument } from '../../server/src/service/languageService';
import { generateTopology, seededRandom } from '../../bench/generate';
import { LspClient } from '../protocol/lspClient';

const EDITS = Math.max(50, 5 * Number(process.env.FC_RUNS ?? 60));
const examples = path.resolve(import.meta.dirname, '../../examples');
const example = (name: string) => readFileSync(path.join(examples, name), 'utf8');
// Outside any workspace folder, so no `.topo.json` applies and the expectation is the default settings.
const scratchUri = (name: string) => pathToFileURL(path.join(tmpdir(), 'topo-robustness', name)).href;

const FRAGMENTS = ['host', 'switch', '{', '}', '\n', ' ', 'nic eth9 { speed 10G }', 'link a.b -- c:1', '#', '"', '\r\n', '10.0.0.', '🙂', 'é', '--', '->'];

const key = (d: { code?: string | number; range: { start: { line: number; character: number }; end: { line: number; character: number } } }) =>
  `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

function expectedDiagnostics(text: string): string[] {
  const doc = analyzeDocument(text, DEFAULT_SETTINGS);
  return doc.problems.map((p) => key({ code: p.code, range: toRange(doc.lineIndex, p.span) })).sort();
}

async function isAlive(client: LspClient): Promise<void> {
  const uri = scratchUri('alive.topo');
  const diagnostics = await client.open(uri, example('serverfault-lacp-team.topo'));
  assert.ok(diagnostics.some((d) => d.code === 'iscsi-over-team'));
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
}

describe('robustness: the server process', () => {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start({ diagnostics: { debounceMs: 0 } });
  });

  after(async () => {
    await client.stop();
  });

  it(`${EDITS} random incremental edits publish the diagnostics of a full re-analysis`, async () => {
    const random = seededRandom(Number(process.env.FC_SEED ?? 3));
    const uri = scratchUri('edits.topo');
    let mirror = TextDocument.create(uri, 'topo', 1, example('dual-fabric-mpio.topo'));
    await client.open(uri, mirror.getText());
    for (let i = 0; i < EDITS; i++) {
      const text = mirror.getText();
      const start = Math.floor(random() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(random() * 12 * (random() < 0.5 ? 1 : 0)));
      const inserted = random() < 0.3 ? '' : FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]!;
      const change = { range: { start: mirror.positionAt(start), end: mirror.positionAt(end) }, text: inserted };
      mirror = TextDocument.update(mirror, [change], mirror.version + 1);
      const published = await client.change(uri, '', [change]);
      assert.deepEqual(published.map(key).sort(), expectedDiagnostics(mirror.getText()), `after edit ${i + 1}: ${JSON.stringify(change)}`);
    }
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('stays up on malformed JSON-RPC content', async () => {
    const stdin = client['process'].stdin!;
    const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    for (const body of ['{', 'null', '[]', '42', '"x"', '{"jsonrpc":"2.0"}', '{"jsonrpc":"2.0","id":{},"method":7}', '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{}}', '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":null}}']) {
      stdin.write(frame(body));
    }
    await isAlive(client);
  });

  it('answers unknown methods with an error and ignores unknown notifications', async () => {
    await assert.rejects(client.request('storageTopology/noSuchMethod', {}), /Unhandled method|not found/i);
    await client.connection.sendNotification('storageTopology/noSuchNotification', { x: 1 });
    await client.connection.sendNotification('$/noSuchNotification', {});
    await isAlive(client);
  });

  it('answers requests for unopened documents without failing', async () => {
    const textDocument = { uri: scratchUri('never-opened.topo') };
    const position = { line: 0, character: 0 };
    const range = { start: position, end: position };
    const requests: [string, unknown][] = [
      ['textDocument/hover', { textDocument, position }],
      ['textDocument/completion', { textDocument, position }],
      ['textDocument/definition', { textDocument, position }],
      ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
      ['textDocument/rename', { textDocument, position, newName: 'x' }],
      ['textDocument/prepareRename', { textDocument, position }],
      ['textDocument/documentSymbol', { textDocument }],
      ['textDocument/documentHighlight', { textDocument, position }],
      ['textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }],
      ['textDocument/foldingRange', { textDocument }],
      ['textDocument/semanticTokens/full', { textDocument }],
      ['textDocument/codeLens', { textDocument }],
      ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }],
      ['storageTopology/diagram', { textDocument, uri: textDocument.uri }],
    ];
    for (const [method, params] of requests) {
      await client.request(method, params).catch((error: unknown) => assert.ok(error instanceof Error, `${method} failed with a non-error`));
    }
    await isAlive(client);
  });

  it('survives cancelled requests', async () => {
    const uri = scratchUri('cancel.topo');
    await client.open(uri, example('vmware-esxi-port-binding.topo'));
    const pending: Promise<unknown>[] = [];
    for (const method of ['textDocument/hover', 'textDocument/documentSymbol', 'textDocument/codeLens', 'textDocument/formatting', 'textDocument/codeAction']) {
      const source = new CancellationTokenSource();
      const position = { line: 20, character: 6 };
      const params = { textDocument: { uri }, position, range: { start: { line: 0, character: 0 }, end: position }, context: { diagnostics: [] }, options: { tabSize: 2, insertSpaces: true } };
      pending.push(client.connection.sendRequest(method, params, source.token).catch(() => undefined));
      source.cancel();
    }
    await Promise.all(pending);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await isAlive(client);
  });

  it('keeps answering while a long fix-all runs, and stops it when cancelled', async () => {
    const uri = scratchUri('fix-all.topo');
    await client.open(uri, generateTopology({ hosts: 200, seed: 4, badShare: 0.5 }).text);
    const source = new CancellationTokenSource();
    let fixAllSettled = false;
    const origin = { line: 0, character: 0 };
    const fixAll = client.connection
      .sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: origin, end: origin }, context: { diagnostics: [], only: ['source.fixAll.topo'] } }, source.token)
      .then(
        (actions) => actions,
        () => 'cancelled',
      )
      .finally(() => (fixAllSettled = true));
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.length > 200);
    assert.equal(fixAllSettled, false, 'fix-all should still be running when the symbols arrive');
    source.cancel();
    const outcome = await fixAll;
    assert.ok(outcome === 'cancelled' || (Array.isArray(outcome) && outcome.length === 0), JSON.stringify(outcome).slice(0, 200));
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await isAlive(client);
  });

  it('handles multi-MB documents and stays up', async () => {
    const big = `${`# ${'x'.repeat(1 << 20)}\n`.repeat(2)}${example('dual-fabric-mpio.topo').repeat(40)}${'host h { nic n { speed 10G } } '.repeat(20_000)}\n`;
    assert.ok(big.length > 2_500_000);
    const uri = scratchUri('big.topo');
    const diagnostics = await client.open(uri, big);
    assert.ok(diagnostics.length > 0);
    const middle = { line: 3, character: 0 };
    await client.change(uri, '', [{ range: { start: middle, end: middle }, text: '}' }]);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await isAlive(client);
  });
});
