// What an editor asks of the server while someone types, as VS Code asks it: semantic tokens as
// edits to the previous result and for a visible range; diagnostics of the last of a burst of
// changes, pushed, and not sent again when they are unchanged.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Diagnostic, SemanticTokens, SemanticTokensDelta } from 'vscode-languageserver-types';
import { LSPErrorCodes } from 'vscode-languageserver/node';
import { generateTopology } from '../../bench/generate';
import { MAX_DEBOUNCE_MS } from '../../server/src/service/settings';
import { applyTokenEdits, asksSettingsOf, completesCheck, isAnswer, LspClient, positionAt } from './lspClient';

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
  const rebuilt = applyTokenEdits(first.data, delta.edits);
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

test('a burst of changes is analysed for its last version, not once per change', async () => {
  const uri = `untitled:editing-${++documents}.topo`;
  const text = generateTopology({ hosts: 300, seed: 5 }).text;
  await client.open(uri, text);
  const commentLength = text.indexOf('\n');
  const published: number[] = [];
  const keystrokes = 20;
  const changes: Promise<Diagnostic[]>[] = [];
  for (let i = 0; i < keystrokes; i++) {
    const version = i + 2;
    const at = { line: 0, character: commentLength + i };
    changes.push(client.change(uri, '', [{ range: { start: at, end: at }, text: 'x' }]).then((diagnostics) => {
      published.push(version);
      return diagnostics;
    }));
  }
  const last = await changes[keystrokes - 1];
  assert.ok(published.length <= 3, `diagnostics published for versions ${published.join(', ')}`);
  assert.equal(published.at(-1), keystrokes + 1);
  // Typed into the leading comment: the findings are those of the design as opened.
  const fresh = `untitled:editing-${++documents}.topo`;
  const expected = await client.open(fresh, `${text.slice(0, commentLength)}${'x'.repeat(keystrokes)}${text.slice(commentLength)}`);
  assert.deepEqual(last, expected.map((diagnostic) => ({ ...diagnostic, relatedInformation: diagnostic.relatedInformation?.map((info) => ({ ...info, location: { ...info.location, uri } })) })));
});

test('diagnostics are pushed to a client that could pull them, and not sent again when an edit leaves them unchanged', async () => {
  // An editor cancels its pull at every keystroke: pulled diagnostics would not come while someone types.
  const puller = await LspClient.start(undefined, { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } });
  try {
    assert.equal(puller.serverCapabilities.diagnosticProvider, undefined, 'pull not offered');
    const uri = 'untitled:pushed.topo';
    const first = await puller.open(uri, DESIGN);
    assert.deepEqual(puller.publishedVersions, [1]);
    // A comment line added after the last statement moves no finding.
    const unchanged = await puller.change(uri, '', [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, text: '# end\n' }]);
    assert.deepEqual(unchanged, first);
    assert.deepEqual(puller.publishedVersions, [1], 'the same list is not sent again');
    const second = await puller.change(uri, '', [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: 'link hv01.eth9 -- core1:2\n' }]);
    assert.deepEqual(puller.publishedVersions, [1, 3]);
    assert.ok(second.length > first.length, 'the unknown NIC is reported');
  } finally {
    await puller.stop();
  }
});

test('findings an edit moves are sent again only when their lines or characters change, as a fresh analysis finds them', async () => {
  const uri = `untitled:editing-${++documents}.topo`;
  const text = generateTopology({ hosts: 40, seed: 3 }).text;
  const first = await client.open(uri, text);
  assert.ok(first.length > 0, 'the design has findings');
  const publishedBefore = client.publishedVersions.length;
  // Typed at the end of the leading comment: every finding's offsets move, not its line and character.
  const at = { line: 0, character: text.indexOf('\n') };
  const moved = await client.change(uri, '', [{ range: { start: at, end: at }, text: ' x' }]);
  assert.deepEqual(moved, first);
  assert.equal(client.publishedVersions.length, publishedBefore, 'the same diagnostics are not sent again');
  const start = { line: 0, character: 0 };
  const down = await client.change(uri, '', [{ range: { start, end: start }, text: '# site A\n' }]);
  assert.equal(client.publishedVersions.length, publishedBefore + 1);
  const fresh = `untitled:editing-${++documents}.topo`;
  const expected = await client.open(fresh, `# site A\n${text.slice(0, at.character)} x${text.slice(at.character)}`);
  const inUri = (diagnostic: Diagnostic) => (diagnostic.relatedInformation ? { ...diagnostic, relatedInformation: diagnostic.relatedInformation.map((info) => ({ ...info, location: { ...info.location, uri } })) } : diagnostic);
  assert.deepEqual(down, expected.map(inUri));
  assert.deepEqual(down.map((diagnostic) => diagnostic.range.start.line), first.map((diagnostic) => diagnostic.range.start.line + 1));
});

test('after edits that move statements, semantic tokens (as edits), symbols, folding ranges and code lenses are those of the text opened afresh', async () => {
  const uri = `untitled:editing-${++documents}.topo`;
  let text = generateTopology({ hosts: 40, seed: 6 }).text;
  await client.open(uri, text);
  const answers = async (asked: string) => ({
    symbols: await client.request('textDocument/documentSymbol', { textDocument: { uri: asked } }),
    folding: await client.request('textDocument/foldingRange', { textDocument: { uri: asked } }),
    lenses: await client.request('textDocument/codeLens', { textDocument: { uri: asked } }),
  });
  let tokens = await client.request<Required<SemanticTokens>>('textDocument/semanticTokens/full', { textDocument: { uri } });
  await answers(uri);
  const hosts = [...text.matchAll(/^host [^\n]*\{$/gm)];
  const middle = hosts[hosts.length >> 1]!;
  const afterHeader = middle.index! + middle[0].length;
  const edits: { at: number; removed: number; inserted: string }[] = [
    // A NIC typed into the host in the middle: the statements after it move down a line.
    { at: afterHeader, removed: 0, inserted: '\n  nic eth9 { mtu 9000 }' },
    // A character at the end of a line: later statements move by offsets only.
    { at: afterHeader, removed: 0, inserted: ' ' },
    // The line deleted again: the statements after it move up.
    { at: afterHeader, removed: ' \n  nic eth9 { mtu 9000 }'.length, inserted: '' },
    // A host before every other statement.
    { at: text.indexOf('\nhost ') + 1, removed: 0, inserted: 'host h0 {\n  nic eth0 { ip 10.9.9.9/16 }\n}\n' },
  ];
  for (const [step, edit] of edits.entries()) {
    const start = positionAt(text, edit.at);
    const end = positionAt(text, edit.at + edit.removed);
    text = text.slice(0, edit.at) + edit.inserted + text.slice(edit.at + edit.removed);
    await client.change(uri, '', [{ range: { start, end }, text: edit.inserted }]);
    const delta = await client.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: tokens.resultId });
    const fresh = `untitled:editing-${++documents}.topo`;
    await client.open(fresh, text);
    const expectedTokens = await client.request<Required<SemanticTokens>>('textDocument/semanticTokens/full', { textDocument: { uri: fresh } });
    const rebuilt = applyTokenEdits(tokens.data, delta.edits);
    assert.deepEqual(rebuilt, expectedTokens.data, `tokens after edit ${step}`);
    assert.deepEqual(await answers(uri), await answers(fresh), `symbols, folding and lenses after edit ${step}`);
    tokens = { resultId: delta.resultId!, data: rebuilt };
  }
});

test('the preview answers a version once its diagnostics are out, publishing them at once rather than after their debounce', async () => {
  const patient = await LspClient.start({ diagnostics: { debounceMs: 600_000 } });
  try {
    const uri = 'untitled:preview-after-diagnostics.topo';
    const order: string[] = [];
    const diagnosed = patient.open(uri, DESIGN).then(() => order.push('diagnostics'));
    await patient.request('storageTopology/diagram', { uri, version: 1, expandedGroups: [] }).then(() => order.push('diagram'));
    await diagnosed;
    assert.deepEqual(order, ['diagnostics', 'diagram']);
  } finally {
    await patient.stop();
  }
});

test('the outline, code lenses and folding asked at once after a change are answered after that version is checked', async () => {
  const uri = `untitled:editing-${++documents}.topo`;
  const text = generateTopology({ hosts: 300, seed: 6 }).text;
  await client.open(uri, text);
  const line = text.slice(0, text.indexOf('\nhost ', text.length >> 1)).split('\n').length;
  for (const typed of ['  nic eth9 {}\n', ' ']) {
    const order: string[] = [];
    const checked = client.change(uri, '', [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: typed }]).then(() => order.push('checked'));
    const answered = ['documentSymbol', 'codeLens', 'foldingRange'].map((request) => client.request(`textDocument/${request}`, { textDocument: { uri } }).then(() => order.push(request)));
    await Promise.all([checked, ...answered]);
    assert.equal(order[0], 'checked', `the change's check comes first: ${order.join(', ')}`);
  }
});

test('the diagnostics of a document opened while large answers wait to be written come before them', async () => {
  const large = `untitled:editing-${++documents}.topo`;
  const outline = () => client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: large } });
  await Promise.all([client.open(large, generateTopology({ hosts: 1000, seed: 7 }).text), outline()]);
  // Outlines of 1,000 hosts, about 700 KB each, several times what the pipe and the client's
  // buffers hold: once the client stops reading behind the first, the next one is being written and
  // the others wait. The design is opened then. Its check waits for the server's request for its
  // settings, which goes out before the waiting outlines, with the next outline begun behind it; the
  // client stops reading behind the request until its answer is written, so the server has the
  // answer while that outline is still in the pipe, and checks the design in fewer turns than it
  // takes to write an outline: the others still wait when the check's messages are sent.
  const order: string[] = [];
  const firstOutline = client.stopReadingAfter(isAnswer);
  const outlines = Array.from({ length: 6 }, async () => {
    const answer = await outline();
    order.push('outline');
    return answer;
  });
  await firstOutline;
  const opened = `untitled:editing-${++documents}.topo`;
  const settingsAsked = client.stopReadingAfter(asksSettingsOf(opened));
  const checked = client.open(opened, DESIGN).then(() => order.push('checked'));
  client.readOn();
  await client.answerWritten(await settingsAsked);
  client.readOn();
  await checked;
  for (const answer of await Promise.all(outlines)) assert.ok(answer.length > 0);
  assert.ok(order.indexOf('checked') < order.lastIndexOf('outline'), `the check comes before the last outline: ${order.join(', ')}`);
});

test('an answer whose request the editor cancelled while it waited to be written comes as RequestCancelled', async () => {
  // The server's own check of a change waits for the debounce, here longer than the test: the change
  // below is checked when its code lenses ask for it, and the lenses are worked out once the check's
  // last message is written, before the server reads anything more from the editor. So the
  // cancellation, sent once that message is read, comes after the answer: only the writer can turn
  // it into RequestCancelled.
  const editor = await LspClient.start({ diagnostics: { debounceMs: MAX_DEBOUNCE_MS } });
  try {
    const large = `untitled:editing-${++documents}.topo`;
    const outline = () => editor.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: large } });
    await Promise.all([editor.open(large, generateTopology({ hosts: 1000, seed: 8 }).text), outline()]);
    const opened = `untitled:editing-${++documents}.topo`;
    await Promise.all([editor.open(opened, DESIGN), editor.request('textDocument/codeLens', { textDocument: { uri: opened } })]);
    // Outlines of 1,000 hosts, about 700 KB each, several times what the pipe and the client's
    // buffers hold: once the client stops reading behind the first, the next one is being written
    // and the others wait. The server checks the change in fewer turns than it takes to write an
    // outline, so the check's messages go out after the next outline or the one after; the client
    // stops reading behind them, with outlines still waiting ahead of the lenses, until the
    // cancellation is written.
    const firstOutline = editor.stopReadingAfter(isAnswer);
    const outlines = Array.from({ length: 6 }, outline);
    await firstOutline;
    const checkWritten = editor.stopReadingAfter(completesCheck(opened, 2));
    const checked = editor.change(opened, '', [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, text: '# cabling reviewed\n' }]);
    const lenses = editor.cancellableRequest<unknown[]>('textDocument/codeLens', { textDocument: { uri: opened } });
    editor.readOn();
    await checkWritten;
    await lenses.cancel();
    editor.readOn();
    await checked;
    for (const answer of await Promise.all(outlines)) assert.ok(answer.length > 0);
    await assert.rejects(lenses.answer, (error: { code?: number }) => error.code === LSPErrorCodes.RequestCancelled);
  } finally {
    await editor.stop();
  }
});
