import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { collectFiles } from '../../../scripts/collect-files.mjs';

const root = mkdtempSync(join(tmpdir(), 'collect-files-'));
after(() => rmSync(root, { recursive: true, force: true }));

for (const file of ['b/z.test.ts', 'b/helper.ts', 'a/deep/y.test.ts', 'x.test.ts', 'node_modules/pkg/n.test.ts']) {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), '');
}

test('finds matching files recursively, sorted, skipping node_modules', () => {
  assert.deepEqual(collectFiles([root], '.test.ts'), [
    join(root, 'a/deep/y.test.ts'),
    join(root, 'b/z.test.ts'),
    join(root, 'x.test.ts'),
  ]);
});

test('accepts files and overlapping roots without duplicates, and ignores missing roots', () => {
  assert.deepEqual(collectFiles([join(root, 'b'), join(root, 'b/z.test.ts'), join(root, 'missing')], '.test.ts'), [
    join(root, 'b/z.test.ts'),
  ]);
});
