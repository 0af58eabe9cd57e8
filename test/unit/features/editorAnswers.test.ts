// The answers an editor asks for after every change (outline, folding ranges, code lenses) are
// worked out per version from what the version before kept; each must equal the answer worked out
// afresh, and the outline must nest what the definitions table says.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { DocumentSymbol, FoldingRange } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { typingRound } from '../../../bench/editorClient';
import { generateTopology, seededRandom } from '../../../bench/generate';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { codeLenses } from '../../../server/src/features/codeLens';
import { documentSymbols } from '../../../server/src/features/documentSymbols';
import { foldingRanges, foldingRangesWithin } from '../../../server/src/features/foldingRanges';
import { kindLabel } from '../../../server/src/features/symbolKinds';
import { containerIdOf } from '../../../server/src/model/symbols';
import { DesignFiles } from '../../../server/src/service/designFiles';
import { analyzeDocument, analyzeNextDesignVersion, analyzeNextVersion, type DocumentAnalysis } from '../../../server/src/service/languageService';

const examples = path.resolve(import.meta.dirname, '../../../examples');

/** The outline as the definitions table nests it: each definition under the one its id names as its container. */
function outlineOfTable(doc: DocumentAnalysis): unknown[] {
  type Node = { name: string; kind: string; children: Node[] };
  const byId = new Map<string, Node>();
  const roots: Node[] = [];
  for (const definition of doc.modelResult.symbols.definitionsInOrder) {
    if (definition.implicit) continue;
    const node: Node = { name: definition.name, kind: kindLabel(definition.kind), children: [] };
    byId.set(definition.id, node);
    const containerId = containerIdOf(definition);
    const parent = containerId === undefined ? undefined : byId.get(containerId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

function outline(symbols: readonly DocumentSymbol[]): unknown[] {
  return symbols.map((symbol) => ({ name: symbol.name, kind: symbol.detail, children: outline(symbol.children ?? []) }));
}

test('the outline nests every declared element in the element its id names as its container', () => {
  const texts = readdirSync(examples)
    .filter((name) => name.endsWith('.topo'))
    .map((name) => readFileSync(path.join(examples, name), 'utf8'));
  texts.push(generateTopology({ hosts: 30, seed: 5, badShare: 0.3 }).text);
  for (const text of texts) {
    const doc = analyzeDocument(text, DEFAULT_SETTINGS);
    assert.deepEqual(outline(documentSymbols(doc)), outlineOfTable(doc));
  }
});

const URI = 'file:///d.topo';

const answers = (doc: DocumentAnalysis) => ({ symbols: documentSymbols(doc), folding: foldingRanges(doc), lenses: codeLenses(doc) });

/**
 * An editor's versions of one document, analysed as the server does (each taking the previous
 * one's over), whose answers are asked for as VS Code does, each worked out from those of the last
 * version asked about: each must equal the answers of a fresh analysis (a design of its own name,
 * whose answers come from no version before).
 */
class EditorVersions {
  private doc: DocumentAnalysis;

  constructor(public text: string) {
    this.doc = analyzeNextDesignVersion(DesignFiles.single(text, URI), DEFAULT_SETTINGS, undefined);
    answers(this.doc);
  }

  /** The next version; its answers checked unless `asked` is false (a version the editor skipped). */
  next(text: string, where: string, asked = true): void {
    this.text = text;
    this.doc = analyzeNextDesignVersion(DesignFiles.single(text, URI), DEFAULT_SETTINGS, this.doc);
    if (asked) assert.deepEqual(answers(this.doc), answers(analyzeDocument(text, DEFAULT_SETTINGS)), where);
  }
}

test("over the benchmark's typing round, the outline, folding ranges and code lenses of every version are those worked out afresh", () => {
  const text = generateTopology({ hosts: 200, seed: 3 }).text;
  const editor = new EditorVersions(text);
  let document = TextDocument.create(URI, 'topo', 1, text);
  // Twice: the second round finds every answer kept from the first.
  for (const round of [typingRound(text, 50), typingRound(text, 120), typingRound(text, 0), typingRound(text, 199)]) {
    for (const [keystroke, changes] of round.entries()) {
      document = TextDocument.update(document, changes, document.version + 1);
      editor.next(document.getText(), `keystroke ${keystroke}`);
    }
  }
});

/** An edit as an editor makes it: mostly typed inside a host (a property, an element, a line added or deleted), sometimes a comment, a blank line, or a paste or cut across statements. */
function randomEdit(text: string, random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const kind = random();
  if (kind < 0.1) {
    const at = Math.floor(random() * (text.length + 1));
    const length = Math.floor(random() * 300);
    if (random() < 0.5) return text.slice(0, at) + text.slice(at + length);
    const from = Math.floor(random() * (text.length + 1));
    return text.slice(0, at) + text.slice(from, from + length) + text.slice(at);
  }
  const lineStarts = [...text.matchAll(/\n/g)].map((match) => match.index + 1);
  if (kind < 0.25 && lineStarts.length > 0) {
    // Between statements or inside one: a blank line, comment lines, or a line gone.
    const at = pick(lineStarts);
    if (random() < 0.3) return text.slice(0, at) + text.slice(text.indexOf('\n', at) + 1 || text.length);
    return text.slice(0, at) + pick(['\n', '# note\n', '# one\n# two\n', '  # inside\n', '\n\n']) + text.slice(at);
  }
  const starts = [...text.matchAll(/^host /gm)].map((match) => match.index);
  if (starts.length === 0) return text + '\nhost x {\n}\n';
  const start = pick(starts);
  const lines = [...text.slice(start, text.indexOf('\n}', start)).matchAll(/\n {2}/g)].map((match) => start + match.index + 3);
  if (lines.length === 0) return text;
  const at = pick(lines);
  if (random() < 0.15) return text.slice(0, at - 3) + text.slice(text.indexOf('\n', at));
  const removed = random() < 0.2 ? Math.floor(random() * 4) : 0;
  return text.slice(0, at) + pick([' ', '\n', 'n', 'mtu', '}', '{', 'speed 9\n  ', 'nic eth9 {}\n  ', 'nic eth0 {}\n  ', 'hba fc9 {\n  speed 16G\n  }\n  ', '# checked\n  ']) + text.slice(at + removed);
}

test('over random edits, some versions skipped, the outline, folding ranges and code lenses of every version asked about are those worked out afresh', () => {
  const steps = Number(process.env.FC_RUNS ?? 60) * 2;
  const starts = [generateTopology({ hosts: 30, seed: 6 }).text, generateTopology({ hosts: 30, seed: 5, badShare: 0.3 }).text, ...readdirSync(examples).filter((name) => name.endsWith('.topo')).slice(0, 4).map((name) => readFileSync(path.join(examples, name), 'utf8'))];
  starts.forEach((start, design) => {
    const random = seededRandom(31 + design);
    const editor = new EditorVersions(start);
    const count = design < 2 ? steps : Math.ceil(steps / 4);
    for (let step = 0; step < count; step++) {
      // Now and then back to the start, as an edit may leave the design a problem that makes every later one rebuild the model.
      editor.next(step % 15 === 14 ? start : randomEdit(editor.text, random), `design ${design}, step ${step}`, random() < 0.8);
    }
  });
});

test('an edit that moves the statements after it moves their outline, folding ranges and lenses, and keeps those before it', () => {
  const text = generateTopology({ hosts: 20, seed: 3 }).text;
  const before = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
  const symbolsBefore = documentSymbols(before);
  const lensesBefore = codeLenses(before);
  const foldingBefore = foldingRanges(before);
  const at = text.indexOf('\n', text.indexOf('host h00010')) + 1;
  const after = analyzeNextVersion(`${text.slice(0, at)}\n${text.slice(at)}`, DEFAULT_SETTINGS, before);
  const symbolsAfter = documentSymbols(after);
  const edited = symbolsAfter.findIndex((symbol) => symbol.name === 'h00010');
  assert.ok(symbolsAfter.slice(0, edited).every((symbol, i) => symbol === symbolsBefore[i]), 'the symbols before the edit are the same objects');
  assert.ok(symbolsAfter.slice(edited + 1).every((symbol, i) => symbol.range.start.line === symbolsBefore[edited + 1 + i].range.start.line + 1));
  const foldingAfter = foldingRanges(after);
  const firstMoved = foldingBefore.findIndex((range) => range.startLine > symbolsBefore[edited].range.start.line);
  assert.ok(foldingAfter.slice(0, firstMoved - 1).every((range, i) => range === foldingBefore[i]));
  assert.deepEqual(foldingAfter.slice(firstMoved), foldingBefore.slice(firstMoved).map((range) => ({ ...range, startLine: range.startLine + 1, endLine: range.endLine + 1 })));
  const lensesAfter = codeLenses(after);
  assert.ok(lensesAfter.slice(0, 10).every((lens, i) => lens === lensesBefore[i]));
  assert.ok(lensesAfter.slice(11).every((lens, i) => lens.range.start.line === lensesBefore[11 + i].range.start.line + 1 && lens.command!.title === lensesBefore[11 + i].command!.title));
});

test('folding ranges beyond the limit: the outer ones are kept, then the first of the next depth, as VS Code keeps them', () => {
  const range = (startLine: number, endLine: number): FoldingRange => ({ startLine, endLine });
  const ranges = [range(0, 9), range(1, 3), range(1, 2), range(5, 8), range(6, 7), range(10, 14), range(11, 13), range(15, 16)];
  assert.deepEqual(foldingRangesWithin(ranges, 10), ranges, 'within the limit, all of them');
  assert.deepEqual(foldingRangesWithin(ranges, undefined), ranges, 'no limit, all of them');
  // Depth 0: 0-9, 10-14, 15-16; depth 1: 1-3, 5-8, 11-13; depth 2: 6-7; 1-2 starts where 1-3 does.
  assert.deepEqual(foldingRangesWithin(ranges, 5), [range(0, 9), range(1, 3), range(5, 8), range(10, 14), range(15, 16)]);
  assert.deepEqual(foldingRangesWithin(ranges, 3), [range(0, 9), range(10, 14), range(15, 16)]);
  assert.deepEqual(foldingRangesWithin(ranges, 2), [range(0, 9), range(10, 14)]);
  assert.deepEqual(foldingRangesWithin(ranges, 7), [range(0, 9), range(1, 3), range(5, 8), range(6, 7), range(10, 14), range(11, 13), range(15, 16)]);
});

test('a generated design gives more folding ranges than it has hosts, and within that many every host stays foldable', () => {
  const doc = analyzeDocument(generateTopology({ hosts: 1000 }).text, DEFAULT_SETTINGS);
  const all = foldingRanges(doc);
  const kept = foldingRangesWithin(all, 1000);
  assert.ok(all.length > 1000, `${all.length} ranges`);
  assert.equal(kept.length, 1000);
  const hostLines = new Set(documentSymbols(doc).filter((symbol) => symbol.detail === 'host').map((symbol) => symbol.range.start.line));
  assert.ok([...hostLines].every((line) => kept.some((range) => range.startLine === line)));
});
