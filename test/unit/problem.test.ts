// mergedSorted: two sorted lists as one, the first list's item before the second's at a tie,
// whichever of them is the shorter (the merge halves the longer list for each item of the shorter).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../bench/generate';
import { mergedSorted, withoutItems, withoutSorted } from '../../server/src/problem';

interface Item {
  key: number;
  list: 'first' | 'second';
  at: number;
}

const byKey = (a: Item, b: Item) => a.key - b.key;

function sortedList(random: () => number, list: Item['list'], length: number): Item[] {
  return Array.from({ length }, () => Math.floor(random() * 20))
    .sort((a, b) => a - b)
    .map((key, at) => ({ key, list, at }));
}

/** The merge step by step, one comparison per item. */
function mergedOneByOne(first: readonly Item[], second: readonly Item[]): Item[] {
  const result: Item[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    if (j < second.length && (i === first.length || second[j]!.key < first[i]!.key)) result.push(second[j++]!);
    else result.push(first[i++]!);
  }
  return result;
}

describe('mergedSorted', () => {
  it('equals the merge one item at a time, ties to the first list, for lists of any lengths', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 500; round++) {
      const first = sortedList(random, 'first', Math.floor(random() * (round % 2 ? 40 : 4)));
      const second = sortedList(random, 'second', Math.floor(random() * (round % 2 ? 4 : 40)));
      assert.deepEqual(mergedSorted(first, second, byKey), mergedOneByOne(first, second));
    }
  });

  it('returns the other list itself when one list is empty, as nothing changes a merged list', () => {
    const first = sortedList(seededRandom(1), 'first', 5);
    assert.equal(mergedSorted(first, [], byKey), first);
    assert.equal(mergedSorted([], first, byKey), first);
  });
});

describe('withoutItems', () => {
  it('keeps the items not removed, in order, and gives a new list', () => {
    const list = ['a', 'b', 'c', 'b', 'd'];
    const kept = withoutItems(list, new Set(['b', 'x']));
    assert.deepEqual(kept, ['a', 'c', 'd']);
    assert.deepEqual(withoutItems(list, new Set()), list);
    assert.notEqual(withoutItems(list, new Set()), list);
    assert.deepEqual(withoutItems([], new Set(['a'])), []);
  });
});

describe('withoutSorted', () => {
  it('removes what withoutItems removes, equal items told apart by identity', () => {
    const random = seededRandom(3);
    for (let round = 0; round < 300; round++) {
      const list = sortedList(random, 'first', Math.floor(random() * 60));
      // In no particular order, as a rule's changes come.
      const removed = new Set(list.filter(() => random() < 0.2).sort(() => random() - 0.5));
      const kept = withoutSorted(list, removed, byKey);
      assert.deepEqual(kept, withoutItems(list, removed));
      assert.ok(kept.every((item) => !removed.has(item)));
    }
  });

  it('still removes an item that is not where its key places it, and ignores one not in the list', () => {
    const list = sortedList(seededRandom(9), 'first', 12);
    // A replaced statement's problem keeps its offsets while the statements after it move.
    const stale = { key: 99, list: 'first' as const, at: -1 };
    const withStale = [...list.slice(0, 4), stale, ...list.slice(4)];
    assert.deepEqual(withoutSorted(withStale, new Set([stale]), byKey), list);
    assert.deepEqual(withoutSorted(list, new Set([stale]), byKey), list);
  });
});
