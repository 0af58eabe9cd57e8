import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { completion } from '../../../server/src/features/completion';
import { formatTree } from '../../../server/src/features/formatting';
import { analyzeDocument } from '../../../server/src/service/languageService';

const examples = path.resolve(import.meta.dirname, '../../../examples');

/** Splits text at the `<|>` cursor marker. */
function withCursor(marked: string) {
  const offset = marked.indexOf('<|>');
  const doc = analyzeDocument(marked.replace('<|>', ''));
  return { doc, position: doc.lineIndex.position(offset) };
}

function stripSpans(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (/span$/i.test(key) || (key === 'id' && /^(link|session)@/.test(v)) ? undefined : v)));
}

for (const file of readdirSync(examples).filter((name) => name.endsWith('.topo'))) {
  test(`formatting ${file} is idempotent and keeps the model`, () => {
    const text = readFileSync(path.join(examples, file), 'utf8');
    const once = formatTree(text, analyzeDocument(text).parse.tree);
    const twice = formatTree(once, analyzeDocument(once).parse.tree);
    assert.equal(twice, once);
    assert.deepEqual(stripSpans(analyzeDocument(once).modelResult.model), stripSpans(analyzeDocument(text).modelResult.model));
    assert.equal((once.match(/#/g) ?? []).length, (text.match(/#/g) ?? []).length, 'keeps every comment');
  });
}

test('completion offers the properties of the enclosing block', () => {
  const { doc, position } = withCursor('host hv01 {\n  <|>\n}\n');
  const labels = completion(doc, position).map((item) => item.label);
  assert.ok(labels.includes('multipath') && labels.includes('nic'));
});

test('completion offers policies after policy', () => {
  const { doc, position } = withCursor('host hv01 {\n  policy <|>\n}\n');
  assert.ok(completion(doc, position).some((item) => item.label === 'least-queue-depth'));
});

test("completion after `link hv01.` offers that host's NICs", () => {
  const { doc, position } = withCursor('host hv01 { nic eth0 { speed 10G } }\nlink hv01.<|>\n');
  assert.deepEqual(completion(doc, position).map((item) => item.label), ['hv01.eth0']);
});
