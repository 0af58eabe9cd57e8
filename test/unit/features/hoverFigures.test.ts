// Hover shows the N-1 figures of `topo report`: the same sentences, from the same simulation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { hover } from '../../../server/src/features/hover';
import { buildReport, hostFailures } from '../../../server/src/report/build';
import { impactSentence } from '../../../server/src/report/format';
import { analyzeDocument } from '../../../server/src/service/languageService';

const examples = path.resolve(import.meta.dirname, '../../../examples');

function hoverText(file: string, marker: string, into: number): string {
  const text = readFileSync(path.join(examples, file), 'utf8');
  const doc = analyzeDocument(text);
  const result = hover(doc, doc.lineIndex.position(text.indexOf(marker) + into));
  assert.ok(result && typeof result.contents === 'object' && 'value' in result.contents);
  return result.contents.value;
}

test('a host hover lists its worst single failures as the report words them', () => {
  const text = readFileSync(path.join(examples, 'dual-fabric-mpio.topo'), 'utf8');
  const report = buildReport(analyzeDocument(text).analysis);
  const nic = report.failures.find((failure) => failure.component === 'hv01.eth0');
  assert.ok(nic);
  const value = hoverText('dual-fabric-mpio.topo', '\nhost hv01', 7);
  assert.ok(value.includes(`- after losing NIC hv01.eth0: ${nic.impacts.map(impactSentence).join('; ')}`), value);
  assert.match(value, /- after losing NIC hv01\.eth0: hv01 keeps 2 of 4 paths to me5\.vms-a, 25 of 50 Gb\/s/);
  assert.match(value, /more single failures in `topo report`/);
});

test('a switch hover says what its failure costs', () => {
  assert.match(hoverText('serverfault-lacp-team.topo', '\nswitch core1', 9), /- after losing it: hv01 loses every path to eonstor\.vms/);
});

test("a pair's hover line gives the bandwidth alone and shared, as topo report does", () => {
  const text = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/rules/bandwidth-inter-switch-link.topo'), 'utf8');
  const doc = analyzeDocument(text);
  const pair = buildReport(doc.analysis).pairs.find((candidate) => candidate.host === 'app01');
  assert.ok(pair && pair.sharedMbps < pair.aloneMbps);
  const result = hover(doc, doc.lineIndex.position(text.indexOf('\nhost app01') + 7));
  const value = (result?.contents as { value: string }).value;
  assert.match(value, new RegExp(`st\\.v1: 4 paths, ${pair.aloneMbps / 1000} Gb/s alone, ${pair.sharedMbps / 1000} Gb/s shared`));
  assert.match(hoverText('dual-fabric-mpio.topo', '\nhost hv01', 7), /me5\.vms-a: 4 paths \(2 optimized\), 50 Gb\/s alone and shared/);
});

test("a host's N-1 lines count the bandwidth an inter-switch LAG member takes with it, though no path names the member", () => {
  const text = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/rules/bandwidth-lag-inter-switch.topo'), 'utf8');
  const doc = analyzeDocument(text);
  const lines = hostFailures(doc.analysis, 'app01').map((failure) => `after losing ${failure.label}: ${failure.impacts.map(impactSentence).join('; ')}`);
  assert.ok(lines.includes('after losing link s1:49 -- s2:49: app01 keeps 4 of 4 paths to st.v1, 10 of 20 Gb/s'), lines.join('\n'));
  assert.equal(lines.length, buildReport(doc.analysis).failures.length);
  const value = (hover(doc, doc.lineIndex.position(text.indexOf('\nhost app01') + 7))?.contents as { value: string }).value;
  assert.match(value, new RegExp(`- ${lines.length - 3} more single failures in \`topo report\``));
});

test('an array hover counts the paths that reach it and the pairs of its volumes, not the paths it "carries" as a component', () => {
  const value = hoverText('dual-fabric-mpio.topo', '\narray me5', 7);
  const doc = analyzeDocument(readFileSync(path.join(examples, 'dual-fabric-mpio.topo'), 'utf8'));
  const paths = doc.analysis.paths.filter((candidate) => candidate.array === 'me5');
  assert.ok(paths.length > 0);
  assert.ok(value.includes(`- ${paths.length} paths from ${new Set(paths.map((candidate) => candidate.host)).size} hosts`), value);
  assert.match(value, /- \d+ volumes?, \d+ host ↔ volume pairs?: 0 without a path, 0 with one path/);
  assert.doesNotMatch(value, /carries 0 paths/);
});
