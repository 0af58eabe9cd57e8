// The diagram preview beside the editor: one webview panel that follows the active `.topo` editor,
// asks the server for the diagram model as the text changes (debounced, newest version wins),
// and links the diagram and the text both ways. The webview draws; this side only moves messages,
// each validated with the shared schemas.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FromWebviewSchema, type ExportFormat, type ToWebview } from '../../../server/src/diagram/messages';
import { DiagramRequest, DiagramResultSchema } from '../../../server/src/diagram/protocol';

/** Where the preview gets the language client from; it changes when the server restarts. */
export interface DiagramClientSource {
  readonly client: LanguageClient | undefined;
  readonly onDidChangeState?: vscode.Event<unknown>;
}

const VIEW_TYPE = 'storageTopology.preview';
const DEBOUNCE_MS = 200;
const EXPORT_TIMEOUT_MS = 20_000;

function isTopo(document: vscode.TextDocument): boolean {
  return document.languageId === 'topo';
}

function nonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

class Preview implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private document: vscode.TextDocument | undefined;
  private expandedGroups: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Highest document version posted to the webview, per document. */
  private postedVersion = -1;
  private requestSequence = 0;
  private ready = false;
  private exportSequence = 0;
  private readonly pendingExports = new Map<number, (data: string | undefined, error?: string) => void>();

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly source: DiagramClientSource,
    private readonly onDispose: () => void,
  ) {
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor !== undefined && isTopo(editor.document)) this.show(editor.document);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.document) this.schedule();
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.document !== this.document) return;
        const selection = event.selections[0];
        if (selection === undefined) return;
        const span = { start: this.document.offsetAt(selection.start), end: this.document.offsetAt(selection.end) };
        this.post({ type: 'select', span });
      }),
    );
    if (source.onDidChangeState !== undefined) this.disposables.push(source.onDidChangeState(() => this.schedule()));
  }

  /** Shows `document`, resetting expanded groups when it is a different one. */
  show(document: vscode.TextDocument): void {
    if (document !== this.document) {
      this.document = document;
      this.expandedGroups = [];
      this.postedVersion = -1;
      this.panel.title = `Preview ${document.uri.path.split('/').pop() ?? ''}`;
    }
    this.schedule(0);
  }

  private schedule(delay = DEBOUNCE_MS): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.request();
    }, delay);
  }

  private async request(): Promise<void> {
    const document = this.document;
    const client = this.source.client;
    if (document === undefined || !this.ready) return;
    if (client === undefined || !client.isRunning()) {
      this.post({ type: 'status', message: 'Waiting for the language server…' });
      return;
    }
    const sequence = ++this.requestSequence;
    try {
      const response = await client.sendRequest(DiagramRequest, {
        uri: document.uri.toString(),
        version: document.version,
        expandedGroups: this.expandedGroups,
      });
      if (document !== this.document) return;
      if (response === null) {
        this.post({ type: 'status', message: 'The language server does not know this document yet.' });
        return;
      }
      const result = DiagramResultSchema.safeParse(response);
      if (!result.success) {
        this.post({ type: 'status', message: 'The language server sent an invalid diagram.' });
        return;
      }
      // Answers can arrive out of order: keep the newest version, drop older ones.
      if (sequence < this.requestSequence || result.data.version < this.postedVersion) return;
      this.postedVersion = result.data.version;
      this.post({ type: 'diagram', version: result.data.version, model: result.data.model });
    } catch (error) {
      this.post({ type: 'status', message: `The diagram could not be produced: ${error instanceof Error ? error.message : String(error)}` });
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
        this.ready = true;
        this.postedVersion = -1;
        this.schedule(0);
        return;
      case 'reveal':
        void this.reveal(message.span);
        return;
      case 'expandGroup':
        if (!this.expandedGroups.includes(message.id)) this.expandedGroups.push(message.id);
        this.postedVersion = -1;
        this.schedule(0);
        return;
      case 'exported': {
        const resolve = this.pendingExports.get(message.id);
        this.pendingExports.delete(message.id);
        resolve?.(message.data, message.error);
        return;
      }
    }
  }

  private async reveal(span: { start: number; end: number }): Promise<void> {
    const document = this.document;
    if (document === undefined) return;
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

  /** Asks the webview for the drawing: SVG text or a PNG data URL. */
  exportDrawing(format: ExportFormat, style: 'theme' | 'light'): Promise<string> {
    const id = ++this.exportSequence;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingExports.delete(id);
        reject(new Error('the preview did not answer'));
      }, EXPORT_TIMEOUT_MS);
      this.pendingExports.set(id, (data, error) => {
        clearTimeout(timer);
        if (data !== undefined) resolve(data);
        else reject(new Error(error ?? 'nothing is drawn yet'));
      });
      this.post({ type: 'export', id, format, style });
    });
  }

  get documentUri(): vscode.Uri | undefined {
    return this.document?.uri;
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
    for (const resolve of this.pendingExports.values()) resolve(undefined, 'the preview was closed');
    this.pendingExports.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.onDispose();
  }
}

function exportStyle(): 'theme' | 'light' {
  return vscode.workspace.getConfiguration('storageTopology').get<string>('preview.exportStyle') === 'theme' ? 'theme' : 'light';
}

/** Registers the preview command and the two export commands. */
export function registerPreview(context: vscode.ExtensionContext, source: DiagramClientSource): vscode.Disposable[] {
  let preview: Preview | undefined;

  const open = (document: vscode.TextDocument | undefined): Preview | undefined => {
    if (document === undefined || !isTopo(document)) {
      void vscode.window.showInformationMessage('Open a .topo file to preview its diagram.');
      return undefined;
    }
    if (preview === undefined) {
      const panel = vscode.window.createWebviewPanel(
        VIEW_TYPE,
        'Storage Topology Preview',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          enableScripts: true,
          retainContextWhenHidden: true,
          localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
        },
      );
      preview = new Preview(panel, context.extensionUri, source, () => {
        preview = undefined;
      });
    } else {
      preview.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    preview.show(document);
    return preview;
  };

  const exportAs = async (format: ExportFormat): Promise<void> => {
    const target = preview ?? open(vscode.window.activeTextEditor?.document);
    if (target === undefined) return;
    try {
      const data = await target.exportDrawing(format, exportStyle());
      const base = target.documentUri ?? vscode.Uri.file('diagram');
      const defaultUri = base.with({ path: base.path.replace(/\.topo$/, '') + `.${format}` });
      const uri = await vscode.window.showSaveDialog({
        defaultUri,
        filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      });
      if (uri === undefined) return;
      const bytes =
        format === 'svg'
          ? new TextEncoder().encode(data)
          : Uint8Array.from(atob(data.replace(/^data:image\/png;base64,/, '')), (c) => c.charCodeAt(0));
      await vscode.workspace.fs.writeFile(uri, bytes);
    } catch (error) {
      void vscode.window.showErrorMessage(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
    }
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
    { dispose: () => preview?.dispose() },
  ];
}
