// A real LSP client for protocol tests: starts the built server (`dist/server.js`, built by
// `node esbuild.mjs`) over stdio and talks JSON-RPC to it; a test can stop reading the server's
// output behind a message, as a busy editor does, and learn when what it sent has been written.
// Tests wait on notifications, never sleep; a wait that is never answered, or a server that exits
// on its own, fails the test with what was awaited and what the server said, instead of holding
// the whole suite.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  CancellationReceiverStrategy,
  CancellationTokenSource,
  createMessageConnection,
  Message,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, Position, SemanticTokensEdit, TextEdit } from 'vscode-languageserver-types';
import { CHECKED_NOTIFICATION, type CheckedParams, type InitializationOptions } from '../../server/src/protocol';
import { DIAGRAM_CHANGED_METHOD, type DiagramChangedParams } from '../../server/src/diagram/protocol';

interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

const root = path.resolve(import.meta.dirname, '../..');
export const SERVER_BUNDLE = path.join(root, 'dist/server.js');
/** How long any one answer may take: far beyond the slowest (a 300-host design on a loaded machine). */
const ANSWER_BOUND_MS = 60_000;

/** A message as the gate reads it, to decide whether to stop after it. */
export interface ReadMessage {
  id?: number | string | null;
  method?: string;
  params?: unknown;
}

/** Whether a message the server wrote is an answer to a request. */
export const isAnswer = (message: ReadMessage): boolean => message.id !== undefined && message.method === undefined;

/** Whether a message the server wrote completes the check of `uri` at `version`: its diagnostics, or the notification that they are those published last. */
export function completesCheck(uri: string, version: number): (message: ReadMessage) => boolean {
  return ({ method, params }) => {
    const check = params as Partial<CheckedParams> | undefined;
    if (check?.uri !== uri || check.version !== version) return false;
    return method === 'textDocument/publishDiagnostics' || (method === CHECKED_NOTIFICATION && check.published === false);
  };
}

/** Whether a message the server wrote asks the editor for the settings of `uri` (`workspace/configuration`), which its first check waits for. */
export function asksSettingsOf(uri: string): (message: ReadMessage) => boolean {
  return ({ method, params }) => {
    const items = (params as { items?: Array<{ scopeUri?: string }> } | undefined)?.items;
    return method === 'workspace/configuration' && items?.some((item) => item.scopeUri === uri) === true;
  };
}

/**
 * The server's output on its way to the client's reader, which a test can stop right after a
 * message: what follows is not read, so it stays in the pipe and the server's writes back up behind
 * it, as behind an editor that is slow to read. Messages pass as they arrive, split only at their
 * ends (the `Content-Length` framing).
 */
class OutputGate {
  /** What the client's reader reads. */
  readonly output = new PassThrough();
  /** The start of a header split between chunks. */
  private header = Buffer.alloc(0);
  /** Bytes of the current message's body not passed yet; 0 while its header is read. */
  private bodyLeft = 0;
  /** The parts of the current body, kept while a stop waits for its message. */
  private body: Buffer[] = [];
  /** What was read from the server while stopped, passed on when reading goes on. */
  private held: Buffer[] = [];
  private stop: { after: (message: ReadMessage) => boolean; stopped: (message: ReadMessage) => void } | undefined;
  private stopped = false;

  constructor(private readonly input: Readable) {
    input.on('data', (chunk: Buffer) => this.pass(chunk));
    input.on('end', () => this.output.end());
    input.on('error', (error) => this.output.destroy(error));
  }

  /** Resolves with the first message from now on that `after` takes, once it has passed and reading has stopped behind it. */
  stopAfter(after: (message: ReadMessage) => boolean): Promise<ReadMessage> {
    return new Promise((stopped) => (this.stop = { after, stopped }));
  }

  /** Reads on, beginning with what was read while stopped. */
  readOn(): void {
    this.stopped = false;
    const held = this.held;
    this.held = [];
    for (const chunk of held) this.pass(chunk);
    if (!this.stopped) this.input.resume();
  }

  private pass(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.stopped) {
        this.held.push(chunk.subarray(at));
        return;
      }
      if (this.bodyLeft === 0) {
        const header = this.header.length > 0 ? Buffer.concat([this.header, chunk.subarray(at)]) : chunk.subarray(at);
        const end = header.indexOf('\r\n\r\n');
        const taken = end < 0 ? chunk.length - at : end + 4 - this.header.length;
        this.output.write(chunk.subarray(at, at + taken));
        at += taken;
        if (end < 0) {
          this.header = Buffer.from(header);
          continue;
        }
        const length = /Content-Length: *(\d+)/i.exec(header.toString('ascii', 0, end))?.[1];
        if (length === undefined) throw new Error(`a message from the server has no Content-Length: ${header.toString('ascii', 0, end)}`);
        this.header = Buffer.alloc(0);
        this.bodyLeft = Number(length);
        continue;
      }
      const part = chunk.subarray(at, at + Math.min(this.bodyLeft, chunk.length - at));
      this.output.write(part);
      at += part.length;
      this.bodyLeft -= part.length;
      if (this.stop === undefined) continue;
      this.body.push(part);
      if (this.bodyLeft > 0) continue;
      const message = JSON.parse(Buffer.concat(this.body).toString('utf8')) as ReadMessage;
      this.body = [];
      if (!this.stop.after(message)) continue;
      this.stop.stopped(message);
      this.stop = undefined;
      this.stopped = true;
      this.input.pause();
    }
  }
}

/** The client's writer to the server, which tells when the client's answer to a request of the server has been written. */
class ClientWriter extends StreamMessageWriter {
  private readonly answers = new Map<number | string, { written: Promise<void>; resolve: () => void }>();

  override async write(message: Message): Promise<void> {
    await super.write(message);
    if (Message.isResponse(message) && message.id !== null) this.answer(message.id).resolve();
  }

  /** Resolves once the answer to the server's request `id` has been written. */
  answerWritten(id: number | string): Promise<void> {
    return this.answer(id).written;
  }

  private answer(id: number | string): { written: Promise<void>; resolve: () => void } {
    let answer = this.answers.get(id);
    if (!answer) {
      let resolve = (): void => undefined;
      const written = new Promise<void>((resolved) => (resolve = resolved));
      answer = { written, resolve };
      this.answers.set(id, answer);
    }
    return answer;
  }
}

interface Waiter {
  what: string;
  timer?: NodeJS.Timeout;
  resolve: (diagnostics: Diagnostic[]) => void;
  reject: (error: Error) => void;
}

export class LspClient {
  private readonly waiters: Array<Waiter & { uri: string; version: number }> = [];
  private readonly watchers: Array<Waiter & { uri: string; accept: (d: Diagnostic[]) => boolean }> = [];
  /** Why the server can no longer answer (it exited), once it cannot. */
  private gone: Error | undefined;
  private stopping = false;
  /** The end of what the server wrote to stderr, for a failure's message. */
  private stderrTail = '';
  /** The capabilities the server registered dynamically (client/registerCapability), in order. */
  readonly registrations: Array<{ id: string; method: string; registerOptions?: unknown }> = [];
  private readonly versions = new Map<string, number>();
  /** The last diagnostics published per URI, versioned or not (a settings file's). */
  readonly latest = new Map<string, Diagnostic[]>();
  /** The versions diagnostics were published for, in order (of any document). */
  readonly publishedVersions: number[] = [];
  /** Waits for `storageTopology/diagramChanged` of a document. */
  private readonly diagramWaiters: Array<Waiter & { uri: string }> = [];
  /** The `$/cancelRequest` sent last, resolved once written to the server. */
  private cancellationSent: Promise<void> = Promise.resolve();

  private constructor(
    readonly connection: MessageConnection,
    private readonly process: ChildProcess,
    private readonly output: OutputGate,
    private readonly input: ClientWriter,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params.diagnostics);
      for (const watcher of [...this.watchers]) {
        if (watcher.uri === params.uri && watcher.accept(params.diagnostics)) {
          this.watchers.splice(this.watchers.indexOf(watcher), 1);
          watcher.resolve(params.diagnostics);
        }
      }
      if (params.version === undefined) return;
      this.publishedVersions.push(params.version);
      this.checked(params.uri, params.version);
    });
    // Diagnostics are published only when they changed; this says, before them, which version they
    // are of, or that the version's are those published last.
    connection.onNotification(CHECKED_NOTIFICATION, (params: CheckedParams) => {
      if (!params.published) this.checked(params.uri, params.version);
    });
    connection.onNotification(DIAGRAM_CHANGED_METHOD, (params: DiagramChangedParams) => {
      for (const waiter of [...this.diagramWaiters]) {
        if (waiter.uri !== params.uri) continue;
        this.diagramWaiters.splice(this.diagramWaiters.indexOf(waiter), 1);
        waiter.resolve([]);
      }
    });
  }

  private checked(uri: string, version: number): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.uri === uri && version === waiter.version) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(this.latest.get(uri) ?? []);
      }
    }
  }

  /** A promise of the diagnostics a waiter is registered for, rejected if they do not come in time or the server exits. */
  private wait<W extends Waiter>(list: W[], fields: Omit<W, keyof Waiter>, what: string): Promise<Diagnostic[]> {
    if (this.gone) return Promise.reject(this.gone);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        list.splice(list.indexOf(waiter), 1);
        reject(new Error(`no ${what} within ${ANSWER_BOUND_MS / 1000} s; published so far: ${this.publishedSummary()}`));
      }, ANSWER_BOUND_MS);
      const waiter = {
        ...fields,
        what,
        timer,
        resolve: (diagnostics: Diagnostic[]) => (clearTimeout(timer), resolve(diagnostics)),
        reject: (error: Error) => (clearTimeout(timer), reject(error)),
      } as W;
      list.push(waiter);
    });
  }

  private publishedSummary(): string {
    const documents = [...this.latest].map(([uri, diagnostics]) => `${uri} (${diagnostics.length})`);
    return `${documents.join(', ') || 'nothing'}; versions ${this.publishedVersions.join(', ') || 'none'}`;
  }

  /** The server exited without being asked: every wait fails with how it ended and what it said. */
  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    this.gone = new Error(`the server exited (${signal ?? `code ${code}`}) while the test waited; its stderr ended: ${this.stderrTail || '(nothing)'}`);
    for (const waiter of [...this.waiters, ...this.watchers, ...this.diagramWaiters]) waiter.reject(this.gone);
    this.waiters.length = 0;
    this.watchers.length = 0;
    this.diagramWaiters.length = 0;
  }

  /** What the server answered to initialize. */
  serverCapabilities: Record<string, unknown> = {};

  /**
   * Starts the server; `textDocument` capabilities are added to the client's few (e.g. `diagnostic` to pull diagnostics).
   * `options.workspaceFolders`: folder paths (default: none, with the repository as rootUri); `options.log` receives the server's log messages;
   * `options.initializationOptions` replaces the client's (default: it asks for every notification the server offers).
   */
  static async start(
    settings: Record<string, unknown> = { diagnostics: { debounceMs: 0 } },
    textDocument: Record<string, unknown> = {},
    options: { workspaceFolders?: string[]; log?: (message: string) => void; workspace?: Record<string, unknown>; initializationOptions?: InitializationOptions } = {},
  ): Promise<LspClient> {
    if (!existsSync(SERVER_BUNDLE)) throw new Error('dist/server.js is missing: run `node esbuild.mjs` first');
    const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const output = new OutputGate(child.stdout!);
    const input = new ClientWriter(child.stdin!);
    const connection = createMessageConnection(new StreamMessageReader(output.output), input, undefined, {
      cancellationStrategy: {
        receiver: CancellationReceiverStrategy.Message,
        sender: {
          sendCancellation: (cancelling, id): Promise<void> => (client.cancellationSent = cancelling.sendNotification('$/cancelRequest', { id })),
          cleanup: () => undefined,
        },
      },
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
    connection.onNotification('window/logMessage', (params: { message: string }) => options.log?.(params.message));
    const client: LspClient = new LspClient(connection, child, output, input);
    child.stderr!.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      client.stderrTail = (client.stderrTail + chunk.toString()).slice(-2000);
    });
    child.on('exit', (code, signal) => client.exited(code, signal));
    connection.onRequest('client/registerCapability', (params: { registrations: LspClient['registrations'] }) => {
      client.registrations.push(...params.registrations);
      return null;
    });
    connection.listen();
    const initialized = (await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: options.workspaceFolders?.map((folder) => ({ uri: pathToFileURL(folder).href, name: path.basename(folder) })) ?? null,
      capabilities: { workspace: { configuration: true, ...options.workspace }, textDocument: { publishDiagnostics: { versionSupport: true }, ...textDocument } },
      initializationOptions: options.initializationOptions ?? ({ checkedNotifications: true, diagramNotifications: true, outlineNotifications: true } satisfies InitializationOptions),
    })) as { capabilities: Record<string, unknown> };
    client.serverCapabilities = initialized.capabilities;
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** The server's process id, for reading its memory use. */
  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Opens a document and resolves with the diagnostics of its first version. */
  open(uri: string, text: string): Promise<Diagnostic[]> {
    if (this.gone) return Promise.reject(this.gone);
    this.versions.set(uri, 1);
    const published = this.diagnosticsFor(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'topo', version: 1, text } });
    return published;
  }

  /** Replaces the whole text (as an incremental change of the full range) and waits for its diagnostics. */
  change(uri: string, text: string, changes?: unknown[]): Promise<Diagnostic[]> {
    if (this.gone) return Promise.reject(this.gone);
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const published = this.diagnosticsFor(uri, version);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: changes ?? [{ text }],
    });
    return published;
  }

  /** Resolves with the first diagnostics published for `uri` (the last ones included) that `accept` takes. */
  diagnosticsUntil(uri: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const last = this.latest.get(uri);
    if (last !== undefined && accept(last)) return Promise.resolve(last);
    return this.wait(this.watchers, { uri, accept }, `diagnostics of ${uri} that the test accepts`);
  }

  diagnosticsFor(uri: string, version: number): Promise<Diagnostic[]> {
    return this.wait(this.waiters, { uri, version }, `check of ${uri} version ${version}`);
  }

  /** Resolves when the server next says the diagram of `uri` changed without an edit of it (`storageTopology/diagramChanged`). */
  async diagramChanged(uri: string): Promise<void> {
    await this.wait(this.diagramWaiters, { uri }, `storageTopology/diagramChanged of ${uri}`);
  }

  /** The server's answer, or a failure if it does not come in time or the server exits. */
  request<T>(method: string, params?: unknown): Promise<T> {
    if (this.gone) return Promise.reject(this.gone);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method} within ${ANSWER_BOUND_MS / 1000} s`)), ANSWER_BOUND_MS);
      const exited = (): void => reject(this.gone ?? new Error(`the server exited before it answered ${method}`));
      this.process.once('exit', exited);
      (this.connection.sendRequest(method, params) as Promise<T>).then(resolve, reject).finally(() => {
        clearTimeout(timer);
        this.process.off('exit', exited);
      });
    });
  }

  /** A request the test may cancel ($/cancelRequest) before its answer comes; `cancel` resolves once the cancellation is written to the server. */
  cancellableRequest<T>(method: string, params?: unknown): { answer: Promise<T>; cancel: () => Promise<void> } {
    const source = new CancellationTokenSource();
    const answer = this.connection.sendRequest(method, params, source.token) as Promise<T>;
    return {
      answer,
      cancel: () => {
        source.cancel();
        return this.cancellationSent;
      },
    };
  }

  /**
   * Stops reading the server's output right after the next message `accept` takes, and resolves
   * with it then: what follows stays in the pipe and the server's writes back up behind it until `readOn`.
   */
  stopReadingAfter(accept: (message: ReadMessage) => boolean): Promise<ReadMessage> {
    return this.output.stopAfter(accept);
  }

  /** Resolves once the client's answer to `request`, a request of the server, has been written to the server. */
  answerWritten(request: ReadMessage): Promise<void> {
    if (request.id === undefined || request.id === null || request.method === undefined) throw new Error(`not a request of the server: ${JSON.stringify(request)}`);
    return this.input.answerWritten(request.id);
  }

  /** Reads the server's output again after `stopReadingAfter`. */
  readOn(): void {
    this.output.readOn();
  }

  /** Shuts the server down as an editor does; fails if its process does not end by itself. */
  async stop(): Promise<void> {
    if (this.gone) throw this.gone;
    const ended = new Promise<boolean>((resolve) => {
      if (this.process.exitCode !== null || this.process.signalCode !== null) return resolve(true);
      const timer = setTimeout(() => resolve(false), ANSWER_BOUND_MS);
      this.process.once('exit', () => (clearTimeout(timer), resolve(true)));
    });
    await this.request('shutdown');
    this.stopping = true;
    // Checks of versions a burst of changes superseded are never sent: those waits end here, unsettled.
    for (const waiter of [...this.waiters, ...this.watchers, ...this.diagramWaiters]) clearTimeout(waiter.timer);
    this.waiters.length = 0;
    this.watchers.length = 0;
    this.diagramWaiters.length = 0;
    await this.connection.sendNotification('exit');
    this.connection.dispose();
    if (!(await ended)) {
      this.process.kill('SIGKILL');
      throw new Error(`the server did not exit within ${ANSWER_BOUND_MS / 1000} s of the exit notification`);
    }
  }
}

/** The offset of a 0-based line/character position in `text` (LF or CRLF line ends). */
export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + position.character, text.length);
}

/** The 0-based line/character position of an offset in `text`. */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Applies LSP text edits (all against the original text) from the last offset to the first. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const spans = edits
    .map((edit, index) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText, index }))
    .sort((a, b) => b.start - a.start || b.index - a.index);
  return spans.reduce((result, span) => result.slice(0, span.start) + span.newText + result.slice(span.end), text);
}

/** The token data a client holds after a `full/delta` answer's edits (all against `data`), applied from the last to the first. */
export function applyTokenEdits(data: readonly number[], edits: readonly SemanticTokensEdit[]): number[] {
  const result = [...data];
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
  return result;
}

/** Splits marked text at its `<|>` cursor marker: the text without it and the cursor position. */
export function withCursor(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf('<|>');
  if (offset < 0) throw new Error('no <|> cursor marker');
  const text = marked.replace('<|>', '');
  return { text, position: positionAt(text, offset) };
}

export const exampleUri = (name: string) => pathToFileURL(path.join(root, 'examples', name)).href;
