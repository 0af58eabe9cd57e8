// The lint output of every example, checked in beside it as test/fixtures/examples/<name>.expected.json
// (regenerated with UPDATE_SNAPSHOTS=1) and reviewed by hand.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LineIndex } from '../../../server/src/syntax/lineIndex';
import { lint } from './lint';

const root = join(import.meta.dirname, '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'examples');
const names = readdirSync(join(root, 'examples')).filter((name) => name.endsWith('.topo')).sort();

describe('lint output of the examples', () => {
  for (const name of names) {
    it(name, () => {
      const text = readFileSync(join(root, 'examples', name), 'utf8');
      const lines = new LineIndex(text);
      const result = lint(text);
      assert.deepEqual(result.inputErrors, []);
      const actual = result.problems.map((problem) => {
        const start = lines.position(problem.span.start);
        return { code: problem.code, severity: problem.severity, line: start.line + 1, column: start.character + 1, message: problem.message };
      });
      const file = join(fixtures, name.replace(/\.topo$/, '.expected.json'));
      if (process.env.UPDATE_SNAPSHOTS === '1') {
        mkdirSync(fixtures, { recursive: true });
        writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      }
      assert.ok(existsSync(file), `${file} is missing: run with UPDATE_SNAPSHOTS=1 and review it`);
      assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
    });
  }
});
