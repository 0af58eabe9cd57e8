// The outline's size limit: within it the whole outline, over it the top-level symbols alone. A
// document's top-level symbols are made without its whole outline, kept while their root is the
// same and moved with its block.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import type { Message } from 'vscode-languageserver/node';
import { generateTopology } from '../../../bench/generate';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { documentOutline, documentSymbols } from '../../../server/src/features/documentSymbols';
import { listOutline, outlineWithin } from '../../../server/src/features/outlineLimit';
import { analyzeNextVersion } from '../../../server/src/service/languageService';
import { encodedBytes } from '../transport/encodedBytes';

const examples = path.resolve(import.meta.dirname, '../../../examples');

function counted(symbols: readonly DocumentSymbol[]): number {
  return symbols.reduce((sum, symbol) => sum + 1 + counted(symbol.children ?? []), 0);
}

const childless = (symbols: readonly DocumentSymbol[]) => symbols.map(({ children: _children, ...symbol }) => symbol);

const exampleDoc = analyzeNextVersion(readFileSync(path.join(examples, 'dual-fabric-mpio.topo'), 'utf8'), DEFAULT_SETTINGS, undefined);
const example = documentSymbols(exampleDoc);
const total = counted(example);

test('an outline that holds no more symbols than the limit is answered whole, as the same list', () => {
  assert.ok(example.some((symbol) => symbol.children?.length), 'the example nests symbols');
  for (const outline of [documentOutline(exampleDoc), listOutline(example)]) {
    for (const maxSymbols of [total, total + 1, 5000]) {
      const bounded = outlineWithin(outline, maxSymbols);
      assert.equal(bounded.symbols, example);
      assert.equal(bounded.symbolCount, total);
      assert.equal(bounded.limited, false);
    }
  }
});

test('over the limit, the outline lists every top-level symbol, in order, without children', () => {
  for (const outline of [documentOutline(exampleDoc), listOutline(example)]) {
    for (const maxSymbols of [total - 1, example.length, 1, 0]) {
      const bounded = outlineWithin(outline, maxSymbols);
      assert.equal(bounded.limited, true, `limit ${maxSymbols}`);
      assert.equal(bounded.symbolCount, total);
      assert.deepEqual(bounded.symbols, childless(example));
      assert.ok(bounded.symbols.every((symbol) => Object.isFrozen(symbol)));
    }
  }
});

test('an outline of top-level symbols alone, as that of a file too large to analyse, is whole at any limit', () => {
  const roots: DocumentSymbol[] = childless(example).map((symbol) => ({ ...symbol }));
  const bounded = outlineWithin(listOutline(roots), 0);
  assert.deepEqual(bounded, { symbols: roots, symbolCount: roots.length, limited: false });
  assert.deepEqual(outlineWithin(listOutline([]), 0), { symbols: [], symbolCount: 0, limited: false });
});

test('the same outline asked again is answered with the same result, until the limit changes', () => {
  const outline = documentOutline(exampleDoc);
  assert.equal(documentOutline(exampleDoc), outline);
  const first = outlineWithin(outline, 3);
  assert.equal(outlineWithin(outline, 3), first);
  const raised = outlineWithin(outline, total);
  assert.notEqual(raised, first);
  assert.equal(raised.symbols, example);
});

test('after an edit, a top-level symbol the edit left is answered as the same frozen object, so its text is copied', () => {
  const text = generateTopology({ hosts: 20, seed: 3 }).text;
  const before = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
  // Each version's answers are asked before the next version is analysed, as the server does: the next takes the model over.
  const limitedBefore = outlineWithin(documentOutline(before), 10);
  const lastHost = text.lastIndexOf('\nhost ');
  const inside = text.indexOf('{\n', lastHost) + 2;
  const after = analyzeNextVersion(`${text.slice(0, inside)}  nic eth9 { speed 10G }\n${text.slice(inside)}`, DEFAULT_SETTINGS, before);
  const limitedAfter = outlineWithin(documentOutline(after), 10);
  assert.ok(limitedBefore.limited && limitedAfter.limited);
  assert.equal(limitedAfter.symbolCount, limitedBefore.symbolCount + 1);
  assert.deepEqual(limitedAfter.symbols, childless(documentSymbols(after)));
  // Those before the edited host are kept; it is made again, and those after it moved down a line.
  const edited = limitedAfter.symbols.findIndex((symbol) => symbol.name === text.slice(lastHost + '\nhost '.length).split(/\s/)[0]);
  assert.ok(edited > 10, `the edited host is the ${edited}th top-level symbol`);
  limitedAfter.symbols.forEach((symbol, i) => {
    if (i < edited) assert.equal(symbol, limitedBefore.symbols[i], `${symbol.name} kept`);
    else assert.notEqual(symbol, limitedBefore.symbols[i], `${symbol.name} made again or moved`);
  });
});

test('after lines are added or removed above them, the top-level symbols move with their blocks and are written as JSON.stringify writes them', () => {
  const text = generateTopology({ hosts: 20, seed: 3 }).text;
  const firstHost = text.indexOf('host ');
  const inside = text.indexOf('{\n', firstHost) + 2;
  const added = `${text.slice(0, inside)}  nic eth8 { speed 10G }\n  nic eth9 { speed 10G }\n${text.slice(inside)}`;
  let doc = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
  let previous = outlineWithin(documentOutline(doc), 10).symbols;
  encodedBytes({ jsonrpc: '2.0', id: 0, result: previous } as Message);
  // Lines added, the same lines back, and added again: each version's answer is asked before the next is analysed.
  for (const [step, next] of [added, text, added].entries()) {
    doc = analyzeNextVersion(next, DEFAULT_SETTINGS, doc);
    const limited = outlineWithin(documentOutline(doc), 10);
    assert.ok(limited.limited, `step ${step}`);
    const moved = limited.symbols.filter((symbol, i) => symbol.name === previous[i]!.name && symbol.range.start.line !== previous[i]!.range.start.line);
    assert.ok(moved.length > 10, `step ${step}: ${moved.length} top-level symbols moved`);
    assert.ok(limited.symbols.every((symbol) => Object.isFrozen(symbol) && Object.isFrozen(symbol.range)));
    const message = { jsonrpc: '2.0', id: step + 1, result: limited.symbols };
    assert.equal(encodedBytes(message as Message).toString('utf8'), JSON.stringify(message), `step ${step}`);
    // Made apart from the whole outline, it is that outline's top level.
    assert.deepEqual(limited.symbols, childless(documentSymbols(doc)), `step ${step}`);
    previous = limited.symbols;
  }
});
