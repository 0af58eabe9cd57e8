// The rule registry, sorted by id, and `runRules`: every enabled rule over one analysed document,
// with the configured severities and the document's suppression comments applied.
import { hostParts } from '../analysis';
import type { HostPart } from '../analysis/hostAnalysis';
import { compareStrings } from '../analysis/modelIndex';
import { applySuppressions, type Suppressions } from '../config/suppressions';
import type { Settings } from '../config/schema';
import type { Problem } from '../problem';
import type { Model, StorageArray, Switch } from '../model/schema';
import type { Span } from '../syntax/tree';
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
import { KeptPerHost } from './util';
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
 * What a rule's `checkHost` found for one host, as placed for where the host's block started: the
 * block moves as text before it changes, and the spans inside it move with it, so they are placed
 * again only when it moved. Spans of the host's cables and sessions and of the switches and arrays
 * (and what they declare) are held as they are (`held`): a re-parse moves them in place. The host's
 * part is the same only while the cables' and sessions' are the same objects; the switches' and
 * arrays' are theirs only while the model's lists of them are the ones the findings were worked out
 * with (`elements`, undefined when they point at none). Findings that point at any other span
 * outside the block (`findings` undefined) are worked out on every version.
 */
interface HostFindings {
  start: number;
  findings: RuleFinding[] | undefined;
  held: ReadonlySet<Span>;
  elements: ReadonlySet<Span> | undefined;
}

/** Per rule id: the findings of its `checkHost` for each host that has some. */
const keptFindings = new Map<string, KeptPerHost<HostFindings>>();

/** The findings of a rule's `checkHost` over every host. */
function hostFindings(context: RuleContext, rule: Rule, checkHost: NonNullable<Rule['checkHost']>): RuleFinding[] {
  let kept = keptFindings.get(rule.meta.id);
  if (!kept) keptFindings.set(rule.meta.id, (kept = new KeptPerHost()));
  const elements = elementSpans(context.model);
  const byHost = kept.of(context.analysis, (part) => hostFindingsOf(context, checkHost, part, elements));
  const parts = hostParts(context.analysis);
  const findings: RuleFinding[] = [];
  for (const [id, kept] of byHost) {
    const part = parts.get(id)!;
    if (kept.elements && kept.elements !== elements) Object.assign(kept, hostFindingsOf(context, checkHost, part, elements));
    const { host } = part;
    if (!kept.findings) {
      for (const finding of checkHost(context, host)) findings.push(finding);
      continue;
    }
    if (kept.start !== host.span.start) {
      kept.findings = kept.findings.map((finding) => placed(finding, host.span.start - kept.start, kept.held));
      kept.start = host.span.start;
    }
    for (const finding of kept.findings) findings.push(finding);
  }
  return findings;
}

/** What `checkHost` finds for a host's part, to keep; undefined when it finds nothing. */
function hostFindingsOf(context: RuleContext, checkHost: NonNullable<Rule['checkHost']>, part: HostPart, elements: ReadonlySet<Span>): HostFindings | undefined {
  const { host } = part;
  const found = checkHost(context, host);
  if (found.length === 0) return undefined;
  const ofInputs = inputSpans(part);
  const held = new Set<Span>();
  let pointsAtElements = false;
  for (const finding of found) {
    for (const span of spans(finding)) {
      if (ofInputs.has(span)) held.add(span);
      else if (elements.has(span)) {
        held.add(span);
        pointsAtElements = true;
      } else if (!within(span, host.span)) return { start: host.span.start, findings: undefined, held, elements: undefined };
    }
  }
  // Copies: a span a finding holds may be a syntax node's, which a later re-parse moves in place.
  return { start: host.span.start, findings: found.map((finding) => placed(finding, 0, held)), held, elements: pointsAtElements ? elements : undefined };
}

/** A copy of a finding with its spans moved by `delta`, except those of `held`, which are held as they are. */
function placed(finding: RuleFinding, delta: number, held: ReadonlySet<Span>): RuleFinding {
  const move = (span: Span): Span => (held.has(span) ? span : { start: span.start + delta, end: span.end + delta });
  const moved: RuleFinding = { ...finding, span: move(finding.span) };
  if (finding.related) moved.related = finding.related.map((related) => ({ ...related, span: move(related.span) }));
  return moved;
}

/** The spans of the cables and sessions a host's part was worked out from. */
function inputSpans(part: HostPart): Set<Span> {
  const found = new Set<Span>();
  for (const link of part.links) for (const span of [link.span, link.a.ref.span, link.b.ref.span]) found.add(span);
  for (const session of part.sessions) {
    for (const ref of [session.host, session.array, ...(session.volume ? [session.volume] : [])]) found.add(ref.span);
    found.add(session.span);
    for (const connection of session.connections) for (const span of [connection.span, connection.initiator.span, connection.portal.span]) found.add(span);
  }
  return found;
}

/**
 * The spans and name spans of the switches and arrays and what they declare, per list of switches
 * and arrays: the lists are the same objects while only hosts were built again.
 */
const elementSpansOf = new WeakMap<readonly Switch[], { arrays: readonly StorageArray[]; spans: Set<Span> }>();

function elementSpans(model: Model): ReadonlySet<Span> {
  const { switches, arrays } = model;
  const kept = elementSpansOf.get(switches);
  if (kept?.arrays === arrays) return kept.spans;
  const spans = new Set<Span>();
  const add = (elements: readonly { span: Span; nameSpan: Span }[]) => {
    for (const element of elements) spans.add(element.span).add(element.nameSpan);
  };
  for (const sw of switches) add([sw, ...sw.lags, ...sw.ports.filter((port) => !port.implicit)]);
  for (const array of arrays) add([array, ...array.controllers, ...array.controllers.flatMap((c) => c.ports), ...array.trunks, ...array.portals, ...array.volumes]);
  elementSpansOf.set(switches, { arrays, spans });
  return spans;
}

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
    const findings = [...(rule.checkHost ? hostFindings(context, rule, rule.checkHost) : []), ...(rule.check?.(context) ?? [])];
    for (const finding of findings) {
      const problem: Problem = { code: rule.meta.id, severity: setting, message: finding.message, span: finding.span };
      if (finding.related && finding.related.length > 0) problem.related = finding.related;
      if (finding.data) problem.data = finding.data;
      problems.push(problem);
    }
  }
  // Ties are broken by the message: a rule's hosts are listed in the order their findings were last worked out.
  const byPosition = (a: Problem, b: Problem) => a.span.start - b.span.start || compareStrings(a.code, b.code) || compareStrings(a.message, b.message);
  if (!config.suppressions) return problems.sort(byPosition);
  const { kept, unused } = applySuppressions(problems, config.suppressions, active);
  return [...kept, ...config.suppressions.problems, ...unused].sort(byPosition);
}
