// The bytes of each message the server writes on a stream (stdio, a socket, a pipe): what
// JSON.stringify gives, as UTF-8, as vscode-jsonrpc's own encoder writes it. The answers VS Code
// asks for after every keystroke are long lists (the outline, code lenses, folding ranges,
// diagnostics) whose items the features keep from one version to the next. A feature freezes such
// an item, deeply, when it makes it (`frozen`); it cannot change once encoded (changing it throws),
// so the text of the list last sent that holds it is a function of it there, and the next list
// copies that text for the items it still holds: a keystroke encodes the items it changed. An item that only moved by some lines (`movedByLines`) is written
// from the text of the item it moved from, its line numbers rewritten: a line added moves every
// item after it, and those items are most of the bytes.
import type { Message } from 'vscode-languageserver/node';

const PUBLISH_DIAGNOSTICS = 'textDocument/publishDiagnostics';
/** Stands for the list in the message's text, where its items' bytes go. */
const PLACEHOLDER = '\u0000list';
const QUOTED_PLACEHOLDER = JSON.stringify(PLACEHOLDER);
const COMMA = 0x2c;
/** How far on from the last item taken a kept item is looked for before the whole previous list is indexed. */
const LOOKAHEAD = 16;

/**
 * The items `frozen` made. Only `frozen` adds to it, after freezing all of the item: an item found
 * here is data that cannot change, whose text is a function of it alone. Its text is kept only in
 * the encoded list (`listsByFirstItem`): kept per item too, every item a feature still holds would
 * keep its text a second time.
 */
const frozenItems = new WeakSet<object>();

/**
 * Freezes `item` and everything in it, for good, so that its encoding is copied from list to list: for an
 * answer's item that a feature keeps while what it is made from stays the same. Items are plain
 * data (objects, arrays, strings, numbers), as answers are. A part already frozen is taken to be
 * frozen throughout, as the parts of answers are frozen only here or made frozen part by part
 * (the ranges of an item moved by some lines, `movedRange`).
 */
export function frozen<T extends object>(item: T): T {
  freezeAll(item);
  frozenItems.add(item);
  return item;
}

/**
 * The item each item `movedByLines` made moved from, while it was not written in a list, and how:
 * what lets the list's text be copied from that of the list that held that item.
 */
const movedFrom = new WeakMap<object, { item: object; move: LineMove }>();

/** Every line number from `fromLine` on is `lines` more, as an edit moves the lines after it. */
interface LineMove {
  fromLine: number;
  lines: number;
}

/**
 * `moved`, frozen (`frozen`), as `item` (itself made by `frozen`) moved down by `lines` lines (up
 * when negative) from its line `fromLine` on: `moved` must be `item` but that every number a `line`
 * member holds, however deep, that is `fromLine` or more is `lines` more, as the ranges of an
 * answer's item are when the text above them gained lines. Written in a list after one that held
 * `item`, its text is `item`'s with those numbers rewritten.
 */
export function movedByLines<T extends object>(item: T, lines: number, moved: T, fromLine = 0): T {
  frozen(moved);
  const earlier = movedFrom.get(item);
  // Moved again before it was written: it moved from what the item moved from, when the two moves
  // make one (both of every line); else its text is its own.
  if (!earlier) movedFrom.set(moved, { item, move: { fromLine, lines } });
  else if (earlier.move.fromLine === 0 && fromLine === 0) movedFrom.set(moved, { item: earlier.item, move: { fromLine, lines: earlier.move.lines + lines } });
  return moved;
}

function freezeAll(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  for (const key in value) freezeAll((value as Record<string, unknown>)[key]);
  Object.freeze(value);
}

/**
 * A message as written: `head`, then the bytes of its list (if any), then `tail`. The list's bytes
 * are those the encoder keeps for the next list, written as they are: copied with the head and
 * tail into a Buffer of each message, an answer's megabytes were copied once more, and allocated
 * once more, at every keystroke.
 */
export interface EncodedMessage {
  readonly head: string;
  readonly list?: Buffer;
  readonly tail?: string;
  /** To call once the message is written: its list's Buffer may then be used again. */
  readonly written?: () => void;
}

/** `message` as written: what JSON.stringify gives, a frozen item's text copied from the list before. */
export function encodeMessage(message: Message): EncodedMessage {
  const list = listWithin(message);
  if (!list) return { head: JSON.stringify(message) };
  // The message's text with the placeholder where the list is; should the placeholder be
  // written elsewhere in it too, the message is encoded whole.
  const text = JSON.stringify(list.shell);
  const at = text.indexOf(QUOTED_PLACEHOLDER);
  if (at < 0 || text.includes(QUOTED_PLACEHOLDER, at + 1)) return { head: JSON.stringify(message) };
  const encoded = encodedList(list.items);
  encoded.holds++;
  return { head: `${text.slice(0, at)}[`, list: encoded.text, tail: `]${text.slice(at + QUOTED_PLACEHOLDER.length)}`, written: () => release(encoded) };
}

/** The number of bytes `message` is written as. */
export function byteLengthOf({ head, list, tail = '' }: EncodedMessage): number {
  return Buffer.byteLength(head) + (list?.length ?? 0) + Buffer.byteLength(tail);
}

/**
 * A list as encoded: its items as they were then and its text between the brackets, with where the
 * text of each frozen item lies in it (start and end; both 0 for other items).
 */
interface EncodedList {
  readonly items: readonly unknown[];
  readonly text: Buffer;
  /** The Buffer `text` begins, which may be longer. */
  readonly buffer: Buffer;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** How many hold `buffer`: the list kept for the next one (`listsByFirstItem`), and the messages being written with it. */
  holds: number;
}

/**
 * Buffers of encoded lists that nothing holds any more, to write the next lists in. An editor's
 * answers of megabytes otherwise allocate megabytes outside the heap at every keystroke, and V8
 * answers that with a full collection every few dozen: at 5,000 hosts, Enter and Delete Line made
 * 17–18 full collections of about 75 ms per 600 keystrokes, and 2 with the Buffers used again.
 */
const spareBuffers: Buffer[] = [];
const MAX_SPARE_BUFFERS = 8;
/** A list shorter than this has a Buffer of its own, not kept for another: small ones set off no collection. */
const SMALLEST_SHARED_BUFFER = 64 * 1024;

/** A Buffer at least `length` long: a spare one when one fits without wasting half of it. */
function bufferFor(length: number): Buffer {
  // Not from the pool of small Buffers: kept with the list, a slice would keep its whole slab alive.
  if (length < SMALLEST_SHARED_BUFFER) return Buffer.allocUnsafeSlow(length);
  const spare = spareBuffers.findIndex((buffer) => buffer.length >= length && buffer.length <= 2 * length);
  return spare >= 0 ? spareBuffers.splice(spare, 1)[0]! : Buffer.allocUnsafeSlow(Math.ceil(length * 1.25));
}

/** One holder of `list` lets go of it; the last one gives its Buffer back. */
function release(list: EncodedList): void {
  if (--list.holds > 0 || list.buffer.length < SMALLEST_SHARED_BUFFER) return;
  spareBuffers.push(list.buffer);
  if (spareBuffers.length > MAX_SPARE_BUFFERS) spareBuffers.shift();
}

/**
 * The last list encoded whose first item is this frozen item. The next version of an answer is
 * mostly the same items in the same order (those kept), or those items moved by some lines, so its
 * text is the previous one's, copied by runs of items (their line numbers rewritten when they
 * moved), with the new items' bytes in between: encoding it costs what changed and what moved.
 */
const listsByFirstItem = new WeakMap<object, EncodedList>();

/**
 * The text of a list of items between its brackets, from runs of items the previous list with the
 * same first item (or the item it moved from) holds in the same order, each other frozen item's own
 * text, and each run of items not frozen encoded together.
 */
function encodedList(items: readonly unknown[]): EncodedList {
  const first = items[0];
  const firstItem = typeof first === 'object' && first !== null ? first : undefined;
  const previousKey = firstItem && (listsByFirstItem.has(firstItem) ? firstItem : movedFrom.get(firstItem)?.item);
  const previous = previousKey && listsByFirstItem.get(previousKey);
  /** Text (a frozen item's or a run's) and runs of the previous list's text. */
  const parts: Array<string | Buffer> = [];
  const starts = new Int32Array(items.length);
  const ends = new Int32Array(items.length);
  /** Where the next part begins in the text: each part is followed by a comma. */
  let offset = 0;
  const add = (part: string | Buffer) => {
    parts.push(part);
    offset += (typeof part === 'string' ? Buffer.byteLength(part) : part.length) + 1;
  };
  let run: unknown[] = [];
  const endRun = () => {
    if (run.length === 0) return;
    // As a list, so that what JSON cannot hold is written as null, as in the whole list.
    add(JSON.stringify(run).slice(1, -1));
    run = [];
  };
  /**
   * The previous list's items [from, to) that this list holds at [at, at + to - from), if any, all
   * moved alike (undefined: the same items).
   */
  let from = -1;
  let at = 0;
  let move: LineMove | undefined;
  const endTaken = (to: number) => {
    if (from < 0) return;
    if (!move) {
      const shift = offset - previous!.starts[from]!;
      for (let k = from; k < to; k++) {
        starts[at + k - from] = previous!.starts[k]! + shift;
        ends[at + k - from] = previous!.ends[k]! + shift;
      }
      add(previous!.text.subarray(previous!.starts[from], previous!.ends[to - 1]));
    } else add(movedText(previous!, from, to, move, { starts, ends, at, offset }));
    from = -1;
  };
  /** Where each of the previous list's frozen items is in it, worked out when one is needed. */
  let positions: Map<unknown, number> | undefined;
  const positionInPrevious = (source: unknown) => {
    // An edit removes a few items: the item is mostly a few places on.
    for (let k = j + 1; k < Math.min(j + LOOKAHEAD, previous!.items.length); k++) if (previous!.items[k] === source) return k;
    if (!positions) {
      positions = new Map();
      for (let k = previous!.items.length - 1; k >= 0; k--) if (previous!.ends[k]! > 0) positions.set(previous!.items[k], k);
    }
    return positions.get(source) ?? -1;
  };
  // Indexed, not forEach: a hole in the list is written as null.
  let j = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const moved = typeof item === 'object' && item !== null ? movedFrom.get(item) : undefined;
    // Written now, the item is in this list's text from now on.
    if (moved) movedFrom.delete(item as object);
    if (previous) {
      const source = moved ? moved.item : item;
      // Mostly the item after the last one taken; else wherever the previous list has it, however
      // many items the edit removed or added before it.
      const k = source === previous.items[j] ? j : positionInPrevious(source);
      if (k >= 0 && previous.ends[k]! > 0) {
        if (from >= 0 && (k !== j || !sameMove(moved?.move, move))) endTaken(j);
        if (from < 0) {
          endRun();
          from = k;
          at = i;
          move = moved?.move;
        }
        j = k + 1;
        continue;
      }
      endTaken(j);
    }
    if (!isFrozen(item)) {
      run.push(item);
      continue;
    }
    endRun();
    starts[i] = offset;
    add(JSON.stringify(item));
    ends[i] = offset - 1;
  }
  endTaken(j);
  endRun();
  const buffer = bufferFor(Math.max(0, offset - 1));
  const text = buffer.subarray(0, Math.max(0, offset - 1));
  let written = 0;
  parts.forEach((part, k) => {
    if (k > 0) text[written++] = COMMA;
    if (typeof part === 'string') written += text.write(part, written);
    else {
      text.set(part, written);
      written += part.length;
    }
  });
  const encoded: EncodedList = { items: items.slice(), text, buffer, starts, ends, holds: 0 };
  if (isFrozen(firstItem)) {
    // The list this one was copied from is the answer's version before: it is not kept any more.
    if (previous) {
      listsByFirstItem.delete(previousKey!);
      release(previous);
    }
    listsByFirstItem.set(firstItem, encoded);
    encoded.holds++;
  }
  return encoded;
}

function isFrozen(item: unknown): item is object {
  return typeof item === 'object' && item !== null && frozenItems.has(item);
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** `"line":`, backwards from its colon. */
const LINE_MEMBER = [0x3a, 0x22, 0x65, 0x6e, 0x69, 0x6c, 0x22];
/**
 * How far the search for `"line":` moves on from a byte where its colon is not (Horspool's): to
 * the next place where that byte is one of the member's before its colon, past the member if none.
 */
const SKIP = new Uint8Array(256).fill(LINE_MEMBER.length);
for (let k = LINE_MEMBER.length - 1; k > 0; k--) SKIP[LINE_MEMBER[k]!] = k;

/** Room made at first for the line numbers of each moved item (a range holds two); more is made as needed. */
const LINE_NUMBERS_PER_ITEM = 8;

function sameMove(a: LineMove | undefined, b: LineMove | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.fromLine === b.fromLine && a.lines === b.lines);
}

/**
 * The previous list's text of its items [from, to) with every line number (a number a `line`
 * member holds) moved as `move` says, as the items moved from them are written; where each of
 * those items lies in it, from `offset` of the list's text, goes in `placed.starts` and
 * `placed.ends` from `placed.at`. A member's name is written with quotes that a string in the text
 * escapes, so `"line":` is a member.
 */
function movedText(previous: EncodedList, from: number, to: number, move: LineMove, placed: { starts: Int32Array; ends: Int32Array; at: number; offset: number }): Buffer {
  const { text } = previous;
  const { fromLine, lines } = move;
  const start = previous.starts[from]!;
  const end = previous.ends[to - 1]!;
  /** Each line number that moves: where it starts and ends in `text`, and what it becomes (`count` entries; LSP line numbers are below 2³¹). */
  let numbers: Int32Array = new Int32Array(3 * LINE_NUMBERS_PER_ITEM * (to - from));
  let count = 0;
  /** How much longer the text is so far. */
  let growth = 0;
  for (let k = from; k < to; k++) {
    const itemStart = previous.starts[k]!;
    const itemEnd = previous.ends[k]!;
    placed.starts[placed.at + k - from] = placed.offset + itemStart - start + growth;
    // `colon`: where the colon of a `"line":` starting past the last one found would be.
    for (let colon = itemStart + LINE_MEMBER.length - 1; colon < itemEnd; ) {
      const byte = text[colon]!;
      if (byte !== LINE_MEMBER[0] || !isLineMember(text, colon)) {
        colon += SKIP[byte]!;
        continue;
      }
      let digitsEnd = colon + 1;
      let value = 0;
      while (digitsEnd < itemEnd && text[digitsEnd]! >= DIGIT_0 && text[digitsEnd]! <= DIGIT_9) value = value * 10 + text[digitsEnd++]! - DIGIT_0;
      if (digitsEnd > colon + 1 && value >= fromLine) {
        if (count + 3 > numbers.length) numbers = grown(numbers);
        numbers[count++] = colon + 1;
        numbers[count++] = digitsEnd;
        numbers[count++] = value + lines;
        growth += numberLength(value + lines) - (digitsEnd - colon - 1);
      }
      colon = digitsEnd + LINE_MEMBER.length - 1;
    }
    placed.ends[placed.at + k - from] = placed.offset + itemEnd - start + growth;
  }
  const moved = Buffer.allocUnsafe(end - start + growth);
  // Copied in pieces between the numbers whose length changed; the others are written over the copy.
  let copied = start;
  let written = 0;
  let overwritten = 0;
  const copyUpTo = (sourceEnd: number, lastNumber: number) => {
    moved.set(text.subarray(copied, sourceEnd), written);
    const shift = written - copied;
    for (; overwritten < lastNumber; overwritten += 3) writeDigits(moved, numbers[overwritten]! + shift, numbers[overwritten + 1]! + shift, numbers[overwritten + 2]!);
    written += sourceEnd - copied;
    copied = sourceEnd;
  };
  for (let n = 0; n < count; n += 3) {
    const value = numbers[n + 2]!;
    if (value >= 0 && numberLength(value) === numbers[n + 1]! - numbers[n]!) continue;
    copyUpTo(numbers[n]!, n);
    written += moved.write(String(value), written, 'latin1');
    copied = numbers[n + 1]!;
    overwritten = n + 3;
  }
  copyUpTo(end, count);
  return moved;
}

/** Whether `"line":` ends at `colon`. */
function isLineMember(text: Buffer, colon: number): boolean {
  for (let k = 1; k < LINE_MEMBER.length; k++) if (text[colon - k] !== LINE_MEMBER[k]) return false;
  return true;
}

/** The length of a number's text. */
function numberLength(value: number): number {
  if (value < 0 || !Number.isSafeInteger(value)) return String(value).length;
  let length = 1;
  for (let bound = 10; value >= bound; bound *= 10) length++;
  return length;
}

/** `numbers` with room for as many again. */
function grown(numbers: Int32Array): Int32Array {
  const larger = new Int32Array(2 * numbers.length + 3);
  larger.set(numbers);
  return larger;
}

/** Writes the digits of `value`, a line number (an integer from 0 to 2³¹ − 1) that many digits long, at [start, end). */
function writeDigits(bytes: Buffer, start: number, end: number, value: number): void {
  let rest = value;
  for (let at = end - 1; at >= start; at--) {
    bytes[at] = DIGIT_0 + (rest % 10);
    rest = (rest / 10) | 0;
  }
}

/**
 * The list of items a message carries, a response's result or the diagnostics published, and the
 * message with the placeholder in the list's place (its members in the same order).
 */
function listWithin(message: Message): { items: readonly unknown[]; shell: object } | undefined {
  if ('result' in message && Array.isArray(message.result)) return { items: message.result, shell: { ...message, result: PLACEHOLDER } };
  const { method, params } = message as { method?: unknown; params?: { diagnostics?: unknown } | null };
  if (method === PUBLISH_DIAGNOSTICS && params && Array.isArray(params.diagnostics)) {
    return { items: params.diagnostics, shell: { ...message, params: { ...params, diagnostics: PLACEHOLDER } } };
  }
  return undefined;
}
