// A language client that drives a server bundle the way VS Code 1.100 with vscode-languageclient
// does while someone types: incremental didChange per keystroke; then the follow-up requests
// VS Code makes for an edited document, for each the server advertises — semantic tokens (full,
// or full/delta from the previous resultId), code lenses, document symbols (outline, breadcrumbs
// and sticky scroll), folding ranges — and diagnostics pulled (textDocument/diagnostic with the
// previous resultId) when the server offers pull, else awaited as publishDiagnostics (or, as the
// extension's client asks, the server's word that a version's diagnostics are unchanged).
// In a design of several files (a folder holding a `.topo.json`) the server reads the files that are
// not open from disk and publishes each file's diagnostics: a keystroke's are those of its own file.
//
// VS Code debounces those follow-ups adaptively (semantic tokens ≥ 300 ms after the first change
// of a burst, code lens, folding and outline after a pause); this client sends them right after
// every change, which is what VS Code does once its adaptive delay has shrunk to the server's speed
// and is the most a server has to answer. As VS Code does, it keeps one semantic tokens request in
// flight (changes meanwhile ask again when it returns), and cancels a still-pending code lens,
// symbols, folding or diagnostic pull of an older version ($/cancelRequest) when it asks again.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { DIAGRAM_METHOD } from '../server/src/diagram/protocol';
import { CHECKED_NOTIFICATION, type CheckedParams, type InitializationOptions } from '../server/src/protocol';
import { CancellationTokenSource, createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

interface Position {
  line: number;
  character: number;
}

export interface TextChange {
  range: { start: Position; end: Position };
  text: string;
}

/**
 * One round of typing a NIC into a host (by default the one in the middle of the design), keystroke
 * by keystroke as VS Code sends them: Enter (with the indent), `nic eth9 `, `{` (which the editor
 * closes), ` mtu 9000 `; a third of the states leave a syntax error, as typing does. Then the line
 * is deleted (one change, as Delete Line sends it), so every round starts from the same text.
 */
export function typingRound(text: string, hostIndex?: number): TextChange[][] {
  const hostStarts = [...text.matchAll(/^host [^\n]*$/gm)];
  const host = hostStarts[hostIndex ?? hostStarts.length >> 1]!;
  const line = text.slice(0, host.index).split('\n').length - 1;
  const end = host[0].length;
  const at = (l: number, character: number) => ({ line: l, character });
  const insert = (l: number, character: number, inserted: string): TextChange[] => [{ range: { start: at(l, character), end: at(l, character) }, text: inserted }];
  const changes: TextChange[][] = [insert(line, end, '\n  ')];
  let column = 2;
  for (const character of 'nic eth9 ') changes.push(insert(line + 1, column++, character));
  changes.push(insert(line + 1, column++, '{}'));
  for (const character of ' mtu 9000 ') changes.push(insert(line + 1, column++, character));
  changes.push([{ range: { start: at(line, end), end: at(line + 1, column + 1) }, text: '' }]);
  return changes;
}

/** What VS Code 1.100's language client declares for the features the benchmark exercises. */
const CLIENT_CAPABILITIES = {
  workspace: {
    configuration: true,
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    semanticTokens: { refreshSupport: true },
    codeLens: { refreshSupport: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    semanticTokens: {
      dynamicRegistration: true,
      requests: { range: true, full: { delta: true } },
      tokenTypes: [],
      tokenModifiers: [],
      formats: ['relative'],
      overlappingTokenSupport: false,
      multilineTokenSupport: false,
      serverCancelSupport: true,
      augmentsSyntaxTokens: true,
    },
    codeLens: { dynamicRegistration: true },
    documentSymbol: { dynamicRegistration: true, hierarchicalDocumentSymbolSupport: true, labelSupport: true },
    foldingRange: { dynamicRegistration: true, rangeLimit: 5000, lineFoldingOnly: true },
  },
};

/** LSP's error for a request whose answer a later change made moot; VS Code asks again. */
const CONTENT_MODIFIED = -32801;

/** The follow-up requests, by the name the report uses. */
export type FollowUp = 'semanticTokens' | 'codeLens' | 'documentSymbol' | 'foldingRange' | 'diagnostic';

interface ServerCapabilities {
  semanticTokensProvider?: { full?: boolean | { delta?: boolean } };
  codeLensProvider?: unknown;
  documentSymbolProvider?: unknown;
  foldingRangeProvider?: unknown;
  diagnosticProvider?: unknown;
}

export interface TypingResult {
  /** Per keystroke: ms from its didChange to the first diagnostics of its version or a later one. */
  keystrokeMs: number[];
  /** Keystrokes whose diagnostics had not come when the wait ran out (their time is a lower bound). */
  unanswered: number;
  /** Per follow-up request kind: the times of the requests answered. */
  requestMs: Partial<Record<FollowUp, number[]>>;
  /** Per follow-up request kind: how many were cancelled by a later change before their answer. */
  cancelled: Partial<Record<FollowUp, number>>;
  /** Per follow-up request kind: how many the server declined as overtaken by a later change (ContentModified). */
  superseded: Partial<Record<FollowUp, number>>;
}

interface Pending {
  uri: string;
  version: number;
  sentAt: number;
}

export class EditorClient {
  private readonly pendingKeystrokes: Pending[] = [];
  private readonly versions = new Map<string, number>();
  private readonly diagnosticsWaiters: { uri: string; version: number; resolve: () => void }[] = [];
  private capabilities: ServerCapabilities = {};
  private keystrokeMs: number[] = [];
  private requestMs: Partial<Record<FollowUp, number[]>> = {};
  private cancelled: Partial<Record<FollowUp, number>> = {};
  private superseded: Partial<Record<FollowUp, number>> = {};
  private readonly inFlight = new Map<FollowUp, { version: number; source: CancellationTokenSource; done: Promise<void> }>();
  private semanticTokensResultId: string | undefined;
  private semanticTokensWanted = false;
  private diagnosticResultId: string | undefined;
  /** The latest version whose diagnostics have arrived, per document. */
  private readonly diagnosedVersions = new Map<string, number>();
  /** Diagnostics count of the latest version diagnosed. */
  diagnosticCount = 0;
  /** The diagnostics last published for each file, open or not. */
  private readonly publishedCounts = new Map<string, number>();

  private constructor(
    private readonly connection: MessageConnection,
    private readonly child: ChildProcess,
  ) {}

  /** Starts `node <serverBundle> --stdio` and initializes it as VS Code does, with `settings` as the extension's configuration. */
  static async start(serverBundle: string, settings: Record<string, unknown>, rootPath: string): Promise<EditorClient> {
    const child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new EditorClient(connection, child);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
    for (const method of ['client/registerCapability', 'window/workDoneProgress/create', 'workspace/semanticTokens/refresh', 'workspace/codeLens/refresh', 'workspace/diagnostic/refresh']) {
      connection.onRequest(method, () => null);
    }
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: unknown[] }) => {
      client.publishedCounts.set(params.uri, params.diagnostics.length);
      if (params.version !== undefined) client.diagnosed(params.uri, params.version, params.diagnostics.length);
    });
    // The extension's client asks to hear which version each check was of: a server that
    // publishes only changed diagnostics says so for a version whose diagnostics are unchanged.
    connection.onNotification(CHECKED_NOTIFICATION, (params: CheckedParams) => {
      if (!params.published) client.diagnosed(params.uri, params.version, client.publishedCounts.get(params.uri) ?? client.diagnosticCount);
    });
    connection.listen();
    const initialized = (await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(rootPath).href,
      workspaceFolders: [{ uri: pathToFileURL(rootPath).href, name: path.basename(rootPath) }],
      capabilities: CLIENT_CAPABILITIES,
      initializationOptions: { checkedNotifications: true } satisfies InitializationOptions,
    })) as { capabilities: ServerCapabilities };
    client.capabilities = initialized.capabilities;
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** The diagnostics last published over every file: a design's findings, wherever they lie. */
  get publishedDiagnosticCount(): number {
    let count = 0;
    for (const published of this.publishedCounts.values()) count += published;
    return count;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The follow-up requests this server gets from VS Code after a change. */
  get followUps(): FollowUp[] {
    const c = this.capabilities;
    const all: [FollowUp, unknown][] = [
      ['semanticTokens', c.semanticTokensProvider?.full],
      ['codeLens', c.codeLensProvider],
      ['documentSymbol', c.documentSymbolProvider],
      ['foldingRange', c.foldingRangeProvider],
      ['diagnostic', c.diagnosticProvider],
    ];
    return all.filter(([, offered]) => offered).map(([name]) => name);
  }

  /** Opens a document and waits for its first diagnostics and first round of follow-ups. */
  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    const diagnosed = this.diagnosticsOf(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'topo', version: 1, text } });
    this.askFollowUps(uri, 1);
    await diagnosed;
    await Promise.all([...this.inFlight.values()].map((request) => request.done));
  }

  /**
   * Types: sends each change `intervalMs` after the previous one (as a typist does, whether or not
   * the server has answered), with the follow-ups after each, then waits up to `drainMs` for the
   * diagnostics of the last change. Only what happens during this call is counted.
   */
  async type(uri: string, changes: TextChange[][], intervalMs: number, drainMs: number): Promise<TypingResult> {
    this.keystrokeMs = [];
    this.requestMs = {};
    this.cancelled = {};
    this.superseded = {};
    const start = performance.now();
    let lastVersion = this.versions.get(uri) ?? 1;
    for (let i = 0; i < changes.length; i++) {
      const due = start + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      lastVersion = this.change(uri, changes[i]!);
    }
    const drained = await Promise.race([
      this.diagnosticsOf(uri, lastVersion).then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), drainMs).unref()),
    ]);
    const now = performance.now();
    const unanswered = this.pendingKeystrokes.splice(0);
    for (const keystroke of unanswered) this.keystrokeMs.push(now - keystroke.sentAt);
    if (drained) await Promise.all([...this.inFlight.values()].map((request) => request.done));
    return { keystrokeMs: this.keystrokeMs, unanswered: unanswered.length, requestMs: this.requestMs, cancelled: this.cancelled, superseded: this.superseded };
  }

  /** The version of the document the client last sent. */
  versionOf(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  /** Sends one change as the editor does (with its follow-up requests) without waiting; the new version. */
  edit(uri: string, changes: TextChange[]): number {
    return this.change(uri, changes);
  }

  /** Asks for the preview's diagram as the preview does: for `version`, as a patch to the answer `previousResultId` names. */
  diagram<T>(uri: string, version: number, previousResultId: string | undefined): Promise<T> {
    return this.connection.sendRequest(DIAGRAM_METHOD, { uri, version, expandedGroups: [], previousResultId }) as Promise<T>;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Ends the server: politely if it answers within a second, else by killing its process. */
  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    const polite = (async () => {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    })().catch(() => undefined);
    await Promise.race([polite, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    this.connection.dispose();
    this.child.kill();
    await exited;
  }

  private change(uri: string, contentChanges: TextChange[]): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.pendingKeystrokes.push({ uri, version, sentAt: performance.now() });
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    this.askFollowUps(uri, version);
    return version;
  }

  private askFollowUps(uri: string, version: number): void {
    const textDocument = { uri };
    for (const kind of this.followUps) {
      if (kind === 'semanticTokens') this.askSemanticTokens(uri, version);
      else if (kind === 'diagnostic') {
        this.ask(kind, version, 'textDocument/diagnostic', { textDocument, previousResultId: this.diagnosticResultId }, (report: { kind: string; resultId?: string; items?: unknown[] }) => {
          this.diagnosticResultId = report.resultId;
          this.diagnosed(uri, version, report.kind === 'full' ? (report.items?.length ?? 0) : this.diagnosticCount);
        });
      } else {
        const method = { codeLens: 'textDocument/codeLens', documentSymbol: 'textDocument/documentSymbol', foldingRange: 'textDocument/foldingRange' }[kind];
        this.ask(kind, version, method, { textDocument }, () => undefined);
      }
    }
  }

  /** One request in flight at a time; a change meanwhile asks again once it has returned. */
  private askSemanticTokens(uri: string, version: number): void {
    if (this.inFlight.has('semanticTokens')) {
      this.semanticTokensWanted = true;
      return;
    }
    const full = this.capabilities.semanticTokensProvider?.full;
    const delta = typeof full === 'object' && full.delta === true && this.semanticTokensResultId !== undefined;
    const params = delta ? { textDocument: { uri }, previousResultId: this.semanticTokensResultId } : { textDocument: { uri } };
    this.ask('semanticTokens', version, delta ? 'textDocument/semanticTokens/full/delta' : 'textDocument/semanticTokens/full', params, (tokens: { resultId?: string } | null) => {
      this.semanticTokensResultId = tokens?.resultId;
      if (this.semanticTokensWanted) {
        this.semanticTokensWanted = false;
        setImmediate(() => this.askSemanticTokens(uri, this.versions.get(uri) ?? version));
      }
    });
  }

  private ask<T>(kind: FollowUp, version: number, method: string, params: unknown, answered: (result: T) => void): void {
    const previous = this.inFlight.get(kind);
    if (previous && kind !== 'semanticTokens') {
      previous.source.cancel();
      this.cancelled[kind] = (this.cancelled[kind] ?? 0) + 1;
    }
    const source = new CancellationTokenSource();
    const sentAt = performance.now();
    const done = (this.connection.sendRequest(method, params, source.token) as Promise<T>).then(
      (result) => {
        if (source.token.isCancellationRequested) return;
        (this.requestMs[kind] ??= []).push(performance.now() - sentAt);
        answered(result);
      },
      (error: { code?: number }) => {
        if (error.code === CONTENT_MODIFIED) this.superseded[kind] = (this.superseded[kind] ?? 0) + 1;
      },
    ).finally(() => {
      if (this.inFlight.get(kind)?.source === source) this.inFlight.delete(kind);
    });
    this.inFlight.set(kind, { version, source, done });
  }

  private diagnosed(uri: string, version: number, count: number): void {
    if (version < (this.diagnosedVersions.get(uri) ?? 0)) return;
    this.diagnosedVersions.set(uri, version);
    this.diagnosticCount = count;
    const now = performance.now();
    for (let i = 0; i < this.pendingKeystrokes.length; ) {
      const keystroke = this.pendingKeystrokes[i]!;
      if (keystroke.uri === uri && keystroke.version <= version) {
        this.keystrokeMs.push(now - keystroke.sentAt);
        this.pendingKeystrokes.splice(i, 1);
      } else i++;
    }
    for (const waiter of [...this.diagnosticsWaiters]) {
      if (waiter.uri === uri && waiter.version <= version) {
        this.diagnosticsWaiters.splice(this.diagnosticsWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  private diagnosticsOf(uri: string, version: number): Promise<void> {
    if ((this.diagnosedVersions.get(uri) ?? 0) >= version) return Promise.resolve();
    return new Promise((resolve) => this.diagnosticsWaiters.push({ uri, version, resolve }));
  }
}

/** The server's resident memory in MB (Linux). */
export function residentMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}
