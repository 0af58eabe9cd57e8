// What a rule is: its metadata (id, default severity, why, sources, the quick fixes it offers)
// and a check that reads the model and the analyses and returns findings. Rules never throw and
// never compute connectivity themselves: paths, pairs and failure sets come from the analyses.
import type { NetworkAnalysis } from '../analysis/types';
import type { SubnetLayout } from '../config/schema';
import type { Host, Model } from '../model/schema';
import type { RelatedLocation, Severity } from '../problem';
import type { Span } from '../syntax/tree';

export interface RuleSource {
  title: string;
  url?: string;
}

/** A quick fix a rule offers; the language server builds the edit, keyed by `id`. */
export interface RuleFix {
  id: string;
  title: string;
}

export interface RuleMeta {
  /** Stable id: the diagnostic code and the doc page name. */
  id: string;
  defaultSeverity: Severity;
  /** One line, shown in the rule index and in hovers. */
  summary: string;
  /** Why the rule exists, in a few sentences. */
  rationale: string;
  sources: RuleSource[];
  fixes: RuleFix[];
  /** `docs/rules/<id>.md`, relative to the repository root. */
  docsPath: string;
}

export interface RuleOptions {
  subnetLayout: SubnetLayout;
}

export interface RuleContext {
  model: Model;
  analysis: NetworkAnalysis;
  options: RuleOptions;
}

export interface RuleFinding {
  /** Where the diagnostic goes: the element a user would change. */
  span: Span;
  message: string;
  /** The other elements involved. */
  related?: RelatedLocation[];
  /** Ids a quick fix needs (team, host, switch, ...), passed through to the diagnostic. */
  data?: Record<string, string>;
}

/**
 * A rule judges each host alone (`checkHost`), what lies beyond one host (`check`), or both.
 * What `checkHost` finds for a host is kept and reported again while the host's part of the
 * analysis is the same (rules/index.ts), so it must read only the host's statements, its part of
 * the analysis and the shared topology, nothing of other hosts. `check` runs on every version: it
 * reads the shared topology, and the hosts only through what it keeps per host (`KeptPerHost`,
 * rules/util.ts), so that a keystroke does not walk every host.
 */
export interface Rule {
  meta: RuleMeta;
  checkHost?(context: RuleContext, host: Host): RuleFinding[];
  check?(context: RuleContext): RuleFinding[];
}

/** The doc page of a rule, relative to the repository root. */
export function docsPathOf(id: string): string {
  return `docs/rules/${id}.md`;
}
