// Designs written from vendor guidance for the subtle cases, under test/fixtures/rules/: each
// <name>.topo has its findings and the bandwidth of every host ↔ volume pair checked in beside it
// as <name>.expected.json (regenerated with UPDATE_SNAPSHOTS=1) and reviewed by hand, with what the
// hosts of each switch get when they all move data at once.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pairKey, sharedBandwidth } from '../../../server/src/analysis/shared';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { analyzeDocument } from '../../../server/src/service/languageService';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'rules');
const names = readdirSync(fixtures).filter((name) => name.endsWith('.topo')).sort();

describe('rule fixtures', () => {
  for (const name of names) {
    it(name, () => {
      const text = readFileSync(join(fixtures, name), 'utf8');
      const result = analyzeDocument(text, DEFAULT_SETTINGS);
      const findings = result.problems.map((problem) => {
        const start = result.lineIndex.position(problem.span.start);
        return { code: problem.code, severity: problem.severity, line: start.line + 1, message: problem.message };
      });
      const shared = sharedBandwidth(result.analysis);
      const pairs = result.analysis.pairs.map((pair) => ({
        host: pair.host,
        volume: pair.volume,
        paths: pair.paths.length,
        optimizedPaths: pair.optimizedPaths.length,
        mbps: pair.bandwidth.mbps,
        sharedMbps: shared.pairMbps.get(pairKey(pair)),
        bottleneck: pair.bandwidth.bottleneck,
      }));
      const switches = shared.switches.map(({ switch: id, hosts, mbps, aloneMbps, bottleneck }) => ({ switch: id, hosts, mbps, aloneMbps, bottleneck }));
      const actual = { findings, pairs, switches };
      const file = join(fixtures, name.replace(/\.topo$/, '.expected.json'));
      if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      assert.ok(existsSync(file), `${file} is missing: run with UPDATE_SNAPSHOTS=1 and review it`);
      assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
    });
  }
});
