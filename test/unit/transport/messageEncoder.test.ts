import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from 'vscode-languageserver/node';
import { generateTopology, seededRandom } from '../../../bench/generate';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { codeLenses } from '../../../server/src/features/codeLens';
import { DiagnosticsMade } from '../../../server/src/features/diagnostics';
import { documentSymbols } from '../../../server/src/features/documentSymbols';
import { foldingRanges } from '../../../server/src/features/foldingRanges';
import { encodeMessage, frozen, movedByLines } from '../../../server/src/messageEncoder';
import { analyzeNextVersion } from '../../../server/src/service/languageService';
import { encodedBytes } from './encodedBytes';

/** Whether every object in `value` is frozen. */
function deeplyFrozen(value: unknown): boolean {
  return typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(deeplyFrozen));
}

function encodedText(message: object): string {
  return encodedBytes(message as Message).toString('utf8');
}

function assertEncodesAsStringify(message: object): void {
  assert.deepEqual(encodedBytes(message as Message), Buffer.from(JSON.stringify(message), 'utf8'));
}

const symbolData = (name: string, line: number) => ({
    name,
    detail: 'host',
    kind: 12,
    range: { start: { line, character: 0 }, end: { line: line + 3, character: 1 } },
    selectionRange: { start: { line, character: 5 }, end: { line, character: 5 + name.length } },
  children: [{ name: `${name}/eth0`, kind: 7, range: { start: { line: line + 1, character: 2 }, end: { line: line + 1, character: 12 } }, tags: [1, [2, [3]]] }],
});
const symbol = (name: string, line: number) => frozen(symbolData(name, line));

test('a response whose result is a list is written as JSON.stringify writes it, kept items and new alike', () => {
  const kept = [symbol('köln-01', 0), symbol('東京', 4), symbol('emoji 🚀', 8)];
  const messages = [
    { jsonrpc: '2.0', id: 1, result: kept },
    // The kept items again, after one that is not frozen and with members left undefined.
    { jsonrpc: '2.0', id: 2, result: [{ name: 'new', detail: undefined, range: { start: { line: 0, character: 0 } } }, ...kept] },
    // Items that are not objects, a hole, nested lists, a lone surrogate and control characters.
    { jsonrpc: '2.0', id: 3, result: [null, undefined, 3, 'a"b\\c\n\u2028', [1, [2, []]], '\ud800', () => 1, ...kept] },
    { jsonrpc: '2.0', id: 'text id', result: [] },
    { jsonrpc: '2.0', id: 5, result: new Array(3) },
  ];
  for (const message of messages) assertEncodesAsStringify(message);
});

test('published diagnostics are written as JSON.stringify writes them, with and without a version', () => {
  const diagnostic = frozen({
    range: { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } },
    severity: 1,
    code: 'mtu-mismatch',
    source: 'topo',
    message: 'MTU 9000 ≠ 1500 on the path «esx-01 → array-a»',
    relatedInformation: [{ location: { uri: 'file:///a.topo', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } } }, message: 'here' }],
    data: { fix: 'set-mtu' },
  });
  for (const params of [
    { uri: 'file:///a%20b.topo', version: 7, diagnostics: [diagnostic, diagnostic] },
    { uri: 'file:///a.topo', diagnostics: [diagnostic] },
    { diagnostics: [], uri: 'file:///a.topo' },
  ]) {
    assertEncodesAsStringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params });
  }
});

test('messages without a list of items, and lists the placeholder would be mistaken in, are written whole', () => {
  const item = symbol('host-a', 0);
  for (const message of [
    { jsonrpc: '2.0', id: 1, method: 'workspace/configuration', params: { items: [{ section: 'storageTopology' }] } },
    { jsonrpc: '2.0', id: 2, result: { data: [0, 1, 2, 3, 4] } },
    { jsonrpc: '2.0', id: 3, result: null },
    { jsonrpc: '2.0', id: 4, error: { code: -32801, message: 'the document has changed since' } },
    { jsonrpc: '2.0', method: 'storageTopology/checked', params: { uri: 'file:///a.topo', version: 3, published: true } },
    { jsonrpc: '2.0', id: 5, result: ['\u0000list', item] },
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: '\u0000list', diagnostics: [item] } },
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: null },
  ]) {
    assertEncodesAsStringify(message);
  }
});

/** Counts the reads of the objects `counted` wraps, so that a test sees whether the encoder read an item or copied its bytes. */
function readCounter(): { count: number; counted: <T extends object>(target: T) => T } {
  const reads = {
    count: 0,
    counted: <T extends object>(target: T): T =>
      new Proxy(target, {
        get: (object, key, receiver) => (reads.count++, Reflect.get(object, key, receiver)),
        getOwnPropertyDescriptor: (object, key) => (reads.count++, Reflect.getOwnPropertyDescriptor(object, key)),
      }),
  };
  return reads;
}

test('an item made by frozen is encoded once; an item frozen otherwise, whose parts can change, is encoded every time', () => {
  const reads = readCounter();
  const kept = frozen(reads.counted(symbolData('host-a', 0)));
  const first = encodedText({ jsonrpc: '2.0', id: 1, result: [kept] });
  assert.ok(reads.count > 0);
  reads.count = 0;
  const second = encodedText({ jsonrpc: '2.0', id: 2, result: [kept] });
  assert.equal(reads.count, 0, 'the kept bytes are written without reading the item');
  assert.equal(second, first.replace('"id":1', '"id":2'));

  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } };
  const shallow = Object.freeze({ name: 'host-b', range });
  encodedText({ jsonrpc: '2.0', id: 3, result: [shallow] });
  range.end.character = 6;
  assertEncodesAsStringify({ jsonrpc: '2.0', id: 4, result: [shallow] });
});

test('items kept after an edit that removed or added several items in a row are copied, not read again', () => {
  const reads = readCounter();
  const kept = Array.from({ length: 12 }, (_, k) => frozen(reads.counted(symbolData(`host-${k}`, 4 * k))));
  encodedText({ jsonrpc: '2.0', id: 1, result: kept });
  const added = () => symbol('added', 99);
  const edits = [
    // Each list is encoded from the one before: three removed together, then three added where they were.
    [...kept.slice(0, 3), ...kept.slice(6)],
    [...kept.slice(0, 3), added(), added(), added(), ...kept.slice(6)],
    // Removed in two places and added between, and two kept items swapped.
    [kept[0], kept[2], added(), kept[7], kept[6], ...kept.slice(9)],
  ];
  edits.forEach((result, step) => {
    reads.count = 0;
    const message = { jsonrpc: '2.0', id: 2 + step, result };
    const text = encodedText(message);
    assert.equal(reads.count, 0, `step ${step}: the kept items' bytes are copied`);
    assert.equal(text, JSON.stringify(message), `step ${step}`);
  });
});

test('an item made by frozen cannot be changed, in any of its parts: the attempt throws', () => {
  const lens = frozen({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } }, command: { title: '2 paths', command: '' } });
  assert.throws(() => {
    lens.command.title = '1 path';
  }, TypeError);
  assert.throws(() => {
    (lens.range as { start: unknown }).start = { line: 2, character: 0 };
  }, TypeError);
  const symbol = frozen({ name: 'host-a', children: [{ name: 'eth0' }] });
  assert.throws(() => symbol.children.push({ name: 'eth1' }), TypeError);
  assert.throws(() => {
    symbol.children[0]!.name = 'eth1';
  }, TypeError);
});

test('over a keystroke, the outline, code lenses, folding and diagnostics are written as JSON.stringify writes them, the kept symbols, lenses and diagnostics deeply frozen', () => {
  const text = generateTopology({ hosts: 40, seed: 3 }).text;
  const hostEnd = text.indexOf('\n', text.indexOf('\nhost ', text.length >> 2) + 1);
  const versions = [text, `${text.slice(0, hostEnd)}\n  nic eth9 {}${text.slice(hostEnd)}`, `${text.slice(0, hostEnd)}\n  nic eth9 { mtu 9000 }${text.slice(hostEnd)}`];
  const made = new DiagnosticsMade();
  const uri = 'file:///design.topo';
  const links = { href: (code: string) => `https://example.org/docs/${code}.md` };
  let doc: ReturnType<typeof analyzeNextVersion> | undefined;
  let before: Set<unknown> | undefined;
  let id = 0;
  for (const version of versions) {
    doc = analyzeNextVersion(version, DEFAULT_SETTINGS, doc);
    // Folding ranges are a few bytes each: they are encoded with the list, not kept.
    const answers = [documentSymbols(doc), codeLenses(doc)];
    const diagnostics = made.of(doc, uri, links);
    for (const result of [...answers, foldingRanges(doc)]) assertEncodesAsStringify({ jsonrpc: '2.0', id: ++id, result });
    assertEncodesAsStringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version: id, diagnostics } });
    const items = [...answers.flat(), ...diagnostics];
    if (before) {
      const kept = items.filter((item) => before!.has(item));
      // The line added moves the items below it; typing in it keeps nearly all.
      assert.ok(kept.length > (version === versions[2] ? 0.9 : 0.1) * items.length, `${kept.length} of ${items.length} items kept`);
      assert.ok(kept.every(deeplyFrozen));
    }
    before = new Set(items);
  }
});

test('a list whose items are mostly those of the previous list with the same first item is written as JSON.stringify writes it, over random edits', () => {
  // A small deterministic generator, so that a failure names the step it happened at.
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let made = 0;
  const item = () => (random(4) === 0 ? { name: `plain ${++made}`, line: made } : symbol(`host-${++made}`, made));
  const head = symbol('first', 0);
  let items: unknown[] = [head, ...Array.from({ length: 30 }, item)];
  for (let step = 0; step < 300; step++) {
    const at = 1 + random(items.length);
    const edit = random(6);
    if (edit === 0) items.splice(at, 1);
    else if (edit === 1) items.splice(at, 0, item());
    else if (edit === 2) items[at] = item();
    else if (edit === 3) items.splice(at, 3);
    else if (edit === 4) items.splice(at, 0, item(), item(), null, undefined);
    else items = items.slice().reverse().concat().reverse();
    const message = { jsonrpc: '2.0', id: step, result: items };
    assert.equal(encodedText(message), JSON.stringify(message), `step ${step}`);
    // The list the encoder saw, changed afterwards in place, is not what it takes over next time.
    if (random(3) === 0) items[1 + random(items.length - 1)] = item();
  }
});

/** `value` with every number a `line` member holds, from `fromLine` on, `lines` more. */
function movedData(value: unknown, lines: number, fromLine: number): unknown {
  if (Array.isArray(value)) return value.map((each) => movedData(each, lines, fromLine));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, key === 'line' && typeof member === 'number' && member >= fromLine ? member + lines : movedData(member, lines, fromLine)]));
}

test('items moved by lines are written as JSON.stringify writes them, over moves that change the numbers\' lengths, moves again before a list is written, and a first item that moved', () => {
  const moved = <T extends object>(item: T, lines: number, fromLine = 0) => movedByLines(item, lines, movedData(item, lines, fromLine) as T, fromLine);
  // Names hold what a line number looks like, escaped in the text.
  let items: object[] = [symbol('first', 0), ...[7, 8, 9, 95, 98, 99, 995, 9999].map((line, i) => symbol(`h${i} "line":${line}`, line))];
  const write = (step: string) => {
    const message = { jsonrpc: '2.0', id: 1, result: items };
    assert.equal(encodedText(message), JSON.stringify(message), step);
  };
  write('first list');
  for (const [lines, fromLine] of [[1, 0], [3, 9], [-2, 0], [1000, 96], [-1000, 1000], [7, 0]] as const) {
    items = items.map((item, i) => (i >= 2 ? moved(item, lines, fromLine) : item));
    write(`moved by ${lines} from line ${fromLine}`);
  }
  // Moved twice, the second time before being written; then moved and written with an item added before it.
  items = items.map((item, i) => (i >= 3 ? moved(item, 1) : item));
  items = items.map((item, i) => (i >= 3 ? moved(item, 2) : item));
  write('moved twice');
  items = items.map((item, i) => (i >= 3 ? moved(item, 4, 10) : item));
  items = items.map((item, i) => (i >= 3 ? moved(item, -1) : item));
  write('moved from a line, then wholly');
  items = [moved(items[0]!, 1), symbol('added', 1), ...items.slice(1, 4), ...items.slice(4).map((item) => moved(item, 1))];
  write('the first item moved');
  // Written from the text of the item it moved from, without reading it.
  let reads = 0;
  const counted = new Proxy(movedData(items[1], 5, 0) as object, {
    get: (object, key, receiver) => (reads++, Reflect.get(object, key, receiver)),
    getOwnPropertyDescriptor: (object, key) => (reads++, Reflect.getOwnPropertyDescriptor(object, key)),
  });
  items = [items[0]!, movedByLines(items[1]!, 5, counted), ...items.slice(2)];
  reads = 0;
  const text = encodedText({ jsonrpc: '2.0', id: 1, result: items });
  assert.equal(reads, 0);
  assert.equal(text, JSON.stringify({ jsonrpc: '2.0', id: 1, result: items }));
});

test("a large list's Buffer is used again once its message is written and a newer list is kept, never while either holds it", () => {
  // Frozen items, a list of some 300 KB, above the size whose Buffers are used again, each version
  // beginning with the same item, as an answer's next version mostly does (its list is then the one kept).
  const firstItem = symbol('first', 0);
  const items = (version: number) => [firstItem, ...Array.from({ length: 1200 }, (_, i) => symbol(`h${version}-${i}`, 10 + i))];
  const message = (version: number) => ({ jsonrpc: '2.0', id: version, result: items(version) });
  const first = encodeMessage(message(1) as Message);
  const firstBytes = Buffer.from(first.list!);
  // Kept for the next list and not written yet: the next lists must not write over it.
  const second = encodeMessage(message(2) as Message);
  const third = encodeMessage(message(3) as Message);
  assert.deepEqual(first.list, firstBytes);
  assert.notEqual(second.list!.buffer, first.list!.buffer);
  assert.notEqual(third.list!.buffer, first.list!.buffer);
  // Written, and no longer the list kept (the third is): its Buffer is used for the next list.
  first.written!();
  const secondBytes = Buffer.from(second.list!);
  const fourth = encodeMessage(message(4) as Message);
  assert.equal(fourth.list!.buffer, first.list!.buffer);
  assert.deepEqual(fourth.list, Buffer.from(JSON.stringify(items(4)).slice(1, -1)));
  // The second is kept by nothing but its message, not written: untouched.
  assert.deepEqual(second.list, secondBytes);
  for (const encoded of [second, third, fourth]) encoded.written!();
});

test('messages written in any order after later lists were encoded keep their bytes, over random edits of a large list with reused Buffers', () => {
  const random = seededRandom(17);
  let list = [symbol('first', 0), ...Array.from({ length: 1500 }, (_, i) => symbol(`h${i}`, 10 + i))];
  // Messages encoded but not written yet, each with the bytes it must be written as.
  const pending: { encoded: ReturnType<typeof encodeMessage>; expected: Buffer }[] = [];
  for (let version = 0; version < 300; version++) {
    // An edit: a few items replaced, or those after a point moved by a line, as answers change.
    const at = Math.floor(random() * list.length);
    if (random() < 0.5) list = list.map((item, i) => (i >= at && i < at + 3 ? symbol(`v${version}-${i}`, 10 + i) : item));
    else list = list.map((item, i) => (i >= at ? movedByLines(item, 1, frozen(symbolData(item.name, item.range.start.line + 1))) : item));
    const message = { jsonrpc: '2.0', id: version, result: list };
    pending.push({ encoded: encodeMessage(message as Message), expected: Buffer.from(JSON.stringify(list).slice(1, -1)) });
    // Written in any order, up to a few behind.
    while (pending.length > 0 && (pending.length > 4 || random() < 0.5)) {
      const { encoded, expected } = pending.splice(Math.floor(random() * pending.length), 1)[0]!;
      assert.deepEqual(encoded.list, expected, `version ${version}`);
      encoded.written!();
    }
  }
  for (const { encoded, expected } of pending) assert.deepEqual(encoded.list, expected);
});
