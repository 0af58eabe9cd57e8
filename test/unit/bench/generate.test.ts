// The benchmark's generated design over several files is the one-file design of the same seed:
// the same lines, and read as one design (a folder of files) the same findings on the same text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FABRIC_FILE, generateDesignFiles, generateTopology } from '../../../bench/generate';
import { DesignFiles } from '../../../server/src/service/designFiles';
import { analyzeDesign, analyzeDocument, type DocumentAnalysis } from '../../../server/src/service/languageService';

/** Each finding as the text it is on, so that findings compare across designs laid out differently. */
const findings = (document: DocumentAnalysis) =>
  document.problems
    .map((problem) => {
      const at = (span: { start: number; end: number }) => document.files.text.slice(span.start, span.end);
      return `${problem.code} ${problem.message} @ ${at(problem.span)} ${(problem.related ?? []).map((related) => at(related.span)).join(' | ')}`;
    })
    .sort();

const HOST_FILE_KEYWORDS = new Set(['host', 'os', 'multipath', 'policy', 'nic', 'team', '}', 'link']);

const statements = (text: string) => text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).sort();

describe('generateDesignFiles', () => {
  const options = { hosts: 490, seed: 42, badShare: 0.2 };
  const design = generateDesignFiles({ ...options, files: 50 });
  const single = generateTopology(options);

  it('writes a fabric file and 49 host files, sorted as a design folder reads them', () => {
    assert.equal(design.files.length, 50);
    assert.equal(design.files[0]!.name, FABRIC_FILE);
    assert.deepEqual(design.files.map((file) => file.name), [...design.files.map((file) => file.name)].sort());
    for (const file of design.files.slice(1)) {
      assert.match(file.name, /^hosts-\d\d\.topo$/);
      const keywords = new Set(statements(file.text).map((line) => line.trim().split(' ')[0]));
      assert.deepEqual([...keywords].filter((keyword) => !HOST_FILE_KEYWORDS.has(keyword)), [], `${file.name} holds hosts and their cables only`);
      assert.ok(keywords.has('host') && keywords.has('link'));
    }
    const { files: _files, ...counts } = design;
    const { text: _text, ...singleCounts } = single;
    assert.deepEqual(counts, singleCounts);
  });

  it('holds the lines of the one-file design of the same seed', () => {
    assert.deepEqual(statements(design.files.map((file) => file.text).join('\n')), statements(single.text));
  });

  it('reads as one design with the findings of the one-file design', () => {
    const split = analyzeDesign(new DesignFiles(design.files));
    const whole = analyzeDocument(single.text);
    assert.ok(whole.problems.some((problem) => problem.code === 'iscsi-over-team'), 'the bad hosts are found');
    assert.deepEqual(findings(split), findings(whole));
  });
});
