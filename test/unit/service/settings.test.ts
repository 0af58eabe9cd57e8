// The server's own editor settings: a wrong value is left out with a message, and its default used.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_OUTLINE_MAX_SYMBOLS, readEditorSettings } from '../../../server/src/service/settings';

test('outline.maxSymbols is read as a whole number of symbols, 0 or more, 5,000 when not set', () => {
  assert.equal(DEFAULT_OUTLINE_MAX_SYMBOLS, 5000);
  assert.equal(readEditorSettings({}).outlineMaxSymbols, 5000);
  assert.equal(readEditorSettings(undefined).outlineMaxSymbols, 5000);
  for (const maxSymbols of [0, 1, 20_000]) {
    const settings = readEditorSettings({ outline: { maxSymbols } });
    assert.equal(settings.outlineMaxSymbols, maxSymbols);
    assert.deepEqual(settings.problems, []);
  }
});

test('a wrong outline.maxSymbols is left out with a message naming it and its value, and the default used', () => {
  for (const maxSymbols of [-1, 2.5, '100', null, Infinity, Number.NaN]) {
    const settings = readEditorSettings({ outline: { maxSymbols }, diagnostics: { debounceMs: 20 } });
    assert.equal(settings.outlineMaxSymbols, 5000, String(maxSymbols));
    assert.equal(settings.debounceMs, 20);
    assert.equal(settings.problems.length, 1);
    assert.match(settings.problems[0]!, /^'outline\.maxSymbols' must be a whole number of symbols, 0 or more, not /);
  }
  assert.match(readEditorSettings({ outline: { maxSymbols: -1 } }).problems[0]!, /not -1$/);
});
