import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySuppressions, parseSuppressions } from '../../../server/src/config/suppressions';
import type { Problem } from '../../../server/src/problem';
import { LineIndex } from '../../../server/src/syntax/lineIndex';
import { parse } from '../../../server/src/syntax/parser';

const RULE_IDS = ['single-switch', 'single-path', 'spof'];

function setup(text: string) {
  return parseSuppressions(parse(text).tree.comments, RULE_IDS, new LineIndex(text));
}

/** A rule problem starting at the first occurrence of `marker`. */
function problemAt(text: string, code: string, marker: string): Problem {
  const start = text.indexOf(marker);
  assert.ok(start >= 0, marker);
  return { code, severity: 'warning', message: code, span: { start, end: start + marker.length } };
}

describe('suppression comments', () => {
  it('disable-next-line covers the named rules on the next line only', () => {
    const text = '# topo-disable-next-line single-switch, spof -- lab\nhost a { }\nhost b { }\n';
    const problems = [
      problemAt(text, 'single-switch', 'host a'),
      problemAt(text, 'single-path', 'host a'),
      problemAt(text, 'single-switch', 'host b'),
    ];
    const { kept, suppressed, unused } = applySuppressions(problems, setup(text), new Set(RULE_IDS));
    assert.deepEqual(suppressed.map((p) => p.code), ['single-switch']);
    assert.deepEqual(kept.map((p) => [p.code, p.span.start]), [
      ['single-path', text.indexOf('host a')],
      ['single-switch', text.indexOf('host b')],
    ]);
    assert.equal(unused.length, 1);
    assert.equal(unused[0].code, 'unused-suppression');
    assert.equal(unused[0].severity, 'info');
    assert.equal(unused[0].unnecessary, true);
    assert.equal(text.slice(unused[0].span.start, unused[0].span.end), 'spof');
  });

  it('disable-line covers its own line; disable covers the whole file', () => {
    const text = 'host a { }  # topo-disable-line single-path\nhost b { }\n# topo-disable spof\n';
    const problems = [
      problemAt(text, 'single-path', 'host a'),
      problemAt(text, 'single-path', 'host b'),
      problemAt(text, 'spof', 'host b'),
    ];
    const { kept, unused } = applySuppressions(problems, setup(text), new Set(RULE_IDS));
    assert.deepEqual(kept.map((p) => p.code), ['single-path']);
    assert.equal(kept[0].span.start, text.indexOf('host b'));
    assert.deepEqual(unused, []);
  });

  it('a comment without rule ids covers every rule', () => {
    const text = '# topo-disable-next-line\nhost a { }\n';
    const { kept } = applySuppressions([problemAt(text, 'spof', 'host a')], setup(text), new Set(RULE_IDS));
    assert.deepEqual(kept, []);
  });

  it('flags unknown rule ids on the id, with a suggestion', () => {
    const text = '# topo-disable-next-line single-swich, spof\nhost a { }\n';
    const suppressions = setup(text);
    assert.equal(suppressions.problems.length, 1);
    const [problem] = suppressions.problems;
    assert.equal(problem.code, 'unknown-rule');
    assert.equal(problem.severity, 'warning');
    assert.equal(text.slice(problem.span.start, problem.span.end), 'single-swich');
    assert.match(problem.message, /did you mean 'single-switch'/);
    assert.deepEqual(suppressions.directives[0].rules.map((r) => r.id), ['spof']);
  });

  it('a comment naming only unknown ids suppresses nothing', () => {
    const text = '# topo-disable-next-line bogus\nhost a { }\n';
    const { kept } = applySuppressions([problemAt(text, 'spof', 'host a')], setup(text), new Set(RULE_IDS));
    assert.equal(kept.length, 1);
  });

  it('does not report unused suppressions of rules that are switched off', () => {
    const text = '# topo-disable spof\nhost a { }\n';
    const { unused } = applySuppressions([], setup(text), new Set(['single-path']));
    assert.deepEqual(unused, []);
  });

  it('ignores ordinary comments and look-alikes', () => {
    const text = '# disable the topo checks? no\n# topo-disabled spof\nhost a { }\n';
    assert.deepEqual(setup(text).directives, []);
  });
});
