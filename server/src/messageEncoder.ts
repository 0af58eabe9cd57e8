// The bytes of each message the server writes on a stream (stdio, a socket, a pipe): what
// JSON.stringify gives, as UTF-8, as vscode-jsonrpc's own encoder writes it. The answers VS Code
// asks for after every keystroke are long lists (the outline, code lenses, folding ranges,
// diagnostics) whose items the features keep from one version to the next. A feature freezes such
// an item, deeply, when it makes it (`frozen`); it cannot change once encoded (changing it throws),
// so its JSON text is kept with it and a message is put together from those texts: a keystroke
// encodes the items it changed.
import type { Message } from 'vscode-languageserver/node';

const PUBLISH_DIAGNOSTICS = 'textDocument/publishDiagnostics';
/** Stands for the list in the message's text, where its items' bytes go. */
const PLACEHOLDER = '\u0000list';
const QUOTED_PLACEHOLDER = JSON.stringify(PLACEHOLDER);
const COMMA = 0x2c;

/**
 * The items `frozen` made, each with its JSON text once encoded (null until then), while it lives.
 * Only `frozen` adds to it, after freezing all of the item: an item found here is data that cannot
 * change, whose text is a function of it alone. Kept as a string, which takes its own length, not
 * as a small Buffer, which is a slice of an 8 KB pool slab and keeps all of the slab alive.
 */
const textOfFrozen = new WeakMap<object, string | null>();

/**
 * Freezes `item` and everything in it, for good, so that its encoding is kept with it: for an
 * answer's item that a feature keeps while what it is made from stays the same. Items are plain
 * data (objects, arrays, strings, numbers), as answers are.
 */
export function frozen<T extends object>(item: T): T {
  freezeAll(item);
  textOfFrozen.set(item, null);
  return item;
}

function freezeAll(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  for (const key in value) freezeAll((value as Record<string, unknown>)[key]);
  Object.freeze(value);
}

/** The bytes of `message` as UTF-8: what JSON.stringify gives, a frozen item's text encoded once. */
export function encodeMessage(message: Message): Buffer {
  const list = listWithin(message);
  if (!list) return Buffer.from(JSON.stringify(message));
  // The message's text with the placeholder where the list is; should the placeholder be
  // written elsewhere in it too, the message is encoded whole.
  const text = JSON.stringify(list.shell);
  const at = text.indexOf(QUOTED_PLACEHOLDER);
  if (at < 0 || text.includes(QUOTED_PLACEHOLDER, at + 1)) return Buffer.from(JSON.stringify(message));
  const before = `${text.slice(0, at)}[`;
  const after = `]${text.slice(at + QUOTED_PLACEHOLDER.length)}`;
  const listText = encodedList(list.items).text;
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(before) + listText.length + Buffer.byteLength(after));
  let offset = bytes.write(before);
  bytes.set(listText, offset);
  offset += listText.length;
  bytes.write(after, offset);
  return bytes;
}

/**
 * A list as encoded: its items as they were then and its text between the brackets, with where the
 * text of each frozen item lies in it (start and end; both 0 for other items).
 */
interface EncodedList {
  readonly items: readonly unknown[];
  readonly text: Buffer;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * The last list encoded whose first item is this frozen item. The next version of an answer is
 * mostly the same items in the same order (those kept), so its text is the previous one's, copied
 * by runs of items, with the new items' bytes in between: encoding it costs what changed.
 */
const listsByFirstItem = new WeakMap<object, EncodedList>();

/**
 * The text of a list of items between its brackets, from runs of items the previous list with the
 * same first item holds in the same order, each frozen item's own text (encoded now if it was not
 * yet), and each run of other items encoded together.
 */
function encodedList(items: readonly unknown[]): EncodedList {
  const first = items[0];
  const previous = typeof first === 'object' && first !== null ? listsByFirstItem.get(first) : undefined;
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
  /** The previous list's items [from, to) that this list holds at [at, at + to - from), if any. */
  let from = -1;
  let at = 0;
  const endTaken = (to: number) => {
    if (from < 0) return;
    const shift = offset - previous!.starts[from]!;
    for (let k = from; k < to; k++) {
      starts[at + k - from] = previous!.starts[k]! + shift;
      ends[at + k - from] = previous!.ends[k]! + shift;
    }
    add(previous!.text.subarray(previous!.starts[from], previous!.ends[to - 1]));
    from = -1;
  };
  // Indexed, not forEach: a hole in the list is written as null.
  let j = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (previous) {
      // An item the edit removed from the previous list: the next one there may be this one.
      if (item !== previous.items[j] && item === previous.items[j + 1]) {
        endTaken(j);
        j++;
      }
      if (item === previous.items[j] && previous.ends[j]! > 0) {
        if (from < 0) {
          endRun();
          from = j;
          at = i;
        }
        j++;
        continue;
      }
      endTaken(j);
      // Replaced, the next items are the previous list's next ones; added, the same.
      if (items[i + 1] === previous.items[j + 1]) j++;
    }
    const kept = typeof item === 'object' && item !== null ? textOfFrozen.get(item) : undefined;
    if (kept === undefined) {
      run.push(item);
      continue;
    }
    endRun();
    let text = kept;
    if (text === null) {
      text = JSON.stringify(item);
      textOfFrozen.set(item as object, text);
    }
    starts[i] = offset;
    add(text);
    ends[i] = offset - 1;
  }
  endTaken(j);
  endRun();
  // Not from the pool of small Buffers: kept with the list, a slice would keep its whole slab alive.
  const text = Buffer.allocUnsafeSlow(Math.max(0, offset - 1));
  let written = 0;
  parts.forEach((part, k) => {
    if (k > 0) text[written++] = COMMA;
    if (typeof part === 'string') written += text.write(part, written);
    else {
      text.set(part, written);
      written += part.length;
    }
  });
  const encoded = { items: items.slice(), text, starts, ends };
  if (typeof first === 'object' && first !== null && textOfFrozen.has(first)) listsByFirstItem.set(first, encoded);
  return encoded;
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
