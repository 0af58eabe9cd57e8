// The rule registry, sorted by id, and `runRules`: every enabled rule over one analysed document,
// with the configured severities and the document's suppression comments applied.
import { hostChanges } from '../analysis';
import type { HostPart } from '../analysis/hostAnalysis';
import { compareStrings } from '../analysis/modelIndex';
import { applySuppressions, type Suppressions } from '../config/suppressions';
import type { Settings } from '../config/schema';
import { mergedSorted, samePlaces, sameProblem, withoutSorted, type Problem, type Severity } from '../problem';
import type { Host, Model, StorageArray, Switch } from '../model/schema';
import { heldIn, NodeSpan, type Span, type StatementStart } from '../syntax/tree';
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
 * What the rules that judge one host alone (`checkHost`) found for it. Its problems' spans move
 * with the statements they lie in (syntax/tree.ts): those inside the host's block are held in its
 * statement (a span a rule made there is placed in it), those of the host's cables and sessions are
 * theirs, and those in the statements of the switches and arrays move with them. The host's part is
 * the same only while the cables' and sessions' are the same objects; the switches' and arrays'
 * statements are those of the model's lists the problems were worked out with (`elements`,
 * undefined when they point at none). Problems that point at any other span outside the block
 * (`everyVersion`) are worked out on every version.
 */
interface HostProblems {
  host: Host;
  problems: Problem[];
  elements: ReadonlySet<StatementStart> | undefined;
  everyVersion: boolean;
}

/**
 * The rules' problems of one version of the analysis, for one set of severities: per host, those of
 * `checkHost`; per rule, those of `check`; and all of them sorted by position. The next version of an
 * editor's analysis takes them over and works out again only the changed hosts' and the `check`s',
 * keeps a `check`'s problem that it finds again (the same object, so its diagnostic is kept), and
 * merges what is new into the sorted list instead of sorting every problem again.
 */
interface RuleProblems {
  byHost: Map<string, HostProblems>;
  everyVersion: Set<string>;
  checked: Map<string, Problem[]>;
  elements: ReadonlySet<StatementStart>;
  sorted: readonly Problem[];
}

/** An enabled rule with the severity its problems get. */
interface ActiveRule {
  rule: Rule;
  severity: Severity;
}

/** Per set of severities (a key naming them), the rules' problems per version of the analysis. */
const keptProblems = new Map<string, WeakMap<object, RuleProblems>>();

/** The problems of the enabled rules, sorted by position (`byPosition`). */
function ruleProblems(context: RuleContext, active: readonly ActiveRule[]): readonly Problem[] {
  const { parts, version, earlier, takenOver, changed } = hostChanges(context.analysis);
  const key = active.map(({ rule, severity }) => `${rule.meta.id}:${severity}`).join();
  let versions = keptProblems.get(key);
  if (!versions) keptProblems.set(key, (versions = new WeakMap()));
  const done = versions.get(version);
  if (done) return done.sorted;
  const hostRules = active.filter(({ rule }) => rule.checkHost);
  const elements = elementStatements(context.model);
  const before = earlier && versions.get(earlier);
  const hostProblems = (id: string) => {
    const part = parts.get(id);
    return part && hostProblemsOf(context, hostRules, part, elements);
  };
  if (!before) {
    const state: RuleProblems = { byHost: new Map(), everyVersion: new Set(), checked: new Map(), elements, sorted: [] };
    for (const id of parts.keys()) setHost(state, id, hostProblems(id));
    checkAll(context, active, state, undefined);
    const sorted: Problem[] = [];
    for (const entry of state.byHost.values()) for (const problem of entry.problems) sorted.push(problem);
    for (const problems of state.checked.values()) for (const problem of problems) sorted.push(problem);
    state.sorted = sorted.sort(byPosition);
    versions.set(version, state);
    return state.sorted;
  }
  // Only an editor's next version takes the earlier one's over; any other works on copies.
  if (takenOver) versions.delete(earlier!);
  const state: RuleProblems = takenOver ? before : { ...before, byHost: new Map(before.byHost), everyVersion: new Set(before.everyVersion) };
  const removed = new Set<Problem>();
  const added: Problem[] = [];
  const again = new Set([...changed, ...state.everyVersion]);
  if (elements !== state.elements) for (const [id, entry] of state.byHost) if (entry.elements) again.add(id);
  state.elements = elements;
  for (const id of again) {
    const earlier = state.byHost.get(id)?.problems ?? [];
    const entry = hostProblems(id);
    if (takenOver && entry) entry.problems = foundAgain(earlier, entry.problems, { removed, added });
    else {
      for (const problem of earlier) removed.add(problem);
      if (entry) for (const problem of entry.problems) added.push(problem);
    }
    setHost(state, id, entry);
  }
  // Only problems of the editor's versions are kept from one version to the next (see above).
  checkAll(context, active, state, takenOver ? { removed, added } : undefined);
  if (!takenOver) for (const problems of before.checked.values()) for (const problem of problems) removed.add(problem);
  if (!takenOver) for (const problems of state.checked.values()) for (const problem of problems) added.push(problem);
  const kept = removed.size === 0 ? state.sorted : withoutSorted(state.sorted, removed, byPosition);
  state.sorted = added.length === 0 ? kept : mergedSorted(kept, added.sort(byPosition), byPosition);
  versions.set(version, state);
  return state.sorted;
}

/** Records a host's problems, or that it has none. */
function setHost(state: RuleProblems, id: string, entry: HostProblems | undefined): void {
  if (!entry) {
    state.byHost.delete(id);
    state.everyVersion.delete(id);
    return;
  }
  state.byHost.set(id, entry);
  if (entry.everyVersion) state.everyVersion.add(id);
  else state.everyVersion.delete(id);
}

/** What the sorted list of problems loses and gains. */
interface Changes {
  removed: Set<Problem>;
  added: Problem[];
}

/**
 * Runs every `check`. Given the changes to make to the earlier version's problems, taken over
 * (`changes`), what a check finds again is kept (`foundAgain`).
 */
function checkAll(context: RuleContext, active: readonly ActiveRule[], state: RuleProblems, changes: Changes | undefined): void {
  const checked = new Map<string, Problem[]>();
  for (const { rule, severity } of active) {
    if (!rule.check) continue;
    const found = rule.check(context).map((finding) => problemOf(rule, severity, finding));
    const problems = changes ? foundAgain(state.checked.get(rule.meta.id) ?? [], found, changes) : found;
    if (problems.length > 0) checked.set(rule.meta.id, problems);
  }
  if (changes) for (const [id, problems] of state.checked) if (!checked.has(id)) for (const problem of problems) changes.removed.add(problem);
  state.checked = checked;
}

/**
 * The problems `found`, each the earlier one at its place in the list (`earlier`, of the version
 * taken over) when that one says the same: kept, with the spans found now, so that its diagnostic is
 * kept while it stays at its lines and characters. Records what the sorted list loses and gains.
 */
function foundAgain(earlier: readonly Problem[], found: readonly Problem[], changes: Changes): Problem[] {
  const problems = found.map((problem, i) => {
    const before = earlier[i];
    if (!before || !sameProblem(before, problem)) {
      changes.added.push(problem);
      return problem;
    }
    const moved = !samePlaces(before, problem);
    before.span = problem.span;
    if (problem.related) before.related = problem.related;
    if (moved) {
      changes.removed.add(before);
      changes.added.push(before);
    }
    return before;
  });
  for (let i = 0; i < earlier.length; i++) if (problems[i] !== earlier[i]) changes.removed.add(earlier[i]!);
  return problems;
}

/** What the rules that judge one host find for a host's part, to keep; undefined when they find nothing. */
function hostProblemsOf(context: RuleContext, rules: readonly ActiveRule[], part: HostPart, elements: ReadonlySet<StatementStart>): HostProblems | undefined {
  const { host } = part;
  let found: Problem[] | undefined;
  for (const { rule, severity } of rules) {
    for (const finding of rule.checkHost!(context, host)) (found ??= []).push(problemOf(rule, severity, finding));
  }
  if (!found) return undefined;
  const ofInputs = inputSpans(part);
  let pointsAtElements = false;
  let everyVersion = false;
  const placed = (span: Span): Span => {
    if (ofInputs.has(span)) return span;
    if (span instanceof NodeSpan && elements.has(span.statement)) {
      pointsAtElements = true;
      return span;
    }
    if (within(span, host.span)) return heldIn(host.span, span);
    everyVersion = true;
    return span;
  };
  for (const problem of found) {
    problem.span = placed(problem.span);
    if (problem.related) problem.related = problem.related.map((related) => ({ ...related, span: placed(related.span) }));
  }
  return { host, problems: found, elements: pointsAtElements ? elements : undefined, everyVersion };
}

function problemOf(rule: Rule, severity: Severity, finding: RuleFinding): Problem {
  const problem: Problem = { code: rule.meta.id, severity, message: finding.message, span: finding.span };
  if (finding.related && finding.related.length > 0) problem.related = finding.related;
  if (finding.data) problem.data = finding.data;
  return problem;
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
 * The statements the switches and arrays are written in, per list of switches and arrays: the
 * lists are the same objects while only hosts were built again, and so are those statements.
 */
const elementStatementsOf = new WeakMap<readonly Switch[], { arrays: readonly StorageArray[]; statements: Set<StatementStart> }>();

function elementStatements(model: Model): ReadonlySet<StatementStart> {
  const { switches, arrays } = model;
  const kept = elementStatementsOf.get(switches);
  if (kept?.arrays === arrays) return kept.statements;
  const statements = new Set<StatementStart>();
  for (const element of [...switches, ...arrays]) if (element.span instanceof NodeSpan) statements.add(element.span.statement);
  elementStatementsOf.set(switches, { arrays, statements });
  return statements;
}

function within(span: Span, block: Span): boolean {
  return span.start >= block.start && span.end <= block.end;
}

/**
 * The order of the rules' problems: by position, then code, then message (a rule's hosts are
 * listed in the order their problems were last worked out). By end before code, so that the
 * language service merges them with the other stages' problems, which it orders by start and end.
 */
function byPosition(a: Problem, b: Problem): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || compareStrings(a.code, b.code) || compareStrings(a.message, b.message);
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
export function runRules(context: RuleContext, config: RunConfig): readonly Problem[] {
  const active: ActiveRule[] = [];
  for (const rule of RULES) {
    const setting = config.rules[rule.meta.id] ?? rule.meta.defaultSeverity;
    if (setting !== 'off') active.push({ rule, severity: setting });
  }
  const problems = ruleProblems(context, active);
  const { suppressions } = config;
  if (!suppressions || (suppressions.directives.length === 0 && suppressions.problems.length === 0)) return problems;
  const { kept, unused } = applySuppressions(problems, suppressions, new Set(active.map(({ rule }) => rule.meta.id)));
  return mergedSorted(kept, [...suppressions.problems, ...unused].sort(byPosition), byPosition);
}
