// Diagnostics: the problems of one analysed document as LSP diagnostics; when to work them out
// (per-document debounce, after the messages that had already arrived); and whether to send them
// (only a list that changed).
import type { Diagnostic, Position } from 'vscode-languageserver-types';
import type { Problem } from '../problem';
import type { DocumentAnalysis } from '../service/languageService';
import { toDiagnostic, toRange, type DocLinks } from '../service/lspConversion';
import { frozen } from '../messageEncoder';

/**
 * The diagnostics of each document's problems, each made once: a problem the next version finds
 * again at the same lines and characters (a keystroke leaves most problems there, having moved
 * their offsets at most) keeps the diagnostic made for it, so a list that did not change is told
 * from the one published by identity, and a keystroke makes the diagnostics of the problems it
 * changed only.
 */
export class DiagnosticsMade {
  private readonly last = new Map<string, { links: DocLinks; problems: readonly Problem[]; diagnostics: Diagnostic[] }>();

  of(doc: DocumentAnalysis, uri: string, links: DocLinks): Diagnostic[] {
    const previous = this.last.get(uri);
    const reusable = previous?.links === links ? previous : undefined;
    const diagnostics: Diagnostic[] = [];
    // Both lists are in text order: the previous diagnostics are walked once, beside the problems.
    let at = 0;
    for (const problem of doc.problems) {
      const range = toRange(doc.lineIndex, problem.span);
      let made: Diagnostic | undefined;
      if (reusable) {
        const before = reusable.diagnostics;
        while (at < before.length && comparePositions(before[at]!.range.start, range.start) < 0) at++;
        for (let i = at; !made && i < before.length && comparePositions(before[i]!.range.start, range.start) === 0; i++) {
          if (comparePositions(before[i]!.range.end, range.end) === 0 && sameProblem(reusable.problems[i]!, problem, before[i]!, doc)) made = before[i];
        }
      }
      diagnostics.push(made ?? frozen(toDiagnostic(problem, doc.lineIndex, uri, links)));
    }
    this.last.set(uri, { links, problems: doc.problems, diagnostics });
    return diagnostics;
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}

/** Whether `problem` is `before` (made into `diagnostic`) again, its related locations where the diagnostic has them. */
function sameProblem(before: Problem, problem: Problem, diagnostic: Diagnostic, doc: DocumentAnalysis): boolean {
  if (before.code !== problem.code || before.severity !== problem.severity || before.message !== problem.message || before.unnecessary !== problem.unnecessary) return false;
  if (!sameData(before.data, problem.data)) return false;
  const related = problem.related ?? [];
  const relatedBefore = diagnostic.relatedInformation ?? [];
  if (related.length !== relatedBefore.length) return false;
  return related.every((location, i) => {
    const range = relatedBefore[i]!.location.range;
    return (
      location.message === relatedBefore[i]!.message &&
      comparePositions(doc.lineIndex.position(location.span.start), range.start) === 0 &&
      comparePositions(doc.lineIndex.position(location.span.end), range.end) === 0
    );
  });
}

function sameData(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
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
  private readonly last = new Map<string, { version: number; diagnostics: readonly Diagnostic[] }>();

  /** The version last checked, if any. */
  checked(uri: string): number | undefined {
    return this.last.get(uri)?.version;
  }

  /** Records the check of `version`; whether its diagnostics differ from those last published. */
  record(uri: string, version: number, diagnostics: readonly Diagnostic[]): boolean {
    const before = this.last.get(uri)?.diagnostics;
    const changed = before === undefined || before.length !== diagnostics.length || diagnostics.some((diagnostic, i) => !sameDiagnostic(before[i]!, diagnostic));
    this.last.set(uri, { version, diagnostics });
    return changed;
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }

  clear(): void {
    this.last.clear();
  }
}

/**
 * Whether two diagnostics say the same. Those made once per problem (`DiagnosticsMade`) are the
 * same object; those placed in a design's files are made again for every answer, so are compared
 * field by field.
 */
function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  if (a === b) return true;
  return (
    sameRange(a.range, b.range) &&
    a.severity === b.severity &&
    a.code === b.code &&
    a.source === b.source &&
    a.message === b.message &&
    a.codeDescription?.href === b.codeDescription?.href &&
    (a.tags ?? []).join() === (b.tags ?? []).join() &&
    sameData(a.data as Record<string, string> | undefined, b.data as Record<string, string> | undefined) &&
    (a.relatedInformation ?? []).length === (b.relatedInformation ?? []).length &&
    (a.relatedInformation ?? []).every((related, i) => {
      const other = b.relatedInformation![i]!;
      return related.message === other.message && related.location.uri === other.location.uri && sameRange(related.location.range, other.location.range);
    })
  );
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}
