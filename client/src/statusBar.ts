import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ServerState } from './client';
import { describeHealth, type ProblemCounts } from './health';

const problemsViewCommand = 'workbench.actions.view.problems';
const restartCommand = 'storageTopology.restartServer';

/**
 * One status bar item for the active .topo editor: its diagnostics by severity while the server
 * runs. While the server starts or after it stopped there are no diagnostics, and a count would
 * read as healthy, so the item says what the server is doing instead.
 */
export class HealthStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('storageTopology.health', vscode.StatusBarAlignment.Left, 0);
  private readonly listeners: vscode.Disposable[];
  private serverState: ServerState = 'starting';

  constructor() {
    this.item.name = 'Storage Topology Health';
    this.listeners = [
      vscode.languages.onDidChangeDiagnostics(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    ];
    this.update();
  }

  setServerState(state: ServerState): void {
    this.serverState = state;
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (document?.languageId !== 'topo') {
      this.item.hide();
      return;
    }
    if (this.serverState === 'starting') {
      this.item.text = '$(sync~spin) Topo: starting';
      this.item.tooltip = 'The Storage Topology language server is starting.';
      this.item.command = undefined;
    } else if (this.serverState === 'stopped') {
      this.item.text = '$(debug-disconnect) Topo: server stopped';
      this.item.tooltip = 'The Storage Topology language server is not running. Click to restart it.';
      this.item.command = restartCommand;
    } else {
      const health = describeHealth(path.basename(document.fileName), countProblems(vscode.languages.getDiagnostics(document.uri)));
      this.item.text = health.text;
      this.item.tooltip = health.tooltip;
      this.item.command = problemsViewCommand;
    }
    this.item.show();
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
    this.item.dispose();
  }
}

function countProblems(diagnostics: readonly vscode.Diagnostic[]): ProblemCounts {
  const counts: ProblemCounts = { errors: 0, warnings: 0, infos: 0 };
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
    else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
    else if (diagnostic.severity === vscode.DiagnosticSeverity.Information) counts.infos++;
  }
  return counts;
}
