// A LAG's MLAG pair as the editor meets it: completion offers the other switches' LAGs after
// `peer` and completes over what was typed, hover names the pair, the diagram writes it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildDiagram } from '../../../server/src/diagram/build';
import { completion } from '../../../server/src/features/completion';
import { hover } from '../../../server/src/features/hover';
import { analyzeDocument } from '../../../server/src/service/languageService';

const design = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/rules/mlag-lag-pairing.topo'), 'utf8');

test("completion after peer offers the other switches' LAGs and completes over what was typed", () => {
  const marked = design.replace('lag po2 { ports 2  mode lacp }\n}\n\nswitch leaf-b', 'lag po2 { ports 2  mode lacp  peer leaf-b:p<|> }\n}\n\nswitch leaf-b');
  const offset = marked.indexOf('<|>');
  const text = marked.replace('<|>', '');
  const doc = analyzeDocument(text);
  const items = completion(doc, doc.lineIndex.position(offset));
  assert.deepEqual(items.map((item) => item.label).sort(), ['leaf-b:po1', 'leaf-b:po2']);
  const item = items.find((candidate) => candidate.label === 'leaf-b:po2')!;
  assert.ok(item.textEdit && 'range' in item.textEdit);
  const applied = text.slice(0, doc.lineIndex.offset(item.textEdit.range.start)) + item.textEdit.newText + text.slice(doc.lineIndex.offset(item.textEdit.range.end));
  const fixed = analyzeDocument(applied);
  assert.ok(!fixed.problems.some((problem) => problem.code === 'mlag-lag-pairing'));
  assert.ok(analyzeDocument(design).problems.some((problem) => problem.code === 'mlag-lag-pairing'));
});

test('hover on either half names the pair; the diagram labels it', () => {
  const doc = analyzeDocument(design);
  const onB = hover(doc, doc.lineIndex.position(design.indexOf('lag po1 { ports 1  mode lacp }') + 'lag '.length));
  assert.match((onB?.contents as { value: string }).value, /one MLAG interface with leaf-a:po1/);
  const diagram = buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: false });
  assert.equal(diagram.nodes.find((node) => node.id === 'leaf-a:po1')?.label, 'po1 (lacp, MLAG with leaf-b:po1)');
});
