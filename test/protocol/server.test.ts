import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { LspClient, exampleUri } from './lspClient';

const root = path.resolve(import.meta.dirname, '../..');
const serverfault = readFileSync(path.join(root, 'examples/serverfault-lacp-team.topo'), 'utf8');
let client: LspClient;

before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'topo', 0, text), edits);
}

test('diagnostics after open carry code, doc link and source', async () => {
  const uri = exampleUri('serverfault-lacp-team.topo');
  const diagnostics = await client.open(uri, serverfault);
  assert.deepEqual(codes(diagnostics), ['iscsi-over-team', 'single-controller', 'single-switch', 'uncabled']);
  const team = diagnostics.find((d) => d.code === 'iscsi-over-team')!;
  assert.equal(team.source, 'topo');
  assert.match(team.codeDescription!.href, /^file:.*\/docs\/rules\/iscsi-over-team\.md$/);
  assert.ok(team.relatedInformation && team.relatedInformation.length === 2);
});

test('diagnostics follow incremental changes, for the right version', async () => {
  const uri = 'untitled:changes.topo';
  assert.deepEqual(await client.open(uri, 'host a {\n}\n'), []);
  const broken = await client.change(uri, '', [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: '' }]);
  assert.ok(broken.some((d) => String(d.code).startsWith('TOPO2')), 'an unclosed block is a parser error');
  const fixed = await client.change(uri, '', [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '}' }]);
  assert.deepEqual(fixed, []);
});

test('convert-team-to-mpio quick fix clears iscsi-over-team and adds no error', async () => {
  const uri = 'untitled:fix.topo';
  const diagnostics = await client.open(uri, serverfault);
  const team = diagnostics.find((d) => d.code === 'iscsi-over-team')!;
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: team.range,
    context: { diagnostics: [team] },
  });
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes('Disable iscsi-over-team for this line'));
  assert.ok(titles.includes('Show documentation for iscsi-over-team'));
  const convert = actions.find((a) => a.title.startsWith('Convert the team to MPIO paths'))!;
  const fixedText = apply(serverfault, (convert.edit as WorkspaceEdit).changes![uri]);
  const after = await client.change(uri, fixedText);
  assert.ok(!codes(after).includes('iscsi-over-team'));
  assert.ok(after.every((d) => d.severity !== 1), 'no error');
  assert.match(fixedText, /multipath mpio/);
  assert.doesNotMatch(fixedText, /team team0|lag po1/);
});

test('fix all is idempotent', async () => {
  const uri = 'untitled:fixall.topo';
  await client.open(uri, serverfault);
  const request = () =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.topo'] },
    });
  const [fixAll] = await request();
  const fixedText = apply(serverfault, (fixAll.edit as WorkspaceEdit).changes![uri]);
  await client.change(uri, fixedText);
  assert.deepEqual(await request(), []);
});

test('hover, definition, references, rename, symbols and formatting', async () => {
  const uri = 'untitled:nav.topo';
  await client.open(uri, serverfault);
  const doc = TextDocument.create(uri, 'topo', 1, serverfault);
  const at = (needle: string, delta = 0) => doc.positionAt(serverfault.indexOf(needle) + delta);
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at('host hv01', 6) });
  assert.match(JSON.stringify(hover.contents), /hv01.*a host/);
  const definition = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: at('hv01.eth0', 6) });
  assert.equal(doc.offsetAt(definition[0].range.start), serverfault.indexOf('eth0 {'));
  const refs = await client.request<Location[]>('textDocument/references', {
    textDocument: { uri }, position: at('nic eth0', 5), context: { includeDeclaration: true },
  });
  assert.equal(refs.length, 3, 'definition, team member, link');
  const rename = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: at('nic eth0', 5), newName: 'nic0' });
  assert.equal(rename.changes![uri].length, 3);
  await assert.rejects(client.request('textDocument/rename', { textDocument: { uri }, position: at('nic eth0', 5), newName: '0bad' }), /not a valid name/);
  const symbols = await client.request<{ name: string; children?: unknown[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(symbols.map((s) => s.name), ['hv01', 'core1', 'eonstor']);
  const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  const formatted = apply(serverfault, edits);
  await client.change(uri, formatted);
  assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
});

test('requests for unknown documents return empty results', async () => {
  const uri = 'untitled:never-opened.topo';
  assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
  assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
});
