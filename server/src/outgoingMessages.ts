// What the server writes on a stream (stdio, a socket, a pipe), and in which order. vscode-jsonrpc's
// stream writer writes one message at a time, each once the previous one is flushed, in the order
// they were sent, so while an editor reads a large answer (an outline of megabytes), a newer
// version's diagnostics wait behind the answers to older versions, and answers the editor has
// cancelled meanwhile are still written whole and read whole. This writer gives the stream a message
// whenever it has room and keeps the others, choosing which goes next:
// - notifications and the server's own requests go before responses, each in the order sent: a
//   response still comes after the diagnostics of its version, which were sent before it;
// - a response whose request the client cancelled before it began to be written goes as the error
//   RequestCancelled (LSP allows a cancelled request either answer), not its result;
// - a document's diagnostics that have not begun to be written when newer ones of the document are
//   sent are not written: each list pushed replaces the previous one whole, and at thousands of
//   findings each is megabytes for the editor to read.
// A message once begun is written whole before the next one begins.
import type { Writable } from 'node:stream';
import {
  AbstractMessageWriter,
  LSPErrorCodes,
  Message,
  type DataCallback,
  type MessageReader,
  type MessageWriter,
  type ResponseMessage,
} from 'vscode-languageserver/node';
import { byteLengthOf, encodeMessage, type EncodedMessage } from './messageEncoder';

type RequestId = number | string;

interface Queued {
  message: Message;
  written: () => void;
  failed: (error: unknown) => void;
}

const CANCEL_METHOD = '$/cancelRequest';
const PUBLISH_DIAGNOSTICS_METHOD = 'textDocument/publishDiagnostics';

export class OutgoingMessages extends AbstractMessageWriter implements MessageWriter {
  /** Notifications and the server's requests, in the order sent. */
  private readonly first: Queued[] = [];
  /** Responses, in the order sent. */
  private readonly responses: Queued[] = [];
  /** The client's requests not answered yet (whose response has not begun). */
  private readonly unanswered = new Set<RequestId>();
  /** Those of them the client cancelled. */
  private readonly cancelled = new Set<RequestId>();
  /** Whether the stream is full: the next message waits for its `drain`. */
  private full = false;
  private errors = 0;

  constructor(private readonly stream: Writable) {
    super();
    stream.on('error', (error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
    stream.on('drain', () => {
      this.full = false;
      this.writeWhileRoom();
    });
  }

  /**
   * `reader` with the client's requests and cancellations noted as they arrive, before the
   * connection handles them: a cancellation of a request being worked on or answered never
   * reaches the connection's message strategy.
   */
  watching(reader: MessageReader): MessageReader {
    return {
      onError: reader.onError,
      onClose: reader.onClose,
      onPartialMessage: reader.onPartialMessage,
      dispose: () => reader.dispose(),
      listen: (callback: DataCallback) =>
        reader.listen((message) => {
          this.received(message);
          callback(message);
        }),
    };
  }

  write(message: Message): Promise<void> {
    return new Promise((written, failed) => {
      if (Message.isResponse(message)) this.responses.push({ message, written, failed });
      else {
        this.dropDiagnosticsReplacedBy(message);
        this.first.push({ message, written, failed });
      }
      this.writeWhileRoom();
    });
  }

  end(): void {
    this.stream.end();
  }

  private received(message: Message): void {
    if (Message.isRequest(message) && message.id !== null) this.unanswered.add(message.id);
    else if (Message.isNotification(message) && message.method === CANCEL_METHOD) {
      const id = (message.params as { id?: unknown } | undefined)?.id;
      if ((typeof id === 'number' || typeof id === 'string') && this.unanswered.has(id)) this.cancelled.add(id);
    }
  }

  /** Diagnostics of the document `message` publishes diagnostics of, waiting still: those go unwritten, as written. */
  private dropDiagnosticsReplacedBy(message: Message): void {
    const uri = publishedUri(message);
    if (uri === undefined) return;
    const waiting = this.first.findIndex((queued) => publishedUri(queued.message) === uri);
    if (waiting >= 0) this.first.splice(waiting, 1)[0]!.written();
  }

  private writeWhileRoom(): void {
    while (!this.full) {
      const next = this.first.shift() ?? this.responses.shift();
      if (!next) return;
      this.writeNow(next);
    }
  }

  private writeNow({ message, written, failed }: Queued): void {
    let body: EncodedMessage;
    try {
      body = encodeMessage(Message.isResponse(message) ? this.answered(message) : message);
    } catch (error) {
      this.failed(error, message, failed);
      return;
    }
    // Corked, the parts go to the stream as one write; the texts are encoded by it.
    this.stream.cork();
    this.stream.write(`Content-Length: ${byteLengthOf(body)}\r\n\r\n${body.head}`, 'utf8');
    if (body.list) this.stream.write(body.list);
    const room = this.stream.write(body.tail ?? '', 'utf8', (error) => {
      if (error) return this.failed(error, message, failed);
      body.written?.();
      written();
    });
    this.stream.uncork();
    if (!room) this.full = true;
  }

  /** The response to write: RequestCancelled in place of one whose request the client cancelled. */
  private answered(response: ResponseMessage): ResponseMessage {
    const id = response.id;
    if (id === null) return response;
    this.unanswered.delete(id);
    if (!this.cancelled.delete(id)) return response;
    return { jsonrpc: response.jsonrpc, id, error: { code: LSPErrorCodes.RequestCancelled, message: 'the request was cancelled' } };
  }

  private failed(error: unknown, message: Message, failed: (error: unknown) => void): void {
    this.fireError(error, message, ++this.errors);
    failed(error);
  }
}

/** The document whose diagnostics `message` publishes, if it does. */
function publishedUri(message: Message): string | undefined {
  if (!Message.isNotification(message) || message.method !== PUBLISH_DIAGNOSTICS_METHOD) return undefined;
  const uri = (message.params as { uri?: unknown } | undefined)?.uri;
  return typeof uri === 'string' ? uri : undefined;
}
