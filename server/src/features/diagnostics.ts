// Diagnostics: the problems of one analysed document as LSP diagnostics, and the per-document
// debounce that decides when to compute them. The scheduler never publishes for an old version:
// the server re-reads the document when the timer fires and drops the run if it moved on.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { DocumentAnalysis } from '../service/languageService';
import { toDiagnostic, type DocLinks } from '../service/lspConversion';

export function diagnosticsOf(doc: DocumentAnalysis, uri: string, links: DocLinks): Diagnostic[] {
  return doc.problems.map((problem) => toDiagnostic(problem, doc.lineIndex, uri, links));
}

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
