// A real LSP client for protocol tests: starts the built server (`dist/server.js`, built by
// `node esbuild.mjs`) over stdio and talks JSON-RPC to it. Tests wait on notifications, never sleep.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, Position, TextEdit } from 'vscode-languageserver-types';
import { CHECKED_NOTIFICATION, type CheckedParams, type InitializationOptions } from '../../server/src/protocol';

interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

const root = path.resolve(import.meta.dirname, '../..');
export const SERVER_BUNDLE = path.join(root, 'dist/server.js');

export class LspClient {
  private readonly waiters: { uri: string; version: number; resolve: (d: Diagnostic[]) => void }[] = [];
  private readonly watchers: { uri: string; accept: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  /** The capabilities the server registered dynamically (client/registerCapability), in order. */
  readonly registrations: Array<{ id: string; method: string; registerOptions?: unknown }> = [];
  private readonly versions = new Map<string, number>();
  /** The last diagnostics published per URI, versioned or not (a settings file's). */
  readonly latest = new Map<string, Diagnostic[]>();
  /** The versions diagnostics were published for, in order (of any document). */
  readonly publishedVersions: number[] = [];

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
  }

  private checked(uri: string, version: number): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.uri === uri && version === waiter.version) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(this.latest.get(uri) ?? []);
      }
    }
  }

  /** What the server answered to initialize. */
  serverCapabilities: Record<string, unknown> = {};

  /**
   * Starts the server; `textDocument` capabilities are added to the client's few (e.g. `diagnostic` to pull diagnostics).
   * `options.workspaceFolders`: folder paths (default: none, with the repository as rootUri); `options.log` receives the server's log messages.
   */
  static async start(
    settings: Record<string, unknown> = { diagnostics: { debounceMs: 0 } },
    textDocument: Record<string, unknown> = {},
    options: { workspaceFolders?: string[]; log?: (message: string) => void; workspace?: Record<string, unknown> } = {},
  ): Promise<LspClient> {
    if (!existsSync(SERVER_BUNDLE)) throw new Error('dist/server.js is missing: run `node esbuild.mjs` first');
    const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
    connection.onNotification('window/logMessage', (params: { message: string }) => options.log?.(params.message));
    const client = new LspClient(connection, child);
    connection.onRequest('client/registerCapability', (params: { registrations: LspClient['registrations'] }) => {
      client.registrations.push(...params.registrations);
      return null;
    });
    connection.listen();
    const initialized = (await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: options.workspaceFolders?.map((folder) => ({ uri: pathToFileURL(folder).href, name: path.basename(folder) })) ?? null,
      capabilities: { workspace: { configuration: true, ...options.workspace }, textDocument: { publishDiagnostics: { versionSupport: true }, ...textDocument } },
      initializationOptions: { checkedNotifications: true } satisfies InitializationOptions,
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
    this.versions.set(uri, 1);
    const published = this.diagnosticsFor(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'topo', version: 1, text } });
    return published;
  }

  /** Replaces the whole text (as an incremental change of the full range) and waits for its diagnostics. */
  change(uri: string, text: string, changes?: unknown[]): Promise<Diagnostic[]> {
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
    return new Promise((resolve) => this.watchers.push({ uri, accept, resolve }));
  }

  diagnosticsFor(uri: string, version: number): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    this.connection.dispose();
    this.process.kill();
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

/** Splits marked text at its `<|>` cursor marker: the text without it and the cursor position. */
export function withCursor(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf('<|>');
  if (offset < 0) throw new Error('no <|> cursor marker');
  const text = marked.replace('<|>', '');
  return { text, position: positionAt(text, offset) };
}

export const exampleUri = (name: string) => pathToFileURL(path.join(root, 'examples', name)).href;
