// What the preview's fail mode shows for any set of failed components, worked out by the analysis
// (`simulateFailures`: the paths the failures cut, the bandwidth left as a max-flow over the
// cables, switches and inter-switch links the surviving paths share), in the figures the N-1 table
// of `topo report` and hover give for one failed component.
import { simulateFailures } from '../analysis/failure';
import type { NetworkAnalysis } from '../analysis/types';
import { changed, reportImpact, type ReportImpact } from './build';

export interface SimulatedPair extends ReportImpact {
  /** The pair's paths the failures cut, and those left. */
  deadPaths: string[];
  survivingPaths: string[];
}

export interface FailureSimulation {
  /** The components simulated: a switch of a stack stands for its stack. */
  failed: string[];
  /** Ids that name no component of the design. */
  unknown: string[];
  /** Pairs that lose paths or bandwidth, sorted by host then volume. */
  pairs: SimulatedPair[];
}

export function simulateComponentFailures(analysis: NetworkAnalysis, ids: readonly string[]): FailureSimulation {
  const failed = [...new Set(ids.map((id) => failureDomain(analysis, id)))];
  const report = simulateFailures(analysis, failed);
  const pairs = report.affectedPairs.filter(changed).map((impact): SimulatedPair => {
    const pair = analysis.pairsByHost.get(impact.host)?.find((candidate) => candidate.volume === impact.volume);
    const surviving = new Set(impact.survivingPaths);
    return {
      ...reportImpact(impact, pair?.bandwidth.known ?? true),
      deadPaths: (pair?.paths ?? []).filter((id) => !surviving.has(id)),
      survivingPaths: impact.survivingPaths,
    };
  });
  return { failed: report.components, unknown: report.unknown, pairs };
}

/** The component whose failure a failed element is: a stacked switch fails with its stack. */
function failureDomain(analysis: NetworkAnalysis, id: string): string {
  if (analysis.componentById.has(id)) return id;
  return analysis.components.find((component) => component.kind === 'stack' && component.members?.includes(id))?.id ?? id;
}
