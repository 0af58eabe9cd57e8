import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Range, SemanticTokens, SemanticTokensDelta } from 'vscode-languageserver-types';
import { typingRound } from '../../../bench/editorClient';
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

/**
 * An editor's versions of one document, analysed as the server does (each taking the previous one's
 * over) and their tokens asked for as VS Code does (a delta from the last result): each version's
 * delta applied to the previous result, its full tokens and those of a range are a fresh analysis's.
 */
class EditorVersions {
  private doc: DocumentAnalysis;
  private readonly history = new SemanticTokensHistory();
  private previous: Required<SemanticTokens>;

  constructor(public text: string) {
    this.doc = analyzeNextDesignVersion(DesignFiles.single(text, URI), DEFAULT_SETTINGS, undefined);
    this.previous = this.history.full(URI, this.doc) as Required<SemanticTokens>;
  }

  /** The next version's tokens, decoded; `range` is the lines a range asked for spans. */
  next(text: string, where: string, range?: Range): string[] {
    this.text = text;
    this.doc = analyzeNextDesignVersion(DesignFiles.single(text, URI), DEFAULT_SETTINGS, this.doc);
    const answer = this.history.delta(URI, this.doc, this.previous.resultId);
    assert.ok('edits' in answer, `${where}: answered as edits to the previous result`);
    // Worked out from nothing: a document of its own, whose tokens come from no version before.
    const fresh = analyzeDocument(text);
    const expected = semanticTokens(fresh).data;
    assert.deepEqual(decode(text, applyEdits(this.previous.data, answer)), decode(text, expected), where);
    assert.deepEqual(applyEdits(this.previous.data, answer), expected, where);
    assert.deepEqual(semanticTokens(this.doc).data, expected, where);
    if (range) assert.deepEqual(semanticTokensInRange(this.doc, range).data, semanticTokensInRange(fresh, range).data, `${where}, in ${JSON.stringify(range)}`);
    this.previous = { resultId: answer.resultId!, data: expected };
    return decode(text, expected);
  }
}

/** The text after each change of a list of changes an editor sends, applied as `TextDocument` does. */
function afterEach(text: string, events: readonly { range: Range; text: string }[][]): string[] {
  const texts: string[] = [];
  for (const changes of events) {
    for (const change of changes) {
      const lines = new LineIndex(text);
      text = text.slice(0, lines.offset(change.range.start)) + change.text + text.slice(lines.offset(change.range.end));
    }
    texts.push(text);
  }
  return texts;
}

test("over the benchmark's typing round, every version's tokens are those of a fresh analysis", () => {
  const text = generateTopology({ hosts: 60, seed: 4 }).text;
  const editor = new EditorVersions(text);
  for (const host of [0, 30, 59]) {
    const round = typingRound(editor.text, host);
    const line = editor.text.slice(0, [...editor.text.matchAll(/^host /gm)][host]!.index).split('\n').length - 1;
    afterEach(editor.text, round).forEach((version, keystroke) =>
      editor.next(version, `host ${host}, keystroke ${keystroke}`, { start: { line, character: 0 }, end: { line: line + 3, character: 4 } }),
    );
  }
});

test('a definition renamed, removed or changed in kind recolours the names that refer to it in statements the edit did not touch', () => {
  const editor = new EditorVersions(DESIGN);
  const link = (tokens: string[]) => tokens.slice(tokens.lastIndexOf('link:keyword'));
  const nic = 'nic eth0 { ip 10.10.1.11/24  speed 25G }';
  const teamed = DESIGN.replace(nic, 'nic eth1 { speed 25G }\n  team eth0 { members eth1 }');
  assert.deepEqual(link(editor.next(teamed, 'the NIC made a team')), ['link:keyword', 'hv01:class', 'eth0:struct', 'core1:interface', '1:variable']);
  assert.deepEqual(link(editor.next(DESIGN, 'the team made a NIC again')), ['link:keyword', 'hv01:class', 'eth0:variable', 'core1:interface', '1:variable']);
  // Typed letter by letter: the NIC's new name, then the old one again.
  for (const name of ['eth', 'eth9', 'eth', 'eth0']) editor.next(DESIGN.replace('nic eth0', `nic ${name}`), `the NIC renamed ${name}`);
  assert.deepEqual(link(editor.next(DESIGN.replace('nic eth0', 'nic eth9'), 'the NIC renamed')), ['link:keyword', 'hv01:class', 'core1:interface', '1:variable']);
  assert.deepEqual(link(editor.next(DESIGN.replace('switch core1', 'switch core2'), 'the switch renamed')), ['link:keyword', 'hv01:class', 'eth0:variable']);
  assert.deepEqual(link(editor.next(DESIGN.replace('host hv01', 'host hv02'), 'the host renamed')), ['link:keyword', 'core1:interface', '1:variable']);
  assert.deepEqual(link(editor.next(DESIGN, 'all as it was')), ['link:keyword', 'hv01:class', 'eth0:variable', 'core1:interface', '1:variable']);
});

/** Edits as an editor makes them: mostly typed inside hosts, sometimes across statements, in a switch or array, or several at once. */
function randomEdit(text: string, random: () => number): string {
  const pieces = [' ', '\n', 'a', '7', '.', ':', '{', '}', '#', 'eth9', 'nic eth9 {}\n  ', 'team t9 { members eth0 }\n  ', 'speed 1G\n', 'host x {\n', 'lag 9 { members 1 }\n', 'link h00001.eth0 -- sw0a:9\n'];
  const hostStarts = [...text.matchAll(/^(host|switch|array) /gm)].map((match) => match.index);
  const kind = random();
  if (kind < 0.15) {
    // A paste of what is elsewhere, or a cut: usually across statements.
    const at = Math.floor(random() * (text.length + 1));
    const length = Math.floor(random() * 300);
    if (random() < 0.4) return text.slice(0, at) + text.slice(at + length);
    const from = Math.floor(random() * (text.length + 1));
    return text.slice(0, at) + text.slice(from, from + length) + text.slice(at);
  }
  const at =
    hostStarts.length > 0 && kind < 0.85
      ? Math.min(text.length, hostStarts[Math.floor(random() * hostStarts.length)]! + Math.floor(random() * 120))
      : Math.floor(random() * (text.length + 1));
  const removed = random() < 0.4 ? Math.floor(random() * 6) : 0;
  return text.slice(0, at) + (random() < 0.8 ? pieces[Math.floor(random() * pieces.length)]! : '') + text.slice(at + removed);
}

/** An edit inside a host block, at the start of one of its lines: a property, an element, a comment, a space or line; or one of its lines deleted. */
function hostEdit(text: string, random: () => number): string {
  const pieces = [' ', '\n', '# checked\n  ', 'n', 'mtu', 'speed 9\n  ', 'nic eth9 {}\n  ', 'nic eth0 {}\n  ', 'hba fc9 { speed 16G }\n  ', 'team t9 { members eth1 }\n  '];
  const starts = [...text.matchAll(/^host /gm)].map((match) => match.index);
  if (starts.length === 0) return text;
  const start = starts[Math.floor(random() * starts.length)]!;
  const lines = [...text.slice(start, text.indexOf('\n}', start)).matchAll(/\n {2}/g)].map((match) => start + match.index + 3);
  if (lines.length === 0) return text;
  const at = lines[Math.floor(random() * lines.length)]!;
  if (random() < 0.15) return text.slice(0, at - 3) + text.slice(text.indexOf('\n', at));
  return text.slice(0, at) + pieces[Math.floor(random() * pieces.length)]! + text.slice(at);
}

test("over random edits, every version's tokens are those of a fresh analysis", () => {
  const events = Number(process.env.FC_RUNS ?? 60) * 2;
  // A design whose problems are all its hosts' own, where an edit inside a host keeps the other statements' names, and one with bad hosts and cables.
  const starts = [generateTopology({ hosts: 30, seed: 6 }).text, generateTopology({ hosts: 30, seed: 5, badShare: 0.3 }).text, ...readdirSync(examples).filter((name) => name.endsWith('.topo')).slice(0, 6).map((name) => readFileSync(path.join(examples, name), 'utf8'))];
  starts.forEach((start, design) => {
    const random = seededRandom(17 + design);
    const editor = new EditorVersions(start);
    const count = design < 2 ? events : Math.ceil(events / 4);
    for (let step = 0; step < count; step++) {
      // Now and then back to the start, as an edit may leave the design a problem that makes every later one rebuild the model.
      const kind = random();
      const text =
        step % 10 === 9
          ? start
          : kind < 0.15 && /^host /m.test(editor.text)
            ? afterEach(editor.text, typingRound(editor.text, 0)).at(Math.floor(random() * 20)) ?? editor.text
            : kind < 0.8
              ? hostEdit(editor.text, random)
              : randomEdit(editor.text, random);
      const line = Math.floor(random() * new LineIndex(text).lineCount);
      editor.next(text, `design ${design}, step ${step}`, { start: { line, character: 2 }, end: { line: line + 4, character: 0 } });
    }
  });
});
