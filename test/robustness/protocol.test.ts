// The protocol-abuse suite: the real server process over stdio, sent what a broken or hostile
// client sends — requests before `initialize`, params of the wrong type, a whole-text change with
// `range: null`, a malformed change, corrupt framing, floods of requests and of cancellations.
// Each must get the answer LSP prescribes (or a clear exit), and the server must go on answering.
// Needs `node esbuild.mjs` first. FC_RUNS=<n> scales the floods.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { LspClient, SERVER_BUNDLE } from '../protocol/lspClient';

const BOUND = { timeout: 60_000 };
const FLOOD = Math.max(200, 20 * Number(process.env.FC_RUNS ?? 60));
const SERVERFAULT = readFileSync(path.resolve(import.meta.dirname, '../../examples/serverfault-lacp-team.topo'), 'utf8');
const scratchUri = (name: string) => pathToFileURL(path.join(tmpdir(), 'topo-protocol', name)).href;

function startRaw() {
  const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
  return { child, exited };
}

async function errorOf(request: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await request;
  } catch (error) {
    assert.ok(error instanceof ResponseError, String(error));
    return error;
  }
  assert.fail('the request was answered without an error');
}

describe('robustness: protocol abuse', () => {
  it('answers requests before initialize with ServerNotInitialized (-32002)', BOUND, async () => {
    const { child, exited } = startRaw();
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    const position = { line: 0, character: 0 };
    for (const [method, params] of [
      ['textDocument/hover', { textDocument: { uri: scratchUri('a.topo') }, position }],
      ['workspace/symbol', { query: '' }],
      ['storageTopology/noSuchMethod', {}],
    ] as const) {
      const error = await errorOf(connection.sendRequest(method, params));
      assert.equal(error.code, -32002, `${method}: ${error.message}`);
      assert.match(error.message, /not initialized/);
    }
    await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    assert.equal(await connection.sendRequest('workspace/symbol', { query: '' }).then((symbols) => Array.isArray(symbols)), true);
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    assert.equal((await exited).code, 0);
    connection.dispose();
  });

  it('exits non-zero with a message after corrupt framing, so the client restarts it', BOUND, async () => {
    for (const header of ['Content-Length: abc\r\n\r\n{}', 'Content-Type: x\r\n\r\n{}', 'no header at all\r\n\r\n']) {
      const { child, exited } = startRaw();
      child.stdin!.write(header);
      const { code, stderr } = await exited;
      assert.equal(code, 1, header);
      assert.match(stderr, /the message stream is corrupt \(.+\); exiting/);
    }
  });

  it('exits non-zero with a message after corrupt framing on --socket and --pipe too', BOUND, async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'topo-transport-'));
    try {
      for (const transport of ['socket', 'pipe'] as const) {
        // The client listens and the server connects to it, as vscode-languageclient does.
        const listener = createServer((socket) => socket.write('Content-Length: abc\r\n\r\n{}'));
        const address = transport === 'pipe' ? path.join(scratch, 'lsp.sock') : 0;
        await new Promise<void>((resolve) => listener.listen(address, resolve));
        const argument = transport === 'pipe' ? `--pipe=${address}` : `--socket=${(listener.address() as AddressInfo).port}`;
        const child = spawn(process.execPath, [SERVER_BUNDLE, argument], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr!.on('data', (chunk) => (stderr += chunk));
        const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
        listener.close();
        assert.equal(code, 1, `${argument}: ${stderr}`);
        assert.match(stderr, /the message stream is corrupt \(.+\); exiting/, argument);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('says it cannot connect, and exits 1, when nothing listens at the --socket port or the --pipe path', BOUND, async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'topo-transport-'));
    try {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const cases: [string, RegExp][] = [
        [`--socket=${port}`, new RegExp(`cannot connect to port ${port} of 127\\.0\\.0\\.1: nothing listens there \\(ECONNREFUSED\\)`)],
        [`--pipe=${path.join(scratch, 'nobody.sock')}`, /cannot connect to pipe '.*nobody\.sock': there is no such socket \(ENOENT\)/],
      ];
      for (const [argument, message] of cases) {
        const child = spawn(process.execPath, [SERVER_BUNDLE, argument], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr!.on('data', (chunk) => (stderr += chunk));
        const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
        assert.equal(code, 1, `${argument}: ${stderr}`);
        assert.match(stderr, message, argument);
        assert.doesNotMatch(stderr, /corrupt/, argument);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  describe('after initialize', () => {
    let client: LspClient;
    const log: string[] = [];
    before(async () => {
      client = await LspClient.start(undefined, {}, { log: (message) => log.push(message) });
    });
    after(async () => {
      await client.stop();
    });

    it('answers params of the wrong type with InvalidParams (-32602) naming the field', BOUND, async () => {
      const uri = scratchUri('params.topo');
      await client.open(uri, SERVERFAULT);
      const cases: [string, unknown, RegExp][] = [
        ['textDocument/hover', { textDocument: { uri }, position: { line: 'x', character: 0 } }, /^textDocument\/hover: params\.position\.line: /],
        ['textDocument/hover', { textDocument: { uri }, position: { line: -1, character: 0 } }, /params\.position\.line/],
        ['textDocument/completion', { textDocument: { uri } }, /params\.position: /],
        ['textDocument/documentSymbol', { textDocument: null }, /params\.textDocument: /],
        ['textDocument/documentSymbol', [uri], /params: /],
        ['textDocument/references', { textDocument: { uri }, position: { line: 0, character: 0 } }, /params\.context: /],
        ['textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 0 }, newName: 7 }, /params\.newName: /],
        ['textDocument/codeAction', { textDocument: { uri }, range: { start: 1, end: 2 }, context: { diagnostics: [] } }, /params\.range\.start: /],
        ['textDocument/semanticTokens/full', { textDocument: { uri: 42 } }, /params\.textDocument\.uri: /],
        ['workspace/symbol', { query: null }, /params\.query: /],
        ['workspace/executeCommand', { command: ['x'] }, /params\.command: /],
        ['storageTopology/diagram', { uri: {} }, /params\.uri: /],
      ];
      for (const [method, params, message] of cases) {
        const error = await errorOf(client.request(method, params));
        assert.equal(error.code, -32602, `${method}: ${error.code} ${error.message}`);
        assert.match(error.message, message);
      }
      const hover = await client.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 18, character: 6 } });
      assert.ok(hover, 'a well-formed request is answered after the bad ones');
    });

    it('treats a change with range: null as the whole text, and closes its copy after a malformed change', BOUND, async () => {
      const uri = scratchUri('range-null.topo');
      const names = async () => (await client.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri } })).map((s) => s.name);
      await client.open(uri, 'host first {\n}\n');
      await client.change(uri, '', [{ range: null, text: 'host whole {\n}\n' }]);
      assert.deepEqual(await names(), ['whole']);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0 } }, text: 5 }] });
      const closed = new Promise<void>((resolve) => {
        const check = () => (client.latest.get(uri)?.length === 0 ? resolve() : setImmediate(check));
        check();
      });
      await closed;
      assert.deepEqual(await names(), []);
      assert.ok(log.some((message) => message.includes(`closes its copy of ${uri}`)), log.join('\n'));
    });

    it(`answers a flood of ${FLOOD} requests, unknown methods and cancellations, then goes on answering`, BOUND, async () => {
      const uri = scratchUri('flood.topo');
      await client.open(uri, SERVERFAULT);
      const position = { line: 18, character: 6 };
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < FLOOD; i++) {
        const source = new CancellationTokenSource();
        const method = ['textDocument/hover', 'textDocument/documentSymbol', 'textDocument/codeLens', 'storageTopology/noSuchMethod'][i % 4]!;
        pending.push(client.connection.sendRequest(method, { textDocument: { uri }, position }, source.token).then(() => 'answered', (error: unknown) => (error instanceof ResponseError ? error.code : 'failed')));
        if (i % 2 === 0) source.cancel();
        if (i % 10 === 0) void client.connection.sendNotification('$/cancelRequest', { id: 'no-such-request' });
      }
      const outcomes = await Promise.all(pending);
      assert.ok(!outcomes.includes('failed'), 'every request settles with an answer or a JSON-RPC error');
      assert.ok(outcomes.includes(-32601), `unknown methods are MethodNotFound: ${[...new Set(outcomes)].join(', ')}`);
      const diagnostics = await client.change(uri, SERVERFAULT.replaceAll('hv01', 'hv02'));
      assert.ok(diagnostics.some((d) => d.code === 'iscsi-over-team'));
    });
  });
});
