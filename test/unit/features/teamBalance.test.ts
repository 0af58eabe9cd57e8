// A team's `balance`: completion offers it and its values, the formatter keeps it, the diagram
// names it, and a misspelt value is reported with a suggestion.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildDiagram } from '../../../server/src/diagram/build';
import { completion } from '../../../server/src/features/completion';
import { formatTree } from '../../../server/src/features/formatting';
import { analyzeDocument } from '../../../server/src/service/languageService';

const design = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/rules/team-active-backup.topo'), 'utf8');

function labelsAt(marked: string): string[] {
  const offset = marked.indexOf('<|>');
  const doc = analyzeDocument(marked.replace('<|>', ''));
  return completion(doc, doc.lineIndex.position(offset)).map((item) => item.label);
}

test('completion offers balance in a team and its values after it', () => {
  assert.ok(labelsAt('host h {\n  team t0 { <|> }\n}\n').includes('balance'));
  assert.deepEqual(labelsAt('host h {\n  team t0 { balance <|> }\n}\n').sort(), ['active-backup', 'address-hash', 'dynamic']);
});

test('the formatter keeps balance and the model reads it', () => {
  const messy = design.replace('  team bond0 { members ens1, ens2  mode switch-independent  balance active-backup', '  team bond0 {members ens1,ens2 mode switch-independent balance   active-backup');
  const formatted = formatTree(messy, analyzeDocument(messy).parse.tree);
  assert.match(formatted, /balance active-backup/);
  assert.equal(analyzeDocument(formatted).modelResult.model.hosts[0]!.teams[0]!.balance, 'active-backup');
});

test('the diagram names the balancing beside the mode', () => {
  const doc = analyzeDocument(design);
  const diagram = buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: false });
  assert.equal(diagram.nodes.find((node) => node.id === 'db01.bond0')?.label, 'bond0 (switch-independent, active-backup)');
});

test('a misspelt balance is reported with the values it may take', () => {
  const doc = analyzeDocument(design.replace('balance active-backup', 'balance active-standby'));
  assert.ok(doc.problems.some((p) => p.code === 'TOPO318' && /unknown team load balancing 'active-standby'.*active-backup/.test(p.message)));
});
