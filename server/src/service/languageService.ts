// The language service: a pure facade from a document's text and settings to everything the
// editor features need. No LSP connection, no I/O: the server, the CLI and the tests call it alike.
//
// Pipeline: text → parse (tree + syntax errors) → buildModel (model + model problems + symbols)
// → analyzeNetwork (paths, pairs, failures, bandwidth) → runRules (rule problems, with the
// configured severities and the suppression comments applied). No stage throws on bad input.
// Given the analysis of the document's previous version, the hosts the edit did not touch keep
// their part of it (analysis/hostAnalysis.ts); an editor's next version also keeps the tree and
// model of the unchanged statements (analyzeNextVersion).
import { analyzeNetwork } from '../analysis';
import type { NetworkAnalysis } from '../analysis/types';
import { parseSuppressions } from '../config/suppressions';
import { DEFAULT_SETTINGS, type Settings } from '../config/schema';
import { DRIFT_RULES } from '../drift';
import { buildModel, type ModelResult } from '../model/build';
import { detachedDefinitions, type SymbolDefinition } from '../model/symbols';
import type { Problem } from '../problem';
import { RULES, RULE_IDS, runRules } from '../rules';
import type { RuleMeta } from '../rules/rule';
import { LineIndex } from '../syntax/lineIndex';
import { parse } from '../syntax/parser';
import { reparse } from '../syntax/reparse';
import type { ParseResult } from '../syntax/tree';

export interface DocumentAnalysis {
  text: string;
  lineIndex: LineIndex;
  parse: ParseResult;
  modelResult: ModelResult;
  analysis: NetworkAnalysis;
  /** Syntax, model, rule and suppression problems, after the configured severities, in text order. */
  problems: Problem[];
  /** The settings the document was checked with (quick fixes follow the same subnet layout). */
  settings: Settings;
}

/**
 * Everything the features need about one version of a document. `previous`, the analysis of an
 * earlier version, lets the hosts the edit did not touch keep their analysis; it is only read.
 */
export function analyzeDocument(text: string, settings: Settings = DEFAULT_SETTINGS, previous?: DocumentAnalysis): DocumentAnalysis {
  return analyze(text, settings, parse(text), previous, undefined);
}

/**
 * `analyzeDocument` for the next version of a document open in an editor: given the analysis of
 * the version before (or undefined for the first), it also keeps the syntax tree and model of the
 * statements the edit did not touch (syntax/reparse.ts, model/build.ts). It takes `previous` over:
 * the kept statements are moved in place, so `previous` must not be used afterwards.
 */
export function analyzeNextVersion(text: string, settings: Settings, previous: DocumentAnalysis | undefined): DocumentAnalysis {
  const reparsed = previous && reparse(previous, text);
  return analyze(text, settings, reparsed ?? parse(text), previous, { previous: reparsed && previous.modelResult });
}

function analyze(
  text: string,
  settings: Settings,
  parsed: ParseResult,
  previous: DocumentAnalysis | undefined,
  editing: { previous: ModelResult | undefined } | undefined,
): DocumentAnalysis {
  const lineIndex = new LineIndex(text);
  const modelResult = buildModel(parsed.tree, editing);
  const options = { subnetLayout: settings.subnetLayout };
  const analysis = analyzeNetwork(modelResult.model, options, previous?.analysis);
  const suppressions = parseSuppressions(text, parsed.tree.comments, RULE_IDS, lineIndex);
  const ruleProblems = runRules({ model: modelResult.model, analysis, options }, { rules: settings.rules, suppressions });
  const problems = [
    ...parsed.errors.map((error): Problem => ({ ...error, severity: 'error' })),
    ...modelResult.problems,
    ...ruleProblems,
  ].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { text, lineIndex, parse: parsed, modelResult, analysis, problems, settings };
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
