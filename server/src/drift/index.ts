// `topo drift`: the design against what is running. The observed network (from the same readers
// and join as `topo import`) is matched to the design by stable keys, and each drift rule reports
// one kind of difference on the design's lines, with the configured severities.
import type { NetworkAnalysis } from '../analysis/types';
import type { Settings } from '../config/schema';
import type { ObservedNetwork } from '../import/join';
import type { Model } from '../model/schema';
import type { Problem } from '../problem';
import { matchDesign, type DriftRule } from './context';
import { driftCable } from './rules/drift-cable';
import { driftLagMemberDown } from './rules/drift-lag-member-down';
import { driftMissingPath } from './rules/drift-missing-path';
import { driftNonOptimizedIo } from './rules/drift-non-optimized-io';
import { driftPathState } from './rules/drift-path-state';
import { driftPolicy } from './rules/drift-policy';
import { driftTeamCarriesIscsi } from './rules/drift-team-carries-iscsi';
import { driftUnexpectedSession } from './rules/drift-unexpected-session';

/** Every drift rule, sorted by id. */
export const DRIFT_RULES: readonly DriftRule[] = [
  driftCable,
  driftLagMemberDown,
  driftMissingPath,
  driftNonOptimizedIo,
  driftPathState,
  driftPolicy,
  driftTeamCarriesIscsi,
  driftUnexpectedSession,
];

export const DRIFT_RULE_IDS: readonly string[] = DRIFT_RULES.map((rule) => rule.meta.id);

export interface DriftResult {
  problems: Problem[];
  /** Design hosts no collected output matched. */
  uncollected: string[];
}

export function runDrift(model: Model, analysis: NetworkAnalysis, observed: ObservedNetwork, settings: Pick<Settings, 'rules'>): DriftResult {
  const context = matchDesign(model, analysis, observed);
  const problems: Problem[] = [];
  for (const rule of DRIFT_RULES) {
    const severity = settings.rules[rule.meta.id] ?? rule.meta.defaultSeverity;
    if (severity === 'off') continue;
    for (const finding of rule.check(context)) {
      problems.push({ code: rule.meta.id, severity, message: finding.message, span: finding.span, ...(finding.data ? { data: finding.data } : {}) });
    }
  }
  problems.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  const matched = new Set(context.hosts.map((host) => host.design.id));
  return { problems, uncollected: model.hosts.filter((host) => !matched.has(host.id)).map((host) => host.name) };
}
