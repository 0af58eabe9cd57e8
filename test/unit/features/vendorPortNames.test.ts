// Array ports named as vendors print them (`0:2:1` on HPE Primera/3PAR, `CT0.ETH4` on Pure): the
// builder resolves them in links, sessions and trunks, completion offers and completes them with a
// textEdit over everything typed (colons included), rename keeps every reference, and a name the
// syntax cannot hold is reported.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { completion } from '../../../server/src/features/completion';
import { rename } from '../../../server/src/features/rename';
import { occurrencesOf } from '../../../server/src/model/symbols';
import { analyzeDocument } from '../../../server/src/service/languageService';

const design = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/rules/vendor-port-names.topo'), 'utf8');

function applyCompletion(marked: string, label: string): string | undefined {
  const offset = marked.indexOf('<|>');
  const text = marked.replace('<|>', '');
  const doc = analyzeDocument(text);
  const item = completion(doc, doc.lineIndex.position(offset)).find((candidate) => candidate.label === label);
  if (!item?.textEdit || !('range' in item.textEdit)) return undefined;
  const start = doc.lineIndex.offset(item.textEdit.range.start);
  const end = doc.lineIndex.offset(item.textEdit.range.end);
  return text.slice(0, start) + item.textEdit.newText + text.slice(end);
}

test('links, sessions and trunks resolve ports named node:slot:port and CT0.ETH4', () => {
  const doc = analyzeDocument(design);
  assert.deepEqual(doc.modelResult.problems, []);
  const { links, sessions } = doc.modelResult.model;
  assert.ok(links.some((link) => link.a.kind === 'array-port' && link.a.ref.id === 'primera.node0.0:2:1'));
  assert.ok(links.some((link) => link.a.kind === 'array-port' && link.a.ref.id === 'pure01.CT0.ETH4'));
  assert.equal(sessions[0]!.connections[0]!.portal.id, 'primera.node0.0:2:1');
  // The reference to the port is its own name, after the controller's.
  const spans = occurrencesOf(doc.modelResult.symbols, 'primera.node0.0:2:1').map((span) => design.slice(span.start, span.end));
  assert.deepEqual(spans, ['0:2:1', '0:2:1', '0:2:1']);
  const trunk = analyzeDocument(design.replace('  volume vv01', '  trunk t0 { members node0.0:2:1, node0.0:2:2  mode static }\n  volume vv01'));
  assert.deepEqual(trunk.modelResult.model.arrays[0]!.trunks[0]!.members.map((member) => member.id), ['primera.node0.0:2:1', 'primera.node0.0:2:2']);
});

test('completion offers and completes vendor port names over what was typed, colons included', () => {
  const cable = 'link primera.node1.1:2:2 -- sw-b:42\n';
  assert.equal(applyCompletion(design.replace(cable, 'link primera.node1.1:<|>\n'), 'primera.node1.1:2:2'), design.replace(cable, 'link primera.node1.1:2:2\n'));
  const portal = 'session esx01 -> primera.vv01 via vmk2 -> primera.node1.1:2:2\n';
  assert.equal(
    applyCompletion(design.replace(portal, 'session esx01 -> primera.vv01 via vmk2 -> primera.node1.1:2<|>\n'), 'primera.node1.1:2:2'),
    design,
  );
});

test('rename of an array port keeps every reference; a name the syntax cannot hold is refused', () => {
  const doc = analyzeDocument(design);
  const at = doc.lineIndex.position(design.indexOf('port 0:2:1') + 'port '.length);
  const result = rename(doc, 'file:///x.topo', at, '0:3:1');
  assert.ok(result && 'edit' in result);
  const edits = result.edit.changes!['file:///x.topo']!;
  let text = design;
  for (const edit of [...edits].sort((a, b) => doc.lineIndex.offset(b.range.start) - doc.lineIndex.offset(a.range.start))) {
    text = text.slice(0, doc.lineIndex.offset(edit.range.start)) + edit.newText + text.slice(doc.lineIndex.offset(edit.range.end));
  }
  const renamed = design.split('\n').map((line) => (line.startsWith('#') ? line : line.replaceAll('0:2:1', '0:3:1'))).join('\n');
  assert.equal(text, renamed);
  assert.deepEqual(analyzeDocument(text).modelResult.problems, []);
  const refused = rename(doc, 'file:///x.topo', at, '0.3.1');
  assert.ok(refused && 'error' in refused && /not a valid array port name/.test(refused.error));
});

test('a quoted or dotted port name is reported, and a switch port after a colon still is one', () => {
  const quoted = analyzeDocument(design.replace('port 0:2:1 {', 'port "0:2:1" {'));
  assert.ok(quoted.modelResult.problems.some((problem) => problem.code === 'TOPO306' && /array port names/.test(problem.message)));
  const doc = analyzeDocument(design);
  assert.ok(doc.modelResult.model.links.some((link) => link.b.kind === 'switch-port' && link.b.ref.id === 'sw-a:41'));
});
