// Every command-output format against its fixtures (test/fixtures/import/<format>/*): each fixture
// is recognised as its folder's format and reads to the facts and errors beside it
// (`<fixture>.expected.json`; UPDATE_EXPECTED=1 rewrites them). Then hostile input: every prefix
// cut of every fixture, binary, empty and oversized files read to located errors, never a throw.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FORMATS, MAX_OUTPUT_BYTES, readOutput } from '../../../server/src/import/read';

const ROOT = path.resolve(__dirname, '../../fixtures/import');
const update = process.env.UPDATE_EXPECTED === '1';

const fixtureFolders = readdirSync(ROOT).filter((name) => !name.startsWith('.') && !name.endsWith('.md')).sort();

describe('command-output formats', () => {
  it('every format has a fixture folder, and every folder is a format', () => {
    assert.deepEqual(fixtureFolders, FORMATS.map((format) => format.id).sort());
  });

  for (const folder of fixtureFolders) {
    for (const name of readdirSync(path.join(ROOT, folder)).filter((file) => !file.endsWith('.expected.json')).sort()) {
      it(`${folder}/${name}`, () => {
        const file = path.join(ROOT, folder, name);
        const result = readOutput(readFileSync(file));
        assert.equal(result.format, folder, `recognised as ${result.format}`);
        const actual = { facts: result.facts, errors: result.errors };
        const expectedFile = `${file}.expected.json`;
        if (update || !existsSync(expectedFile)) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
        assert.deepEqual(actual, JSON.parse(readFileSync(expectedFile, 'utf8')));
        assert.ok(result.facts.length > 0, 'the fixture yields facts');
      });
    }
  }
});

describe('hostile outputs', () => {
  const fixtures = fixtureFolders.flatMap((folder) =>
    readdirSync(path.join(ROOT, folder))
      .filter((file) => !file.endsWith('.expected.json'))
      .map((file) => readFileSync(path.join(ROOT, folder, file))),
  );

  it('every cut of every fixture reads without a throw, and every error has a line in the text', () => {
    for (const bytes of fixtures) {
      const lines = bytes.toString('utf8').split('\n').length;
      for (let end = 0; end <= bytes.length; end += Math.max(1, Math.floor(bytes.length / 40))) {
        const result = readOutput(bytes.subarray(0, end));
        for (const error of result.errors) assert.ok(error.line >= 1 && error.line <= lines, `line ${error.line} of ${lines}`);
      }
    }
  });

  it('a binary file, an empty one and one larger than any output are refused with one message', () => {
    assert.deepEqual(readOutput(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00])), { facts: [], errors: [{ line: 1, message: 'a binary file, not a command output; not read' }] });
    assert.match(readOutput(Buffer.from('  \n\n')).errors[0].message, /^empty/);
    assert.match(readOutput(Buffer.alloc(MAX_OUTPUT_BYTES + 1, 0x41)).errors[0].message, /larger than any command output/);
    assert.match(readOutput(Buffer.from('hello world\n')).errors[0].message, /not a command output the import reads/);
  });

  it('a huge output of a known format reads in one pass (linear readers)', () => {
    const row = '10.10.1.101:3260,1 iqn.2002-09.com.example:array\n';
    const result = readOutput(Buffer.from(row.repeat(200_000)));
    assert.equal(result.format, 'linux-iscsiadm-node');
    assert.equal(result.facts.length, 200_000);
  });

  it('lines built to make a regular expression backtrack read as fast as plain ones', () => {
    const nasty = [`Target: ${'a'.repeat(50_000)}`, `\tCurrent Portal: ${'1.'.repeat(50_000)}`, `${'|-'.repeat(50_000)}`, `${'x: '.repeat(50_000)}`].join('\n');
    for (const format of FORMATS) {
      const parsed = format.parse(nasty);
      assert.ok(Array.isArray(parsed.facts) && Array.isArray(parsed.errors), format.id);
    }
  });

  it('UTF-16 text, as PowerShell 5 writes with `>`, is read as text', () => {
    const text = readFileSync(path.join(ROOT, 'windows-get-mpiosetting/list.txt'), 'utf8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    assert.equal(readOutput(utf16).format, 'windows-get-mpiosetting');
  });
});
