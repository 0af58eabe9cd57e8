// Model codes: unique, banded TOPO3xx, and each documented in docs/language.md with its severity.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ModelCodes } from '../../../server/src/model/codes';

test('model codes are unique TOPO3xx codes', () => {
  const codes = Object.values(ModelCodes).map((entry) => entry.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const code of codes) assert.match(code, /^TOPO3\d\d$/);
});

test('docs/language.md lists every model code with its severity', () => {
  const docs = readFileSync(join(import.meta.dirname, '../../../docs/language.md'), 'utf8');
  const section = docs.slice(docs.indexOf('### Model errors'));
  for (const { code, severity } of Object.values(ModelCodes)) {
    assert.match(section, new RegExp(`\\| ${code} \\| ${severity} \\|`), code);
  }
});
