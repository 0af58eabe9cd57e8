// The outline's size limit: within it the whole outline, over it the top-level symbols alone,
// each a frozen childless copy kept while its full symbol is the same object.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { generateTopology } from '../../../bench/generate';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { documentSymbols } from '../../../server/src/features/documentSymbols';
import { outlineWithin } from '../../../server/src/features/outlineLimit';
import { analyzeNextVersion } from '../../../server/src/service/languageService';

const examples = path.resolve(import.meta.dirname, '../../../examples');

function counted(symbols: readonly DocumentSymbol[]): number {
  return symbols.reduce((sum, symbol) => sum + 1 + counted(symbol.children ?? []), 0);
}

const outlineOf = (text: string) => documentSymbols(analyzeNextVersion(text, DEFAULT_SETTINGS, undefined));
const example = outlineOf(readFileSync(path.join(examples, 'dual-fabric-mpio.topo'), 'utf8'));
const total = counted(example);

test('an outline that holds no more symbols than the limit is answered whole, as the same list', () => {
  assert.ok(example.some((symbol) => symbol.children?.length), 'the example nests symbols');
  for (const maxSymbols of [total, total + 1, 5000]) {
    const bounded = outlineWithin(example, maxSymbols);
    assert.equal(bounded.symbols, example);
    assert.equal(bounded.symbolCount, total);
    assert.equal(bounded.limited, false);
  }
});

test('over the limit, the outline lists every top-level symbol, in order, without children', () => {
  for (const maxSymbols of [total - 1, example.length, 1, 0]) {
    const bounded = outlineWithin(example, maxSymbols);
    assert.equal(bounded.limited, true, `limit ${maxSymbols}`);
    assert.equal(bounded.symbolCount, total);
    assert.deepEqual(
      bounded.symbols,
      example.map(({ children: _children, ...symbol }) => symbol),
    );
    assert.ok(bounded.symbols.every((symbol) => Object.isFrozen(symbol)));
  }
});

test('an outline of top-level symbols alone, as that of a file too large to analyse, is whole at any limit', () => {
  const roots: DocumentSymbol[] = example.map(({ children: _children, ...symbol }) => ({ ...symbol }));
  const bounded = outlineWithin(roots, 0);
  assert.deepEqual(bounded, { symbols: roots, symbolCount: roots.length, limited: false });
  assert.deepEqual(outlineWithin([], 0), { symbols: [], symbolCount: 0, limited: false });
});

test('the same list asked again is answered with the same result, until the limit changes', () => {
  const first = outlineWithin(example, 3);
  assert.equal(outlineWithin(example, 3), first);
  const raised = outlineWithin(example, total);
  assert.notEqual(raised, first);
  assert.equal(raised.symbols, example);
});

test("after an edit, a top-level symbol the edit left is answered as the same frozen object, so its text is copied", () => {
  const text = generateTopology({ hosts: 20, seed: 3 }).text;
  const before = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
  // Each version's answers are asked before the next version is analysed, as the server does: the next takes the model over.
  const full = [documentSymbols(before)];
  const limitedBefore = outlineWithin(full[0]!, 10);
  const lastHost = text.lastIndexOf('\nhost ');
  const inside = text.indexOf('{\n', lastHost) + 2;
  const after = analyzeNextVersion(`${text.slice(0, inside)}  nic eth9 { speed 10G }\n${text.slice(inside)}`, DEFAULT_SETTINGS, before);
  full.push(documentSymbols(after));
  const limitedAfter = outlineWithin(full[1]!, 10);
  assert.notEqual(full[0], full[1]);
  assert.ok(limitedBefore.limited && limitedAfter.limited);
  assert.equal(limitedAfter.symbolCount, limitedBefore.symbolCount + 1);
  const kept = full[1]!.filter((symbol, i) => symbol === full[0]![i]).length;
  assert.ok(kept > 10, `${kept} of ${full[1]!.length} top-level symbols kept by the edit`);
  full[1]!.forEach((symbol, i) => {
    if (symbol === full[0]![i]) assert.equal(limitedAfter.symbols[i], limitedBefore.symbols[i], `${symbol.name} kept`);
    else assert.notEqual(limitedAfter.symbols[i], limitedBefore.symbols[i], `${symbol.name} changed`);
  });
});
