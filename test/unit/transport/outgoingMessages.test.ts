import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import type { DataCallback, Message, MessageReader } from 'vscode-languageserver/node';
import { OutgoingMessages } from '../../../server/src/outgoingMessages';

/**
 * A stream that takes what it is given only while the test lets it, as a pipe whose reader is busy:
 * the writer finds it full after a message longer than its high-water mark.
 */
class HeldStream extends Writable {
  readonly chunks: Buffer[] = [];
  private readonly held: Array<() => void> = [];
  private flowing = false;

  constructor() {
    super({ highWaterMark: 1024 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    if (this.flowing) process.nextTick(done);
    else this.held.push(done);
  }

  /** From now on the stream takes everything. */
  release(): void {
    this.flowing = true;
    for (const done of this.held.splice(0)) done();
  }

  /** The messages written, in order, each read back from its framing. */
  messages(): Message[] {
    const bytes = Buffer.concat(this.chunks);
    const messages: Message[] = [];
    for (let at = 0; at < bytes.length; ) {
      const headerEnd = bytes.indexOf('\r\n\r\n', at);
      const length = Number(/^Content-Length: (\d+)$/.exec(bytes.subarray(at, headerEnd).toString('ascii'))![1]);
      messages.push(JSON.parse(bytes.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')));
      at = headerEnd + 4 + length;
    }
    return messages;
  }
}

/** A reader whose messages the test sends, as the client's. */
function clientReader(): { reader: MessageReader; send: (message: Message) => void } {
  let listener: DataCallback | undefined;
  const none = () => ({ dispose() {} });
  const reader: MessageReader = {
    listen: (callback) => {
      listener = callback;
      return { dispose() {} };
    },
    onError: none,
    onClose: none,
    onPartialMessage: none,
    dispose() {},
  };
  return { reader, send: (message) => listener!(message) };
}

const big = (id: number) => ({ jsonrpc: '2.0', id, result: Array.from({ length: 200 }, (_, i) => ({ name: `host-${i}`, kind: 12 })) });
const response = (id: number) => ({ jsonrpc: '2.0', id, result: [{ name: `answer ${id}` }] });
const notification = (method: string, version: number, uri = 'file:///a.topo') => ({ jsonrpc: '2.0', method, params: { uri, version } });
const request = (id: number, method: string) => ({ jsonrpc: '2.0', id, method, params: {} });
const cancel = (id: number) => ({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } });

test('notifications and the server\'s requests are written before responses that have not begun, each kind in the order sent, each message whole', async () => {
  const stream = new HeldStream();
  const writer = new OutgoingMessages(stream);
  const sent = [big(1), response(2), notification('storageTopology/checked', 5), request(100, 'workspace/configuration'), notification('textDocument/publishDiagnostics', 5), response(3)];
  const written = sent.map((message) => writer.write(message));
  stream.release();
  await Promise.all(written);
  const [answer1, answer2, checked, configuration, diagnostics, answer3] = sent;
  assert.deepEqual(stream.messages(), [answer1, checked, configuration, diagnostics, answer2, answer3]);
});

test('with room in the stream, messages are written as sent', async () => {
  const stream = new HeldStream();
  stream.release();
  const writer = new OutgoingMessages(stream);
  const sent = [response(1), notification('textDocument/publishDiagnostics', 2), response(2)];
  for (const message of sent) await writer.write(message);
  assert.deepEqual(stream.messages(), sent);
});

test('a response whose request the client cancelled before it began is written as RequestCancelled; one already begun is written whole', async () => {
  const stream = new HeldStream();
  const writer = new OutgoingMessages(stream);
  const client = clientReader();
  const received: Message[] = [];
  writer.watching(client.reader).listen((message) => received.push(message));
  for (const id of [1, 2, 3, 4]) client.send(request(id, 'textDocument/documentSymbol'));
  const written = [writer.write(big(1)), writer.write(big(2))];
  // Cancelled while waiting behind the first answer, and the first while it is being written.
  client.send(cancel(2));
  client.send(cancel(1));
  // A cancellation of a request that was never made changes nothing.
  client.send(cancel(9));
  written.push(writer.write(response(3)), writer.write(response(9)));
  client.send(cancel(4));
  written.push(writer.write(response(4)));
  stream.release();
  await Promise.all(written);
  const cancelled = (id: number) => ({ jsonrpc: '2.0', id, error: { code: -32800, message: 'the request was cancelled' } });
  assert.deepEqual(stream.messages(), [big(1), cancelled(2), response(3), response(9), cancelled(4)]);
  assert.equal(received.length, 8, 'the connection gets every message the client sent');
});

test('a cancellation arriving after its response was written does not touch a later answer', async () => {
  const stream = new HeldStream();
  stream.release();
  const writer = new OutgoingMessages(stream);
  const client = clientReader();
  writer.watching(client.reader).listen(() => undefined);
  client.send(request(1, 'textDocument/codeLens'));
  await writer.write(response(1));
  client.send(cancel(1));
  client.send(request(2, 'textDocument/codeLens'));
  await writer.write(response(2));
  assert.deepEqual(stream.messages(), [response(1), response(2)]);
});

test('a document\'s diagnostics not begun when newer ones of the document are sent are not written; others stay, in order', async () => {
  const stream = new HeldStream();
  const writer = new OutgoingMessages(stream);
  const checked = (version: number, uri?: string) => notification('storageTopology/checked', version, uri);
  const diagnostics = (version: number, uri?: string) => notification('textDocument/publishDiagnostics', version, uri);
  const sent = [big(1), diagnostics(1), checked(2), diagnostics(2), diagnostics(1, 'file:///b.topo'), response(2), checked(3), diagnostics(3)];
  const written = sent.map((message) => writer.write(message));
  stream.release();
  await Promise.all(written);
  assert.deepEqual(stream.messages(), [big(1), checked(2), diagnostics(1, 'file:///b.topo'), checked(3), diagnostics(3), response(2)]);
});

test('diagnostics already begun are written whole when newer ones of the document come', async () => {
  const stream = new HeldStream();
  const writer = new OutgoingMessages(stream);
  const many = { ...notification('textDocument/publishDiagnostics', 1), params: { uri: 'file:///a.topo', version: 1, diagnostics: big(0).result } };
  const written = [writer.write(many), writer.write(notification('textDocument/publishDiagnostics', 2))];
  stream.release();
  await Promise.all(written);
  assert.deepEqual(stream.messages(), [many, notification('textDocument/publishDiagnostics', 2)]);
});
