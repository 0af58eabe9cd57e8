// Model fixtures: each `.topo` under test/fixtures/model has its expected syntax errors and model
// problems checked in beside it (`.expected.json`); `UPDATE_SNAPSHOTS=1` rewrites them.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildModel } from '../../../server/src/model/build';
import { ModelCodes } from '../../../server/src/model/codes';
import { validateModel } from '../../../server/src/model/schema';
import { LineIndex } from '../../../server/src/syntax/lineIndex';
import { parse } from '../../../server/src/syntax/parser';
import type { Span } from '../../../server/src/syntax/tree';

const FIXTURES = join(import.meta.dirname, '../../fixtures/model');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const fixtureNames = readdirSync(FIXTURES).filter((name) => name.endsWith('.topo')).sort();

/** `line:col-line:col`, 1-based, as an editor shows it. */
function where(lines: LineIndex, span: Span): string {
  const start = lines.position(span.start);
  const end = lines.position(span.end);
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

function snapshot(text: string) {
  const lines = new LineIndex(text);
  const { tree, errors } = parse(text);
  const result = buildModel(tree);
  return {
    result,
    expected: {
      syntaxErrors: errors.map((error) => ({ code: error.code, span: where(lines, error.span) })),
      problems: result.problems.map((problem) => ({ code: problem.code, span: where(lines, problem.span), severity: problem.severity })),
    },
  };
}

const codesSeen = new Set<string>();

for (const name of fixtureNames) {
  test(`model fixture ${name}`, () => {
    const text = readFileSync(join(FIXTURES, name), 'utf8');
    const { result, expected } = snapshot(text);
    for (const problem of result.problems) codesSeen.add(problem.code);
    const expectedPath = join(FIXTURES, name.replace(/\.topo$/, '.expected.json'));
    if (UPDATE || !existsSync(expectedPath)) writeFileSync(expectedPath, `${JSON.stringify(expected, null, 2)}\n`);
    assert.deepEqual(expected, JSON.parse(readFileSync(expectedPath, 'utf8')));
    assert.deepEqual(validateModel(result.model), [], 'the built model satisfies the schemas');
  });
}

test('the fixtures exercise every model code', () => {
  const missing = Object.values(ModelCodes).map((entry) => entry.code).filter((code) => !codesSeen.has(code));
  assert.deepEqual(missing, []);
});

test('the clean fixture has no syntax errors and no model problems', () => {
  const { expected } = snapshot(readFileSync(join(FIXTURES, 'clean-dual-fabric.topo'), 'utf8'));
  assert.deepEqual(expected, { syntaxErrors: [], problems: [] });
});

test('every prefix of every fixture builds a valid model without throwing', () => {
  for (const name of fixtureNames) {
    const text = readFileSync(join(FIXTURES, name), 'utf8');
    for (let end = 0; end <= text.length; end += 7) {
      const { model } = buildModel(parse(text.slice(0, end)).tree);
      assert.deepEqual(validateModel(model), [], `${name} cut at ${end}`);
    }
  }
});
