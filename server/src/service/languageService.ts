// The language service: a pure facade from a document's text and settings to everything the
// editor features need. No LSP connection, no I/O: the server, the CLI and the tests call it alike.
//
// Pipeline: text → parse (tree + syntax errors) → buildModel (model + model problems + symbols)
// → analyzeNetwork (paths, pairs, failures, bandwidth) → runRules (rule problems, with the
// configured severities and the suppression comments applied). No stage throws on bad input.
// Given the analysis of the document's previous version, the hosts the edit did not touch keep
// their part of it (analysis/hostAnalysis.ts); an editor's next version also keeps the tree and
// model of the unchanged statements (analyzeNextVersion). A design written over several files is
// analysed as one text, its files one after another (designFiles.ts): `analyzeDesign`.
import { analyzeNetwork } from '../analysis';
import type { NetworkAnalysis } from '../analysis/types';
import { CONFIG_CODES } from '../config/codes';
import { parseSuppressions } from '../config/suppressions';
import { DEFAULT_SETTINGS, type Settings } from '../config/schema';
import { DRIFT_RULES } from '../drift';
import { buildModel, type ModelResult } from '../model/build';
import { ModelCodes } from '../model/codes';
import { detachedDefinitions, type SymbolDefinition } from '../model/symbols';
import { mergedSorted, type Problem } from '../problem';
import { RULES, RULE_IDS, runRules } from '../rules';
import type { RuleMeta } from '../rules/rule';
import { LineIndex } from '../syntax/lineIndex';
import { parse, parseParts } from '../syntax/parser';
import { changedRange, reparse, type TextEdit } from '../syntax/reparse';
import type { ParseResult, Span } from '../syntax/tree';
import { DesignFiles } from './designFiles';

export interface DocumentAnalysis {
  text: string;
  lineIndex: LineIndex;
  parse: ParseResult;
  modelResult: ModelResult;
  analysis: NetworkAnalysis;
  /** Syntax, model, rule and suppression problems, after the configured severities, in text order. */
  problems: readonly Problem[];
  /** The settings the document was checked with (quick fixes follow the same subnet layout). */
  settings: Settings;
  /** The design's files: where each offset of `text` is written (one file for a single document). */
  files: DesignFiles;
}

/**
 * Everything the features need about one version of a document. `previous`, the analysis of an
 * earlier version, lets the hosts the edit did not touch keep their analysis; it is only read.
 */
export function analyzeDocument(text: string, settings: Settings = DEFAULT_SETTINGS, previous?: DocumentAnalysis): DocumentAnalysis {
  return analyzeDesign(DesignFiles.single(text), settings, previous);
}

/** `analyzeDocument` for a design of one or more files: names resolve across them, each problem lies in the file it is written in. */
export function analyzeDesign(files: DesignFiles, settings: Settings = DEFAULT_SETTINGS, previous?: DocumentAnalysis): DocumentAnalysis {
  return analyze(files, settings, new LineIndex(files.text), parseParts(files.text, files.parts), previous, undefined);
}

/**
 * `analyzeDocument` for the next version of a document open in an editor: given the analysis of
 * the version before (or undefined for the first), it also keeps the syntax tree and model of the
 * statements the edit did not touch (syntax/reparse.ts, model/build.ts). It takes `previous` over:
 * the kept statements are moved in place, so `previous` must not be used afterwards.
 */
export function analyzeNextVersion(text: string, settings: Settings, previous: DocumentAnalysis | undefined, edit?: TextEdit): DocumentAnalysis {
  return analyzeNextDesignVersion(DesignFiles.single(text), settings, previous, edit && (() => edit));
}

/**
 * The edit that made the text `after` of the file `name` from its text `before`, when the editor
 * said what it changed; otherwise the two texts are compared.
 */
export type KnownEdits = (name: string, before: string, after: string) => TextEdit | undefined;

/**
 * `analyzeNextVersion` for a design: an edit of one of its files re-parses statements of that file
 * only; the files after it move by the edit's length change.
 */
export function analyzeNextDesignVersion(files: DesignFiles, settings: Settings, previous: DocumentAnalysis | undefined, knownEdits?: KnownEdits): DocumentAnalysis {
  const { text } = files;
  if (!previous) return analyze(files, settings, new LineIndex(text), parseParts(text, files.parts), undefined, { previous: undefined });
  const edited = editedFile(previous.files, files, knownEdits);
  const edit = edited?.edit ?? changedRange(previous.text, text);
  const reparsed = edited && reparse(previous, text, edited.part, edit);
  // After the re-parse, which reads the previous version's lines: the index takes them over.
  const lineIndex = LineIndex.afterEdit(previous.lineIndex, text, edit);
  return analyze(files, settings, lineIndex, reparsed ?? parseParts(text, files.parts), previous, { previous: reparsed && previous.modelResult });
}

/**
 * When the design's files are the same but for the text of one, the span of that file's previous
 * text and the edit of the design's text, told from the two texts of that file alone.
 */
function editedFile(before: DesignFiles, after: DesignFiles, knownEdits: KnownEdits | undefined): { part: Span; edit: TextEdit } | undefined {
  if (before.files.length !== after.files.length) return undefined;
  let edited: number | undefined;
  for (let i = 0; i < before.files.length; i++) {
    const old = before.files[i]!;
    const now = after.files[i]!;
    if (old.name !== now.name) return undefined;
    if (old.text === now.text) continue;
    if (edited !== undefined) return undefined;
    edited = i;
  }
  if (edited === undefined) return { part: { start: 0, end: before.text.length }, edit: changedRange(before.text, after.text) };
  const { name, start, text } = before.files[edited]!;
  const now = after.files[edited]!.text;
  const { prefix, changeEnd } = knownEdits?.(name, text, now) ?? changedRange(text, now);
  return { part: { start, end: start + text.length }, edit: { prefix: start + prefix, changeEnd: start + changeEnd } };
}

function analyze(
  files: DesignFiles,
  settings: Settings,
  lineIndex: LineIndex,
  parsed: ParseResult,
  previous: DocumentAnalysis | undefined,
  editing: { previous: ModelResult | undefined } | undefined,
): DocumentAnalysis {
  const text = files.text;
  const modelResult = buildModel(parsed.tree, editing);
  const options = { subnetLayout: settings.subnetLayout };
  const analysis = analyzeNetwork(modelResult.model, options, previous?.analysis, editing !== undefined);
  const suppressions = parseSuppressions(parsed.tree.comments, RULE_IDS, lineIndex, files.files.length > 1 ? (offset) => fileSpan(files, offset) : undefined);
  const ruleProblems = runRules({ model: modelResult.model, analysis, options }, { rules: settings.rules, suppressions });
  const others = [
    ...parsed.errors.map((error): Problem => ({ ...error, severity: 'error' })),
    ...modelResult.problems,
    ...definedAgain(modelResult.problems, files),
    ...leftOut(files),
  ].sort(byPlace);
  // The rules' problems come sorted by place (then code and message): merged, not sorted again.
  const problems = mergedSorted(others, ruleProblems, byPlace);
  return { text, lineIndex, parse: parsed, modelResult, analysis, problems, settings, files };
}

function byPlace(a: Problem, b: Problem): number {
  return a.span.start - b.span.start || a.span.end - b.span.end;
}

function fileSpan(files: DesignFiles, offset: number): { start: number; end: number } {
  const file = files.fileAt(offset);
  return { start: file.start, end: file.start + file.text.length };
}

/**
 * The model reports a name defined twice on its second definition; the first is reported too,
 * pointing at the second (in another file, neither comes first, and either may be the one to change).
 */
function definedAgain(modelProblems: readonly Problem[], files: DesignFiles): Problem[] {
  const again: Problem[] = [];
  for (const problem of modelProblems) {
    if (problem.code !== ModelCodes.duplicateName.code) continue;
    const first = problem.related?.[0];
    if (!first) continue;
    const file = files.fileAt(problem.span.start);
    const where = files.fileAt(first.span.start) === file ? 'below' : `in ${file.name.slice(Math.max(file.name.lastIndexOf('/'), file.name.lastIndexOf('\\')) + 1)}`;
    const name = files.text.slice(problem.span.start, problem.span.end);
    again.push({
      code: problem.code,
      severity: problem.severity,
      message: `'${name}' is defined again ${where}; a name is defined once in a design`,
      span: first.span,
      related: [{ span: problem.span, message: 'defined again here' }],
    });
  }
  return again;
}

/** An error at the start of each file that could not be read, which the design is checked without. */
function leftOut(files: DesignFiles): Problem[] {
  return files.files.flatMap((file): Problem[] =>
    file.leftOut === undefined
      ? []
      : [
          {
            code: CONFIG_CODES.unreadableDesignFile,
            severity: 'error',
            message: `This file ${file.leftOut}: the design is checked without it`,
            span: { start: file.start, end: file.start },
          },
        ],
  );
}

/** Just what navigation needs (workspace symbols over files that are not open), kept without the tree. */
export function indexDocument(text: string): { lineIndex: LineIndex; definitions: Map<string, SymbolDefinition> } {
  return { lineIndex: new LineIndex(text), definitions: detachedDefinitions(buildModel(parse(text).tree).symbols) };
}

/** The design's rules and the drift rules that compare it with a running system (their diagnostics come from features/drift.ts). */
const rulesById = new Map<string, RuleMeta>([...RULES, ...DRIFT_RULES].map((rule) => [rule.meta.id, rule.meta]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return rulesById.get(id);
}

/** The documentation path of a rule id (relative to the extension root), or undefined. */
export function ruleDocsPath(code: string): string | undefined {
  return rulesById.get(code)?.docsPath;
}
