import * as vscode from 'vscode';
import { DiagramRequest, DiagramResultSchema } from '../../server/src/diagram/protocol';
import { showStartFailure, type LanguageServerController } from './client';
import { confirmExport } from './revealExport';

/** The commands about the language server itself and the draw.io export; the preview registers its own. */
export function registerServerCommands(
  server: LanguageServerController,
  output: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('storageTopology.restartServer', async () => {
      output.info('Restarting the language server');
      try {
        await server.restart();
      } catch (error) {
        await showStartFailure(error, output);
      }
    }),
    vscode.commands.registerCommand('storageTopology.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('storageTopology.exportDrawio', async (target?: unknown) => {
      try {
        await exportDrawio(server, target instanceof vscode.Uri ? target : undefined);
      } catch (error) {
        void vscode.window.showErrorMessage(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  ];
}

/** The design to export: the active editor's, or the one shown beside the preview. */
function designDocument(): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'topo') return active;
  return vscode.window.visibleTextEditors.find((editor) => editor.document.languageId === 'topo')?.document;
}

/**
 * Saves the design's diagram, laid out as the preview lays it out, as an editable `.drawio` file:
 * to `target` when a keybinding or another extension gives one, else where the user chooses.
 */
async function exportDrawio(server: LanguageServerController, target: vscode.Uri | undefined): Promise<void> {
  const document = designDocument();
  if (document === undefined) {
    void vscode.window.showInformationMessage('Open a .topo file to export its diagram.');
    return;
  }
  const client = server.client;
  if (client === undefined) throw new Error('the language server is not running');
  const response = await client.sendRequest(DiagramRequest, { uri: document.uri.toString(), version: document.version, expandedGroups: [] });
  const result = response === null ? undefined : DiagramResultSchema.safeParse(response);
  if (result === undefined || !result.success) throw new Error('the language server has no diagram of this document');
  const name = document.uri.path.split('/').pop() ?? 'design.topo';
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: document.uri.with({ path: document.uri.path.replace(/(\.topo)?$/, '.drawio') }),
      filters: { 'draw.io diagram': ['drawio'] },
    }));
  if (uri === undefined) return;
  // Loaded on first use: the layout engine is large, and most sessions never export.
  const { renderDrawio } = await import('../../server/src/diagram/drawio');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(await renderDrawio(result.data.model, name)));
  if (target !== undefined) return;
  void confirmExport(uri);
}
