// A language client that drives a server bundle the way VS Code 1.100 with vscode-languageclient
// does while someone types: incremental didChange per keystroke; then the follow-up requests
// VS Code makes for an edited document, for each the server advertises — semantic tokens (full,
// or full/delta from the previous resultId), code lenses, document symbols (breadcrumbs and sticky
// scroll), folding ranges — and diagnostics pulled (textDocument/diagnostic with the previous
// resultId, after every change) when the server offers pull, else awaited as publishDiagnostics
// (or, as the extension's client asks, the server's word that a version's diagnostics are unchanged).
// In a design of several files (a folder holding a `.topo.json`) the server reads the files that are
// not open from disk and publishes each file's diagnostics: a keystroke's are those of its own file.
//
// When it sends the follow-ups is VS Code 1.100's schedule (read from the workbench of VS Code
// 1.100.3 as code-server 4.100.3 ships it), per document:
// - Each feature's delay comes from ILanguageFeatureDebounceService (LanguageFeatureDebounceService):
//   the average of the last 6 durations of that feature's requests for the document, clamped to
//   [min, max] (max defaults to min²); before the first answer, min × 1.5. (VS Code starts a feature
//   first used in a window at the average of the other features' delays; one document's bench
//   has no others to average.) In an extension development host the service is off (min × 1.5 always).
// - Semantic tokens (DocumentSemanticTokensFeature, "DocumentSemanticTokens", min 300, max 2000): a
//   throttle — a change schedules a request unless one is scheduled; never two in flight: a change
//   during a request schedules the next when it returns.
// - Code lenses (CodeLensContribution, "CodeLensProvide", min 250): a trailing debounce that every
//   change restarts; a request cancels the previous one still in flight.
// - Folding (FoldingController, "Folding", min 200): a change cancels the request in flight and
//   restarts a trailing debounce (a Delayer).
// - Document symbols, with the Outline view closed and default settings, have two consumers that do
//   not share a request: the breadcrumbs (DocumentSymbolsOutline over OutlineModelService,
//   "DocumentSymbols", min 350: a trailing debounce; a new request cancels the previous) and sticky
//   scroll (StickyModelProvider: 50 ms after the last change the request in flight is cancelled and a
//   300 ms Delayer restarted — a fixed 350 ms after a pause, whatever the server's speed).
// So while someone types faster than these delays, only semantic tokens are asked (about every
// 300 ms); the rest come in the pause after the burst.
// Two more requests follow the cursor rather than the document:
// - Completion (SuggestModel), with the default `editor.quickSuggestions` (on outside comments and
//   strings) and `quickSuggestionsDelay` (10 ms). A keystroke that leaves the cursor at the end of a
//   word, or one character into it, and not in a number asks quick suggestions 10 ms later unless a
//   list is open. Otherwise, when the character typed is one of the server's trigger characters, it
//   asks at once. An open list is filtered by the editor: the text from an item's edit start to the
//   cursor must match the item (VS Code's fuzzy match, read here as the word's first character at
//   the start of the label or of a part of it, the rest in order); a list that matches nothing is
//   closed, or asked again when a new word begins after the one it was asked for; a new word begun
//   while it matches reuses the items without asking. Any other edit (Enter, Delete Line) closes
//   it; closing or asking again cancels a request in flight. The server offers no resolve, so the
//   focused item is not resolved.
// - Code actions for the lightbulb (CodeActionOracle, `editor.lightbulb.enabled` "onCode"): 250 ms
//   after the last cursor move or the last change of the document's diagnostics, at the cursor
//   (an empty range) with the diagnostics that touch it and triggerKind Automatic, unless the
//   cursor stands between whitespace (or on an empty line); a new request cancels the previous one.
// While someone types, completion is asked at some keystrokes and code actions after the burst.
//
// With `eagerFollowUps` the client instead asks for every follow-up right after every change: the
// most a server can be asked (a stress mode, not what VS Code does). It then keeps one semantic tokens
// request in flight (changes meanwhile ask again when it returns), and cancels a still-pending code
// lens, symbols, folding, completion or code action request of an older version ($/cancelRequest)
// when it asks again; completion and code actions are asked at the cursor.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { DIAGRAM_METHOD } from '../server/src/diagram/protocol';
import { CHECKED_NOTIFICATION, type CheckedParams, type InitializationOptions } from '../server/src/protocol';
import { CancellationTokenSource, createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

interface Position {
  line: number;
  character: number;
}

export interface TextChange {
  range: { start: Position; end: Position };
  text: string;
}

/**
 * One round of typing a NIC into a host (by default the one in the middle of the design), keystroke
 * by keystroke as VS Code sends them: Enter (with the indent), `nic eth9 `, `{` (which the editor
 * closes), ` mtu 9000 `; a third of the states leave a syntax error, as typing does. Then the line
 * is deleted (one change, as Delete Line sends it), so every round starts from the same text.
 */
export function typingRound(text: string, hostIndex?: number): TextChange[][] {
  const hostStarts = [...text.matchAll(/^host [^\n]*$/gm)];
  const host = hostStarts[hostIndex ?? hostStarts.length >> 1]!;
  const line = text.slice(0, host.index).split('\n').length - 1;
  const end = host[0].length;
  const at = (l: number, character: number) => ({ line: l, character });
  const insert = (l: number, character: number, inserted: string): TextChange[] => [{ range: { start: at(l, character), end: at(l, character) }, text: inserted }];
  const changes: TextChange[][] = [insert(line, end, '\n  ')];
  let column = 2;
  for (const character of 'nic eth9 ') changes.push(insert(line + 1, column++, character));
  changes.push(insert(line + 1, column++, '{}'));
  for (const character of ' mtu 9000 ') changes.push(insert(line + 1, column++, character));
  changes.push([{ range: { start: at(line, end), end: at(line + 1, column + 1) }, text: '' }]);
  return changes;
}

/** An answer's bytes as JSON, and the median time of JSON.parse over them here. */
export interface AnswerWeight {
  bytes: number;
  parseMs: number;
}

function weightOf(answer: unknown): AnswerWeight {
  const text = JSON.stringify(answer);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    JSON.parse(text);
    times.push(performance.now() - start);
  }
  return { bytes: Buffer.byteLength(text), parseMs: times.sort((a, b) => a - b)[2]! };
}

/** What VS Code 1.100's language client declares for the features the benchmark exercises. */
const CLIENT_CAPABILITIES = {
  workspace: {
    configuration: true,
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    semanticTokens: { refreshSupport: true },
    codeLens: { refreshSupport: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    semanticTokens: {
      dynamicRegistration: true,
      requests: { range: true, full: { delta: true } },
      tokenTypes: [],
      tokenModifiers: [],
      formats: ['relative'],
      overlappingTokenSupport: false,
      multilineTokenSupport: false,
      serverCancelSupport: true,
      augmentsSyntaxTokens: true,
    },
    codeLens: { dynamicRegistration: true },
    documentSymbol: { dynamicRegistration: true, hierarchicalDocumentSymbolSupport: true, labelSupport: true },
    foldingRange: { dynamicRegistration: true, rangeLimit: 5000, lineFoldingOnly: true },
    completion: {
      dynamicRegistration: true,
      contextSupport: true,
      completionItem: { snippetSupport: true, insertReplaceSupport: true, labelDetailsSupport: true, resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
    },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'] } },
    },
  },
};

/** The pairs the editor closes as the first is typed (language-configuration.json's autoClosingPairs). */
const AUTO_CLOSED_PAIRS = ['{}', '""'];

const isBefore = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** LSP's error for a request whose answer a later change made moot; VS Code asks again. */
const CONTENT_MODIFIED = -32801;

/** The follow-up requests, by the name the report uses. */
export type FollowUp = 'semanticTokens' | 'codeLens' | 'documentSymbol' | 'foldingRange' | 'diagnostic' | 'completion' | 'codeAction';

/** The follow-ups about the whole document that a schedule sends by kind. */
type DocumentRequest = 'semanticTokens' | 'codeLens' | 'documentSymbol' | 'foldingRange';

interface ServerCapabilities {
  semanticTokensProvider?: { full?: boolean | { delta?: boolean } };
  codeLensProvider?: unknown;
  documentSymbolProvider?: unknown;
  foldingRangeProvider?: unknown;
  diagnosticProvider?: unknown;
  completionProvider?: { triggerCharacters?: string[] };
  codeActionProvider?: unknown;
}

export interface TypingResult {
  /** Per keystroke: ms from its didChange to the first diagnostics of its version or a later one. */
  keystrokeMs: number[];
  /** Keystrokes whose diagnostics had not come when the wait ran out (their time is a lower bound). */
  unanswered: number;
  /** Per follow-up request kind: the times of the requests answered. */
  requestMs: Partial<Record<FollowUp, number[]>>;
  /** Per follow-up request kind: how many were cancelled by a later change before their answer. */
  cancelled: Partial<Record<FollowUp, number>>;
  /** Per follow-up request kind: how many the server declined as overtaken by a later change (ContentModified). */
  superseded: Partial<Record<FollowUp, number>>;
}

interface Pending {
  uri: string;
  version: number;
  sentAt: number;
}

/** When the client sends the follow-up requests: as VS Code 1.100 does, or after every change (a stress mode). */
export interface FollowUpSchedule {
  eagerFollowUps: boolean;
}

/** How a round of typing is paced: keystrokes `intervalMs` apart, then a pause of at least `pauseMs` after the last. */
export interface TypingPace {
  intervalMs: number;
  pauseMs: number;
  /** How long after the last keystroke a server may take to answer before the round is cut off. */
  drainMs: number;
}

/** A follow-up request sent and not yet finished. */
interface InFlight {
  kind: FollowUp;
  source: CancellationTokenSource;
  finished: boolean;
}

/** A setTimeout that arming again restarts (VS Code's RunOnceScheduler, TimeoutTimer and Delayer alike). */
class Timer {
  private handle: NodeJS.Timeout | undefined;

  constructor(private readonly fired: () => void) {}

  get armed(): boolean {
    return this.handle !== undefined;
  }

  arm(ms: number, run: () => void): void {
    this.cancel();
    this.handle = setTimeout(() => {
      this.handle = undefined;
      run();
      this.fired();
    }, ms);
  }

  cancel(): void {
    clearTimeout(this.handle);
    this.handle = undefined;
  }
}

/**
 * One feature's delay for one document, as VS Code's LanguageFeatureDebounceService works it out:
 * the average of the last six request durations, clamped to [min, max]; min × 1.5 before any.
 */
class FeatureDelay {
  private readonly durations: number[] = [];

  constructor(
    private readonly min: number,
    private readonly max = min * min,
  ) {}

  get ms(): number {
    const average = this.durations.length === 0 ? this.min * 1.5 : this.durations.reduce((sum, ms) => sum + ms, 0) / this.durations.length;
    return Math.min(Math.max(average, this.min), this.max);
  }

  answered(ms: number): void {
    this.durations.push(ms);
    if (this.durations.length > 6) this.durations.shift();
  }
}

/** Where a change left the cursor, the text of the cursor's line, and the key typed when the change was typing within the line. */
interface CursorEdit {
  cursor: Position;
  line: string;
  typed?: string;
}

/** A completion answer as the editor filters it: where its items' edits start on the line, and the text of each. */
interface CompletionList {
  editStart: number;
  texts: string[];
}

/** What a document's follow-up schedule asks the client for. */
interface FollowUpRequests {
  readonly kinds: readonly FollowUp[];
  readonly triggerCharacters: readonly string[];
  /** Sends a follow-up; `answered` gets the request's duration, `failed` runs when it failed otherwise than by a cancellation of ours. */
  send(kind: DocumentRequest, answered: (ms: number) => void, failed?: () => void): InFlight;
  /** Asks for completion at `position`: for a trigger character typed, else invoked. */
  complete(position: Position, triggerCharacter: string | undefined, answered: (list: CompletionList) => void, failed?: () => void): InFlight;
  /** Asks for the code actions at `position` (an empty range) with the diagnostics that touch it, as the lightbulb does. */
  codeActions(position: Position): InFlight;
  /** Cancels a request still in flight ($/cancelRequest), counted as cancelled. */
  cancel(request: InFlight | undefined): void;
  timer(): Timer;
}

/** VS Code's default word pattern (the language configuration sets none). */
const WORD = /(-?\d*\.\d\w*)|([^`~!@#$%^&*()\-=+[{\]}\\|;:'",.<>/?\s]+)/g;

/** The word the cursor is in or at an end of (VS Code's getWordAtPosition). */
function wordAt({ line, cursor }: CursorEdit): { start: number; end: number; text: string } | undefined {
  for (const match of line.matchAll(WORD)) {
    if (match.index > cursor.character) return undefined;
    if (match.index + match[0].length >= cursor.character) return { start: match.index, end: match.index + match[0].length, text: match[0] };
  }
  return undefined;
}

/** Where the word before the cursor starts: the cursor when there is none (getWordUntilPosition). */
function wordStart(edit: CursorEdit): number {
  return wordAt(edit)?.start ?? edit.cursor.character;
}

/** Quick suggestions ask here: the cursor at a word's end or one character into it, and the word no number (LineContext.shouldAutoTrigger). */
function suggestsHere(edit: CursorEdit): boolean {
  const word = wordAt(edit);
  return word !== undefined && (word.end === edit.cursor.character || word.start + 1 === edit.cursor.character) && Number.isNaN(Number(word.text));
}

/** The editor keeps an item of an open list while `typed` matches it: its first character at a start of the item's text or of a part of it, the rest in order. */
function matches(typed: string, text: string): boolean {
  if (typed === '') return true;
  const word = typed.toLowerCase();
  const lower = text.toLowerCase();
  for (let start = 0; start < lower.length; start++) {
    const partStart = start === 0 || !/[a-z0-9]/.test(lower[start - 1]!) || text[start] !== lower[start];
    if (!partStart || lower[start] !== word[0]) continue;
    let next = start + 1;
    for (const character of word.slice(1)) {
      next = lower.indexOf(character, next);
      if (next < 0) break;
      next++;
    }
    if (next > 0) return true;
  }
  return false;
}

/** The lightbulb ("onCode") does not ask with the cursor between whitespace, on an empty line, or at a line's end after whitespace. */
function betweenWhitespace({ line, cursor }: CursorEdit): boolean {
  const before = line[cursor.character - 1];
  const after = line[cursor.character];
  if (line.length === 0) return true;
  if (before === undefined) return /\s/.test(after!);
  if (after === undefined) return /\s/.test(before);
  return /\s/.test(before) && /\s/.test(after);
}

/** How long after a keystroke quick suggestions ask (`editor.quickSuggestionsDelay`'s default). */
const QUICK_SUGGESTIONS_DELAY_MS = 10;
/** How long after the last cursor move or diagnostics change the lightbulb asks for code actions (CodeActionOracle). */
const LIGHTBULB_DELAY_MS = 250;

/** A completion list the editor holds open: where it was asked, the start of the word before the cursor then, and its items once answered. */
interface OpenList {
  line: number;
  character: number;
  wordStart: number;
  request?: InFlight;
  list?: CompletionList;
}

/** The completion requests of one document, as VS Code's SuggestModel makes them while someone types (see the header). */
class Suggestions {
  private open: OpenList | undefined;
  private latest: CursorEdit | undefined;
  readonly timer: Timer;

  constructor(private readonly requests: FollowUpRequests) {
    this.timer = requests.timer();
  }

  changed(edit: CursorEdit): void {
    this.latest = edit;
    if (edit.typed === undefined) {
      this.close();
      return;
    }
    if (this.open) this.filter(edit);
    if (!this.open) {
      this.timer.arm(QUICK_SUGGESTIONS_DELAY_MS, () => {
        if (!this.open && suggestsHere(edit)) this.ask(edit, undefined);
      });
    }
    const key = edit.typed.at(-1)!;
    if (!suggestsHere(edit) && this.requests.triggerCharacters.includes(key)) this.ask(edit, key);
  }

  /** The editor filters the open list for the text now before the cursor (SuggestModel's onNewContext). */
  private filter(edit: CursorEdit): void {
    const open = this.open!;
    if (edit.cursor.line !== open.line) return this.close();
    if (!open.list) return;
    const start = wordStart(edit);
    if (start < edit.cursor.character && start > open.wordStart) {
      if (suggestsHere(edit)) this.open = { line: edit.cursor.line, character: edit.cursor.character, wordStart: start, list: open.list };
      return;
    }
    const typed = edit.line.slice(open.list.editStart, edit.cursor.character);
    if (open.list.texts.some((text) => matches(typed, text))) return;
    if (suggestsHere(edit) && open.character < start) this.ask(edit, undefined);
    else this.close();
  }

  private ask(edit: CursorEdit, triggerCharacter: string | undefined): void {
    this.close();
    const open: OpenList = { line: edit.cursor.line, character: edit.cursor.character, wordStart: wordStart(edit) };
    const ended = (list: CompletionList) => {
      if (this.open !== open) return;
      open.list = list;
      this.filter(this.latest!);
    };
    open.request = this.requests.complete(edit.cursor, triggerCharacter, ended, () => ended({ editStart: edit.cursor.character, texts: [] }));
    this.open = open;
  }

  private close(): void {
    this.requests.cancel(this.open?.request);
    this.open = undefined;
  }
}

/** The code action requests of one document, as the lightbulb makes them (see the header). */
class Lightbulb {
  private request: InFlight | undefined;
  readonly timer: Timer;

  constructor(
    private readonly requests: FollowUpRequests,
    private cursorAt: CursorEdit,
  ) {
    this.timer = requests.timer();
  }

  moved(edit: CursorEdit): void {
    this.cursorAt = edit;
    this.restart();
  }

  restart(): void {
    this.timer.arm(LIGHTBULB_DELAY_MS, () => {
      this.requests.cancel(this.request);
      this.request = betweenWhitespace(this.cursorAt) ? undefined : this.requests.codeActions(this.cursorAt.cursor);
    });
  }
}

/** The follow-ups of one document, asked as soon as a change is sent. */
class EagerFollowUps {
  private readonly current = new Map<FollowUp, InFlight>();
  private tokensWanted = false;

  constructor(
    private readonly requests: FollowUpRequests,
    private readonly opensAt: CursorEdit,
  ) {}

  opened(): void {
    this.changed(this.opensAt);
  }

  changed(edit: CursorEdit): void {
    for (const kind of this.requests.kinds) {
      if (kind === 'diagnostic') continue;
      if (kind === 'semanticTokens') {
        this.askTokens();
        continue;
      }
      this.requests.cancel(this.current.get(kind));
      if (kind === 'completion') this.current.set(kind, this.requests.complete(edit.cursor, undefined, () => undefined));
      else if (kind === 'codeAction') this.current.set(kind, this.requests.codeActions(edit.cursor));
      else this.current.set(kind, this.requests.send(kind, () => undefined));
    }
  }

  diagnosticsChanged(): void {}

  get scheduled(): boolean {
    return false;
  }

  dispose(): void {}

  /** One request in flight at a time; a change meanwhile asks again once it has returned. */
  private askTokens(): void {
    if (this.current.get('semanticTokens')?.finished === false) {
      this.tokensWanted = true;
      return;
    }
    const again = () => {
      if (!this.tokensWanted) return;
      this.tokensWanted = false;
      this.askTokens();
    };
    this.current.set('semanticTokens', this.requests.send('semanticTokens', again, again));
  }
}

/** The follow-ups of one document, scheduled as VS Code 1.100 schedules them (see the header). */
class VsCodeFollowUps {
  private readonly tokens: { delay: FeatureDelay; timer: Timer; request?: InFlight; changedMeanwhile: boolean };
  private readonly lens: { delay: FeatureDelay; timer: Timer; request?: InFlight };
  private readonly folding: { delay: FeatureDelay; timer: Timer; request?: InFlight };
  /** The breadcrumbs' outline, through OutlineModelService. */
  private readonly outline: { delay: FeatureDelay; timer: Timer; request?: InFlight };
  /** Sticky scroll's outline: its scheduler's 50 ms, then its Delayer's 300 ms. */
  private readonly sticky: { timer: Timer; delayer: Timer; request?: InFlight };
  private readonly suggestions: Suggestions;
  private readonly lightbulb: Lightbulb;
  private readonly timers: Timer[];

  constructor(
    private readonly requests: FollowUpRequests,
    opensAt: CursorEdit,
  ) {
    this.tokens = { delay: new FeatureDelay(300, 2000), timer: requests.timer(), changedMeanwhile: false };
    this.lens = { delay: new FeatureDelay(250), timer: requests.timer() };
    this.folding = { delay: new FeatureDelay(200), timer: requests.timer() };
    this.outline = { delay: new FeatureDelay(350), timer: requests.timer() };
    this.sticky = { timer: requests.timer(), delayer: requests.timer() };
    this.suggestions = new Suggestions(requests);
    this.lightbulb = new Lightbulb(requests, opensAt);
    this.timers = [this.tokens.timer, this.lens.timer, this.folding.timer, this.outline.timer, this.sticky.timer, this.sticky.delayer, this.suggestions.timer, this.lightbulb.timer];
  }

  private offers(kind: FollowUp): boolean {
    return this.requests.kinds.includes(kind);
  }

  /** A document shown in an editor: tokens at once, the outline for the breadcrumbs at once, the others after their delays. */
  opened(): void {
    if (this.offers('semanticTokens')) this.tokens.timer.arm(0, () => this.askTokens());
    if (this.offers('codeLens')) this.lens.timer.arm(this.lens.delay.ms, () => this.askLens());
    if (this.offers('foldingRange')) this.folding.timer.arm(this.folding.delay.ms, () => this.askFolding());
    if (this.offers('documentSymbol')) {
      this.askOutline();
      this.sticky.delayer.arm(300, () => this.askSticky());
    }
  }

  changed(edit: CursorEdit): void {
    if (this.offers('completion')) this.suggestions.changed(edit);
    if (this.offers('codeAction')) this.lightbulb.moved(edit);
    if (this.offers('semanticTokens')) {
      if (this.tokens.request) this.tokens.changedMeanwhile = true;
      if (!this.tokens.timer.armed) this.tokens.timer.arm(this.tokens.delay.ms, () => this.askTokens());
    }
    if (this.offers('codeLens')) this.lens.timer.arm(this.lens.delay.ms, () => this.askLens());
    if (this.offers('foldingRange')) {
      this.requests.cancel(this.folding.request);
      this.folding.timer.arm(this.folding.delay.ms, () => this.askFolding());
    }
    if (this.offers('documentSymbol')) {
      this.outline.timer.arm(this.outline.delay.ms, () => this.askOutline());
      this.sticky.timer.arm(50, () => {
        this.requests.cancel(this.sticky.request);
        this.sticky.delayer.arm(300, () => this.askSticky());
      });
    }
  }

  /** The document's diagnostics changed: the lightbulb asks again. */
  diagnosticsChanged(): void {
    if (this.offers('codeAction')) this.lightbulb.restart();
  }

  /** A timer is armed: requests are still to come. */
  get scheduled(): boolean {
    return this.timers.some((timer) => timer.armed);
  }

  dispose(): void {
    for (const timer of this.timers) timer.cancel();
  }

  private askTokens(): void {
    if (this.tokens.request) return;
    this.tokens.changedMeanwhile = false;
    const returned = () => {
      this.tokens.request = undefined;
      if (this.tokens.changedMeanwhile && !this.tokens.timer.armed) this.tokens.timer.arm(this.tokens.delay.ms, () => this.askTokens());
    };
    this.tokens.request = this.requests.send(
      'semanticTokens',
      (ms) => {
        this.tokens.delay.answered(ms);
        returned();
      },
      returned,
    );
  }

  private askLens(): void {
    this.requests.cancel(this.lens.request);
    this.lens.request = this.requests.send('codeLens', (ms) => this.lens.delay.answered(ms));
  }

  private askFolding(): void {
    this.requests.cancel(this.folding.request);
    this.folding.request = this.requests.send('foldingRange', (ms) => this.folding.delay.answered(ms));
  }

  private askOutline(): void {
    this.requests.cancel(this.outline.request);
    this.outline.request = this.requests.send('documentSymbol', (ms) => this.outline.delay.answered(ms));
  }

  private askSticky(): void {
    this.sticky.request = this.requests.send('documentSymbol', () => undefined);
  }
}

export class EditorClient {
  private readonly pendingKeystrokes: Pending[] = [];
  private readonly versions = new Map<string, number>();
  private readonly diagnosticsWaiters: { uri: string; version: number; resolve: () => void }[] = [];
  private capabilities: ServerCapabilities = {};
  private keystrokeMs: number[] = [];
  private requestMs: Partial<Record<FollowUp, number[]>> = {};
  private cancelled: Partial<Record<FollowUp, number>> = {};
  private superseded: Partial<Record<FollowUp, number>> = {};
  /** Every follow-up request in flight. */
  private readonly inFlight = new Set<InFlight>();
  /** The follow-up schedule of each open document. */
  private readonly schedules = new Map<string, EagerFollowUps | VsCodeFollowUps>();
  /** The lines of each open document, as the client last sent them. */
  private readonly lines = new Map<string, string[]>();
  /** The diagnostics last received for each document, sent back with a code action request. */
  private readonly diagnostics = new Map<string, { range: { start: Position; end: Position } }[]>();
  /** The last answer of each kind of follow-up request. */
  private readonly lastAnswers: Partial<Record<FollowUp, unknown>> = {};
  private readonly settledWaiters: (() => void)[] = [];
  private semanticTokensResultId: string | undefined;
  private diagnosticPull: InFlight | undefined;
  private diagnosticResultId: string | undefined;
  /** The latest version whose diagnostics have arrived, per document. */
  private readonly diagnosedVersions = new Map<string, number>();
  /** Diagnostics count of the latest version diagnosed. */
  diagnosticCount = 0;
  /** The diagnostics last published for each file, open or not. */
  private readonly publishedCounts = new Map<string, number>();

  private constructor(
    private readonly connection: MessageConnection,
    private readonly child: ChildProcess,
    private readonly schedule: FollowUpSchedule,
  ) {}

  /**
   * Starts `node <serverBundle> --stdio` and initializes it as VS Code does, with `settings` as the
   * extension's configuration; the follow-ups are VS Code's schedule unless `schedule` asks for them eagerly.
   */
  static async start(serverBundle: string, settings: Record<string, unknown>, rootPath: string, schedule: FollowUpSchedule = { eagerFollowUps: false }): Promise<EditorClient> {
    const child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new EditorClient(connection, child, schedule);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
    for (const method of ['client/registerCapability', 'window/workDoneProgress/create', 'workspace/semanticTokens/refresh', 'workspace/codeLens/refresh', 'workspace/diagnostic/refresh']) {
      connection.onRequest(method, () => null);
    }
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: { range: { start: Position; end: Position } }[] }) => {
      client.publishedCounts.set(params.uri, params.diagnostics.length);
      client.diagnostics.set(params.uri, params.diagnostics);
      client.schedules.get(params.uri)?.diagnosticsChanged();
      if (params.version !== undefined) client.diagnosed(params.uri, params.version, params.diagnostics.length);
    });
    // The extension's client asks to hear which version each check was of: a server that
    // publishes only changed diagnostics says so for a version whose diagnostics are unchanged.
    connection.onNotification(CHECKED_NOTIFICATION, (params: CheckedParams) => {
      if (!params.published) client.diagnosed(params.uri, params.version, client.publishedCounts.get(params.uri) ?? client.diagnosticCount);
    });
    connection.listen();
    const initialized = (await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(rootPath).href,
      workspaceFolders: [{ uri: pathToFileURL(rootPath).href, name: path.basename(rootPath) }],
      capabilities: CLIENT_CAPABILITIES,
      initializationOptions: { checkedNotifications: true } satisfies InitializationOptions,
    })) as { capabilities: ServerCapabilities };
    client.capabilities = initialized.capabilities;
    await connection.sendNotification('initialized', {});
    return client;
  }

  /**
   * How much the last answer of each kind weighs, and the diagnostics last published for `uri`: its
   * bytes as JSON and how long this process takes to read them back (the JSON.parse every client
   * does before it can use an answer, a floor under the time the answer takes to arrive).
   */
  answerWeights(uri: string): Partial<Record<FollowUp | 'publishDiagnostics', AnswerWeight>> {
    const answers: [FollowUp | 'publishDiagnostics', unknown][] = [...(Object.entries(this.lastAnswers) as [FollowUp, unknown][]), ['publishDiagnostics', this.diagnostics.get(uri)]];
    return Object.fromEntries(answers.filter(([, answer]) => answer !== undefined).map(([kind, answer]) => [kind, weightOf(answer)]));
  }

  /** The diagnostics last published over every file: a design's findings, wherever they lie. */
  get publishedDiagnosticCount(): number {
    let count = 0;
    for (const published of this.publishedCounts.values()) count += published;
    return count;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The follow-up requests this server gets from VS Code after a change. */
  get followUps(): FollowUp[] {
    const c = this.capabilities;
    const all: [FollowUp, unknown][] = [
      ['semanticTokens', c.semanticTokensProvider?.full],
      ['codeLens', c.codeLensProvider],
      ['documentSymbol', c.documentSymbolProvider],
      ['foldingRange', c.foldingRangeProvider],
      ['diagnostic', c.diagnosticProvider],
      ['completion', c.completionProvider],
      ['codeAction', c.codeActionProvider],
    ];
    return all.filter(([, offered]) => offered).map(([name]) => name);
  }

  /** Opens a document and waits for its first diagnostics and for the follow-ups its opening asks. */
  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    this.lines.set(uri, text.split('\n'));
    const diagnosed = this.diagnosticsOf(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'topo', version: 1, text } });
    const requests: FollowUpRequests = {
      kinds: this.followUps,
      triggerCharacters: this.capabilities.completionProvider?.triggerCharacters ?? [],
      send: (kind, answered, failed) => this.send(uri, kind, answered, failed),
      complete: (position, triggerCharacter, answered, failed) => this.complete(uri, position, triggerCharacter, answered, failed),
      codeActions: (position) => this.codeActions(uri, position),
      cancel: (request) => this.cancel(request),
      timer: () => new Timer(() => this.checkSettled()),
    };
    const opensAt: CursorEdit = { cursor: { line: 0, character: 0 }, line: this.lines.get(uri)![0]! };
    const schedule = this.schedule.eagerFollowUps ? new EagerFollowUps(requests, opensAt) : new VsCodeFollowUps(requests, opensAt);
    this.schedules.set(uri, schedule);
    schedule.opened();
    this.pullDiagnostics(uri, 1);
    await diagnosed;
    await this.settled();
  }

  /**
   * Types `rounds`, each a burst of changes `intervalMs` apart (as a typist does, whether or not the
   * server has answered), then a pause as a user makes: until the diagnostics of the last change have
   * come (at most `drainMs`), at least `pauseMs` after it, and until the follow-ups it scheduled have
   * been asked and answered. Only what happens during this call is counted.
   */
  async type(uri: string, rounds: TextChange[][][], pace: TypingPace): Promise<TypingResult> {
    this.keystrokeMs = [];
    this.requestMs = {};
    this.cancelled = {};
    this.superseded = {};
    let unanswered = 0;
    for (const changes of rounds) {
      const start = performance.now();
      let lastVersion = this.versions.get(uri) ?? 1;
      for (let i = 0; i < changes.length; i++) {
        const wait = start + i * pace.intervalMs - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        lastVersion = this.change(uri, changes[i]!);
      }
      const lastSentAt = performance.now();
      const cutOff = new Promise<false>((resolve) => setTimeout(() => resolve(false), pace.drainMs).unref());
      const drained = await Promise.race([this.diagnosticsOf(uri, lastVersion).then(() => true), cutOff]);
      const now = performance.now();
      const late = this.pendingKeystrokes.splice(0);
      for (const keystroke of late) this.keystrokeMs.push(now - keystroke.sentAt);
      unanswered += late.length;
      if (!drained) continue;
      const pause = lastSentAt + pace.pauseMs - performance.now();
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      await Promise.race([this.settled(), cutOff]);
    }
    // Copies: the lists go on filling with what comes after the call (the preview's edits, closing).
    const requestMs = Object.fromEntries(Object.entries(this.requestMs).map(([kind, times]) => [kind, [...times]]));
    return { keystrokeMs: [...this.keystrokeMs], unanswered, requestMs, cancelled: { ...this.cancelled }, superseded: { ...this.superseded } };
  }

  /** The version of the document the client last sent. */
  versionOf(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  /** Sends one change as the editor does (with its follow-up requests) without waiting; the new version. */
  edit(uri: string, changes: TextChange[]): number {
    return this.change(uri, changes);
  }

  /** Asks for the preview's diagram as the preview does: for `version`, as a patch to the answer `previousResultId` names. */
  diagram<T>(uri: string, version: number, previousResultId: string | undefined): Promise<T> {
    return this.connection.sendRequest(DIAGRAM_METHOD, { uri, version, expandedGroups: [], previousResultId }) as Promise<T>;
  }

  async close(uri: string): Promise<void> {
    this.schedules.get(uri)?.dispose();
    this.schedules.delete(uri);
    this.lines.delete(uri);
    this.diagnostics.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Ends the server: politely if it answers within a second, else by killing its process. */
  async stop(): Promise<void> {
    for (const schedule of this.schedules.values()) schedule.dispose();
    this.schedules.clear();
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    const polite = (async () => {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    })().catch(() => undefined);
    await Promise.race([polite, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    this.connection.dispose();
    this.child.kill();
    await exited;
  }

  private change(uri: string, contentChanges: TextChange[]): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.pendingKeystrokes.push({ uri, version, sentAt: performance.now() });
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    const edit = this.applied(uri, contentChanges);
    if (edit) this.schedules.get(uri)?.changed(edit);
    this.pullDiagnostics(uri, version);
    return version;
  }

  /**
   * Applies changes to the client's lines of the document; where the cursor is after them. A single
   * insertion within a line is typing: the cursor follows what it inserted, but stays inside a pair
   * the editor closed (`{` typed inserts `{}`, language-configuration.json's autoClosingPairs).
   */
  private applied(uri: string, changes: TextChange[]): CursorEdit | undefined {
    const lines = this.lines.get(uri);
    if (!lines) return undefined;
    for (const { range, text } of changes) {
      const before = lines[range.start.line]!.slice(0, range.start.character);
      const after = lines[range.end.line]!.slice(range.end.character);
      const inserted = (before + text + after).split('\n');
      lines.splice(range.start.line, range.end.line - range.start.line + 1, ...inserted);
    }
    const last = changes.at(-1)!;
    const { start, end } = last.range;
    const typing = changes.length === 1 && start.line === end.line && start.character === end.character && last.text.length > 0 && !last.text.includes('\n');
    if (!typing) {
      const insertedLines = last.text.split('\n');
      const line = start.line + insertedLines.length - 1;
      const character = (insertedLines.length === 1 ? start.character : 0) + insertedLines.at(-1)!.length;
      return { cursor: { line, character }, line: lines[line]! };
    }
    const closed = AUTO_CLOSED_PAIRS.includes(last.text);
    const character = start.character + (closed ? 1 : last.text.length);
    return { cursor: { line: start.line, character }, line: lines[start.line]!, typed: closed ? last.text[0] : last.text };
  }

  private complete(uri: string, position: Position, triggerCharacter: string | undefined, answered: (list: CompletionList) => void, failed?: () => void): InFlight {
    const context = triggerCharacter === undefined ? { triggerKind: 1 } : { triggerKind: 2, triggerCharacter };
    type Item = { label: string; filterText?: string; textEdit?: { range?: { start: Position }; insert?: { start: Position } } };
    return this.request(
      'completion',
      'textDocument/completion',
      { textDocument: { uri }, position, context },
      (result: Item[] | { items: Item[] } | null) => {
        const items = Array.isArray(result) ? result : (result?.items ?? []);
        const edit = items[0]?.textEdit;
        const editStart = (edit?.range ?? edit?.insert)?.start.character ?? position.character;
        answered({ editStart, texts: items.map((item) => item.filterText ?? item.label) });
      },
      failed,
    );
  }

  private codeActions(uri: string, position: Position): InFlight {
    const touching = (this.diagnostics.get(uri) ?? []).filter(({ range }) => !isBefore(range.end, position) && !isBefore(position, range.start));
    const context = { diagnostics: touching, triggerKind: 2 };
    return this.request('codeAction', 'textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context }, () => undefined);
  }

  /** With a server that offers pull, asks for the diagnostics of every version, cancelling the pull of an older one. */
  private pullDiagnostics(uri: string, version: number): void {
    if (!this.followUps.includes('diagnostic')) return;
    this.cancel(this.diagnosticPull);
    const params = { textDocument: { uri }, previousResultId: this.diagnosticResultId };
    this.diagnosticPull = this.request('diagnostic', 'textDocument/diagnostic', params, (report: { kind: string; resultId?: string; items?: unknown[] }) => {
      this.diagnosticResultId = report.resultId;
      this.diagnosed(uri, version, report.kind === 'full' ? (report.items?.length ?? 0) : this.diagnosticCount);
    });
  }

  /** Sends one of the follow-ups a schedule asks for; semantic tokens as a delta to the last answer when the server offers deltas. */
  private send(uri: string, kind: DocumentRequest, answered: (ms: number) => void, failed?: () => void): InFlight {
    const textDocument = { uri };
    if (kind !== 'semanticTokens') {
      const method = { codeLens: 'textDocument/codeLens', documentSymbol: 'textDocument/documentSymbol', foldingRange: 'textDocument/foldingRange' }[kind];
      return this.request(kind, method, { textDocument }, (_result, ms) => answered(ms), failed);
    }
    const full = this.capabilities.semanticTokensProvider?.full;
    const delta = typeof full === 'object' && full.delta === true && this.semanticTokensResultId !== undefined;
    const method = delta ? 'textDocument/semanticTokens/full/delta' : 'textDocument/semanticTokens/full';
    const params = delta ? { textDocument, previousResultId: this.semanticTokensResultId } : { textDocument };
    return this.request(
      kind,
      method,
      params,
      (tokens: { resultId?: string } | null, ms) => {
        this.semanticTokensResultId = tokens?.resultId;
        answered(ms);
      },
      failed,
    );
  }

  private request<T>(kind: FollowUp, method: string, params: unknown, answered: (result: T, ms: number) => void, failed?: () => void): InFlight {
    const source = new CancellationTokenSource();
    const request: InFlight = { kind, source, finished: false };
    const sentAt = performance.now();
    this.inFlight.add(request);
    void (this.connection.sendRequest(method, params, source.token) as Promise<T>)
      .then(
        (result) => {
          request.finished = true;
          if (source.token.isCancellationRequested) return;
          const ms = performance.now() - sentAt;
          (this.requestMs[kind] ??= []).push(ms);
          this.lastAnswers[kind] = result;
          answered(result, ms);
        },
        (error: { code?: number }) => {
          request.finished = true;
          if (source.token.isCancellationRequested) return;
          if (error.code === CONTENT_MODIFIED) this.superseded[kind] = (this.superseded[kind] ?? 0) + 1;
          failed?.();
        },
      )
      .finally(() => {
        this.inFlight.delete(request);
        this.checkSettled();
      });
    return request;
  }

  private cancel(request: InFlight | undefined): void {
    if (!request || request.finished || request.source.token.isCancellationRequested) return;
    request.source.cancel();
    this.cancelled[request.kind] = (this.cancelled[request.kind] ?? 0) + 1;
  }

  /** Resolves once no follow-up is in flight or scheduled. */
  private settled(): Promise<void> {
    return new Promise((resolve) => {
      this.settledWaiters.push(resolve);
      this.checkSettled();
    });
  }

  private checkSettled(): void {
    if (this.inFlight.size > 0 || [...this.schedules.values()].some((schedule) => schedule.scheduled)) return;
    for (const resolve of this.settledWaiters.splice(0)) resolve();
  }

  private diagnosed(uri: string, version: number, count: number): void {
    if (version < (this.diagnosedVersions.get(uri) ?? 0)) return;
    this.diagnosedVersions.set(uri, version);
    this.diagnosticCount = count;
    const now = performance.now();
    for (let i = 0; i < this.pendingKeystrokes.length; ) {
      const keystroke = this.pendingKeystrokes[i]!;
      if (keystroke.uri === uri && keystroke.version <= version) {
        this.keystrokeMs.push(now - keystroke.sentAt);
        this.pendingKeystrokes.splice(i, 1);
      } else i++;
    }
    for (const waiter of [...this.diagnosticsWaiters]) {
      if (waiter.uri === uri && waiter.version <= version) {
        this.diagnosticsWaiters.splice(this.diagnosticsWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  private diagnosticsOf(uri: string, version: number): Promise<void> {
    if ((this.diagnosedVersions.get(uri) ?? 0) >= version) return Promise.resolve();
    return new Promise((resolve) => this.diagnosticsWaiters.push({ uri, version, resolve }));
  }
}

/** The server's resident memory in MB (Linux). */
export function residentMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}
