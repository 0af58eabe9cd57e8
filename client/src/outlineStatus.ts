import * as vscode from 'vscode';
import type { OutlineLimitedParams } from '../../server/src/protocol';
import type { ServerState } from './client';

const maxSymbolsSetting = 'storageTopology.outline.maxSymbols';

/**
 * A language status item while the active editor's outline lists its top-level elements alone
 * (`storageTopology.outline.maxSymbols`), as VS Code's JSON support says its outline was limited:
 * no notification, and the setting one click away. The server says when a document's outline starts
 * or stops being limited.
 */
export class OutlineLimitStatus implements vscode.Disposable {
  /** Per document URI, the limited outlines. */
  private readonly limited = new Map<string, OutlineLimitedParams>();
  /** Made while the active editor's outline is limited; a language status item cannot be hidden otherwise. */
  private item: vscode.LanguageStatusItem | undefined;
  private readonly listeners: vscode.Disposable[];

  constructor(onDidChangeOutlineLimit: vscode.Event<OutlineLimitedParams>) {
    this.listeners = [
      onDidChangeOutlineLimit((params) => {
        if (params.limited) this.limited.set(params.uri, params);
        else this.limited.delete(params.uri);
        this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.limited.delete(document.uri.toString());
        this.update();
      }),
    ];
  }

  /** What a server said goes with it: a new one tells again as it answers. */
  setServerState(state: ServerState): void {
    if (state === 'running') return;
    this.limited.clear();
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const outline = document && this.limited.get(document.uri.toString());
    if (!outline) {
      this.item?.dispose();
      this.item = undefined;
      return;
    }
    this.item ??= vscode.languages.createLanguageStatusItem('storageTopology.outlineLimit', { language: 'topo' });
    this.item.name = 'Storage Topology Outline';
    this.item.text = 'Outline: top level only';
    this.item.detail = `${count(outline.symbolCount)} symbols, more than ${maxSymbolsSetting} (${count(outline.maxSymbols)})`;
    this.item.command = { title: 'Change Limit', command: 'workbench.action.openSettings', arguments: [maxSymbolsSetting] };
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
    this.item?.dispose();
  }
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
