// The outline's size limit as an editor meets it: the setting read through workspace/configuration,
// the outline of a file over it listing its top-level elements alone, the notification the client
// shows as a language status item, and the whole outline again once the setting is raised.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { OUTLINE_LIMITED_NOTIFICATION, type OutlineLimitedParams } from '../../server/src/protocol';
import { LspClient, exampleUri } from './lspClient';

const root = path.resolve(import.meta.dirname, '../..');
const name = 'dual-fabric-mpio.topo';
const text = readFileSync(path.join(root, 'examples', name), 'utf8');
const uri = exampleUri(name);

/** What the client answers to workspace/configuration; changed by the tests as a user changes the setting. */
const settings: { diagnostics: { debounceMs: number }; outline: { maxSymbols: unknown } } = { diagnostics: { debounceMs: 0 }, outline: { maxSymbols: 3 } };
const serverLog: string[] = [];
/** Every storageTopology/outlineLimited the server sent, in order. */
const told: OutlineLimitedParams[] = [];
let client: LspClient;

before(async () => {
  client = await LspClient.start(settings, {}, { log: (message) => serverLog.push(message) });
  client.connection.onNotification(OUTLINE_LIMITED_NOTIFICATION, (params: OutlineLimitedParams) => void told.push(params));
  await client.open(uri, text);
});
after(async () => {
  await client.stop();
});

const outline = () => client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });

function counted(symbols: readonly DocumentSymbol[]): number {
  return symbols.reduce((sum, symbol) => sum + 1 + counted(symbol.children ?? []), 0);
}

/** Changes the setting as VS Code's language client tells the server: the section pushed, which the server then asks for. */
async function setMaxSymbols(maxSymbols: unknown): Promise<void> {
  settings.outline.maxSymbols = maxSymbols;
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { storageTopology: settings } });
}

test('over outline.maxSymbols the outline lists the top-level elements alone, said once; raised, the whole outline, said too', async () => {
  const limited = await outline();
  assert.ok(limited.length > 3, 'the example has more top-level elements than the limit');
  assert.ok(limited.every((symbol) => symbol.children === undefined));
  assert.equal(told.length, 1, 'told before the answer');
  const symbolCount = told[0]!.symbolCount;
  assert.deepEqual(told[0], { uri, limited: true, symbolCount, maxSymbols: 3 });

  // VS Code asks twice per pause (breadcrumbs and sticky scroll): the same answer, told once.
  assert.deepEqual(await outline(), limited);
  assert.equal(told.length, 1);

  await setMaxSymbols(symbolCount);
  const whole = await outline();
  assert.equal(counted(whole), symbolCount);
  assert.ok(whole.some((symbol) => symbol.children?.length));
  assert.deepEqual(
    whole.map(({ children: _children, ...symbol }) => symbol),
    limited,
  );
  assert.deepEqual(told.slice(1), [{ uri, limited: false, symbolCount, maxSymbols: symbolCount }]);

  await setMaxSymbols(symbolCount - 1);
  assert.deepEqual(await outline(), limited);
  assert.deepEqual(told.slice(2), [{ uri, limited: true, symbolCount, maxSymbols: symbolCount - 1 }]);
});

test('a wrong outline.maxSymbols is left out with a message in the log, and the default 5,000 applies', async () => {
  const before = told.length;
  await setMaxSymbols(-1);
  const whole = await outline();
  assert.ok(whole.some((symbol) => symbol.children?.length), 'the whole outline, within 5,000');
  assert.deepEqual(told.slice(before).map((params) => [params.limited, params.maxSymbols]), [[false, 5000]]);
  assert.ok(
    serverLog.some((message) => message === "Settings: 'outline.maxSymbols' must be a whole number of symbols, 0 or more, not -1"),
    serverLog.join('\n'),
  );
});
