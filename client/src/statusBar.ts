import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckedVersion, ServerState } from './client';
import { describeHealth, type Checking, type ProblemCounts } from './health';

const problemsViewCommand = 'workbench.actions.view.problems';
const restartCommand = 'storageTopology.restartServer';

/**
 * One status bar item for the active .topo editor: its diagnostics by severity while the server
 * runs. While the server starts or after it stopped there are no diagnostics, and a count would
 * read as healthy, so the item says what the server is doing instead. Likewise until the
 * diagnostics of the document's version arrive: a large design takes seconds to check when
 * opened, and its empty diagnostics meanwhile are not "no problems".
 */
export class HealthStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('storageTopology.health', vscode.StatusBarAlignment.Left, 0);
  private readonly listeners: vscode.Disposable[];
  private serverState: ServerState = 'starting';
  /** Per document URI, the newest version whose diagnostics arrived. */
  private readonly checkedVersions = new Map<string, number>();

  constructor(onDidCheck: vscode.Event<CheckedVersion>) {
    this.item.name = 'Storage Topology Health';
    this.listeners = [
      vscode.languages.onDidChangeDiagnostics(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.update();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.checkedVersions.delete(document.uri.toString())),
      onDidCheck(({ uri, version }) => {
        if (version > (this.checkedVersions.get(uri) ?? -Infinity)) this.checkedVersions.set(uri, version);
        this.update();
      }),
    ];
    this.update();
  }

  setServerState(state: ServerState): void {
    this.serverState = state;
    // A new server checks every document afresh.
    if (state !== 'running') this.checkedVersions.clear();
    this.update();
  }

  private checking(document: vscode.TextDocument): Checking {
    const checked = this.checkedVersions.get(document.uri.toString());
    if (checked === undefined) return 'first';
    return checked < document.version ? 'edit' : 'no';
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
      const counts = countProblems(vscode.languages.getDiagnostics(document.uri));
      const health = describeHealth(path.basename(document.fileName), counts, this.checking(document));
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
