// A real LSP client for protocol tests: starts the built server (`dist/server.js`, built by
// `node esbuild.mjs`) over stdio and talks JSON-RPC to it. Tests wait on notifications, never sleep;
// a wait that is never answered, or a server that exits on its own, fails the test with what was
// awaited and what the server said, instead of holding the whole suite.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
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

  private constructor(
    readonly connection: MessageConnection,
    private readonly process: ChildProcess,
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
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
    connection.onNotification('window/logMessage', (params: { message: string }) => options.log?.(params.message));
    const client = new LspClient(connection, child);
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
      initializationOptions: options.initializationOptions ?? ({ checkedNotifications: true, diagramNotifications: true } satisfies InitializationOptions),
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

  /** A request the test may cancel ($/cancelRequest) before its answer comes. */
  cancellableRequest<T>(method: string, params?: unknown): { answer: Promise<T>; cancel: () => void } {
    const source = new CancellationTokenSource();
    const answer = this.connection.sendRequest(method, params, source.token) as Promise<T>;
    return { answer, cancel: () => source.cancel() };
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
