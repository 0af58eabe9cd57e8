import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../bench/generate';
import { ChunkedList } from '../../server/src/chunkedList';

/** The chunks a list holds: how an edit's cost stays bounded is not visible through its items. */
const chunksOf = (list: ChunkedList<number>): readonly (readonly number[])[] => (list as unknown as { chunks: readonly (readonly number[])[] }).chunks;

test('a list reads as the array it was made from, and nothing outside it', () => {
  for (const length of [0, 1, 255, 256, 257, 1000]) {
    const items = Array.from({ length }, (_, i) => i * 3);
    const list = ChunkedList.of(items);
    assert.equal(list.length, length);
    assert.deepEqual([...list], items);
    assert.deepEqual(Array.from({ length }, (_, i) => list.at(i)), items);
    assert.equal(list.at(-1), undefined);
    assert.equal(list.at(length), undefined);
    assert.deepEqual(list.slice(2, 9), items.slice(2, 9));
    assert.deepEqual(list.slice(length - 3), items.slice(length - 3));
  }
});

test('replacing items gives the spliced array and leaves every earlier version as it was', () => {
  const random = seededRandom(11);
  let array = Array.from({ length: 2000 }, (_, i) => i);
  let list = ChunkedList.of(array);
  const versions: { list: ChunkedList<number>; array: number[] }[] = [];
  for (let edit = 0; edit < 3000; edit++) {
    const from = Math.floor(random() * (array.length + 1));
    // Mostly a statement or two, now and then a paste or a cut of hundreds.
    const large = random() < 0.02;
    const to = Math.min(array.length, from + Math.floor(random() * (large ? 600 : 3)));
    const items = Array.from({ length: Math.floor(random() * (large ? 600 : 3)) }, () => -edit);
    list = list.replaced(from, to, items);
    array = array.slice(0, from).concat(items, array.slice(to));
    if (edit % 100 === 0) versions.push({ list, array });
    assert.equal(list.length, array.length);
  }
  assert.deepEqual([...list], array);
  for (const version of versions) assert.deepEqual([...version.list], version.array);
  for (let i = 0; i < array.length; i += 7) assert.equal(list.at(i), array[i]);
});

test('edits keep chunks between half a chunk and a whole one, so no edit copies much', () => {
  const random = seededRandom(5);
  let list = ChunkedList.of(Array.from({ length: 3000 }, (_, i) => i));
  // One item at a time removed from and added to random places: without merging, chunks would wither.
  for (let edit = 0; edit < 20_000; edit++) {
    const from = Math.floor(random() * list.length);
    list = random() < 0.5 && list.length > 200 ? list.replaced(from, from + 1, []) : list.replaced(from, from, [edit]);
  }
  const sizes = chunksOf(list).map((chunk) => chunk.length);
  assert.ok(sizes.every((size) => size <= 256), `a chunk over 256: ${Math.max(...sizes)}`);
  assert.ok(sizes.every((size) => size >= 128), `a chunk under 128: ${Math.min(...sizes)}`);
});

test('an edit to an empty list, at its end and of all of it', () => {
  const empty = ChunkedList.of<number>([]);
  assert.deepEqual([...empty.replaced(0, 0, [1, 2])], [1, 2]);
  const list = ChunkedList.of([1, 2, 3]);
  assert.deepEqual([...list.replaced(3, 3, [4])], [1, 2, 3, 4]);
  assert.deepEqual([...list.replaced(0, 3, [])], []);
  assert.equal(list.replaced(0, 3, []).at(0), undefined);
  assert.deepEqual([...list], [1, 2, 3]);
});

test("a chunk's value is worked out once, and a list after an edit shares the values of the chunks it left", () => {
  const values = new WeakMap<readonly number[], number>();
  let workedOut = 0;
  const sum = (chunk: readonly number[]) => {
    workedOut++;
    return chunk.reduce((a, b) => a + b, 0);
  };
  const list = ChunkedList.of(Array.from({ length: 1000 }, (_, i) => i));
  const sums = list.chunkValues(values, sum);
  assert.equal(sums.reduce((a, b) => a + b, 0), 499_500);
  assert.equal(workedOut, chunksOf(list).length);
  const edited = list.replaced(500, 501, [0]);
  const editedSums = edited.chunkValues(values, sum);
  assert.equal(editedSums.reduce((a, b) => a + b, 0), 499_000);
  assert.equal(workedOut, chunksOf(list).length + 1);
  assert.equal(list.replaced(7, 7, []), list);
});
