// Runs the whole pipeline on a topology text, for the rule tests.
import type { Settings } from '../../../server/src/config/schema';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import type { Problem } from '../../../server/src/problem';
import { analyzeDocument } from '../../../server/src/service/languageService';

export interface LintResult {
  /** Syntax and model problems (errors only): a test topology must have none. */
  inputErrors: string[];
  /** Rule and suppression problems. */
  problems: Problem[];
}

const INPUT_CODE = /^TOPO\d+$/;

export function lint(text: string, settings: Partial<Settings> = {}): LintResult {
  const { problems } = analyzeDocument(text, { ...DEFAULT_SETTINGS, ...settings });
  return {
    inputErrors: problems.filter((p) => INPUT_CODE.test(p.code) && p.severity === 'error').map((p) => `${p.code} ${p.message}`),
    problems: problems.filter((p) => !INPUT_CODE.test(p.code)),
  };
}

/** The ```topo blocks under a heading of a rule's doc page. */
export function docExample(page: string, heading: 'Bad example' | 'Good example'): string | undefined {
  const section = page.split(/^## /m).find((part) => part.startsWith(heading));
  return section ? /```topo\n([\s\S]*?)```/.exec(section)?.[1] : undefined;
}
