// Editor features over the real server, on inline documents with a `<|>` cursor marker.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type {
  CodeAction, CodeLens, CompletionItem, CompletionList, Diagnostic, DocumentHighlight, FoldingRange, Position, SemanticTokens, SymbolInformation, TextEdit, WorkspaceSymbol,
} from 'vscode-languageserver-types';
import { generateTopology } from '../../bench/generate';
import { applyEdits, LspClient, positionAt, withCursor } from './lspClient';

const root = path.resolve(import.meta.dirname, '../..');
const languageConfiguration = JSON.parse(readFileSync(path.join(root, 'language-configuration.json'), 'utf8')) as { wordPattern: string };
const COMPLETION_KIND_SNIPPET = 15;
const INSERT_TEXT_FORMAT_SNIPPET = 2;
let client: LspClient;
let documents = 0;

before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

/** Opens marked text as a new document; resolves with its uri and the cursor position. */
async function openMarked(marked: string): Promise<{ uri: string; text: string; position: Position }> {
  const { text, position } = withCursor(marked);
  const uri = `untitled:features-${++documents}.topo`;
  await client.open(uri, text);
  return { uri, text, position };
}

async function completionLabels(marked: string): Promise<string[]> {
  return (await completionItems(marked)).map((item) => item.label);
}

async function completionItems(marked: string): Promise<CompletionItem[]> {
  const { uri, position } = await openMarked(marked);
  const result = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
  return Array.isArray(result) ? result : (result?.items ?? []);
}

const HOST = `host hv01 {
  os windows-server-2022
  multipath mpio
  nic eth0 { ip 10.10.1.11/24  speed 25G }
  nic eth1 { ip 10.10.2.11/24  speed 25G }
  team t0 { members eth0, eth1  mode lacp }
}

array san01 {
  controller A {
    port p0 { ip 10.10.1.100/24  speed 25G }
  }
  controller B {
    port p0 { ip 10.10.2.100/24  speed 25G }
  }
  trunk tg0 { members A.p0  mode lacp }
  volume vol1 { size 4T  owner A  hosts hv01 }
}
`;

test('completion offers the keywords of a host block', async () => {
  const labels = await completionLabels('host hv01 {\n  <|>\n}\n');
  for (const keyword of ['os', 'multipath', 'policy', 'nic', 'team', 'vmk']) assert.ok(labels.includes(keyword), keyword);
  assert.ok(!labels.includes('controller'));
});

test("completion after `link hv01.` offers that host's NICs", async () => {
  assert.deepEqual(await completionLabels('host hv01 { nic eth0 { speed 10G }  nic eth1 { speed 10G } }\nlink hv01.<|>\n'), ['hv01.eth0', 'hv01.eth1']);
});

/**
 * Accepts the completion item labelled `label` at the cursor as VS Code does: its `textEdit` when it
 * has one, else its text over the part of the word (by the language configuration's `wordPattern`)
 * before the cursor. Resolves with the new text and the diagnostics published for it.
 */
async function accept(marked: string, label: string): Promise<{ text: string; diagnostics: Diagnostic[] }> {
  const { uri, text, position } = await openMarked(marked);
  const result = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  const item = items.find((candidate) => candidate.label === label);
  assert.ok(item, `'${label}' is offered: ${items.map((candidate) => candidate.label).join(', ')}`);
  let edit: TextEdit;
  if (item.textEdit) {
    const range = 'range' in item.textEdit ? item.textEdit.range : item.textEdit.insert;
    assert.equal(range.start.line, position.line, 'the edit stays on the cursor line');
    assert.deepEqual(range.end, position, 'the edit ends at the cursor');
    edit = { range, newText: item.textEdit.newText };
  } else {
    const line = text.split('\n')[position.line];
    const word = [...line.matchAll(new RegExp(languageConfiguration.wordPattern, 'g'))]
      .find((match) => match.index <= position.character && position.character <= match.index + match[0].length);
    const start = word ? word.index : position.character;
    edit = { range: { start: { line: position.line, character: start }, end: position }, newText: item.insertText ?? item.label };
  }
  const accepted = applyEdits(text, [edit]);
  return { text: accepted, diagnostics: await client.change(uri, accepted) };
}

const CABLED = `host hv01 {
  os windows-server-2022
  multipath mpio
  nic eth0 { ip 10.10.1.11/24  speed 25G }
}

switch sw-a {
  port 7 { speed 25G }
}

array san01 {
  controller A {
    port p0 { ip 10.10.1.100/24  speed 25G }
  }
  volume vol1 { size 4T  owner A  hosts hv01 }
}
`;

const DOTTED_NAMES: { marked: string; label: string; line: string }[] = [
  { marked: `${CABLED}link hv01.<|> -- sw-a:7`, label: 'hv01.eth0', line: 'link hv01.eth0 -- sw-a:7' },
  { marked: `${CABLED}link hv01.e<|> -- sw-a:7`, label: 'hv01.eth0', line: 'link hv01.eth0 -- sw-a:7' },
  { marked: `${CABLED}link hv01.eth0 -- sw-a:<|>`, label: 'sw-a:7', line: 'link hv01.eth0 -- sw-a:7' },
  { marked: `${CABLED}link sw-a:7 -- san01.A.<|>`, label: 'san01.A.p0', line: 'link sw-a:7 -- san01.A.p0' },
  { marked: `${CABLED}session hv01 -> san01.<|>`, label: 'san01.vol1', line: 'session hv01 -> san01.vol1' },
  { marked: `${CABLED}session hv01 -> san01.vol1 via eth0 -> san01.<|>`, label: 'san01.A.p0', line: 'session hv01 -> san01.vol1 via eth0 -> san01.A.p0' },
  { marked: `${CABLED}session hv01 -> san01.vol1 via eth0 -> san01.A.p<|>`, label: 'san01.A.p0', line: 'session hv01 -> san01.vol1 via eth0 -> san01.A.p0' },
];

for (const { marked, label, line } of DOTTED_NAMES) {
  test(`accepting '${label}' at '${marked.split('\n').pop()}' writes the name once`, async () => {
    const { text, diagnostics } = await accept(marked, label);
    assert.equal(text.split('\n').pop(), line);
    const languageProblems = diagnostics.filter((diagnostic) => /^TOPO/.test(String(diagnostic.code)));
    assert.deepEqual(languageProblems.map((diagnostic) => `${diagnostic.code} ${diagnostic.message}`), []);
  });
}

test('completion offers policy values after `policy `', async () => {
  const labels = await completionLabels('host hv01 {\n  policy <|>\n}\n');
  assert.ok(labels.includes('round-robin') && labels.includes('least-queue-depth'));
});

test('completion offers units after a typed speed or size', async () => {
  assert.deepEqual(await completionLabels('host hv01 {\n  nic eth0 { speed 10<|> }\n}\n'), ['10G', '10M']);
  assert.ok((await completionLabels('host hv01 {\n  nic eth0 { ip 10.10.1.11/24  speed 25<|> }\n}\n')).includes('25G'), 'second property on a line');
  assert.ok((await completionLabels('array a {\n  volume v { size 4<|> }\n}\n')).includes('4T'));
  assert.ok((await completionLabels('host hv01 {\n  nic eth0 { speed <|> }\n}\n')).includes('25G'));
});

test('completion after a complete property on the line offers the next properties', async () => {
  const labels = await completionLabels('host hv01 {\n  nic eth0 { ip 10.10.1.11/24  <|> }\n}\n');
  assert.ok(labels.includes('speed') && labels.includes('mtu'));
});

test('session completion: hosts, then targets, then initiators, then portals', async () => {
  assert.deepEqual(await completionLabels(`${HOST}session <|>\n`), ['hv01']);
  assert.deepEqual(await completionLabels(`${HOST}session hv01 -> <|>\n`), ['san01', 'san01.vol1']);
  assert.deepEqual(await completionLabels(`${HOST}session hv01 -> san01.vol1 via <|>\n`), ['eth0', 'eth1', 't0']);
  assert.deepEqual(await completionLabels(`${HOST}session hv01 -> san01.vol1 via eth0 -> <|>\n`), ['san01.A.p0', 'san01.B.p0', 'san01.tg0']);
  assert.deepEqual(await completionLabels(`${HOST}session hv01 -> san01 via eth0 -> san01.A.p0, <|>\n`), ['eth0', 'eth1', 't0']);
});

test('portals: completion offers them after a session\'s arrow and their ports in their block; hover says who carries them', async () => {
  const array = HOST.replace('  trunk tg0 { members A.p0  mode lacp }\n', '  portal vip { ip 10.10.1.50/24  ports A.p0, B.p0  mode float }\n');
  assert.deepEqual(await completionLabels(`${array}session hv01 -> san01 via eth0 -> <|>\n`), ['san01.A.p0', 'san01.B.p0', 'san01.vip']);
  assert.deepEqual(await completionLabels(array.replace('ports A.p0, B.p0', 'ports <|>')), ['A.p0', 'B.p0']);
  const { uri, text } = await openMarked(`${array}session hv01 -> san01 via eth0 -> san01.vip<|>\n`);
  const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('vip {')) });
  assert.match(hover?.contents.value ?? '', /carried by san01\.A while it is up, by san01\.B after a failover/);
});

test('completion offers entity snippets at the top level and inside blocks', async () => {
  const top = (await completionItems('<|>\n')).filter((item) => item.kind === COMPLETION_KIND_SNIPPET);
  const prefixes = top.map((item) => item.label);
  for (const prefix of ['host', 'host-esxi', 'switch-mlag', 'array', 'link', 'session-mcs']) assert.ok(prefixes.includes(prefix), prefix);
  assert.ok(!prefixes.includes('nic'));
  const host = top.find((item) => item.label === 'host')!;
  assert.equal(host.insertTextFormat, INSERT_TEXT_FORMAT_SNIPPET);
  assert.ok(host.textEdit && 'range' in host.textEdit);
  assert.match(host.textEdit.newText, /^host \$\{1:hv01\} \{\n\tos /);
  const inHost = (await completionItems('host hv01 {\n  <|>\n}\n')).filter((item) => item.kind === COMPLETION_KIND_SNIPPET).map((item) => item.label);
  assert.deepEqual(inHost.sort(), ['hba', 'nic', 'team', 'vmk']);
  const inSwitch = (await completionItems('switch sw {\n  <|>\n}\n')).filter((item) => item.kind === COMPLETION_KIND_SNIPPET).map((item) => item.label);
  assert.deepEqual(inSwitch.sort(), ['lag', 'port']);
  const inArray = (await completionItems('array a {\n  <|>\n}\n')).filter((item) => item.kind === COMPLETION_KIND_SNIPPET).map((item) => item.label);
  assert.deepEqual(inArray.sort(), ['controller', 'portal', 'trunk', 'volume']);
});

test('snippets are offered only where an entity or a property can begin', async () => {
  const snippetsAt = async (marked: string) => (await completionItems(marked)).filter((item) => item.kind === COMPLETION_KIND_SNIPPET).map((item) => item.label);
  assert.ok((await snippetsAt(`${HOST}ho<|>`)).includes('host'), 'a typed keyword at the top level');
  for (const marked of [
    `${HOST}link hv01.eth0 -- <|>`,
    `${HOST}link hv01.eth0 <|>`,
    `${HOST}session hv01 -> <|>`,
    `${HOST}session hv01 -> san01.vol1 via <|>`,
    `${HOST}session hv01 -> san01.vol1 via eth0 -> <|>`,
    `${HOST}session hv01 -> san01.vol1 via eth0 -> s<|>`,
    'host hv01 {\n  nic <|>\n}\n',
    'host hv01 {\n  policy <|>\n}\n',
    'host hv01 <|>\n',
    '# a comment <|>\n',
  ]) {
    assert.deepEqual(await snippetsAt(marked), [], marked);
  }
});

test('code lens on a host summarises its paths', async () => {
  const text = readFileSync(path.join(root, 'examples/serverfault-lacp-team.topo'), 'utf8');
  const uri = 'untitled:features-lens.topo';
  await client.open(uri, text);
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  const hostLine = positionAt(text, text.indexOf('host hv01')).line;
  const lens = lenses.find((candidate) => candidate.range.start.line === hostLine);
  assert.ok(lens?.command, 'a lens on the host line');
  assert.match(lens.command.title, /path/);
});

test('folding ranges cover each multi-line block', async () => {
  const { uri } = await openMarked(`<|>${HOST}`);
  const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
  const starts = ranges.map((range) => range.startLine);
  assert.ok(starts.includes(0), 'host');
  assert.ok(starts.includes(8), 'array');
  assert.ok(starts.includes(9), 'controller A');
  assert.ok(ranges.every((range) => range.endLine > range.startLine));
});

test("folding ranges are at most the client's rangeLimit, every host block among them", async () => {
  const limited = await LspClient.start(undefined, { foldingRange: { rangeLimit: 40, lineFoldingOnly: true } });
  try {
    const uri = 'untitled:features-folding-limit.topo';
    const text = generateTopology({ hosts: 40, seed: 3 }).text;
    await limited.open(uri, text);
    const ranges = await limited.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const all = await client.open('untitled:features-folding-all.topo', text).then(() => client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: 'untitled:features-folding-all.topo' } }));
    assert.ok(all.length > 40, `${all.length} ranges without a limit`);
    assert.equal(ranges.length, 40);
    const hostLines = [...text.matchAll(/^host /gm)].map((match) => positionAt(text, match.index).line);
    assert.deepEqual(hostLines.filter((line) => !ranges.some((range) => range.startLine === line)), []);
  } finally {
    await limited.stop();
  }
});

test('semantic tokens are encoded in groups of five', async () => {
  const { uri } = await openMarked(`<|>${HOST}`);
  const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
  assert.ok(tokens.data.length > 0);
  assert.equal(tokens.data.length % 5, 0);
});

test('document highlight marks a NIC and its references', async () => {
  const { uri, text, position } = await openMarked(HOST.replace('nic eth0', 'nic eth<|>0'));
  const highlights = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri }, position });
  assert.equal(highlights.length, 2, 'definition and team member');
  assert.deepEqual(highlights.map((h) => h.range.start), [positionAt(text, text.indexOf('eth0 {')), positionAt(text, text.indexOf('eth0, eth1'))]);
});

test('workspace symbols find a host by query', async () => {
  await openMarked(`<|>${HOST}`);
  const symbols = await client.request<(SymbolInformation | WorkspaceSymbol)[]>('workspace/symbol', { query: 'hv' });
  assert.ok(symbols.some((symbol) => symbol.name === 'hv01'), symbols.map((s) => s.name).join(', '));
});

test('source.fixAll.topo is offered as its own code action kind', async () => {
  const text = readFileSync(path.join(root, 'examples/serverfault-lacp-team.topo'), 'utf8');
  const uri = 'untitled:features-fixall.topo';
  await client.open(uri, text);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll.topo'] } });
  assert.deepEqual(actions.map((action) => action.kind), ['source.fixAll.topo']);
  const sourceActions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source'] } });
  assert.ok(sourceActions.some((action) => action.kind === 'source.fixAll.topo'), 'a request for `source` includes it');
});
