// A feature's answer kept with the analysed version it was worked out from. VS Code asks for some
// of them more than once per version (document symbols for the outline, the breadcrumbs and sticky
// scroll; code lenses again when it resolves them); the answer goes when the version does.
import type { DocumentAnalysis } from '../service/languageService';
import { changedRange, type TextEdit } from '../syntax/reparse';
import { firstIndex, type Indexed } from '../firstIndex';

export function perVersion<T>(compute: (doc: DocumentAnalysis) => T): (doc: DocumentAnalysis) => T {
  const answers = new WeakMap<DocumentAnalysis, T>();
  return (doc) => {
    if (answers.has(doc)) return answers.get(doc) as T;
    const answer = compute(doc);
    answers.set(doc, answer);
    return answer;
  };
}

/**
 * The version of a design a feature last answered for, and how the text changed since: what
 * `perVersionAfterEdit` gives the next version's computation.
 */
export interface AnsweredBefore<S> {
  /** What the feature kept of its answer for that version. */
  state: S;
  /** The edit from that version's text to this one's. */
  edit: TextEdit;
  /** How much longer the text is now. */
  delta: number;
  /** How many more lines it has: what everything after the edit moved by. */
  lineShift: number;
  /** The line the edit ends on now: what starts there after it may have moved along the line too. */
  editEndLine: number;
}

/**
 * A version's text, one object for all the answers of the version, so that they work out the edit
 * from it once; the text goes when no answer keeps the version as its last one.
 */
interface VersionText {
  text: string;
  lineCount: number;
}

const textOfVersion = new WeakMap<DocumentAnalysis, VersionText>();
/** The edit from a version's text to the last text it was compared with. */
const editAfter = new WeakMap<VersionText, { text: string; edit: TextEdit }>();

function versionText(doc: DocumentAnalysis): VersionText {
  let version = textOfVersion.get(doc);
  if (!version) textOfVersion.set(doc, (version = { text: doc.text, lineCount: doc.lineIndex.lineCount }));
  return version;
}

function editBetween(before: VersionText, after: string): TextEdit {
  const known = editAfter.get(before);
  if (known?.text === after) return known.edit;
  const edit = changedRange(before.text, after);
  editAfter.set(before, { text: after, edit });
  return edit;
}

/**
 * What an answer kept for a design's last version: a few designs' (the open documents'), the last
 * version's only, so that no older tree stays alive.
 */
interface Latest<S> {
  version: VersionText;
  state: S;
}

const KEPT_DESIGNS = 8;

/** What each feature kept per design, for `forgetAnswers`. */
const keptByFeature: Map<string, unknown>[] = [];

/** Lets go of what the answers kept for the design named by `uri` (its document closed). */
export function forgetAnswers(uri: string): void {
  for (const latest of keptByFeature) latest.delete(uri);
}

/**
 * `perVersion` for an answer worked out from the one of the design's version before (an editor
 * asks for each version's in turn): `compute` gets what was kept of that answer and the edit since,
 * so it works out what the edit changed and takes the rest over, and returns what to keep for the
 * next version. What it keeps must not be needed by an older version: the kept state is the last
 * version's only.
 */
export function perVersionAfterEdit<S, T>(compute: (doc: DocumentAnalysis, before: AnsweredBefore<S> | undefined) => { answer: T; state: S }): (doc: DocumentAnalysis) => T {
  const latest = new Map<string, Latest<S>>();
  keptByFeature.push(latest);
  return perVersion((doc) => {
    const design = doc.files.files[0]?.name ?? '';
    const kept = latest.get(design);
    const { answer, state } = compute(doc, kept && answeredBefore(kept, doc));
    latest.delete(design);
    latest.set(design, { version: versionText(doc), state });
    if (latest.size > KEPT_DESIGNS) latest.delete(latest.keys().next().value!);
    return answer;
  });
}

function answeredBefore<S>(kept: Latest<S>, doc: DocumentAnalysis): AnsweredBefore<S> {
  const edit = editBetween(kept.version, doc.text);
  const delta = doc.text.length - kept.version.text.length;
  return { state: kept.state, edit, delta, lineShift: doc.lineIndex.lineCount - kept.version.lineCount, editEndLine: doc.lineIndex.position(edit.changeEnd + delta).line };
}

/**
 * Which of a version's elements (statements, hosts, in text order) are those of the version before,
 * unchanged, as a feature keeps something per element: `head` of them at the start, where they
 * were, and `tail` at the end, after the edit's last line, moved by `lineShift` lines. `previous`
 * are the version before's, their spans the current ones (a re-parse moves the statements it keeps
 * in place; those it made again keep their old spans, and lie together around the edit);
 * `same(i, j)` says whether `previous[i]` is this version's `j`th element, unchanged (`j` is
 * undefined where the feature does not list this version's elements, `count` their number, or
 * Infinity). Only the elements at either end of what the edit left on each side are checked.
 */
export function keptEnds<E extends { span: { start: number; end: number } }>(
  previous: Indexed<E>,
  count: number,
  before: AnsweredBefore<unknown>,
  same: (previousIndex: number, currentIndex: number) => boolean,
  startLine: (element: E) => number,
): { head: number; tail: number } {
  const { edit, delta, editEndLine } = before;
  let head = Math.min(count, firstIndex(previous, (element) => element.span.end > edit.prefix));
  while (head > 0 && !same(head - 1, head - 1)) head--;
  const shift = count - previous.length;
  let tailStart = Math.max(head, previous.length - (count - head), firstIndex(previous, (element) => element.span.start >= edit.changeEnd + delta));
  while (tailStart < previous.length && (!same(tailStart, tailStart + shift) || startLine(previous.at(tailStart)!) <= editEndLine)) tailStart++;
  return { head, tail: previous.length - tailStart };
}

