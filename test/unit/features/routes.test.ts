// Host routes and gateways as the editor meets them: completion offers `route` in a host and its
// properties, hover says where a route leaves and which portals it reaches, the diagram writes
// routes under the host and gateways under their interfaces, the formatter keeps them.
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

const design = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/rules/routed-host-routes.topo'), 'utf8');

function labelsAt(marked: string): string[] {
  const offset = marked.indexOf('<|>');
  const text = marked.replace('<|>', '');
  const doc = analyzeDocument(text);
  return completion(doc, doc.lineIndex.position(offset)).map((item) => item.label);
}

test('completion offers route in a host, and to and gateway in a route', () => {
  assert.ok(labelsAt(design.replace('  route to-storage {', '  <|>\n  route to-storage {')).includes('route'));
  assert.deepEqual(labelsAt(design.replace('{ to 10.80.0.0/16  gateway 10.70.1.1 }', '{ <|> }')).sort(), ['gateway', 'to']);
  assert.ok(labelsAt(design.replace('nic ens1 { ip 10.70.1.12/24  speed 25G  gateway 10.70.1.1 }', 'nic ens1 { ip 10.70.1.12/24  speed 25G  <|> }')).includes('gateway'));
});

test('hover on a route names the interface it leaves through and the portals it reaches', () => {
  const doc = analyzeDocument(design);
  const value = (hover(doc, doc.lineIndex.position(design.indexOf('to-storage')))?.contents as { value: string }).value;
  assert.match(value, /lnx01\.to-storage\*\* — a route/);
  assert.match(value, /to 10\.80\.0\.0\/16 via 10\.70\.1\.1, leaving through lnx01\.ens1/);
  assert.match(value, /routed paths to st\.A\.p0/);
});

test('the diagram writes routes under the host and gateways under their interfaces', () => {
  const doc = analyzeDocument(design);
  const diagram = buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: false });
  assert.ok(diagram.nodes.find((node) => node.id === 'lnx01')?.detail.includes('route 10.80.0.0/16 via 10.70.1.1'));
  assert.ok(diagram.nodes.find((node) => node.id === 'lnx02.ens1')?.detail.includes('gw 10.70.1.1'));
  assert.ok(diagram.nodes.find((node) => node.id === 'st.A.p0')?.detail.includes('gw 10.80.1.1'));
});

test('formatting keeps routes and gateways as written when formatted already', () => {
  assert.deepEqual(formatDocument(analyzeDocument(design)), []);
  const messy = design.replace('  route to-storage { to 10.80.0.0/16  gateway 10.70.1.1 }', '  route   to-storage {to 10.80.0.0/16 gateway   10.70.1.1}');
  const formatted = TextDocument.applyEdits(TextDocument.create('file:///routes.topo', 'topo', 1, messy), formatDocument(analyzeDocument(messy)));
  assert.equal(formatted, design);
});
