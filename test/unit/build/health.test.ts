import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeHealth } from '../../../client/src/health';

test('a file without diagnostics reads as healthy', () => {
  const health = describeHealth('clean.topo', { errors: 0, warnings: 0, infos: 0 });
  assert.equal(health.text, '$(check) Topo: no problems');
  assert.equal(health.tooltip, 'clean.topo: no problems. Click to open the Problems view.');
});

test('the icon follows the most severe diagnostic and counts are listed most severe first', () => {
  assert.equal(describeHealth('a.topo', { errors: 1, warnings: 2, infos: 3 }).text, '$(error) Topo: 1 error, 2 warnings, 3 infos');
  assert.equal(describeHealth('a.topo', { errors: 0, warnings: 1, infos: 1 }).text, '$(warning) Topo: 1 warning, 1 info');
  assert.equal(describeHealth('a.topo', { errors: 0, warnings: 0, infos: 2 }).text, '$(info) Topo: 2 infos');
});

test('zero counts are left out of the summary', () => {
  assert.equal(describeHealth('a.topo', { errors: 2, warnings: 0, infos: 0 }).text, '$(error) Topo: 2 errors');
});

test('a file not checked yet says so instead of "no problems"', () => {
  const health = describeHealth('big.topo', { errors: 0, warnings: 0, infos: 0 }, 'first');
  assert.equal(health.text, '$(sync~spin) Topo: checking…');
  assert.equal(health.tooltip, 'big.topo: checking the design…');
});

test('while an edit is checked, the previous counts stay with a progress icon', () => {
  const health = describeHealth('a.topo', { errors: 1, warnings: 0, infos: 0 }, 'edit');
  assert.equal(health.text, '$(sync~spin) Topo: 1 error');
  assert.equal(health.tooltip, 'a.topo: checking the latest edit; before it, 1 error. Click to open the Problems view.');
});
