import * as vscode from 'vscode';
import { DiagramModelResultSchema, DiagramRequest } from '../../server/src/diagram/protocol';
import { ImportRequest, ImportResultSchema, type ImportResult } from '../../server/src/import/protocol';
import { showStartFailure, type LanguageServerController } from './client';
import { confirmExport } from './revealExport';

/** The commands about the language server itself, the import and the draw.io export; the preview registers its own. */
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
    vscode.commands.registerCommand('storageTopology.importFromOutputs', async (target?: unknown) => {
      try {
        await importFromOutputs(server, output, target instanceof vscode.Uri ? target : undefined);
      } catch (error) {
        void vscode.window.showErrorMessage(`Import failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
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
  const result = response === null ? undefined : DiagramModelResultSchema.safeParse(response);
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

/**
 * "Import from Collected Outputs…": the folder (from the Explorer, or chosen) is imported by the
 * language server as `topo import` imports it; the design is written beside the folder, as
 * `<folder>.topo`, and opened, and the report — what could not be placed — goes to the output
 * channel, offered from the notification.
 */
async function importFromOutputs(server: LanguageServerController, output: vscode.LogOutputChannel, target: vscode.Uri | undefined): Promise<void> {
  const folder =
    target ??
    (
      await vscode.window.showOpenDialog({
        canSelectFiles: false,
        canSelectFolders: true,
        canSelectMany: false,
        openLabel: 'Import',
        title: 'Folder of collected command outputs (topo collect)',
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      })
    )?.[0];
  if (folder === undefined) return;
  const client = server.client;
  if (client === undefined) throw new Error('the language server is not running');
  const name = folder.path.replace(/\/+$/, '').split('/').pop() || 'imported';
  const answer = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Importing ${name}…` },
    () => client.sendRequest(ImportRequest, { folderUri: folder.toString() }),
  );
  const parsed = ImportResultSchema.safeParse(answer);
  if (!parsed.success) throw new Error('the language server answered with no design');
  const result = parsed.data;
  const beside = vscode.Uri.joinPath(folder, '..', `${name}.topo`);
  const designUri = (await exists(beside))
    ? await vscode.window.showSaveDialog({ defaultUri: beside, filters: { 'Storage Topology design': ['topo'] }, title: `${name}.topo exists: save the imported design as` })
    : beside;
  if (designUri === undefined) return;
  await vscode.workspace.fs.writeFile(designUri, new TextEncoder().encode(result.design));
  await vscode.window.showTextDocument(designUri, { preview: false });
  const designName = designUri.path.split('/').pop();
  logReport(output, folder, designName ?? '', result);
  const read = result.files.filter((file) => file.format !== undefined).length;
  const summary = `Imported ${count(result.hosts, 'host')}, ${count(result.switches, 'switch', 'switches')} and ${count(result.arrays, 'array')} from ${count(read, 'output')} into ${designName}.`;
  const notPlaced = result.unplaced.length + result.problems.length;
  const showReport = 'Show Report';
  const choice = await vscode.window.showInformationMessage(notPlaced > 0 ? `${summary} ${count(notPlaced, 'item')} could not be placed.` : summary, showReport);
  if (choice === showReport) output.show(true);
}

function logReport(output: vscode.LogOutputChannel, folder: vscode.Uri, designName: string, result: ImportResult): void {
  const unread = result.files.length - result.files.filter((file) => file.format !== undefined).length;
  output.info(`Import of ${folder.fsPath} into ${designName}: ${result.files.length} file(s), ${unread} not a command output the import reads`);
  if (result.unplaced.length + result.problems.length === 0) {
    output.info('Import: every fact was placed in the design');
    return;
  }
  output.warn(`Import: not placed in the design (${result.unplaced.length + result.problems.length}):`);
  for (const problem of result.problems) output.warn(`  ${problem}`);
  for (const entry of result.unplaced) output.warn(`  ${entry.file}:${entry.line}: ${entry.message}`);
}

function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
