import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyWord } from '../../../server/src/syntax/lexer';
import { lex } from './tokenObjects';
import { SyntaxCode } from '../../../server/src/syntax/tokens';
import type { ValueKind } from '../../../server/src/syntax/tree';

const classification: [string, ValueKind][] = [
  ['eth0', 'ident'],
  ['round-robin', 'ident'],
  ['windows-server-2022', 'ident'],
  ['_spare', 'ident'],
  ['A', 'ident'],
  ['a--b', 'ident'],
  ['9000', 'number'],
  ['10G', 'number'],
  ['2.5G', 'number'],
  ['4T', 'number'],
  ['500G', 'number'],
  ['100M', 'number'],
  ['10Gb', 'number'],
  ['100Mb', 'number'],
  ['7', 'number'],
  ['10X', 'number'],
  ['172.24.0.10/24', 'address'],
  ['10.0.0.1', 'address'],
  ['999.1.1.1/99', 'address'],
  ['fd00:10::5/64', 'address'],
  ['fe80::1', 'address'],
  ['::', 'address'],
  ['::1', 'address'],
  ['2001:db8:0:0:0:0:0:1', 'address'],
  ['::ffff:192.0.2.1', 'address'],
  ['2001:DB8::/32', 'address'],
  ['10:00:00:00:c9:12:34:56', 'wwpn'],
  ['50:06:01:60:47:E0:1B:2C', 'wwpn'],
  ['hv01.eth0', 'path'],
  ['eonstor.A.ch0', 'path'],
  ['core1:7', 'path'],
  ['core1:Ethernet1/7', 'path'],
  ['mds-a:fc1/17', 'path'],
  ['esxi-8.0', 'path'],
  ['dead:beef', 'path'],
  ['Ethernet1/7', 'word'],
  ['10.0.0', 'word'],
  ['1:2:3', 'word'],
  ['fe80:::1', 'word'],
  ['1::2::3', 'word'],
  ['10.0.0.1/', 'word'],
  ['hv01.', 'word'],
  ['a..b', 'word'],
  ['/24', 'word'],
  ['10:00:00:00:c9:12:34', 'word'],
];

function kinds(text: string): string[] {
  return lex(text).tokens.map((token) => token.kind);
}

describe('classifyWord', () => {
  for (const [text, kind] of classification) {
    it(`${text} is ${kind}`, () => assert.equal(classifyWord(text), kind));
  }
});

describe('lex', () => {
  it('produces punctuation, words, strings, comments and eof with spans', () => {
    const { tokens, errors } = lex('link a -- b { x 1, 2; } # c\nsession h -> t');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      tokens.map((token) => [token.kind, token.text, token.span.start, token.span.end]),
      [
        ['word', 'link', 0, 4],
        ['word', 'a', 5, 6],
        ['dash2', '--', 7, 9],
        ['word', 'b', 10, 11],
        ['lbrace', '{', 12, 13],
        ['word', 'x', 14, 15],
        ['word', '1', 16, 17],
        ['comma', ',', 17, 18],
        ['word', '2', 19, 20],
        ['semicolon', ';', 20, 21],
        ['rbrace', '}', 22, 23],
        ['comment', '# c', 24, 27],
        ['word', 'session', 28, 35],
        ['word', 'h', 36, 37],
        ['arrow', '->', 38, 40],
        ['word', 't', 41, 42],
        ['eof', '', 42, 42],
      ],
    );
  });

  it('classifies words as it lexes them', () => {
    const { tokens } = lex('eth0 10G 10.0.0.1/24 10:00:00:00:c9:12:34:56 hv01.eth0 "s" Ethernet1/7');
    assert.deepEqual(
      tokens.map((token) => token.valueKind),
      ['ident', 'number', 'address', 'wwpn', 'path', 'string', 'word', undefined],
    );
  });

  it('keeps hyphens inside words but splits an arrow off a word', () => {
    assert.deepEqual(kinds('a--b'), ['word', 'eof']);
    assert.deepEqual(kinds('hv01->eonstor'), ['word', 'arrow', 'word', 'eof']);
    assert.deepEqual(kinds('a --b'), ['word', 'dash2', 'word', 'eof']);
  });

  it('unescapes strings and keeps other backslashes', () => {
    const { tokens, errors } = lex(String.raw`"say \"hi\" \\ C:\temp"`);
    assert.deepEqual(errors, []);
    assert.equal(tokens[0].text, 'say "hi" \\ C:\\temp');
    assert.deepEqual(tokens[0].span, { start: 0, end: 23 });
  });

  it('ends an unterminated string at the end of its line', () => {
    const { tokens, errors } = lex('model "EonStor\r\nnext');
    assert.deepEqual(
      tokens.map((token) => [token.kind, token.text]),
      [
        ['word', 'model'],
        ['string', 'EonStor'],
        ['word', 'next'],
        ['eof', ''],
      ],
    );
    assert.deepEqual(
      errors.map((error) => [error.code, error.span]),
      [[SyntaxCode.UnterminatedString, { start: 6, end: 14 }]],
    );
  });

  it('treats CRLF and CR as white space and ends comments before them', () => {
    const { tokens } = lex('# one\r\nhost\ra # two\r\n');
    assert.deepEqual(
      tokens.map((token) => [token.kind, token.text]),
      [
        ['comment', '# one'],
        ['word', 'host'],
        ['word', 'a'],
        ['comment', '# two'],
        ['eof', ''],
      ],
    );
  });

  it('reports one error per run of unexpected characters and skips them', () => {
    const { tokens, errors } = lex('a @@@ b ! - c \u200b');
    assert.deepEqual(
      tokens.map((token) => token.text),
      ['a', 'b', 'c', ''],
    );
    assert.deepEqual(
      errors.map((error) => [error.code, error.span.start, error.span.end]),
      [
        [SyntaxCode.UnexpectedCharacter, 2, 5],
        [SyntaxCode.UnexpectedCharacter, 8, 9],
        [SyntaxCode.UnexpectedCharacter, 10, 11],
        [SyntaxCode.UnexpectedCharacter, 14, 15],
      ],
    );
  });

  it('accepts letters outside ASCII and counts surrogate pairs as one character run', () => {
    const { tokens, errors } = lex('host café 😀');
    assert.deepEqual(tokens[1], { kind: 'word', text: 'café', span: { start: 5, end: 9 }, valueKind: 'ident' });
    assert.deepEqual(
      errors.map((error) => error.span),
      [{ start: 10, end: 12 }],
    );
  });

  // Speed is the benchmark's to measure; the timeouts only stop a lexer that hangs.
  it('lexes a 1 MB single line', { timeout: 60_000 }, () => {
    const line = 'host h { nic e0 { speed 10G ip 10.0.0.1/24 } } '.repeat(22000);
    const { tokens, errors } = lex(line);
    assert.deepEqual(errors, []);
    assert.equal(tokens.length, 12 * 22000 + 1);
  });

  it('lexes a 1 MB word, string and garbage run', { timeout: 60_000 }, () => {
    for (const text of ['a'.repeat(1 << 20), `"${'x'.repeat(1 << 20)}`, '@'.repeat(1 << 20), '1:'.repeat(1 << 19)]) {
      const { tokens } = lex(text);
      assert.ok(tokens.length <= 2);
    }
  });
});
