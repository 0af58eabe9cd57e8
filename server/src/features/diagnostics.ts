// Diagnostics: the problems of one analysed document as LSP diagnostics; when to work them out
// (per-document debounce, after the messages that had already arrived); and whether to send them
// (only a list that changed).
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
 * The diagnostics last published for each document and the version last checked, so that a
 * version whose diagnostics are the same as those published is not sent again.
 */
export class PublishedDiagnostics {
  private readonly last = new Map<string, { version: number; json: string }>();

  /** The version last checked, if any. */
  checked(uri: string): number | undefined {
    return this.last.get(uri)?.version;
  }

  /** Records the check of `version`; whether its diagnostics differ from those last published. */
  record(uri: string, version: number, diagnostics: Diagnostic[]): boolean {
    const json = JSON.stringify(diagnostics);
    const changed = this.last.get(uri)?.json !== json;
    this.last.set(uri, { version, json });
    return changed;
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }

  clear(): void {
    this.last.clear();
  }
}
