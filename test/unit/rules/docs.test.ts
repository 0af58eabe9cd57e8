// Every rule has a doc page and every doc page a rule; each page's bad example triggers its rule
// and its good example does not, and both are valid topologies.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DRIFT_RULES } from '../../../server/src/drift';
import { RULES } from '../../../server/src/rules';
import { docExample, lint } from './lint';

const root = join(import.meta.dirname, '..', '..', '..');
const pages = readdirSync(join(root, 'docs', 'rules')).filter((name) => name.endsWith('.md') && name !== 'README.md');

describe('rule documentation', () => {
  it('has one page per rule and one rule per page', () => {
    assert.deepEqual(pages.map((name) => name.replace(/\.md$/, '')).sort(), [...RULES, ...DRIFT_RULES].map((rule) => rule.meta.id).sort());
    for (const rule of RULES) assert.equal(rule.meta.docsPath, `docs/rules/${rule.meta.id}.md`);
  });

  it('lists every rule in the index with its default severity', () => {
    const index = readFileSync(join(root, 'docs', 'rules', 'README.md'), 'utf8');
    for (const rule of [...RULES, ...DRIFT_RULES]) assert.ok(index.includes(`| [\`${rule.meta.id}\`](${rule.meta.id}.md) | ${rule.meta.defaultSeverity} |`), rule.meta.id);
  });

  it('keeps the registry sorted with unique ids and complete metadata', () => {
    const ids = RULES.map((rule) => rule.meta.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
    for (const { meta } of RULES) {
      assert.ok(meta.summary.length > 0 && !meta.summary.includes('\n'), meta.id);
      assert.ok(meta.rationale.length > 80, meta.id);
      assert.ok(meta.sources.length > 0, meta.id);
    }
  });

  for (const rule of RULES) {
    const id = rule.meta.id;
    describe(id, () => {
      const page = readFileSync(join(root, 'docs', 'rules', `${id}.md`), 'utf8');
      it('documents severity, why, how to fix, configuration and sources', () => {
        assert.ok(page.startsWith(`# ${id}\n`));
        assert.ok(page.includes(`**Default severity:** ${rule.meta.defaultSeverity}`));
        for (const heading of ['## Why', '## How to fix', '## Configuration', '## Sources']) assert.ok(page.includes(heading), heading);
        for (const fix of rule.meta.fixes) assert.ok(page.includes(`\`${fix.id}\``), fix.id);
      });
      it('has a bad example that triggers the rule', () => {
        const bad = docExample(page, 'Bad example');
        assert.ok(bad);
        const result = lint(bad);
        assert.deepEqual(result.inputErrors, []);
        assert.ok(result.problems.some((p) => p.code === id), JSON.stringify(result.problems.map((p) => p.code)));
      });
      it('has a good example that does not', () => {
        const good = docExample(page, 'Good example');
        assert.ok(good);
        const result = lint(good);
        assert.deepEqual(result.inputErrors, []);
        assert.deepEqual(result.problems.filter((p) => p.code === id).map((p) => p.message), []);
      });
    });
  }
});
