import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { SemanticTokens, SemanticTokensDelta } from 'vscode-languageserver-types';
import { generateTopology, seededRandom } from '../../../bench/generate';
import { SEMANTIC_TOKENS_LEGEND, SemanticTokensHistory, semanticTokens, semanticTokensInRange } from '../../../server/src/features/semanticTokens';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { DesignFiles } from '../../../server/src/service/designFiles';
import { analyzeDesign, analyzeDocument, analyzeNextDesignVersion, type DocumentAnalysis } from '../../../server/src/service/languageService';
import { LineIndex } from '../../../server/src/syntax/lineIndex';

const examples = path.resolve(import.meta.dirname, '../../../examples');
const URI = 'file:///d.topo';
/** A document as the server analyses it: a design of one file, named by its URI. */
const opened = (text: string) => analyzeDesign(DesignFiles.single(text, URI));

/** Decodes LSP's relative encoding into `text:type[.declaration]` per token. */
function decode(text: string, data: number[]): string[] {
  const lines = new LineIndex(text);
  const tokens: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine, deltaChar, length, type, modifiers] = data.slice(i, i + 5) as [number, number, number, number, number];
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaChar : deltaChar;
    const start = lines.offset({ line, character });
    const modifier = modifiers & 1 ? '.declaration' : '';
    tokens.push(`${text.slice(start, start + length)}:${SEMANTIC_TOKENS_LEGEND.tokenTypes[type]}${modifier}`);
  }
  return tokens;
}

const DESIGN = `# two paths
host hv01 {
  multipath mpio
  nic eth0 { ip 10.10.1.11/24  speed 25G }
}
switch core1 { mtu 9216 }
link hv01.eth0 -- core1:1
`;

test('semantic tokens colour names by what they name, and keywords, properties and values by kind', () => {
  const doc = analyzeDocument(DESIGN);
  assert.deepEqual(decode(DESIGN, semanticTokens(doc).data), [
    '# two paths:comment',
    'host:keyword', 'hv01:class.declaration',
    'multipath:property', 'mpio:enumMember',
    'nic:keyword', 'eth0:variable.declaration', 'ip:property', '10.10.1.11/24:number', 'speed:property', '25G:number',
    'switch:keyword', 'core1:interface.declaration', 'mtu:property', '9216:number',
    'link:keyword', 'hv01:class', 'eth0:variable', 'core1:interface', '1:variable',
  ]);
});

test('semantic tokens of every example are in order, on one line each, and never overlap', () => {
  for (const file of readdirSync(examples).filter((name) => name.endsWith('.topo'))) {
    const text = readFileSync(path.join(examples, file), 'utf8');
    const { data } = semanticTokens(analyzeDocument(text));
    for (let i = 0; i < data.length; i += 5) {
      const [deltaLine, deltaChar, length] = data.slice(i, i + 3) as [number, number, number];
      assert.ok(length > 0, `${file}: token ${i / 5} is empty`);
      if (i > 0 && deltaLine === 0) assert.ok(deltaChar >= data[i - 3]!, `${file}: token ${i / 5} overlaps the one before`);
    }
  }
});

test('semantic tokens in a range are the full tokens that start in it', () => {
  const doc = analyzeDocument(DESIGN);
  const all = decode(DESIGN, semanticTokens(doc).data);
  const inRange = semanticTokensInRange(doc, { start: { line: 3, character: 2 }, end: { line: 5, character: 6 } });
  // The range's first line is re-based on line 3, so decode against the text from there.
  const from = new LineIndex(DESIGN).offset({ line: 3, character: 0 });
  const decoded = decode(DESIGN.slice(from), [inRange.data[0]! - 3, ...inRange.data.slice(1)]);
  assert.deepEqual(decoded, all.slice(all.indexOf('nic:keyword'), all.indexOf('core1:interface.declaration')));
});

function applyEdits(data: number[], delta: SemanticTokensDelta): number[] {
  const result = [...data];
  for (const edit of [...delta.edits].sort((a, b) => b.start - a.start)) result.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
  return result;
}

test('a delta applied to the previous result gives the full tokens of the new version', () => {
  const random = seededRandom(7);
  let text = generateTopology({ hosts: 12, seed: 3 }).text;
  const history = new SemanticTokensHistory();
  let previous = history.full(URI, opened(text)) as Required<SemanticTokens>;
  const edits = ['  ', 'nic', ' eth7 { speed 10G }\n', '#', '}', '\n', 'host x {\n'];
  for (let step = 0; step < 60; step++) {
    const at = Math.floor(random() * text.length);
    const removed = random() < 0.3 ? Math.floor(random() * 20) : 0;
    text = text.slice(0, at) + edits[Math.floor(random() * edits.length)]! + text.slice(at + removed);
    const doc = opened(text);
    const answer = history.delta(URI, doc, previous.resultId);
    assert.ok('edits' in answer, 'answered as edits to the previous result');
    const full = semanticTokens(doc).data;
    assert.deepEqual(applyEdits(previous.data, answer), full, `step ${step}`);
    assert.ok(answer.edits.every((edit) => edit.start % 5 === 0 && edit.deleteCount % 5 === 0), 'whole tokens');
    previous = { resultId: answer.resultId!, data: full };
  }
});

test('a delta against an unknown result id is the full tokens', () => {
  const history = new SemanticTokensHistory();
  const doc = opened(DESIGN);
  history.full(URI, doc);
  const answer = history.delta(URI, doc, 'not sent');
  assert.ok('data' in answer);
  assert.deepEqual(answer.data, semanticTokens(doc).data);
});

test('the tokens of a file of a design are those of its lines, counted from its first line', () => {
  const first = generateTopology({ hosts: 3, seed: 1 }).text;
  // The second file's names are its own, so that its tokens are those it has alone.
  const second = DESIGN.replace(/hv01/g, 'hv91').replace(/core1/g, 'core9').replace(/eonstor/g, 'eonstor9');
  const design = analyzeDesign(new DesignFiles([{ name: 'file:///a.topo', text: first }, { name: 'file:///b.topo', text: second }]));
  const history = new SemanticTokensHistory();
  assert.deepEqual(history.full('file:///b.topo', design).data, semanticTokens(analyzeDocument(second)).data);
  assert.deepEqual(history.full('file:///a.topo', design).data, semanticTokens(analyzeDocument(first)).data);
  assert.deepEqual(history.full('file:///elsewhere.topo', design).data, []);
});

test("a delta between an editor's versions rebuilds the full tokens, sending the statements the edit touched", () => {
  let text = generateTopology({ hosts: 40, seed: 5 }).text;
  const history = new SemanticTokensHistory();
  // As the server analyses an editor's versions: each taking the previous one's over.
  const nextVersion = (previous?: DocumentAnalysis) => analyzeNextDesignVersion(DesignFiles.single(text, URI), DEFAULT_SETTINGS, previous);
  let doc = nextVersion();
  let previous = history.full(URI, doc) as Required<SemanticTokens>;
  const next = (edited: string): SemanticTokensDelta => {
    text = edited;
    doc = nextVersion(doc);
    const answer = history.delta(URI, doc, previous.resultId);
    assert.ok('edits' in answer, 'answered as edits to the previous result');
    const full = semanticTokens(analyzeDocument(text)).data;
    assert.deepEqual(applyEdits(previous.data, answer), full);
    previous = { resultId: answer.resultId!, data: full };
    return answer;
  };
  assert.deepEqual(next(text).edits, [], 'the same version: no edit');
  // A comment line typed before a host in the middle sends its token and the host keyword's, now one line further from it.
  const host = text.indexOf('\nhost ', text.length >> 1);
  assert.deepEqual(next(`${text.slice(0, host)}\n# a note${text.slice(host)}`).edits.map((edit) => edit.data?.length), [10]);
  // A property typed on a line of its own into that host sends its two tokens: the next line's are encoded as before.
  const header = text.indexOf('{', host + 3) + 1;
  assert.deepEqual(next(`${text.slice(0, header)}\n  mtu 9000${text.slice(header)}`).edits.map((edit) => edit.data?.length), [10]);
  const random = seededRandom(11);
  const edits = ['  ', 'nic', ' eth7 { speed 10G }\n', '#', '}', '\n', 'host x {\n', 'x'];
  for (let step = 0; step < 80; step++) {
    const at = Math.floor(random() * text.length);
    const removed = random() < 0.3 ? Math.floor(random() * 20) : 0;
    next(text.slice(0, at) + edits[Math.floor(random() * edits.length)]! + text.slice(at + removed));
  }
});

test('a statement keeps its tokens when unchanged, and they follow what its names name and where it starts', () => {
  const tokensOf = (text: string) => decode(text, semanticTokens(analyzeDocument(text)).data);
  const before = tokensOf(DESIGN);
  assert.deepEqual(before.slice(-5), ['link:keyword', 'hv01:class', 'eth0:variable', 'core1:interface', '1:variable'], 'the link names a NIC');
  // The link's text is unchanged, but eth0 is now a team: its name changes colour.
  const teamed = DESIGN.replace('nic eth0 { ip 10.10.1.11/24  speed 25G }', 'nic eth1 { speed 25G }\n  team eth0 { members eth1 }');
  const after = tokensOf(teamed);
  assert.deepEqual(after.slice(-5), ['link:keyword', 'hv01:class', 'eth0:struct', 'core1:interface', '1:variable'], "the link's eth0 names the team");
  // Moved along its line and down: the same tokens, placed where the statement now is.
  const moved = DESIGN.replace('switch core1', '\n\n   switch core1');
  assert.deepEqual(tokensOf(moved), before);
  // Worked out with the statements of another document kept instead: the same.
  tokensOf(generateTopology({ hosts: 3, seed: 1 }).text);
  assert.deepEqual(tokensOf(teamed), after);
});
