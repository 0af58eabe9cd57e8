import * as vscode from 'vscode';
import { LanguageServerController, showStartFailure } from './client';
import { registerServerCommands } from './commands';
import { registerEditorLinkCommands } from './editorLinks';
import { registerPreview } from './preview/previewManager';
import { OutlineLimitStatus } from './outlineStatus';
import { HealthStatusBar } from './statusBar';

let server: LanguageServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Storage Topology', { log: true });
  server = new LanguageServerController(context, output);
  const statusBar = new HealthStatusBar(server.onDidCheck);
  const outlineStatus = new OutlineLimitStatus(server.onDidChangeOutlineLimit);
  context.subscriptions.push(
    output,
    server,
    statusBar,
    outlineStatus,
    server.onDidChangeState((state) => {
      statusBar.setServerState(state);
      outlineStatus.setServerState(state);
    }),
    ...registerServerCommands(server, output),
    ...registerPreview(context, server),
    ...registerEditorLinkCommands(),
  );
  try {
    await server.start();
  } catch (error) {
    // Activation still succeeds, so that "Restart Language Server" and "Show Output" stay usable.
    statusBar.setServerState('stopped');
    void showStartFailure(error, output);
  }
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
