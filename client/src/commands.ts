import * as vscode from 'vscode';
import { showStartFailure, type LanguageServerController } from './client';

/** The commands about the language server itself; the preview registers its own. */
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
  ];
}
