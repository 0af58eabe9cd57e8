import * as path from 'node:path';
import * as vscode from 'vscode';
import { DiagramModelResultSchema, DiagramRequest } from '../../server/src/diagram/protocol';
import { designFolderTarget, designFolderWrites, type DesignFolderTarget } from '../../server/src/config/designFolder';
import { ImportRequest, ImportResultSchema, type ImportLayout, type ImportResult } from '../../server/src/import/protocol';
import { firstDesignFile } from '../../server/src/import/write';
import { showStartFailure, type LanguageServerController } from './client';
import { anotherFolderBeside, designFolderName, notAFolderQuestion, targetQuestion } from './importTarget';
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
 * language server as `topo import` imports it, as one design file or as a design folder (the user
 * chooses); the design is written beside the folder and opened, and the report — what could not be
 * placed — goes to the output channel, offered from the notification.
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
  const layout = await chooseLayout(name);
  if (layout === undefined) return;
  const answer = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Importing ${name}…` },
    () => client.sendRequest(ImportRequest, { folderUri: folder.toString(), layout }),
  );
  const parsed = ImportResultSchema.safeParse(answer);
  if (!parsed.success || parsed.data.layout !== layout) throw new Error('the language server answered with no design');
  const result = parsed.data;
  const designName = result.layout === 'file' ? await writeDesignFile(folder, name, result.design) : await writeDesignFolder(folder, name, result.designFiles);
  if (designName === undefined) return;
  logReport(output, folder, designName, result);
  const read = result.files.filter((file) => file.format !== undefined).length;
  const summary = `Imported ${count(result.hosts, 'host')}, ${count(result.switches, 'switch', 'switches')} and ${count(result.arrays, 'array')} from ${count(read, 'output')} into ${designName}.`;
  const notPlaced = result.unplaced.length + result.problems.length;
  const showReport = 'Show Report';
  const choice = await vscode.window.showInformationMessage(notPlaced > 0 ? `${summary} ${count(notPlaced, 'item')} could not be placed.` : summary, showReport);
  if (choice === showReport) output.show(true);
}

/** One design file or a design folder (`topo import -o` or `--design`), both named beside the outputs' folder. */
async function chooseLayout(name: string): Promise<ImportLayout | undefined> {
  const items: Array<vscode.QuickPickItem & { layout: ImportLayout }> = [
    { layout: 'file', label: 'One design file', description: `${name}.topo`, detail: 'The whole design in one file.' },
    {
      layout: 'folder',
      label: 'A design folder',
      description: `${designFolderName(name)}/`,
      detail: 'One file per host, fabric.topo (switches and their cables), arrays.topo and .topo.json: a design of several files.',
    },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Import ${name} as`, placeHolder: 'Write the design beside the folder as one file or as a folder of files' });
  return picked?.layout;
}

/** Writes the design beside the outputs' folder as `<name>.topo` (asking where when that exists) and opens it; answers its name. */
async function writeDesignFile(folder: vscode.Uri, name: string, design: string): Promise<string | undefined> {
  const beside = vscode.Uri.joinPath(folder, '..', `${name}.topo`);
  const designUri = (await exists(beside))
    ? await vscode.window.showSaveDialog({ defaultUri: beside, filters: { 'Storage Topology design': ['topo'] }, title: `${name}.topo exists: save the imported design as` })
    : beside;
  if (designUri === undefined) return undefined;
  await vscode.workspace.fs.writeFile(designUri, new TextEncoder().encode(design));
  await vscode.window.showTextDocument(designUri, { preview: false });
  return designUri.path.split('/').pop() ?? '';
}

/**
 * Writes the design folder beside the outputs' folder as `<name>-design/`, with the checks of
 * `topo import --design` (designFolderTarget): files in the way are listed in a modal question, and
 * replaced only when the user says so, or another folder is chosen (a new one beside it offered).
 * Then opens the first host's file (or the fabric's) and reveals it in the Explorer; answers the
 * folder's name.
 */
async function writeDesignFolder(folder: vscode.Uri, name: string, files: ReadonlyArray<{ name: string; text: string }>): Promise<string | undefined> {
  const names = files.map((file) => file.name);
  let designUri = vscode.Uri.joinPath(folder, '..', designFolderName(name));
  let target: DesignFolderTarget;
  for (;;) {
    if (designUri.scheme !== 'file') throw new Error(`only folders on this machine's disk can hold the design, not ${designUri.toString()}`);
    const shownName = designUri.path.split('/').pop() ?? '';
    target = await designFolderTarget(designUri.fsPath, names);
    if (target.kind === 'unreadable') throw new Error(`cannot read folder '${target.folder}': ${target.reason}`);
    const relative = (file: string) => path.relative(designUri.fsPath, file).split(path.sep).join('/');
    const question =
      target.kind === 'not-a-folder' ? notAFolderQuestion(shownName) : target.kind === 'folder' ? targetQuestion(shownName, target.replaced.map(relative), target.kept.map(relative)) : undefined;
    if (question === undefined) break;
    const another = 'Choose Another Folder…';
    const choice = await vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, ...(question.confirm === undefined ? [] : [question.confirm]), another);
    if (choice !== undefined && choice === question.confirm) break;
    if (choice !== another) return undefined;
    const chosen = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(await anotherFolderBeside(designUri.fsPath)),
      title: 'Folder for the imported design (created when new)',
      saveLabel: 'Write Design Here',
    });
    if (chosen === undefined) return undefined;
    designUri = chosen;
  }
  if (target.kind === 'absent') await vscode.workspace.fs.createDirectory(designUri);
  for (const file of designFolderWrites(files, target.kind === 'folder' && target.hasSettings)) {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(designUri, file.name), new TextEncoder().encode(file.text));
  }
  const first = firstDesignFile(names);
  if (first !== undefined) {
    const firstUri = vscode.Uri.joinPath(designUri, first);
    if (vscode.workspace.getWorkspaceFolder(firstUri) !== undefined) await vscode.commands.executeCommand('revealInExplorer', firstUri);
    await vscode.window.showTextDocument(firstUri, { preview: false });
  }
  return `${designUri.path.split('/').pop() ?? ''}/`;
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
