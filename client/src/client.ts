import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { editorLinksMiddleware, withRenderedLinks } from './editorLinks';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { DIAGRAM_CHANGED_METHOD, type DiagramChangedParams } from '../../server/src/diagram/protocol';
import { CHECKED_NOTIFICATION, OUTLINE_LIMITED_NOTIFICATION, type CheckedParams, type InitializationOptions, type OutlineLimitedParams } from '../../server/src/protocol';

/** The id doubles as the settings prefix: the client reads `storageTopology.trace.server`. */
const clientId = 'storageTopology';
const clientName = 'Storage Topology';
const serverBundle = 'dist/server.js';

export type ServerState = 'starting' | 'running' | 'stopped';

/**
 * Owns the language client across restarts. A client whose start failed cannot be started
 * again, so a restart disposes it and creates a new one; features that talk to the server ask
 * for `client` at the time of each request instead of keeping the instance.
 */
export class LanguageServerController implements vscode.Disposable {
  private current: { client: LanguageClient; resources: vscode.Disposable[] } | undefined;
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private readonly checkedEmitter = new vscode.EventEmitter<CheckedVersion>();
  /** The diagnostics of a document version (or a later one) arrived from the server. */
  readonly onDidCheck = this.checkedEmitter.event;
  private readonly diagramEmitter = new vscode.EventEmitter<string>();
  /** The diagram of a document (its URI) changed without an edit: its observed state was read again. */
  readonly onDidChangeDiagram = this.diagramEmitter.event;
  private readonly outlineLimitEmitter = new vscode.EventEmitter<OutlineLimitedParams>();
  /** A document's outline started or stopped listing its top-level elements alone. */
  readonly onDidChangeOutlineLimit = this.outlineLimitEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** The running client, or undefined while the server is starting or stopped. */
  get client(): LanguageClient | undefined {
    const client = this.current?.client;
    return client?.state === State.Running ? client : undefined;
  }

  /**
   * Starts the server. Rejects only with failures not yet shown to the user: when the language
   * client itself fails to start the server, it shows the error with a link to this output
   * channel, and the failure surfaces as the 'stopped' state.
   */
  async start(): Promise<void> {
    const serverModule = this.context.asAbsolutePath(serverBundle);
    if (!existsSync(serverModule)) {
      throw new Error(`the language server bundle ${serverBundle} is missing from the extension`);
    }
    const fileWatcher = vscode.workspace.createFileSystemWatcher('**/.topo.json');
    const checks = new CheckedVersions((checked) => this.checkedEmitter.fire(checked));
    const client = new LanguageClient(
      clientId,
      clientName,
      serverOptions(serverModule),
      clientOptions(this.output, fileWatcher, checks),
    );
    const stateListener = client.onDidChangeState(({ newState }) => this.stateEmitter.fire(toServerState(newState)));
    const checkedListener = client.onNotification(CHECKED_NOTIFICATION, (params: CheckedParams) => checks.checked(params));
    const diagramListener = client.onNotification(DIAGRAM_CHANGED_METHOD, (params: DiagramChangedParams) => this.diagramEmitter.fire(params.uri));
    const outlineListener = client.onNotification(OUTLINE_LIMITED_NOTIFICATION, (params: OutlineLimitedParams) => this.outlineLimitEmitter.fire(params));
    this.current = { client, resources: [stateListener, checkedListener, diagramListener, outlineListener, fileWatcher] };
    this.output.info(`Starting the language server from ${serverModule}`);
    try {
      await client.start();
      this.output.info('Language server running');
    } catch (error) {
      this.output.error(`The language server did not start: ${describeError(error)}`);
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const stopping = this.current;
    this.current = undefined;
    if (!stopping) return;
    try {
      await stopping.client.dispose();
    } catch (error) {
      this.output.warn(`Stopping the language server: ${describeError(error)}`);
    } finally {
      for (const resource of stopping.resources) resource.dispose();
      this.stateEmitter.fire('stopped');
    }
  }

  dispose(): void {
    void this.stop();
    this.stateEmitter.dispose();
    this.checkedEmitter.dispose();
    this.diagramEmitter.dispose();
    this.outlineLimitEmitter.dispose();
  }
}

/**
 * Over stdio the server writes each answer's bytes itself, re-encoding only the items that changed
 * since its last answer; over IPC Node would serialise every message whole.
 */
function serverOptions(serverModule: string): ServerOptions {
  return { module: serverModule, transport: TransportKind.stdio };
}

/** A document version whose diagnostics the editor has: until then its empty list means nothing. */
export interface CheckedVersion {
  uri: string;
  version: number;
}

/**
 * Tells which document version the diagnostics in the editor are those of. The server pushes
 * diagnostics only when they changed, and says before, after each check, which version it was of
 * and whether diagnostics follow (`storageTopology/checked`); those reach the Problems collection
 * a little later (the language client converts them asynchronously), so their version counts
 * only once they are there.
 */
class CheckedVersions {
  /** Per document URI, the version whose published diagnostics are on their way to the collection. */
  private readonly arriving = new Map<string, number>();

  constructor(private readonly onChecked: (checked: CheckedVersion) => void) {}

  checked({ uri, version, published }: CheckedParams): void {
    // Unchanged diagnostics still on their way stand for this version too once they arrive.
    if (published || this.arriving.has(uri)) this.arriving.set(uri, version);
    else this.onChecked({ uri, version });
  }

  /** Diagnostics of `uri` were put in the Problems collection. */
  arrived(uri: string): void {
    const version = this.arriving.get(uri);
    if (version === undefined) return;
    this.arriving.delete(uri);
    this.onChecked({ uri, version });
  }
}

function clientOptions(output: vscode.LogOutputChannel, fileWatcher: vscode.FileSystemWatcher, checks: CheckedVersions): LanguageClientOptions {
  return {
    documentSelector: [
      { language: 'topo', scheme: 'file' },
      { language: 'topo', scheme: 'untitled' },
    ],
    synchronize: {
      configurationSection: clientId,
      fileEvents: fileWatcher,
    },
    outputChannel: output,
    initializationOptions: { checkedNotifications: true, diagramNotifications: true, outlineNotifications: true } satisfies InitializationOptions,
    middleware: {
      ...editorLinksMiddleware(),
      // Every diagnostic's rule link opens the rendered page (editorLinks.ts).
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, withRenderedLinks(diagnostics));
        checks.arrived(uri.toString());
      },
    },
  };
}

function toServerState(state: State): ServerState {
  switch (state) {
    case State.Starting:
      return 'starting';
    case State.Running:
      return 'running';
    case State.Stopped:
    case State.StartFailed:
      return 'stopped';
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Tells the user the server is unavailable, in the style of other language extensions. */
export async function showStartFailure(error: unknown, output: vscode.LogOutputChannel): Promise<void> {
  output.error(`The language server did not start: ${describeError(error)}`);
  const showOutput = 'Show Output';
  const choice = await vscode.window.showErrorMessage(
    `Storage Topology: the language server did not start (${describeError(error)}). Checks, quick fixes and the preview are unavailable.`,
    showOutput,
  );
  if (choice === showOutput) output.show(true);
}
