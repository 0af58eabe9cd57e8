// vSwitches as the editor meets them: completion offers a host's NICs as uplinks, its vSwitches
// after a vmk's `vswitch` and that vSwitch's uplinks after `active`, and the teaming policies;
// applying an item gives a design that builds cleanly. Hover says what the vSwitch is and which
// uplinks each vmk on it uses; the diagram draws the vmks and uplinks inside it; the formatter
// keeps it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver-types';
import { buildDiagram } from '../../../server/src/diagram/build';
import { completion } from '../../../server/src/features/completion';
import { formatDocument } from '../../../server/src/features/formatting';
import { hover } from '../../../server/src/features/hover';
import { analyzeDocument } from '../../../server/src/service/languageService';

const design = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/rules/mtu-vswitch.topo'), 'utf8');

function complete(marked: string): { items: CompletionItem[]; apply: (label: string) => string } {
  const offset = marked.indexOf('<|>');
  const text = marked.replace('<|>', '');
  const doc = analyzeDocument(text);
  const items = completion(doc, doc.lineIndex.position(offset));
  const apply = (label: string): string => {
    const item = items.find((candidate) => candidate.label === label);
    assert.ok(item?.textEdit && 'range' in item.textEdit, label);
    return text.slice(0, doc.lineIndex.offset(item.textEdit.range.start)) + item.textEdit.newText + text.slice(doc.lineIndex.offset(item.textEdit.range.end));
  };
  return { items, apply };
}

const modelErrors = (text: string) => analyzeDocument(text).problems.filter((problem) => /^TOPO/.test(problem.code) && problem.severity === 'error');

test("completion offers the host's NICs as uplinks, its vSwitches after vswitch, the vSwitch's uplinks after active", () => {
  const uplinks = complete(design.replace('vswitch vSwitch1 { uplinks vmnic2, vmnic3 }', 'vswitch vSwitch1 { uplinks vmnic2, vm<|> }'));
  assert.deepEqual(uplinks.items.map((item) => item.label), ['vmnic2', 'vmnic3']);
  assert.deepEqual(modelErrors(uplinks.apply('vmnic3')), []);

  const onVSwitch = complete(design.replace('vmk vmk2 { ip 10.50.0.12/24  mtu 9000  vswitch vSwitch1', 'vmk vmk2 { ip 10.50.0.12/24  mtu 9000  vswitch <|>'));
  assert.deepEqual(onVSwitch.items.map((item) => item.label), ['vSwitch1']);

  const active = complete(design.replace('vswitch vSwitch1  active vmnic3', 'vswitch vSwitch1  active <|>'));
  assert.deepEqual(active.items.map((item) => item.label), ['vmnic2', 'vmnic3']);
  assert.deepEqual(modelErrors(active.apply('vmnic3')), []);

  const teaming = complete(design.replace('vswitch vSwitch1 { uplinks vmnic2, vmnic3 }', 'vswitch vSwitch1 { uplinks vmnic2, vmnic3  teaming <|> }'));
  assert.deepEqual(teaming.items.map((item) => item.label), ['originating-port', 'source-mac', 'ip-hash', 'failover-order', 'physical-nic-load', 'lacp']);
});

test('hover on a vSwitch gives its type, teaming, MTU, uplinks and the vmks on it', () => {
  const doc = analyzeDocument(design);
  const at = design.indexOf('vswitch vSwitch1 { uplinks vmnic2, vmnic3 }') + 'vswitch '.length;
  const value = (hover(doc, doc.lineIndex.position(at))?.contents as { value: string }).value;
  assert.match(value, /esx01\.vSwitch1\*\* — a vSwitch/);
  assert.match(value, /standard vSwitch · teaming originating-port · MTU 1500 \(default\)/);
  assert.match(value, /uplinks: esx01\.vmnic2, esx01\.vmnic3/);
  assert.match(value, /esx01\.vmk1 \(bound\): active esx01\.vmnic2/);
});

test('hover on a distributed switch with load-based teaming says what it does', () => {
  const text = design.replace('vswitch vSwitch1 { uplinks vmnic2, vmnic3 }', 'vswitch vSwitch1 { type distributed  uplinks vmnic2, vmnic3  teaming physical-nic-load }');
  const doc = analyzeDocument(text);
  assert.deepEqual(modelErrors(text), []);
  const value = (hover(doc, doc.lineIndex.position(text.indexOf('vSwitch1 {')))?.contents as { value: string }).value;
  assert.match(value, /distributed vSwitch · teaming physical-nic-load \(load-based: a port moves off an uplink busy over 75% for 30 s\)/);
  const standard = design.replace('vswitch vSwitch1 { uplinks vmnic2, vmnic3 }', 'vswitch vSwitch1 { uplinks vmnic2, vmnic3  teaming physical-nic-load }');
  assert.deepEqual(modelErrors(standard).map((problem) => [problem.code, standard.slice(problem.span.start, problem.span.end)]), [['TOPO337', 'teaming physical-nic-load']]);
});

test("a vmk's port group overrides the vSwitch's teaming: completed, built, shown on hover, kept by the formatter", () => {
  const teaming = complete(design.replace('vswitch vSwitch1  active vmnic2  bound on', 'vswitch vSwitch1  active vmnic2  teaming <|>  bound on'));
  assert.deepEqual(teaming.items.map((item) => item.label), ['originating-port', 'source-mac', 'ip-hash', 'failover-order', 'physical-nic-load', 'lacp']);
  const text = teaming.apply('failover-order');
  assert.deepEqual(modelErrors(text), []);
  const doc = analyzeDocument(text);
  const vmk = doc.modelResult.model.hosts[0]!.vmks[0]!;
  assert.deepEqual([vmk.teaming, text.slice(vmk.teamingSpan!.start, vmk.teamingSpan!.end)], ['failover-order', 'teaming failover-order']);
  const value = (hover(doc, doc.lineIndex.position(text.indexOf('vSwitch1 {')))?.contents as { value: string }).value;
  assert.match(value, /esx01\.vmk1 \(bound\): active esx01\.vmnic2; teaming failover-order \(the port group's override\)/);
  // The longer line is laid out as a block, the override on a line of its own, and that is kept.
  const formatted = formatDocument(doc).map((edit) => edit.newText).join('');
  assert.match(formatted, /\n {4}active vmnic2\n {4}teaming failover-order\n {4}bound on\n/);
  assert.deepEqual(formatDocument(analyzeDocument(formatted)), []);
});

test('a vmk on a vSwitch without an override of its own uses the vSwitch uplinks', () => {
  const text = design.replace('vswitch vSwitch1 { uplinks vmnic2, vmnic3 }', 'vswitch vSwitch1 { uplinks vmnic2, vmnic3  standby vmnic3 }').replace('vswitch vSwitch1  active vmnic2  bound on', 'vswitch vSwitch1');
  const doc = analyzeDocument(text);
  const vmk = doc.modelResult.model.hosts[0]!.vmks[0]!;
  assert.deepEqual([vmk.active.map((ref) => ref.id), vmk.standby.map((ref) => ref.id), vmk.inheritsUplinks], [['esx01.vmnic2'], ['esx01.vmnic3'], true]);
  const value = (hover(doc, doc.lineIndex.position(text.indexOf('vSwitch1 {')))?.contents as { value: string }).value;
  assert.match(value, /esx01\.vmk1: active esx01\.vmnic2, standby esx01\.vmnic3 \(from the vSwitch\)/);
});

test('the diagram draws the vSwitch with its policy and MTU, and its vmks and uplinks inside it', () => {
  const doc = analyzeDocument(design);
  const diagram = buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: false });
  const node = diagram.nodes.find((candidate) => candidate.id === 'esx01.vSwitch1');
  assert.deepEqual([node?.kind, node?.label, node?.detail, node?.parent], ['vswitch', 'vSwitch1 (originating-port)', ['mtu 1500'], 'esx01']);
  assert.equal(node?.status.level, 'error', 'the MTU finding lands on the vSwitch');
  for (const id of ['esx01.vmnic2', 'esx01.vmnic3', 'esx01.vmk1', 'esx01.vmk2']) assert.equal(diagram.nodes.find((candidate) => candidate.id === id)?.parent, 'esx01.vSwitch1', id);
});

test('formatting keeps a vSwitch as written when it is formatted already', () => {
  const doc = analyzeDocument(design);
  assert.deepEqual(formatDocument(doc), []);
});
