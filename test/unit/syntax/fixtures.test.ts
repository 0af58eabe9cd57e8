// Parser fixtures: every `.topo` file under test/fixtures/syntax/{ok,err} has a `.tree.txt`
// snapshot beside it. Set UPDATE_SNAPSHOTS=1 to rewrite the snapshots after a deliberate change.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from '../../../server/src/syntax/parser';
import { SyntaxCode } from '../../../server/src/syntax/tokens';
import { dumpParseResult } from './treeDump';

const root = join(import.meta.dirname, '../../fixtures/syntax');
const update = process.env.UPDATE_SNAPSHOTS === '1';

function fixtures(folder: 'ok' | 'err'): string[] {
  return readdirSync(join(root, folder))
    .filter((name) => name.endsWith('.topo'))
    .sort();
}

function checkSnapshot(folder: string, name: string, actual: string): void {
  const snapshotPath = join(root, folder, name.replace(/\.topo$/, '.tree.txt'));
  if (update) {
    writeFileSync(snapshotPath, actual);
    return;
  }
  assert.ok(existsSync(snapshotPath), `missing snapshot ${folder}/${name}; run with UPDATE_SNAPSHOTS=1`);
  assert.equal(actual, readFileSync(snapshotPath, 'utf8'));
}

describe('syntax fixtures: ok', () => {
  it('has at least eight realistic topologies', () => {
    assert.ok(fixtures('ok').length >= 8);
  });
  for (const name of fixtures('ok')) {
    it(name, () => {
      const result = parse(readFileSync(join(root, 'ok', name), 'utf8'));
      assert.deepEqual(result.errors, []);
      checkSnapshot('ok', name, dumpParseResult(result));
    });
  }
});

describe('syntax fixtures: err', () => {
  for (const name of fixtures('err')) {
    it(name, () => {
      const result = parse(readFileSync(join(root, 'err', name), 'utf8'));
      const code = name.slice(0, 'TOPO000'.length);
      assert.ok(
        result.errors.some((error) => error.code === code),
        `${name} should report ${code}, got ${result.errors.map((error) => error.code).join(', ')}`,
      );
      checkSnapshot('err', name, dumpParseResult(result));
    });
  }

  it('exercises every syntax error code', () => {
    const covered = new Set(fixtures('err').map((name) => name.slice(0, 'TOPO000'.length)));
    assert.deepEqual(
      Object.values(SyntaxCode).filter((code) => !covered.has(code)),
      [],
    );
  });
});
