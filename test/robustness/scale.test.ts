// Inputs far larger than a real design, through the pure stages and the CLI's formatters: they
// must finish, within a bound that only a super-linear step would miss, and never overflow the
// stack (a spread of a huge array into Math.max or push passes one argument per element).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/config/schema';
import { loadConfig, MAX_CONFIG_PROBLEMS } from '../../server/src/config/load';
import { buildDiagram } from '../../server/src/diagram/build';
import { analyzeDocument } from '../../server/src/service/languageService';
import { formatText } from '../../server/src/cli/format/text';
import type { FileResult, LintMessage } from '../../server/src/cli/lint';

/** Linear work here takes under a second alone and a few seconds on a busy machine; the quadratic status merging took 40 s. */
const SCALE_BOUND_MS = 30_000;

function bounded<T>(work: () => T): T {
  const start = performance.now();
  const result = work();
  const ms = performance.now() - start;
  assert.ok(ms < SCALE_BOUND_MS, `took ${ms.toFixed(0)} ms (bound ${SCALE_BOUND_MS} ms)`);
  return result;
}

describe('robustness: inputs at scale', () => {
  it('the text formatter prints 200,000 problems of one file', () => {
    const message: LintMessage = {
      line: 1, column: 1, endLine: 1, endColumn: 5, code: 'TOPO301', severity: 'warning', message: 'a problem', fatal: false, related: [],
    };
    const messages = Array.from({ length: 200_000 }, (_, i) => ({ ...message, line: i + 1 }));
    const results: FileResult[] = [{ file: '/designs/huge.topo', messages }];
    const text = formatText(results, { cwd: '/designs', color: false });
    assert.match(text, /^huge\.topo$/m);
    assert.match(text, /^ {2}200000:1 {2}warning {2}a problem {2}TOPO301$/m);
    assert.match(text, /✖ 200000 problems \(0 errors, 200000 warnings, 0 infos\)/);
  });

  it('the diagram merges 40,000 distinct problems on one team in linear time', () => {
    const members = Array.from({ length: 40_000 }, (_, i) => `e${i}`).join(', ');
    const doc = analyzeDocument(`host h {\n  team t0 { members ${members}  mode lacp }\n}\n`, DEFAULT_SETTINGS);
    assert.ok(doc.problems.length >= 40_000, `${doc.problems.length} problems`);
    const diagram = bounded(() => buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: true }));
    const flagged = diagram.nodes.find((node) => node.status.messages.length > 1);
    assert.ok(flagged, 'the problems are merged onto a node');
    assert.ok(flagged.status.messages.at(-1)!.message.match(/… and \d+ more/), JSON.stringify(flagged.status.messages.at(-1)));
  });

  it('a settings file with 50,000 unknown rule ids lists the first problems and counts the rest', () => {
    const rules = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`rule-${i}`, 'off']));
    const text = JSON.stringify({ rules: { ...rules, 'single-switch': 'loud' } }, null, 1);
    const { problems } = bounded(() => loadConfig(text, '.topo.json'));
    assert.equal(problems.length, MAX_CONFIG_PROBLEMS + 1);
    assert.match(problems[0]!.message, /^unknown rule 'rule-0'/);
    const last = problems.at(-1)!;
    assert.equal(last.message, `${50_001 - MAX_CONFIG_PROBLEMS} more problems from here on are not listed`);
    assert.equal(last.severity, 'error', 'an error among the unlisted problems keeps the summary an error');
    assert.equal(last.position.line, MAX_CONFIG_PROBLEMS + 2);
  });
});
