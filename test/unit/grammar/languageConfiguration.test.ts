import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const configuration = JSON.parse(readFileSync('language-configuration.json', 'utf8'));

test('comments, brackets and auto-closing pairs that stay out of strings and comments', () => {
  assert.equal(configuration.comments.lineComment, '#');
  assert.deepEqual(configuration.brackets, [['{', '}']]);
  const pairs = configuration.autoClosingPairs as { open: string; close: string; notIn: string[] }[];
  assert.deepEqual(pairs.map((pair) => pair.open + pair.close), ['{}', '""']);
  for (const pair of pairs) assert.deepEqual(pair.notIn, ['string', 'comment']);
  assert.deepEqual(configuration.surroundingPairs, [['{', '}'], ['"', '"']]);
});

test('the word pattern keeps names, policies, paths and addresses whole', () => {
  const word = new RegExp(configuration.wordPattern, 'g');
  const words = (line: string) => line.match(word);
  assert.deepEqual(words('  policy round-robin'), ['policy', 'round-robin']);
  assert.deepEqual(words('link hv01.eth0 -- core1:7'), ['link', 'hv01.eth0', 'core1:7']);
  assert.deepEqual(words('  ip 172.24.0.10/24, fd00:10::5/64'), ['ip', '172.24.0.10/24', 'fd00:10::5/64']);
  assert.deepEqual(words('session hv01->san.vol'), ['session', 'hv01', 'san.vol']);
  assert.deepEqual(words('  members hv01.'), ['members', 'hv01']);
});

test('indentation grows after an open brace and shrinks at a closing one', () => {
  const increase = new RegExp(configuration.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(configuration.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('host hv01 {'));
  assert.ok(increase.test('  controller A {   # the first one'));
  assert.ok(!increase.test('  nic eth0 { speed 10G }'));
  assert.ok(!increase.test('  model "brace { in a string"'));
  assert.ok(!increase.test('# a comment {'));
  assert.ok(decrease.test('  }'));
  assert.ok(!decrease.test('  nic eth0 { speed 10G }'));
});
