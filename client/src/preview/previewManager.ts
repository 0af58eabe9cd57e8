// The diagram preview beside the editor: one webview panel that follows the active `.topo` editor,
// asks the server for the diagram model as the text changes (debounced, newest version wins),
// and links the diagram and the text both ways. The webview draws; this side only moves messages,
// each validated with the shared schemas. Versions count per document: the webview is told which
// document it follows (`show`) and every diagram names its document, so a late answer for the
// previous file is never drawn under the new one's title. For a file of a design of several files
// the diagram is the whole design's, its spans offsets into the design's text: the answer's `files`
// say which file each lies in, so a click opens that file, the cursor's place is given in the
// design's text, and the webview fades what the other files hold.
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, type LanguageClient } from 'vscode-languageclient/node';
import {
  FromWebviewSchema,
  PreviewStateSchema,
  type ExportFormat,
  type ExportStyle,
  type ToWebview,
} from '../../../server/src/diagram/messages';
import {
  DiagramModelResultSchema,
  DiagramRequest,
  DiagramResultSchema,
  FailureSimulationSchema,
  fileSpanOf,
  SimulateFailuresRequest,
  spanInFile,
  type DiagramFile,
  type DiagramModelResult,
  type DiagramResult,
} from '../../../server/src/diagram/protocol';
import { confirmExport } from '../revealExport';

/** Where the preview gets the language client from; it changes when the server restarts. */
export interface DiagramClientSource {
  readonly client: LanguageClient | undefined;
  readonly onDidChangeState?: vscode.Event<unknown>;
  /** The diagram of a document (its URI) changed without an edit of it. */
  readonly onDidChangeDiagram?: vscode.Event<string>;
}

export const PREVIEW_VIEW_TYPE = 'storageTopology.preview';
const DEBOUNCE_MS = 200;
const EXPORT_TIMEOUT_MS = 20_000;

function isTopo(document: vscode.TextDocument): boolean {
  return document.languageId === 'topo';
}

function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? '';
}

function nonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/** Why no diagram could be had; the message is shown as it is. */
class DiagramUnavailable extends Error {}

class Preview implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private document: vscode.TextDocument | undefined;
  private expandedGroups: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Highest version of `document` posted to the webview. */
  private postedVersion = -1;
  /** The server's id of the diagram last posted: the next answer is a patch to it. */
  private postedResultId: string | undefined;
  /** The design's files of the diagram last posted (a design of several files): where its spans lie. */
  private files: DiagramFile[] | undefined;
  private requestSequence = 0;
  /** Cancels the preview's request in flight when a newer one is sent. */
  private inFlight: vscode.CancellationTokenSource | undefined;
  private ready = false;
  private readonly readyWaiters: (() => void)[] = [];
  private exportSequence = 0;
  private readonly pendingExports = new Map<number, (data: string | undefined, error?: string) => void>();
  /** Cancels the failure simulation in flight when the user fails or restores another component. */
  private simulationInFlight: vscode.CancellationTokenSource | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly source: DiagramClientSource,
    private readonly onDispose: () => void,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor !== undefined && isTopo(editor.document)) this.show(editor.document);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        // An edit of another file of the design changes the diagram too.
        if (event.document === this.document || this.files?.some((file) => file.uri === event.document.uri.toString())) this.schedule();
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.document !== this.document) return;
        const selection = event.selections[0];
        if (selection === undefined) return;
        const start = (this.files && fileSpanOf(this.files, this.document.uri.toString())?.start) ?? 0;
        const span = { start: start + this.document.offsetAt(selection.start), end: start + this.document.offsetAt(selection.end) };
        this.post({ type: 'select', span });
      }),
    );
    if (source.onDidChangeState !== undefined) this.disposables.push(source.onDidChangeState(() => this.schedule()));
    // The observed state was read again: the same version's diagram shows other path states.
    if (source.onDidChangeDiagram !== undefined) {
      this.disposables.push(source.onDidChangeDiagram((uri) => uri === this.document?.uri.toString() && this.schedule(0)));
    }
  }

  /** Shows `document`, resetting expanded groups when it is a different one. */
  show(document: vscode.TextDocument): void {
    if (document !== this.document) {
      this.document = document;
      this.expandedGroups = [];
      this.forgetPosted();
      this.panel.title = `Preview ${fileName(document.uri)}`;
      this.postShow();
    }
    this.schedule(0);
  }

  /** Shows a notice instead of a drawing, e.g. when the document to restore is gone. */
  showStatus(message: string): void {
    this.post({ type: 'status', message });
  }

  private postShow(): void {
    if (this.document !== undefined) this.post({ type: 'show', uri: this.document.uri.toString(), name: fileName(this.document.uri) });
  }

  private schedule(delay = DEBOUNCE_MS): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.request();
    }, delay);
  }

  /**
   * The diagram of `document` at the latest version the server has, as a patch to
   * `previousResultId` when given (and still known to the server); throws DiagramUnavailable.
   */
  private async fetchDiagram(
    document: vscode.TextDocument,
    expandedGroups: string[],
    previousResultId?: string,
    token?: vscode.CancellationToken,
  ): Promise<DiagramResult> {
    const client = this.source.client;
    if (client === undefined || !client.isRunning()) throw new DiagramUnavailable('Waiting for the language server…');
    const response = await client.sendRequest(
      DiagramRequest,
      { uri: document.uri.toString(), version: document.version, expandedGroups, ...(previousResultId !== undefined ? { previousResultId } : {}) },
      token,
    );
    if (response === null) throw new DiagramUnavailable('The language server does not know this document yet.');
    const result = DiagramResultSchema.safeParse(response);
    if (!result.success) throw new DiagramUnavailable('The language server sent an invalid diagram.');
    return result.data;
  }

  /** The whole diagram of `document`, for an export. */
  private async fetchWholeDiagram(document: vscode.TextDocument, expandedGroups: string[]): Promise<DiagramModelResult> {
    const result = DiagramModelResultSchema.safeParse(await this.fetchDiagram(document, expandedGroups));
    if (!result.success) throw new DiagramUnavailable('The language server sent an invalid diagram.');
    return result.data;
  }

  /** The webview starts afresh (reloaded, another document, other groups): the next diagram is sent whole. */
  private forgetPosted(): void {
    this.postedVersion = -1;
    this.postedResultId = undefined;
    this.files = undefined;
  }

  private async request(): Promise<void> {
    const document = this.document;
    if (document === undefined || !this.ready) return;
    const sequence = ++this.requestSequence;
    this.inFlight?.cancel();
    const cancellation = (this.inFlight = new vscode.CancellationTokenSource());
    try {
      const result = await this.fetchDiagram(document, this.expandedGroups, this.postedResultId, cancellation.token);
      // Answers can arrive out of order, and the preview may follow another document by now.
      if (document !== this.document || sequence < this.requestSequence || result.version < this.postedVersion) return;
      const uri = document.uri.toString();
      const emphasis = result.files && fileSpanOf(result.files, uri);
      const emphasised = emphasis ? { emphasis } : {};
      if ('model' in result) {
        this.post({ type: 'diagram', uri, version: result.version, resultId: result.resultId, model: result.model, ...emphasised });
      } else {
        // A patch to an answer the webview no longer holds is of no use: ask for the whole one.
        if (result.base !== this.postedResultId) {
          this.forgetPosted();
          this.schedule(0);
          return;
        }
        this.post({ type: 'patch', uri, version: result.version, resultId: result.resultId, base: result.base, patch: result.patch, ...emphasised });
      }
      this.postedVersion = result.version;
      this.postedResultId = result.resultId;
      this.files = result.files;
    } catch (error) {
      // Overtaken by a newer request, or by a change (whose own request follows).
      if (document !== this.document || isSuperseded(error)) return;
      const message = error instanceof DiagramUnavailable ? error.message : `The diagram could not be produced: ${describe(error)}`;
      this.post({ type: 'status', message });
    } finally {
      cancellation.dispose();
      if (this.inFlight === cancellation) this.inFlight = undefined;
    }
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const parsed = FromWebviewSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        // The page (re)loaded: it knows nothing yet.
        this.ready = true;
        this.forgetPosted();
        this.postShow();
        this.schedule(0);
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        return;
      case 'reveal':
        void this.reveal(message.span);
        return;
      case 'expandGroup':
        if (!this.expandedGroups.includes(message.id)) this.expandedGroups.push(message.id);
        this.forgetPosted();
        this.schedule(0);
        return;
      case 'resync':
        this.forgetPosted();
        this.schedule(0);
        return;
      case 'simulateFailures':
        void this.simulateFailures(message.id, message.uri, message.version, message.failed);
        return;
      case 'exported': {
        const resolve = this.pendingExports.get(message.id);
        this.pendingExports.delete(message.id);
        resolve?.(message.data, message.error);
        return;
      }
    }
  }

  /**
   * Asks the server's analysis what the failed components cost, for the webview's request `id`;
   * the webview drops an answer for another version or an older request.
   */
  private async simulateFailures(id: number, uri: string, version: number, failed: string[]): Promise<void> {
    this.simulationInFlight?.cancel();
    const cancellation = (this.simulationInFlight = new vscode.CancellationTokenSource());
    try {
      const client = this.source.client;
      if (client === undefined || !client.isRunning()) throw new DiagramUnavailable('Waiting for the language server…');
      const response = await client.sendRequest(SimulateFailuresRequest, { uri, version, failed }, cancellation.token);
      if (response === null) throw new DiagramUnavailable('The language server does not know this document yet.');
      const result = FailureSimulationSchema.safeParse(response);
      if (!result.success) throw new DiagramUnavailable('The language server sent an invalid failure simulation.');
      this.post({ type: 'failures', id, uri, version: result.data.version, result: result.data });
    } catch (error) {
      // Overtaken by another failure, or by an edit (the webview asks again for its next drawing).
      if (isSuperseded(error)) return;
      const message = error instanceof DiagramUnavailable ? error.message : `The failures could not be simulated: ${describe(error)}`;
      this.post({ type: 'failures', id, uri, error: message });
    } finally {
      cancellation.dispose();
      if (this.simulationInFlight === cancellation) this.simulationInFlight = undefined;
    }
  }

  /** Selects the text of a clicked element: in the followed document, or in the file of its design that holds it. */
  private async reveal(designSpan: { start: number; end: number }): Promise<void> {
    if (this.document === undefined) return;
    const inFile = this.files && spanInFile(this.files, designSpan);
    const document = inFile ? await vscode.workspace.openTextDocument(vscode.Uri.parse(inFile.uri)) : this.document;
    const span = inFile ?? designSpan;
    const length = document.getText().length;
    const start = document.positionAt(Math.min(span.start, length));
    const end = document.positionAt(Math.min(span.end, length));
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      preserveFocus: false,
    });
    editor.selection = new vscode.Selection(start, end);
    editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /**
   * The drawing of `document` at its latest version as a file's content: SVG text or a PNG data
   * URL. The model is fetched for the export, whatever the preview shows; the webview lays it out.
   */
  async exportDrawing(document: vscode.TextDocument, format: ExportFormat, style: ExportStyle): Promise<string> {
    const expandedGroups = document === this.document ? this.expandedGroups : [];
    const [{ model }] = await Promise.all([this.fetchWholeDiagram(document, expandedGroups), this.whenReady()]);
    const id = ++this.exportSequence;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingExports.delete(id);
        reject(new Error('the preview did not answer'));
      }, EXPORT_TIMEOUT_MS);
      this.pendingExports.set(id, (data, error) => {
        clearTimeout(timer);
        if (data !== undefined) resolve(data);
        else reject(new Error(error ?? 'nothing was drawn'));
      });
      this.post({ type: 'export', id, format, style, model });
    });
  }

  get followedDocument(): vscode.TextDocument | undefined {
    return this.document;
  }

  private html(): string {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css'));
    const n = nonce();
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource} 'nonce-${n}'`,
      `script-src 'nonce-${n}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${n}" href="${style.toString()}">
<title>Storage Topology Preview</title>
</head>
<body>
<script nonce="${n}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.inFlight?.cancel();
    this.simulationInFlight?.cancel();
    for (const resolve of this.pendingExports.values()) resolve(undefined, 'the preview was closed');
    this.pendingExports.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.onDispose();
  }
}

function isSuperseded(error: unknown): boolean {
  return error instanceof ResponseError && (error.code === LSPErrorCodes.RequestCancelled || error.code === LSPErrorCodes.ContentModified);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function exportStyle(): ExportStyle {
  return vscode.workspace.getConfiguration('storageTopology').get<string>('preview.exportStyle') === 'theme' ? 'theme' : 'light';
}

function toBytes(format: ExportFormat, data: string): Uint8Array {
  if (format === 'svg') return new TextEncoder().encode(data);
  return Uint8Array.from(atob(data.replace(/^data:image\/png;base64,/, '')), (c) => c.charCodeAt(0));
}

/** Registers the preview command, the two export commands and the serializer that restores the preview after a reload. */
export function registerPreview(context: vscode.ExtensionContext, source: DiagramClientSource): vscode.Disposable[] {
  let preview: Preview | undefined;

  const adopt = (panel: vscode.WebviewPanel): Preview => {
    const created = new Preview(panel, context.extensionUri, source, () => {
      if (preview === created) preview = undefined;
    });
    preview?.dispose();
    preview = created;
    return created;
  };

  const open = (document: vscode.TextDocument | undefined): Preview | undefined => {
    if (document === undefined || !isTopo(document)) {
      void vscode.window.showInformationMessage('Open a .topo file to preview its diagram.');
      return undefined;
    }
    let target = preview;
    if (target === undefined) {
      const panel = vscode.window.createWebviewPanel(
        PREVIEW_VIEW_TYPE,
        'Storage Topology Preview',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { ...webviewOptions(context.extensionUri), retainContextWhenHidden: true },
      );
      target = adopt(panel);
    } else {
      target.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    target.show(document);
    return target;
  };

  const activeTopoDocument = (): vscode.TextDocument | undefined => {
    const document = vscode.window.activeTextEditor?.document;
    return document !== undefined && isTopo(document) ? document : undefined;
  };

  const exportAs = async (format: ExportFormat): Promise<void> => {
    // The active .topo editor; with the preview focused, the document it shows.
    const document = activeTopoDocument() ?? preview?.followedDocument;
    const target = preview ?? open(document);
    if (target === undefined || document === undefined) return;
    try {
      const data = await target.exportDrawing(document, format, exportStyle());
      const base = document.uri;
      const uri = await vscode.window.showSaveDialog({
        defaultUri: base.with({ path: base.path.replace(/\.topo$/, '') + `.${format}` }),
        filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      });
      if (uri === undefined) return;
      await vscode.workspace.fs.writeFile(uri, toBytes(format, data));
      void confirmExport(uri);
    } catch (error) {
      void vscode.window.showErrorMessage(`Export failed: ${describe(error)}`);
    }
  };

  const restore = async (panel: vscode.WebviewPanel, state: unknown): Promise<void> => {
    const restored = adopt(panel);
    const saved = PreviewStateSchema.safeParse(state);
    let document = activeTopoDocument();
    if (saved.success) {
      try {
        document = await vscode.workspace.openTextDocument(vscode.Uri.parse(saved.data.uri, true));
      } catch {
        restored.showStatus(`${saved.data.uri} could not be opened; open a .topo file to preview it.`);
        return;
      }
    }
    if (document !== undefined && isTopo(document)) restored.show(document);
    else restored.showStatus('Open a .topo file to preview its diagram.');
  };

  return [
    vscode.commands.registerCommand('storageTopology.openPreviewToSide', (uri?: vscode.Uri) => {
      const document =
        uri !== undefined
          ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())
          : vscode.window.activeTextEditor?.document;
      open(document);
    }),
    vscode.commands.registerCommand('storageTopology.exportSvg', () => exportAs('svg')),
    vscode.commands.registerCommand('storageTopology.exportPng', () => exportAs('png')),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, { deserializeWebviewPanel: restore }),
    { dispose: () => preview?.dispose() },
  ];
}
