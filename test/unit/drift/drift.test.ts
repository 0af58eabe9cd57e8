// `topo drift` as functions: each fixture of test/fixtures/drift/<rule>[--<variant>]/ (a design and
// the state collected from its machines, changed in one way) reports that rule, with the findings in
// its expected.json (UPDATE_EXPECTED=1 rewrites them); the state a design's own machines print
// reports nothing; severities follow the settings.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { DRIFT_RULE_IDS, runDrift } from '../../../server/src/drift';
import { joinObservations, type CollectedFile } from '../../../server/src/import/join';
import { readOutput } from '../../../server/src/import/read';
import { analyzeDocument } from '../../../server/src/service/languageService';
import { simulateOutputs } from '../../import/simulate';

const ROOT = path.resolve(__dirname, '../../fixtures/drift');
const update = process.env.UPDATE_EXPECTED === '1';

function stateOf(dir: string, base: string): CollectedFile[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return stateOf(full, base);
    const file = path.relative(base, full).split(path.sep).join('/');
    return [{ file, folder: path.dirname(file), read: readOutput(readFileSync(full)) }];
  });
}

function drift(design: string, state: CollectedFile[], rules: Record<string, 'off' | 'info' | 'warning' | 'error'> = {}) {
  const document = analyzeDocument(design);
  const result = runDrift(document.modelResult.model, document.analysis, joinObservations(state), { rules });
  return result.problems.map((problem) => ({ code: problem.code, severity: problem.severity, line: document.lineIndex.position(problem.span.start).line + 1, message: problem.message }));
}

const fixtureFolders = readdirSync(ROOT).filter((name) => !name.includes('.')).sort();
const ruleOf = (folder: string) => folder.split('--')[0];

describe('drift fixtures: one folder per kind of difference', () => {
  it('every drift rule has a fixture, and every fixture is of a rule', () => {
    assert.deepEqual([...new Set(fixtureFolders.map(ruleOf))], [...DRIFT_RULE_IDS].sort());
  });

  for (const folder of fixtureFolders) {
    const kind = ruleOf(folder);
    it(folder, () => {
      const dir = path.join(ROOT, folder);
      const findings = drift(readFileSync(path.join(dir, 'design.topo'), 'utf8'), stateOf(path.join(dir, 'state'), dir));
      assert.ok(findings.some((finding) => finding.code === kind), JSON.stringify(findings));
      const expectedFile = path.join(dir, 'expected.json');
      if (update || !existsSync(expectedFile)) writeFileSync(expectedFile, `${JSON.stringify(findings, null, 2)}\n`);
      assert.deepEqual(findings, JSON.parse(readFileSync(expectedFile, 'utf8')));
    });
  }
});

describe('drift against the state a design\'s own machines print', () => {
  const designs = [
    ...readdirSync('examples').filter((name) => name.endsWith('.topo')).map((name) => path.join('examples', name)),
    ...['portals-equallogic-group', 'portals-sc-fault-domains', 'portals-send-targets'].map((name) => path.join('test', 'fixtures', 'rules', `${name}.topo`)),
  ];
  for (const design of designs) {
    it(`${path.basename(design)}: no drift`, () => {
      const text = readFileSync(design, 'utf8');
      const document = analyzeDocument(text);
      const state = simulateOutputs(document.modelResult.model, document.analysis).map((output) => ({ file: output.file, folder: output.file.split('/')[0], read: readOutput(Buffer.from(output.text)) }));
      assert.deepEqual(drift(text, state), []);
    });
  }
});

describe('drift severities', () => {
  const dir = path.join(ROOT, 'drift-cable');
  const design = readFileSync(path.join(dir, 'design.topo'), 'utf8');
  const state = stateOf(path.join(dir, 'state'), dir);

  it('are set per rule like every rule\'s, and off skips the rule', () => {
    assert.equal(drift(design, state, { 'drift-cable': 'error' })[0].severity, 'error');
    assert.deepEqual(drift(design, state, { 'drift-cable': 'off' }), []);
    assert.deepEqual(DEFAULT_SETTINGS.rules, {});
  });
});
