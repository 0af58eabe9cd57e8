// Code actions: the quick fixes each rule offers (built in fixes/, kept only when the result
// re-checks clean for that rule and adds no finding more severe than the one fixed), "disable for this line / file" suppression
// comments, "show documentation", and `source.fixAll.topo`, which applies safe fixes one at a time,
// re-analysing in between, until none is left (so running it twice changes nothing).
import { CodeActionKind, type CodeAction, type CodeActionContext, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { Problem } from '../problem';
import { FIX_ALL_KIND, SHOW_RULE_DOCUMENTATION_COMMAND } from '../protocol';
import { ruleMeta, type DocumentAnalysis } from '../service/languageService';
import { toRange, toSpan, type DocLinks } from '../service/lspConversion';
import { connectionKey, fixContext, type QuickFix } from './fixes/fixContext';
import { convertTeamToMpio } from './fixes/convertTeamToMpio';
import { addSecondSwitch } from './fixes/addSecondSwitch';
import { addPartnerControllerPaths } from './fixes/addPartnerControllerPaths';
import { replaceMcsWithMpio } from './fixes/replaceMcsWithMpio';
import { replaceMpioWithMcs } from './fixes/replaceMpioWithMcs';
import { alignMtu } from './fixes/alignMtu';
import { alignVSwitchTeaming } from './fixes/alignVSwitchTeaming';
import { addPartnerPorts } from './fixes/addPartnerPorts';
import { applyEdits, insertLinesBefore, normalizeEdits, type SpanEdit } from './fixes/textEdits';

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

const FIXES = new Map<string, QuickFix>([
  [convertTeamToMpio.id, convertTeamToMpio],
  [addSecondSwitch.id, addSecondSwitch],
  [addPartnerControllerPaths.id, addPartnerControllerPaths],
  [replaceMcsWithMpio.id, replaceMcsWithMpio],
  [replaceMpioWithMcs.id, replaceMpioWithMcs],
  [alignMtu.id, alignMtu],
  [alignVSwitchTeaming.id, alignVSwitchTeaming],
  [addPartnerPorts.id, addPartnerPorts],
]);
/** A fix can make way for others (a team becomes NICs that then need aligning), but not forever. */
const MAX_FIX_ALL_ROUNDS_PER_PROBLEM = 3;

export interface CodeActionRequest {
  uri: string;
  range: Range;
  context: CodeActionContext;
  docLinks: DocLinks;
  reanalyze: Reanalyze;
  /**
   * The fix-all result, the text of the file `uri` of the design, worked out by the caller (the
   * server with `fixAllYielding`, between messages): the fix-all action is offered only with it.
   */
  fixedText?: string;
}

/**
 * Analyses a fix's result. `base` is the analysis the text was edited from, so that the hosts the
 * fix leaves alone keep their part of the analysis (analysis/hostAnalysis.ts).
 */
export type Reanalyze = (text: string, base: DocumentAnalysis, edits: readonly SpanEdit[]) => DocumentAnalysis;

/** Whether a code action request asks for `source.fixAll.topo` (fix-all is only given when asked for by kind). */
export function wantsFixAll(only: readonly string[] | undefined): boolean {
  return only !== undefined && wants(only, FIX_ALL_KIND);
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

export function codeActions(doc: DocumentAnalysis, request: CodeActionRequest): CodeAction[] {
  const only = request.context.only;
  const actions: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const diagnostic of request.context.diagnostics) {
      const problem = currentProblem(doc, diagnostic);
      if (problem) actions.push(...problemActions(doc, problem, diagnostic, request));
    }
  }
  const fixed = request.fixedText;
  const file = doc.files.file(request.uri);
  if (wantsFixAll(only) && fixed !== undefined && file && fixed !== file.text) {
    actions.push({
      title: 'Fix all safe storage topology problems',
      kind: FIX_ALL_KIND,
      edit: { changes: { [request.uri]: [{ range: toRange(doc.lineIndex, { start: file.start, end: file.start + file.text.length }), newText: fixed }] } },
    });
  }
  return actions;
}

/** The document's problem a client diagnostic stands for; stale diagnostics find none. */
function currentProblem(doc: DocumentAnalysis, diagnostic: Diagnostic): Problem | undefined {
  const span = toSpan(doc.lineIndex, diagnostic.range);
  return doc.problems.find((problem) => problem.code === diagnostic.code && problem.span.start === span.start && problem.span.end === span.end);
}

function problemActions(doc: DocumentAnalysis, problem: Problem, diagnostic: Diagnostic, request: CodeActionRequest): CodeAction[] {
  const meta = ruleMeta(problem.code);
  if (!meta) return [];
  const actions: CodeAction[] = [];
  for (const fix of meta.fixes) {
    const edits = checkedFix(doc, problem, fix.id, request.reanalyze);
    if (!edits) continue;
    actions.push({
      title: FIXES.get(fix.id)?.title?.(fixContext(doc), problem) ?? fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: actions.length === 0,
      edit: { changes: { [request.uri]: edits.map((edit) => ({ range: toRange(doc.lineIndex, edit), newText: edit.newText })) } },
    });
  }
  const line = insertLinesBefore(doc.text, problem.span.start, [`# topo-disable-next-line ${meta.id}`]);
  actions.push({
    title: `Disable ${meta.id} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [request.uri]: [{ range: toRange(doc.lineIndex, { start: line.start, end: line.end }), newText: line.newText }] } },
  });
  const newline = doc.text.includes('\r\n') ? '\r\n' : '\n';
  const fileStart = doc.files.fileAt(problem.span.start).start;
  actions.push({
    title: `Disable ${meta.id} for this file`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    // The top of the file the problem is in: in a design of several files, not the design's first.
    edit: { changes: { [request.uri]: [{ range: toRange(doc.lineIndex, { start: fileStart, end: fileStart }), newText: `# topo-disable ${meta.id}${newline}` }] } },
  });
  const href = request.docLinks.href(meta.id);
  if (href) {
    actions.push({
      title: `Show documentation for ${meta.id}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Show documentation for ${meta.id}`, command: SHOW_RULE_DOCUMENTATION_COMMAND, arguments: [href] },
    });
  }
  return actions;
}

const checkedFixes = new WeakMap<DocumentAnalysis, Map<string, SpanEdit[] | undefined>>();

/**
 * `safeFix`, remembered per document version: an editor asks for the code actions of the same
 * diagnostic again whenever the cursor moves over it, and each check is a re-analysis.
 */
function checkedFix(doc: DocumentAnalysis, problem: Problem, fixId: string, reanalyze: Reanalyze): SpanEdit[] | undefined {
  let checked = checkedFixes.get(doc);
  if (!checked) checkedFixes.set(doc, (checked = new Map()));
  const key = `${fixId}|${problem.code}|${problem.span.start}|${problem.span.end}|${problem.message}`;
  if (!checked.has(key)) checked.set(key, safeFix(doc, problem, fixId, reanalyze));
  return checked.get(key);
}

/**
 * The edits of one fix, or undefined when it does not apply or is unsafe. New sessions that
 * cannot log in are dropped in a second pass; the result must clear the problem (same rule, same
 * host/team/array) and add no finding more severe than it.
 */
export function safeFix(doc: DocumentAnalysis, problem: Problem, fixId: string, reanalyze: Reanalyze): SpanEdit[] | undefined {
  return checkFix(doc, problem, fixId, reanalyze)?.edits;
}

/**
 * `safeFix`, with the analysis of the fixed text it was checked on. `allowed` declines, before any
 * re-analysis, a fix whose edits it does not take.
 */
function checkFix(
  doc: DocumentAnalysis,
  problem: Problem,
  fixId: string,
  reanalyze: Reanalyze,
  allowed: (edits: readonly SpanEdit[]) => boolean = () => true,
): { edits: SpanEdit[]; after: DocumentAnalysis } | undefined {
  const fix = FIXES.get(fixId);
  if (!fix) return undefined;
  let edits = normalizeEdits(fix.edits(fixContext(doc), problem) ?? []);
  if (!edits || edits.length === 0 || !allowed(edits)) return undefined;
  let after = reanalyze(applyEdits(doc.text, edits), doc, edits);
  const unreachable = new Set(after.analysis.unreachable.map((connection) => connectionKey(connection.initiator, connection.portal)));
  if (unreachable.size > 0) {
    edits = normalizeEdits(fix.edits(fixContext(doc, unreachable), problem) ?? []);
    if (!edits || edits.length === 0 || !allowed(edits)) return undefined;
    after = reanalyze(applyEdits(doc.text, edits), doc, edits);
  }
  return isClean(doc, after, problem) ? { edits, after } : undefined;
}

const IDENTITY_KEYS = ['host', 'team', 'array', 'element', 'session'];

const SEVERITY_RANK = { info: 1, warning: 2, error: 3 } as const;

/**
 * A fix is clean when its own finding is gone and it leaves the design at least as good by the
 * rules: no finding that was not there before is more severe than the one it fixed. A finding is
 * the same when its code and the elements it names (its data) are, though its wording may change
 * ("the only path" becomes "all 2 paths").
 */
function isClean(before: DocumentAnalysis, after: DocumentAnalysis, fixed: Problem): boolean {
  const persists = after.problems.some(
    (problem) => problem.code === fixed.code && IDENTITY_KEYS.every((key) => fixed.data?.[key] === undefined || problem.data?.[key] === fixed.data[key]),
  );
  if (persists) return false;
  const existing = new Set(before.problems.map(findingKey));
  return after.problems.every((problem) => SEVERITY_RANK[problem.severity] <= SEVERITY_RANK[fixed.severity] || existing.has(findingKey(problem)));
}

/** What makes two findings the same one across an edit: the code and the elements named, else the message. */
export function findingKey(problem: Problem): string {
  return `${problem.code}|${problem.data ? JSON.stringify(problem.data) : problem.message}`;
}

/**
 * Applies safe fixes one at a time, re-analysing after each, until none applies, and gives the
 * text of the file `file` of the design after them (a document's only file by default). A fix
 * declined for a problem is not tried again while other fixes still apply; before stopping, every
 * declined fix is tried once more, since the fixes applied since may have made it safe. So the
 * result is a fixed point, and the work grows with the number of problems, not with their square.
 *
 * Only the fixes whose edits all lie in `file` are applied, wherever their problem is: fix-all is
 * what an editor runs on saving a file (`source.fixAll` on save), and it edits that file alone, so
 * it never changes another file, open or on disk, behind the user's back. A fix that edits several
 * files is offered on its problem as a quick fix, where the files it changes are shown. Each fix is
 * still checked on the whole design, re-analysed with the file edited.
 */
export function fixAll(doc: DocumentAnalysis, reanalyze: Reanalyze, file = doc.files.files[0]!.name): string {
  const rounds = fixAllRounds(doc, reanalyze, file);
  let step = rounds.next();
  while (!step.done) step = rounds.next();
  return step.value;
}

/**
 * `fixAll` for a server that must stay responsive: `pause` lets other messages (a cancellation,
 * a keystroke) through between rounds. Undefined when cancelled.
 */
export async function fixAllYielding(
  doc: DocumentAnalysis,
  reanalyze: Reanalyze,
  file: string,
  isCancelled: () => boolean,
  pause: () => Promise<void>,
): Promise<string | undefined> {
  const rounds = fixAllRounds(doc, reanalyze, file);
  for (let step = rounds.next(); ; step = rounds.next()) {
    if (step.done) return step.value;
    await pause();
    if (isCancelled()) return undefined;
  }
}

/** The rounds of fix-all: yields after each applied fix, returns the file's final text. */
function* fixAllRounds(doc: DocumentAnalysis, reanalyze: Reanalyze, file: string): Generator<void, string> {
  let current = doc;
  let declined = new Set<string>();
  const rounds = MAX_FIX_ALL_ROUNDS_PER_PROBLEM * Math.max(1, doc.problems.length);
  for (let round = 0; round < rounds; round++) {
    let next = firstSafeFix(current, reanalyze, declined, file);
    if (next === undefined && declined.size > 0) {
      declined = new Set();
      next = firstSafeFix(current, reanalyze, declined, file);
    }
    if (next === undefined) break;
    current = next;
    yield;
  }
  const fixed = current.files.file(file);
  if (!fixed) throw new Error(`fix-all of ${file}, which is not a file of the design`);
  return fixed.text;
}

/** The analysis of the text after the first fix that is safe and edits `file` alone, checked on that very analysis. */
function firstSafeFix(doc: DocumentAnalysis, reanalyze: Reanalyze, declined: Set<string>, file: string): DocumentAnalysis | undefined {
  const part = doc.files.file(file);
  if (!part) return undefined;
  const inFile = (edits: readonly SpanEdit[]) => edits.every((edit) => edit.start >= part.start && edit.end <= part.start + part.text.length);
  for (const problem of doc.problems) {
    for (const fix of ruleMeta(problem.code)?.fixes ?? []) {
      const key = `${fix.id}|${problem.code}|${problem.message}`;
      if (declined.has(key)) continue;
      const checked = checkFix(doc, problem, fix.id, reanalyze, inFile);
      if (checked) return checked.after;
      declined.add(key);
    }
  }
  return undefined;
}
