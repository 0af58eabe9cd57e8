// What an editor asks of the server while someone types, as VS Code asks it: semantic tokens as
// edits to the previous result and for a visible range.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SemanticTokens, SemanticTokensDelta } from 'vscode-languageserver-types';
import { LspClient } from './lspClient';

let client: LspClient;
let documents = 0;

before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

const DESIGN = `host hv01 {
  multipath mpio
  nic eth0 { ip 10.10.1.11/24  speed 25G }
}
switch core1 { mtu 9216 }
link hv01.eth0 -- core1:1
`;

async function openDesign(): Promise<string> {
  const uri = `untitled:editing-${++documents}.topo`;
  await client.open(uri, DESIGN);
  return uri;
}

test('semantic tokens after an edit come as edits to the previous result, which rebuild the full tokens', async () => {
  const uri = await openDesign();
  const first = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
  assert.ok(first.resultId, 'a result id to ask for a delta with');
  await client.change(uri, '', [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '  nic eth1 { speed 10G }\n' }]);
  const delta = await client.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: first.resultId });
  assert.ok(delta.edits, 'edits, not the full tokens');
  const rebuilt = [...first.data];
  for (const edit of [...delta.edits].reverse()) rebuilt.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
  const full = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
  assert.deepEqual(rebuilt, full.data);
  assert.ok(delta.edits.reduce((sum, edit) => sum + (edit.data?.length ?? 0), 0) < full.data.length / 2, 'the edit sends the new line, not the document');
});

test('semantic tokens of a range cover only the lines asked for', async () => {
  const uri = await openDesign();
  const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/range', {
    textDocument: { uri },
    range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } },
  });
  // switch core1 { mtu 9216 }: keyword, name, property, number.
  assert.deepEqual(tokens.data, [4, 0, 6, 6, 0, 0, 7, 5, 1, 1, 0, 8, 3, 7, 0, 0, 4, 4, 8, 0]);
});
