// Builds an analysis from `.topo` text for the analysis tests; fails the test on any syntax or
// model problem so a typo in a test topology cannot pass silently.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeNetwork, type AnalysisOptions, type NetworkAnalysis, type PairAnalysis } from '../../../server/src/analysis';
import { buildModel } from '../../../server/src/model/build';
import { parse } from '../../../server/src/syntax/parser';

export function analyze(text: string, options: AnalysisOptions = { subnetLayout: 'separate' }): NetworkAnalysis {
  const { tree, errors } = parse(text);
  assert.deepEqual(errors, [], 'syntax errors in test topology');
  const { model, problems } = buildModel(tree);
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), [], 'model errors in test topology');
  return analyzeNetwork(model, options);
}

export function fixture(name: string): string {
  return readFileSync(join(__dirname, '..', '..', 'fixtures', 'analysis', name), 'utf8');
}

export function pairOf(analysis: NetworkAnalysis, host: string, volume: string): PairAnalysis {
  const pair = analysis.pairs.find((p) => p.host === host && p.volume === volume);
  assert.ok(pair, `no pair ${host} ↔ ${volume}`);
  return pair;
}

/** The id of the link written between two endpoints (link ids depend on text offsets). */
export function linkId(analysis: NetworkAnalysis, a: string, b: string): string {
  const label = `link ${a} -- ${b}`;
  const component = analysis.components.find((c) => c.kind === 'link' && c.label === label);
  assert.ok(component, `no ${label}`);
  return component.id;
}
