// `topo drift`: the design against what is running. The observed network (from the same readers
// and join as `topo import`) is matched to the design by stable keys, and each drift rule reports
// one kind of difference on the design's lines, with the configured severities.
import type { NetworkAnalysis } from '../analysis/types';
import type { Settings } from '../config/schema';
import type { ObservedNetwork } from '../import/join';
import type { Model } from '../model/schema';
import type { Problem } from '../problem';
import { matchDesign, observedCarriers, type DriftContext, type DriftRule } from './context';
import { driftCable } from './rules/drift-cable';
import { driftFcLogin } from './rules/drift-fc-login';
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
  driftFcLogin,
  driftLagMemberDown,
  driftMissingPath,
  driftNonOptimizedIo,
  driftPathState,
  driftPolicy,
  driftTeamCarriesIscsi,
  driftUnexpectedSession,
];

export const DRIFT_RULE_IDS: readonly string[] = DRIFT_RULES.map((rule) => rule.meta.id);

/** How a designed path is seen on its host: logged in and carrying I/O, standing by, failed, or not there at all. */
export type ObservedPathState = 'active' | 'standby' | 'failed' | 'missing';

export interface DriftResult {
  problems: Problem[];
  /** Design hosts no collected output matched. */
  uncollected: string[];
  /** The observed state of each designed path to each volume (`<path id>@<volume id>`) of the hosts that were collected (Fibre Channel ones where the outputs tie LUN paths to their ports). */
  pathStates: Map<string, ObservedPathState>;
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
  return { problems, uncollected: model.hosts.filter((host) => !matched.has(host.id)).map((host) => host.name), pathStates: observedPathStates(context) };
}

/**
 * The state of each designed path to each volume, keyed `<path id>@<volume id>` as the diagram
 * names them: active when a session of the path (a Fibre Channel path: the HBA-to-port path) is
 * logged in with a path to the volume's LUN that carries I/O (or when the outputs list no LUN
 * paths at all), standby when those LUN paths stand by (ALUA standby or unavailable included),
 * failed when the sessions or the LUN paths failed, and missing without one. Hosts no output was
 * collected from have none, nor do Fibre Channel paths of a host whose outputs cannot tell them
 * apart (Windows).
 */
export function observedPathStates({ model, analysis, hosts }: DriftContext): Map<string, ObservedPathState> {
  const states = new Map<string, ObservedPathState>();
  const lunOf = new Map(model.arrays.flatMap((array) => array.volumes.map((volume) => [volume.id, volume.lun] as const)));
  const pairsOf = new Map<string, typeof analysis.pairs>();
  for (const pair of analysis.pairs) pairsOf.set(pair.host, [...(pairsOf.get(pair.host) ?? []), pair]);
  for (const host of hosts) {
    for (const pair of pairsOf.get(host.design.id) ?? []) {
      const lun = lunOf.get(pair.volume);
      for (const path of [...host.paths, ...host.fcPaths]) {
        if (!pair.paths.includes(path.id)) continue;
        const { judged, carriers: sessions } = observedCarriers(host, path);
        if (!judged) continue;
        const loggedIn = sessions.filter((session) => session.loggedIn);
        const all = loggedIn.flatMap((session) => session.paths);
        const lunPaths = lun !== undefined && all.some((candidate) => candidate.lun === lun) ? all.filter((candidate) => candidate.lun === lun) : all;
        const standby = (candidate: (typeof all)[number]) => candidate.state === 'standby' || candidate.alua === 'standby' || candidate.alua === 'unavailable';
        let state: ObservedPathState;
        if (sessions.length === 0) state = 'missing';
        else if (loggedIn.length > 0 && (all.length === 0 || lunPaths.some((candidate) => candidate.state === 'active' && !standby(candidate)))) state = 'active';
        else if (lunPaths.some((candidate) => candidate.state !== 'failed' && standby(candidate))) state = 'standby';
        else state = 'failed';
        states.set(`${path.id}@${pair.volume}`, state);
      }
    }
  }
  return states;
}
