// Diagnostics: the problems of one analysed document as LSP diagnostics; when to work them out
// (per-document debounce, after the messages that had already arrived); and the pull model's
// answers (textDocument/diagnostic), which say "unchanged" instead of sending the same list again.
import type { DocumentDiagnosticReport } from 'vscode-languageserver';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { DocumentAnalysis } from '../service/languageService';
import { toDiagnostic, type DocLinks } from '../service/lspConversion';

export function diagnosticsOf(doc: DocumentAnalysis, uri: string, links: DocLinks): Diagnostic[] {
  return doc.problems.map((problem) => toDiagnostic(problem, doc.lineIndex, uri, links));
}

/**
 * Whether messages that had arrived are still waiting to be handled. The connection handles one
 * message per turn of the event loop; when a turn goes by without one, every message that had
 * arrived has been handled, so a change typed meanwhile is already applied. Waiting for that before
 * analysing means one analysis of the newest version instead of one per queued keystroke.
 */
export class MessageBacklog {
  private handled = 0;

  /** Called for every message the connection handles. */
  handling(): void {
    this.handled++;
  }

  /**
   * Resolves after two turns of the event loop in which no message was handled: the connection
   * reads what arrived during a turn and handles it on the next one.
   */
  async drained(): Promise<void> {
    for (;;) {
      const before = this.handled;
      await nextTurn();
      await nextTurn();
      if (this.handled === before) return;
    }
  }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

export interface DiagnosticsScheduler {
  /** Asks for diagnostics of `uri` after the debounce delay, replacing any pending request. */
  schedule(uri: string): void;
  /** Forgets a pending request (document closed). */
  cancel(uri: string): void;
  dispose(): void;
}

/**
 * Debounces per document. `delayMs()` is read at each change so a settings change applies to the
 * next keystroke; 0 runs on the next turn of the event loop, after the change has been applied.
 */
export function createDiagnosticsScheduler(delayMs: () => number, run: (uri: string) => void): DiagnosticsScheduler {
  const pending = new Map<string, NodeJS.Timeout>();
  const cancel = (uri: string): void => {
    const timer = pending.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    pending.delete(uri);
  };
  return {
    schedule(uri) {
      cancel(uri);
      const timer = setTimeout(() => {
        pending.delete(uri);
        run(uri);
      }, Math.max(0, delayMs()));
      pending.set(uri, timer);
    },
    cancel,
    dispose() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}

/**
 * The last diagnostics answered to a pull for each document, so that a pull with that result id
 * is answered "unchanged" when the list is the same (a keystroke mostly leaves it so).
 */
export class PulledDiagnostics {
  private readonly answered = new Map<string, { resultId: string; json: string }>();
  private results = 0;

  report(uri: string, diagnostics: Diagnostic[], previousResultId: string | undefined): DocumentDiagnosticReport {
    const json = JSON.stringify(diagnostics);
    const last = this.answered.get(uri);
    if (last !== undefined && last.json === json) {
      return last.resultId === previousResultId ? { kind: 'unchanged', resultId: last.resultId } : { kind: 'full', resultId: last.resultId, items: diagnostics };
    }
    const resultId = String(++this.results);
    this.answered.set(uri, { resultId, json });
    return { kind: 'full', resultId, items: diagnostics };
  }

  forget(uri: string): void {
    this.answered.delete(uri);
  }
}
