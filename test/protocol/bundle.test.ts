// V8 keeps the source of a running script for as long as it runs: one byte per character while
// every character is Latin-1, two bytes for all of it once one is not (a comment the bundler
// keeps is enough). The server's bundle then costs twice its size for as long as the editor runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SERVER_BUNDLE } from './lspClient';

test('the server bundle is Latin-1 text, which V8 keeps at one byte per character', () => {
  const source = readFileSync(SERVER_BUNDLE, 'utf8');
  const lines = source.split('\n').flatMap((line, i) => (/[^\x00-\xff]/.test(line) ? [`${i + 1}: ${line.trim().slice(0, 80)}`] : []));
  assert.deepEqual(lines, [], 'write these characters as ASCII, or as escapes in strings');
});
