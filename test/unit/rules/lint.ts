// Runs the whole pipeline on a topology text, for the rule tests.
import { analyzeNetwork } from '../../../server/src/analysis';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/config/schema';
import { parseSuppressions } from '../../../server/src/config/suppressions';
import { buildModel } from '../../../server/src/model/build';
import type { Problem } from '../../../server/src/problem';
import { RULE_IDS, runRules } from '../../../server/src/rules';
import { parse } from '../../../server/src/syntax/parser';

export interface LintResult {
  /** Syntax and model problems (errors only): a test topology must have none. */
  inputErrors: string[];
  problems: Problem[];
}

export function lint(text: string, settings: Partial<Settings> = {}): LintResult {
  const merged: Settings = { ...DEFAULT_SETTINGS, ...settings };
  const parsed = parse(text);
  const built = buildModel(parsed.tree);
  const analysis = analyzeNetwork(built.model, { subnetLayout: merged.subnetLayout });
  const suppressions = parseSuppressions(text, parsed.tree.comments, RULE_IDS);
  const problems = runRules(
    { model: built.model, analysis, options: { subnetLayout: merged.subnetLayout } },
    { rules: merged.rules, suppressions },
  );
  const inputErrors = [
    ...parsed.errors.map((e) => `${e.code} ${e.message}`),
    ...built.problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${p.message}`),
  ];
  return { inputErrors, problems };
}

/** The ```topo blocks under a heading of a rule's doc page. */
export function docExample(page: string, heading: 'Bad example' | 'Good example'): string | undefined {
  const section = page.split(/^## /m).find((part) => part.startsWith(heading));
  return section ? /```topo\n([\s\S]*?)```/.exec(section)?.[1] : undefined;
}
