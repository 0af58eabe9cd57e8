import * as vscode from 'vscode';

/**
 * Confirms where an export was written, with a "Reveal" action: the file in the Explorer when it is
 * in the workspace (which works in a remote or browser window too), in the system's file manager
 * otherwise.
 */
export async function confirmExport(uri: vscode.Uri): Promise<void> {
  const reveal = 'Reveal';
  const choice = await vscode.window.showInformationMessage(`Exported the diagram to ${vscode.workspace.asRelativePath(uri)}.`, reveal);
  if (choice !== reveal) return;
  if (vscode.workspace.getWorkspaceFolder(uri) !== undefined) await vscode.commands.executeCommand('revealInExplorer', uri);
  else await vscode.commands.executeCommand('revealFileInOS', uri);
}
