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
  const pieces = listPieces(list.items);
  let length = Buffer.byteLength(before) + Buffer.byteLength(after) + Math.max(0, pieces.length - 1);
  for (const piece of pieces) length += Buffer.byteLength(piece);
  const bytes = Buffer.allocUnsafe(length);
  let offset = bytes.write(before);
  pieces.forEach((piece, i) => {
    if (i > 0) bytes[offset++] = COMMA;
    offset += bytes.write(piece, offset);
  });
  bytes.write(after, offset);
  return bytes;
}

/**
 * The list's items as the pieces of its text between the commas: each frozen item's own text
 * (encoded now if it was not yet), and each run of other items encoded together.
 */
function listPieces(items: readonly unknown[]): string[] {
  const pieces: string[] = [];
  let run: unknown[] = [];
  const endRun = () => {
    if (run.length === 0) return;
    // As a list, so that what JSON cannot hold is written as null, as in the whole list.
    pieces.push(JSON.stringify(run).slice(1, -1));
    run = [];
  };
  // Indexed, not forEach: a hole in the list is written as null.
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const kept = typeof item === 'object' && item !== null ? textOfFrozen.get(item) : undefined;
    if (kept === undefined) {
      run.push(item);
      continue;
    }
    endRun();
    if (kept !== null) pieces.push(kept);
    else {
      const text = JSON.stringify(item);
      textOfFrozen.set(item as object, text);
      pieces.push(text);
    }
  }
  endRun();
  return pieces;
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
