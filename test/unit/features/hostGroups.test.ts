// Host groups as the editor meets them: completion offers the keyword and, in a volume's hosts,
// the groups beside the hosts; rename changes the group wherever a volume names it; hover tells
// its hosts and what they get; the formatter keeps it; the diagram names it under the volume.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildDiagram } from '../../../server/src/diagram/build';
import { completion } from '../../../server/src/features/completion';
import { formatTree } from '../../../server/src/features/formatting';
import { hover } from '../../../server/src/features/hover';
import { rename } from '../../../server/src/features/rename';
import { analyzeDocument } from '../../../server/src/service/languageService';

const design = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/rules/host-group-mapping.topo'), 'utf8');

/** The text after applying the completion item labelled `label` at `<|>`, as the editor applies its textEdit. */
function complete(marked: string, label?: string): { labels: string[]; applied?: string } {
  const offset = marked.indexOf('<|>');
  const text = marked.replace('<|>', '');
  const doc = analyzeDocument(text);
  const items = completion(doc, doc.lineIndex.position(offset));
  const item = items.find((candidate) => candidate.label === label);
  if (!item?.textEdit || !('range' in item.textEdit)) return { labels: items.map((candidate) => candidate.label) };
  const start = doc.lineIndex.offset(item.textEdit.range.start);
  const end = doc.lineIndex.offset(item.textEdit.range.end);
  return { labels: items.map((candidate) => candidate.label), applied: text.slice(0, start) + item.textEdit.newText + text.slice(end) };
}

test('completion offers hostgroup at the top level and its snippet', () => {
  const { labels } = complete(`${design}\n<|>`);
  assert.ok(labels.filter((label) => label === 'hostgroup').length >= 1);
});

test("a volume's hosts offer groups beside hosts; a group's hosts offer hosts only", () => {
  const volume = complete(design.replace('hosts db-cluster }', 'hosts db-cl<|> }'), 'db-cluster');
  assert.ok(volume.labels.includes('rhel01') && volume.labels.includes('reporting'));
  assert.equal(volume.applied, design);
  const group = complete(design.replace('hostgroup reporting { hosts rhel04 }', 'hostgroup reporting { hosts <|> }'));
  assert.ok(group.labels.includes('rhel04'));
  assert.ok(!group.labels.includes('db-cluster'));
});

test('renaming a group renames it in every volume that maps it', () => {
  const doc = analyzeDocument(design);
  const at = doc.lineIndex.position(design.indexOf('db-cluster {') + 1);
  const result = rename(doc, 'file:///x.topo', at, 'oracle-rac');
  assert.ok(result && 'edit' in result);
  const edits = result.edit.changes!['file:///x.topo']!;
  const offsets = edits.map((edit) => doc.lineIndex.offset(edit.range.start)).sort((a, b) => b - a);
  let text = design;
  for (const offset of offsets) text = text.slice(0, offset) + 'oracle-rac' + text.slice(offset + 'db-cluster'.length);
  assert.equal(edits.length, 3);
  assert.equal(text, design.replaceAll('db-cluster', 'oracle-rac'));
  assert.deepEqual(analyzeDocument(text).modelResult.problems, []);
});

test('hover on a group: its hosts, its volumes and the pairs without a path', () => {
  const doc = analyzeDocument(design);
  const result = hover(doc, doc.lineIndex.position(design.indexOf('hosts db-cluster }') + 'hosts '.length + 1));
  const value = (result?.contents as { value: string }).value;
  assert.match(value, /\*\*db-cluster\*\* — a host group/);
  assert.match(value, /3 hosts: rhel01, rhel02, rhel03/);
  assert.match(value, /mapped to san\.vol1, san\.vol2/);
  assert.match(value, /6 host ↔ volume pairs: 2 without a path, 0 with one path/);
});

test('the formatter keeps a group, and the diagram names it under the volumes it maps', () => {
  const messy = design.replace('hostgroup reporting { hosts rhel04 }', 'hostgroup   reporting {hosts    rhel04;}');
  assert.equal(formatTree(messy, analyzeDocument(messy).parse.tree), design);
  const doc = analyzeDocument(design);
  const diagram = buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: false });
  assert.deepEqual(diagram.nodes.find((node) => node.id === 'san.vol2')?.detail, ['4T · to db-cluster, reporting']);
});
