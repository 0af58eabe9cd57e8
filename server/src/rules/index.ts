// The rule registry, sorted by id, and `runRules`: every enabled rule over one analysed document,
// with the configured severities and the document's suppression comments applied.
import { hostParts } from '../analysis';
import { applySuppressions, type Suppressions } from '../config/suppressions';
import type { Settings } from '../config/schema';
import type { Problem } from '../problem';
import { movedBy, type Span } from '../syntax/tree';
import { duplicateAddress } from './duplicate-address';
import { esxiPortBinding } from './esxi-port-binding';
import { failoverOnlyPolicy } from './failover-only-policy';
import { fcSingleFabric } from './fc-single-fabric';
import { iscsiOverTeam } from './iscsi-over-team';
import { iscsiOverVmkTeam } from './iscsi-over-vmk-team';
import { lagSwitchMismatch } from './lag-switch-mismatch';
import { linuxArpFlux } from './linux-arp-flux';
import { mcsAcrossControllers } from './mcs-across-controllers';
import { mcsTargetUnsupported } from './mcs-target-unsupported';
import { mcsUnsupportedOs } from './mcs-unsupported-os';
import { mlagLagPairing } from './mlag-lag-pairing';
import { mpioUnsupportedOs } from './mpio-unsupported-os';
import { mtuMismatch } from './mtu-mismatch';
import { multipathDisabled } from './multipath-disabled';
import { noOptimizedPath } from './no-optimized-path';
import { noPath } from './no-path';
import { portalNoFailover } from './portal-no-failover';
import { portalSplitDomain } from './portal-split-domain';
import { portalSubnet } from './portal-subnet';
import { routedIscsi } from './routed-iscsi';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { sharedNic } from './shared-nic';
import { singleController } from './single-controller';
import { singlePath } from './single-path';
import { singleSwitch } from './single-switch';
import { spof } from './spof';
import { subnetLayout } from './subnet-layout';
import { uncabled } from './uncabled';
import { KeptWithPart } from './util';
import { unmappedVolume } from './unmapped-volume';
import { unreachablePortal } from './unreachable-portal';
import { vswitchLagMismatch } from './vswitch-lag-mismatch';

export type { Rule, RuleContext, RuleFinding, RuleMeta } from './rule';

/** Every rule, sorted by id. */
export const RULES: readonly Rule[] = [
  duplicateAddress,
  esxiPortBinding,
  failoverOnlyPolicy,
  fcSingleFabric,
  iscsiOverTeam,
  iscsiOverVmkTeam,
  lagSwitchMismatch,
  linuxArpFlux,
  mcsAcrossControllers,
  mcsTargetUnsupported,
  mcsUnsupportedOs,
  mlagLagPairing,
  mpioUnsupportedOs,
  mtuMismatch,
  multipathDisabled,
  noOptimizedPath,
  noPath,
  portalNoFailover,
  portalSplitDomain,
  portalSubnet,
  routedIscsi,
  sharedNic,
  singleController,
  singlePath,
  singleSwitch,
  spof,
  subnetLayout,
  uncabled,
  unmappedVolume,
  unreachablePortal,
  vswitchLagMismatch,
];

export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.meta.id);

/**
 * The findings of a rule that judges each host alone, host by host in model order. A host's are
 * kept with its part of the analysis, which stands for everything they were worked out from, as
 * placed for where the host's block started: the block moves as text before it changes, and the
 * spans inside it move with it, so they are placed again only when it moved. Findings that point
 * outside the block are worked out every time.
 */
function hostFindings(context: RuleContext, rule: Rule, checkHost: NonNullable<Rule['checkHost']>): RuleFinding[] {
  let keptOfRule = keptFindings.get(rule.meta.id);
  if (!keptOfRule) keptFindings.set(rule.meta.id, (keptOfRule = new KeptWithPart()));
  const findings: RuleFinding[] = [];
  for (const part of hostParts(context.analysis).values()) {
    const { host } = part;
    let found: RuleFinding[] | undefined;
    const kept = keptOfRule.of(part, () => {
      found = checkHost(context, host);
      // Copies: a span a finding holds may be a syntax node's, which a later re-parse moves in place.
      const keepable = found.every((finding) => spans(finding).every((span) => within(span, host.span)));
      return { start: host.span.start, findings: keepable ? found.map((finding) => movedBy(finding, 0)) : undefined };
    });
    if (!kept.findings) {
      for (const finding of found ?? checkHost(context, host)) findings.push(finding);
      continue;
    }
    if (kept.start !== host.span.start && kept.findings.length > 0) {
      kept.findings = kept.findings.map((finding) => movedBy(finding, host.span.start - kept.start));
    }
    kept.start = host.span.start;
    for (const finding of kept.findings) findings.push(finding);
  }
  return findings;
}

/** Per rule id, per host part: the findings as placed for a host block starting at `start`, or none when they point outside it. */
const keptFindings = new Map<string, KeptWithPart<{ start: number; findings: RuleFinding[] | undefined }>>();

function spans(finding: RuleFinding): Span[] {
  return [finding.span, ...(finding.related ?? []).map((related) => related.span)];
}

function within(span: Span, block: Span): boolean {
  return span.start >= block.start && span.end <= block.end;
}


/** Merged settings (`rules` overrides default severities, `off` skips a rule), and optionally the
 * document's suppression comments (config/suppressions.ts), to apply them in the same pass. */
export interface RunConfig extends Pick<Settings, 'rules'> {
  suppressions?: Suppressions;
}

/**
 * Runs every enabled rule and returns its findings as problems (code = rule id), in document
 * order, minus those a suppression comment covers; plus the problems of the suppression comments
 * themselves (unknown rule ids, unused suppressions).
 */
export function runRules(context: RuleContext, config: RunConfig): Problem[] {
  const problems: Problem[] = [];
  const active = new Set<string>();
  for (const rule of RULES) {
    const setting = config.rules[rule.meta.id] ?? rule.meta.defaultSeverity;
    if (setting === 'off') continue;
    active.add(rule.meta.id);
    for (const finding of rule.checkHost ? hostFindings(context, rule, rule.checkHost) : rule.check(context)) {
      const problem: Problem = { code: rule.meta.id, severity: setting, message: finding.message, span: finding.span };
      if (finding.related && finding.related.length > 0) problem.related = finding.related;
      if (finding.data) problem.data = finding.data;
      problems.push(problem);
    }
  }
  const byPosition = (a: Problem, b: Problem) => a.span.start - b.span.start || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  if (!config.suppressions) return problems.sort(byPosition);
  const { kept, unused } = applySuppressions(problems, config.suppressions, active);
  return [...kept, ...config.suppressions.problems, ...unused].sort(byPosition);
}
