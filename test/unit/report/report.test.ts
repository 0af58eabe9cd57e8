// `topo report` on every example and every rule fixture: the text, JSON and Markdown reports are
// checked in under test/fixtures/report/ (regenerated with UPDATE_SNAPSHOTS=1) and reviewed by
// hand; the figures are checked against the analyses they come from.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { simulateFailure } from '../../../server/src/analysis';
import { buildReport } from '../../../server/src/report/build';
import { formatReports, type ReportFormat } from '../../../server/src/report/format';
import { DesignFiles } from '../../../server/src/service/designFiles';
import { analyzeDesign, analyzeDocument } from '../../../server/src/service/languageService';

const root = join(import.meta.dirname, '..', '..', '..');
const expected = join(root, 'test', 'fixtures', 'report');
// A folder of examples holding a `.topo.json` is one design of several files, reported as one.
const designFolders = readdirSync(join(root, 'examples'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, 'examples', entry.name, '.topo.json')))
  .map((entry) => `examples/${entry.name}`);
const designs = [
  ...designFolders,
  ...readdirSync(join(root, 'examples')).filter((name) => name.endsWith('.topo')).map((name) => `examples/${name}`),
  ...readdirSync(join(root, 'test', 'fixtures', 'rules')).filter((name) => name.endsWith('.topo')).map((name) => `test/fixtures/rules/${name}`),
].sort();
const EXTENSIONS: Record<ReportFormat, string> = { text: 'txt', json: 'json', markdown: 'md' };

function reportOf(file: string) {
  if (!designFolders.includes(file)) return buildReport(analyzeDocument(readFileSync(join(root, file), 'utf8')).analysis);
  const folder = join(root, file);
  const files = readdirSync(folder).filter((name) => name.endsWith('.topo')).sort();
  return buildReport(analyzeDesign(new DesignFiles(files.map((name) => ({ name: join(folder, name), text: readFileSync(join(folder, name), 'utf8') })))).analysis);
}

describe('topo report', () => {
  for (const file of designs) {
    for (const format of ['text', 'json', 'markdown'] as const) {
      it(`${file} as ${format}`, () => {
        const actual = formatReports([{ file, report: reportOf(file) }], format);
        const name = `${file.replace(/^.*\//, '').replace(/\.topo$/, '')}.${EXTENSIONS[format]}`;
        const snapshot = join(expected, name);
        if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(snapshot, actual);
        assert.ok(existsSync(snapshot), `${snapshot} is missing: run with UPDATE_SNAPSHOTS=1 and review it`);
        assert.equal(actual, readFileSync(snapshot, 'utf8'));
      });
    }
  }

  it('lists every component whose failure changes a pair, with the figures of simulateFailure', () => {
    const doc = analyzeDocument(readFileSync(join(root, 'examples', 'dual-fabric-mpio.topo'), 'utf8'));
    const report = buildReport(doc.analysis);
    assert.equal(report.failures.length + report.harmless, doc.analysis.components.length);
    const switchA = report.failures.find((failure) => failure.component === 'sw-a');
    assert.ok(switchA);
    const simulated = simulateFailure(doc.analysis, 'sw-a').affectedPairs;
    assert.deepEqual(
      switchA.impacts.map((i) => [i.host, i.volume, i.pathsAfter, i.mbpsAfter]),
      simulated.map((i) => [i.host, i.volume, i.pathsAfter, i.bandwidthMbpsAfter]),
    );
  });

  it('says which pairs lose every path', () => {
    const report = reportOf('examples/serverfault-lacp-team.topo');
    const core = report.failures.find((failure) => failure.component === 'core1');
    assert.ok(core?.impacts.every((impact) => impact.cutOff && impact.pathsAfter === 0));
    assert.match(formatReports([{ file: 'x.topo', report }], 'text'), /after losing switch core1:\n {4}hv01 loses every path to eonstor\.vms/);
  });

  it('gives a host alone and the hosts of a switch together behind a shared inter-switch link', () => {
    const report = reportOf('test/fixtures/rules/bandwidth-inter-switch-link.topo');
    assert.deepEqual(
      report.pairs.map((pair) => [pair.host, pair.aloneMbps, pair.sharedMbps]),
      [
        ['app01', 10_000, 5_000],
        ['app02', 10_000, 5_000],
      ],
    );
    const s1 = report.switches.find((share) => share.switch === 's1');
    assert.deepEqual([s1?.mbps, s1?.aloneMbps, s1?.bottleneck], [10_000, 20_000, 'inter-switch link s1:49 -- s2:49 10G']);
  });

  it('escapes table cells in Markdown', () => {
    const report = reportOf('examples/serverfault-lacp-team.topo');
    report.pairs[0]!.bottleneck = 'a | b';
    assert.match(formatReports([{ file: 'x.topo', report }], 'markdown'), /a \\\| b/);
  });
});
