// Portals as the editor meets them: completion offers `portal` in an array, its modes and its
// array's ports, and portals after a session's `->`; hover says what the address does and which
// controller carries it before and after a failover; the diagram lists portals under the array and
// on the ports behind them; the formatter keeps them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildDiagram } from '../../../server/src/diagram/build';
import { completion } from '../../../server/src/features/completion';
import { formatDocument } from '../../../server/src/features/formatting';
import { hover } from '../../../server/src/features/hover';
import { analyzeDocument } from '../../../server/src/service/languageService';

const fixture = (name: string): string => readFileSync(path.resolve(import.meta.dirname, `../../fixtures/rules/${name}.topo`), 'utf8');
const group = fixture('portals-equallogic-group');
const faultDomains = fixture('portals-sc-fault-domains');
const GROUP_LINE = '  portal group { ip 10.50.0.10/24  ports cm0.eth0, cm0.eth1, cm1.eth0, cm1.eth1  mode redirect }';

function labelsAt(marked: string): string[] {
  const offset = marked.indexOf('<|>');
  const text = marked.replace('<|>', '');
  const doc = analyzeDocument(text);
  return completion(doc, doc.lineIndex.position(offset)).map((item) => item.label);
}

function hoverAt(text: string, word: string): string {
  const doc = analyzeDocument(text);
  return (hover(doc, doc.lineIndex.position(text.indexOf(word)))?.contents as { value: string }).value;
}

test('completion offers portal in an array, its properties, modes and ports, and portals in a session', () => {
  assert.ok(labelsAt(group.replace(GROUP_LINE, '  <|>')).includes('portal'));
  assert.deepEqual(labelsAt(group.replace(GROUP_LINE, '  portal group { <|> }')).sort(), ['ip', 'mode', 'ports']);
  assert.deepEqual(labelsAt(group.replace('mode redirect }', 'mode <|> }')), ['redirect', 'float', 'discovery']);
  assert.deepEqual(labelsAt(group.replace('ports cm0.eth0, cm0.eth1, cm1.eth0, cm1.eth1', 'ports <|>')), ['cm0.eth0', 'cm0.eth1', 'cm1.eth0', 'cm1.eth1']);
  assert.ok(labelsAt(group.replace('via vmk1 -> eql.group', 'via vmk1 -> <|>')).includes('eql.group'));
});

test('hover on a portal says what its address does and which controller carries it before and after a failover', () => {
  const value = hoverAt(group, 'group {');
  assert.match(value, /eql\.group\*\* — a portal/);
  assert.match(value, /10\.50\.0\.10 · group address: each login is redirected to a port of the active controller/);
  assert.match(value, /carried by eql\.cm0 while it is up, by eql\.cm1 after a failover/);
  assert.match(value, /2 paths through it, from esx01/);
  const stuck = faultDomains.replace('ports top.p1, bottom.p1  mode float', 'ports top.p1  mode float');
  assert.match(hoverAt(stuck, 'fd1-top {'), /every port is on sc\.top: a failover of sc\.top leaves it nowhere to move/);
});

test('the diagram lists portals under their array and names them on the ports behind them', () => {
  const doc = analyzeDocument(group);
  const diagram = buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: false });
  assert.ok(diagram.nodes.find((node) => node.id === 'eql')?.detail.includes('portal group 10.50.0.10/24 (redirect)'));
  assert.ok(diagram.nodes.find((node) => node.id === 'eql.cm1.eth0')?.detail.includes('portal group'));
});

test('formatting keeps portals as written when formatted already, and lays out a messy one', () => {
  assert.deepEqual(formatDocument(analyzeDocument(group)), []);
  const messy = group.replace(GROUP_LINE, '  portal   group {ip 10.50.0.10/24 ports cm0.eth0,cm0.eth1, cm1.eth0 ,cm1.eth1   mode redirect}');
  const formatted = TextDocument.applyEdits(TextDocument.create('file:///portals.topo', 'topo', 1, messy), formatDocument(analyzeDocument(messy)));
  assert.equal(formatted, group);
});
