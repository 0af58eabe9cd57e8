// The fail mode's figures come from the analysis: for one failed component they are the N-1 table
// of `topo report` (and hover), bandwidth included, on designs whose bandwidth is limited by a
// shared inter-switch link; several failures together are simulated as one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildReport } from '../../../server/src/report/build';
import { impactSentence } from '../../../server/src/report/format';
import { simulateComponentFailures } from '../../../server/src/report/simulation';
import { analyzeDocument } from '../../../server/src/service/languageService';

const root = join(import.meta.dirname, '..', '..', '..');

function analysisOf(file: string) {
  return analyzeDocument(readFileSync(join(root, file), 'utf8')).analysis;
}

describe('simulateComponentFailures', () => {
  for (const file of [
    'test/fixtures/rules/bandwidth-inter-switch-link.topo',
    'test/fixtures/rules/bandwidth-lag-inter-switch.topo',
    'test/fixtures/rules/bandwidth-spine-failure.topo',
    'examples/dual-fabric-mpio.topo',
  ]) {
    it(`gives the report's N-1 figures for every single component of ${file}`, () => {
      const analysis = analysisOf(file);
      const report = buildReport(analysis);
      for (const component of analysis.components) {
        const simulated = simulateComponentFailures(analysis, [component.id]);
        const figures = simulated.pairs.map(({ deadPaths: _dead, survivingPaths: _surviving, ...impact }) => impact);
        const expected = report.failures.find((failure) => failure.component === component.id)?.impacts ?? [];
        assert.deepEqual(figures, expected, component.label);
        assert.deepEqual(simulated.failed, [component.id]);
        assert.deepEqual(simulated.unknown, []);
      }
    });
  }

  it('names the bandwidth the shared 10G inter-switch link leaves, as the report says it', () => {
    const analysis = analysisOf('test/fixtures/rules/bandwidth-inter-switch-link.topo');
    const simulated = simulateComponentFailures(analysis, ['link@st.A.p0--s2:41']);
    assert.deepEqual(simulated.pairs.map(impactSentence), ['app01 keeps 2 of 4 paths to st.v1, 10 of 10 Gb/s', 'app02 keeps 2 of 4 paths to st.v1, 10 of 10 Gb/s']);
    const app01 = simulated.pairs[0]!;
    assert.deepEqual(app01.deadPaths.length, 2);
    assert.deepEqual([...app01.deadPaths, ...app01.survivingPaths].sort(), [...analysis.pairsByHost.get('app01')![0]!.paths].sort());
  });

  it('halves the bandwidth when one member of a two-link inter-switch LAG fails, though no path names it', () => {
    const analysis = analysisOf('test/fixtures/rules/bandwidth-lag-inter-switch.topo');
    const member = analysis.components.find((component) => component.label === 'link s1:49 -- s2:49')!;
    assert.deepEqual(simulateComponentFailures(analysis, [member.id]).pairs.map(impactSentence), ['app01 keeps 4 of 4 paths to st.v1, 10 of 20 Gb/s']);
    const nic = simulateComponentFailures(analysis, ['app01.e0', member.id]);
    assert.deepEqual(nic.pairs.map(impactSentence), ['app01 keeps 2 of 4 paths to st.v1, 10 of 20 Gb/s']);
  });

  it('halves the bandwidth when one of two spines fails, though neither is on a path', () => {
    const analysis = analysisOf('test/fixtures/rules/bandwidth-spine-failure.topo');
    assert.deepEqual(simulateComponentFailures(analysis, ['spine1']).pairs.map(impactSentence), ['app01 keeps 4 of 4 paths to st.v1, 10 of 20 Gb/s']);
    assert.deepEqual(simulateComponentFailures(analysis, ['spine1', 'spine2']).pairs.map(impactSentence), ['app01 loses every path to st.v1']);
  });

  it('simulates several failures together: a NIC and an array port leave one path of four', () => {
    const analysis = analysisOf('test/fixtures/rules/bandwidth-inter-switch-link.topo');
    const simulated = simulateComponentFailures(analysis, ['app01.e0', 'st.A.p0']);
    assert.deepEqual(simulated.pairs.map(impactSentence), ['app01 keeps 1 of 4 paths to st.v1, 10 of 10 Gb/s', 'app02 keeps 2 of 4 paths to st.v1, 10 of 10 Gb/s']);
    assert.equal(simulated.pairs[0]!.survivingPaths.length, 1);
  });

  it('fails a stack with any of its switches, and names ids that are no component', () => {
    const stacked = analysisOf('test/fixtures/syntax/ok/switch-stack-mlag.topo');
    assert.deepEqual(simulateComponentFailures(stacked, ['stk2']).failed, ['stack:stk1+stk2']);
    const simulated = simulateComponentFailures(analysisOf('examples/dual-fabric-mpio.topo'), ['no-such-switch']);
    assert.deepEqual(simulated.unknown, ['no-such-switch']);
    assert.deepEqual(simulated.pairs, []);
  });
});
