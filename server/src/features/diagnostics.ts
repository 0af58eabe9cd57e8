// Diagnostics: the problems of one analysed document as LSP diagnostics; when to work them out
// (per-document debounce, after the messages that had already arrived); and whether to send them
// (only a list that changed).
import type { Diagnostic } from 'vscode-languageserver-types';
import { sameData, type Problem } from '../problem';
import type { LineEdit, LineIndex } from '../syntax/lineIndex';
import type { DocumentAnalysis } from '../service/languageService';
import { movedRange, sameRange, toDiagnostic, toRange, type DocLinks } from '../service/lspConversion';
import { frozen, movedByLines } from '../messageEncoder';

/**
 * The diagnostics of each document's problems, each made once: a problem of the next version that
 * is the same object (rules/index.ts keeps those an edit did not change, their spans moved with the
 * text) keeps the diagnostic made for it while it stays at its lines and characters, so a list that
 * did not change is told from the one published by identity, and a keystroke makes the diagnostics
 * of the problems it changed only. When the next version's lines were worked out from the previous
 * one's (`LineIndex.edit`), that a problem stayed is told from its offsets alone: each is where it
 * was, or moved with the text after the edit; when the edit added or removed lines, a problem whose
 * offsets moved so gets its diagnostic moved by those lines (`movedByLines`), which is written from
 * the moved one's text instead of being made again.
 */
export class DiagnosticsMade {
  private readonly made = new WeakMap<Problem, MadeDiagnostic>();

  of(doc: DocumentAnalysis, uri: string, links: DocLinks): Diagnostic[] {
    const { lineIndex } = doc;
    const { edit } = lineIndex;
    /** The first line the edit moved, as numbered before it. */
    const fromLine = edit && edit.lines !== 0 ? lineIndex.position(edit.after + edit.delta).line - edit.lines : 0;
    const diagnostics: Diagnostic[] = [];
    for (const problem of doc.problems) {
      const kept = this.made.get(problem);
      const lines = kept && kept.uri === uri && kept.links === links ? (kept.at === edit?.from ? linesMoved(kept, problem, edit) : stayed(kept, problem, lineIndex) ? 0 : undefined) : undefined;
      if (lines !== undefined) {
        if (lines !== 0) kept!.diagnostic = movedByLines(kept!.diagnostic, lines, movedDiagnostic(kept!.diagnostic, lines, fromLine), fromLine);
        kept!.at = lineIndex.id;
        diagnostics.push(kept!.diagnostic);
        continue;
      }
      const diagnostic = frozen(toDiagnostic(problem, lineIndex, uri, links));
      this.made.set(problem, { diagnostic, uri, links, offsets: offsetsOf(problem), at: lineIndex.id });
      diagnostics.push(diagnostic);
    }
    return diagnostics;
  }
}

/** A problem's diagnostic, with the offsets of the problem's spans it was last known at. */
interface MadeDiagnostic {
  diagnostic: Diagnostic;
  uri: string;
  links: DocLinks;
  offsets: number[];
  /** The lines the offsets were recorded in (`LineIndex.id`). */
  at: number;
}

/** The offsets of a problem's spans: its own, then its related locations', each start and end. */
function offsetsOf(problem: Problem): number[] {
  const offsets: number[] = [];
  recordOffsets(offsets, problem);
  return offsets;
}

/** Writes the offsets of a problem's spans over those recorded (as many, for the same problem: its related locations are the same). */
function recordOffsets(offsets: number[], problem: Problem): void {
  offsets[0] = problem.span.start;
  offsets[1] = problem.span.end;
  const related = problem.related ?? [];
  for (let i = 0; i < related.length; i++) {
    offsets[2 + 2 * i] = related[i]!.span.start;
    offsets[3 + 2 * i] = related[i]!.span.end;
  }
}

/**
 * How many lines the edit moved a problem's diagnostic by: 0 when each of the problem's offsets is
 * where it was, or moved with the text after an edit that added or removed no line; the lines the
 * edit added when each offset is where it was or moved with the text after the edit (at its
 * character, on a line the edit moved); undefined otherwise. If defined, the offsets are recorded
 * where they are now.
 */
function linesMoved(made: MadeDiagnostic, problem: Problem, edit: LineEdit): number | undefined {
  const { offsets } = made;
  let moves = moveOf(offsets[0]!, problem.span.start, edit) | moveOf(offsets[1]!, problem.span.end, edit);
  const related = problem.related ?? [];
  for (let i = 0; i < related.length; i++) {
    const { span } = related[i]!;
    moves |= moveOf(offsets[2 + 2 * i]!, span.start, edit) | moveOf(offsets[3 + 2 * i]!, span.end, edit);
  }
  if (moves & NEITHER) return undefined;
  if (edit.delta !== 0) recordOffsets(offsets, problem);
  return moves & MOVED ? edit.lines : 0;
}

const STAYED = 1;
const MOVED = 2;
const NEITHER = 4;

/** Whether an offset (`before` in the earlier text) stayed, moved with the text after the edit, or neither. */
function moveOf(before: number, offset: number, edit: LineEdit): number {
  if (before < edit.before) return offset === before ? STAYED : NEITHER;
  return before >= edit.after && offset === before + edit.delta ? MOVED : NEITHER;
}

/**
 * `diagnostic` with its range and its related locations' moved down by `lines` (up when negative)
 * from `fromLine` on: what `toDiagnostic` makes of its problem there, member by member in its order.
 */
function movedDiagnostic(diagnostic: Diagnostic, lines: number, fromLine: number): Diagnostic {
  const moved: Diagnostic = { range: movedRange(diagnostic.range, lines, fromLine), severity: diagnostic.severity, code: diagnostic.code, source: diagnostic.source, message: diagnostic.message };
  if (diagnostic.codeDescription) moved.codeDescription = diagnostic.codeDescription;
  if (diagnostic.relatedInformation) {
    moved.relatedInformation = diagnostic.relatedInformation.map((related) => {
      const range = movedRange(related.location.range, lines, fromLine);
      return range === related.location.range ? related : Object.freeze({ location: Object.freeze({ uri: related.location.uri, range }), message: related.message });
    });
  }
  if (diagnostic.tags) moved.tags = diagnostic.tags;
  if (diagnostic.data) moved.data = diagnostic.data;
  return moved;
}


/** Whether a problem's diagnostic still has its lines and characters; if so, its offsets are recorded where they are now. */
function stayed(made: MadeDiagnostic, problem: Problem, lineIndex: LineIndex): boolean {
  const { diagnostic } = made;
  const related = problem.related ?? [];
  const stays =
    sameRange(toRange(lineIndex, problem.span), diagnostic.range) &&
    related.every((location, i) => sameRange(toRange(lineIndex, location.span), diagnostic.relatedInformation![i]!.location.range));
  if (stays) recordOffsets(made.offsets, problem);
  return stays;
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

