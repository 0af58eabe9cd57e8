import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkEditorSettings, loadConfig } from '../../../server/src/config/load';
import { parseJson } from '../../../server/src/config/json';

const RULE_IDS = ['single-switch', 'single-path', 'spof'];

describe('loadConfig', () => {
  it('reads rules and subnetLayout from a valid file', () => {
    const text = '{\n  "$schema": "./topo.schema.json",\n  "rules": { "spof": "off", "single-path": "error" },\n  "subnetLayout": "single"\n}\n';
    const result = loadConfig(text, '.topo.json', RULE_IDS);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.settings, {
      $schema: './topo.schema.json',
      rules: { spof: 'off', 'single-path': 'error' },
      subnetLayout: 'single',
    });
  });

  it('reads a file that starts with a byte order mark, its problems located as in the file', () => {
    const { settings, problems } = loadConfig('\ufeff{ "rules": { "spof": "loud" } }', '.topo.json', RULE_IDS);
    assert.deepEqual(settings, { rules: {} });
    assert.deepEqual(problems.map((problem) => [problem.code, problem.position.character]), [['config-invalid-value', 22]]);
  });

  it('warns about a key given twice, at the second one, and applies the last', () => {
    const text = '{\n  "rules": { "spof": "error", "spof": "off" },\n  "rules": { "single-path": "off" }\n}';
    const { settings, problems } = loadConfig(text, '.topo.json', RULE_IDS);
    assert.deepEqual(settings, { rules: { 'single-path': 'off' } });
    assert.deepEqual(
      problems.map((problem) => [problem.code, problem.severity, problem.message, problem.position.line, problem.position.character]),
      [
        ['config-duplicate-key', 'warning', "'rules' is given more than once; the last one applies", 2, 2],
        ['config-duplicate-key', 'warning', "'spof' is given more than once; the last one applies", 1, 30],
      ],
    );
  });

  it('locates a JSON syntax error by line and column', () => {
    const text = '{\n  "rules": {\n    "spof": "off",\n  }\n}';
    const { settings, problems } = loadConfig(text, '.topo.json', RULE_IDS);
    assert.deepEqual(settings, {});
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'config-syntax');
    assert.equal(problems[0].severity, 'error');
    assert.deepEqual(problems[0].position, { line: 3, character: 2 });
    assert.equal(problems[0].file, '.topo.json');
  });

  it('reports an unterminated string and a missing value where they occur', () => {
    assert.deepEqual(loadConfig('{"rules": "abc', 'x.json', RULE_IDS).problems[0].position, { line: 0, character: 10 });
    assert.deepEqual(loadConfig('{"rules": }', 'x.json', RULE_IDS).problems[0].position, { line: 0, character: 10 });
    assert.deepEqual(loadConfig('', 'x.json', RULE_IDS).problems[0].position, { line: 0, character: 0 });
  });

  it('flags an unknown key with a suggestion and keeps the rest', () => {
    const text = '{\n  "subnetLayuot": "single",\n  "rules": { "spof": "info" }\n}';
    const { settings, problems } = loadConfig(text, '.topo.json', RULE_IDS);
    assert.deepEqual(settings, { rules: { spof: 'info' } });
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'config-unknown-setting');
    assert.match(problems[0].message, /did you mean 'subnetLayout'/);
    assert.deepEqual(problems[0].position, { line: 1, character: 2 });
    assert.deepEqual(problems[0].span, { start: 4, end: 18 });
  });

  it('flags a bad severity on its value', () => {
    const text = '{ "rules": { "spof": "warn", "single-path": 2 } }';
    const { settings, problems } = loadConfig(text, '.topo.json', RULE_IDS);
    assert.deepEqual(settings, { rules: {} });
    assert.deepEqual(
      problems.map((p) => [p.code, text.slice(p.span.start, p.span.end)]),
      [
        ['config-invalid-value', '"warn"'],
        ['config-invalid-value', '2'],
      ],
    );
    assert.match(problems[0].message, /'off', 'info', 'warning', 'error'/);
  });

  it('flags an unknown rule id with "did you mean" on the key', () => {
    const text = '{ "rules": { "single-swtich": "off" } }';
    const { problems } = loadConfig(text, '.topo.json', RULE_IDS);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'unknown-rule');
    assert.equal(problems[0].severity, 'warning');
    assert.equal(text.slice(problems[0].span.start, problems[0].span.end), '"single-swtich"');
    assert.match(problems[0].message, /did you mean 'single-switch'/);
  });

  it('flags a bad subnetLayout and a non-object root', () => {
    assert.equal(loadConfig('{ "subnetLayout": "flat" }', 'f', RULE_IDS).problems[0].code, 'config-invalid-value');
    assert.equal(loadConfig('[1, 2]', 'f', RULE_IDS).problems[0].code, 'config-invalid-value');
    assert.equal(loadConfig('{ "rules": [] }', 'f', RULE_IDS).problems[0].code, 'config-invalid-value');
  });

  it('uses the registered rule ids by default', () => {
    assert.deepEqual(loadConfig('{ "rules": { "iscsi-over-team": "error" } }', 'f').problems, []);
  });

  it('never throws on hostile input', () => {
    for (const text of ['{'.repeat(5000), '"\\u12"', '{"a":1}}', '\u0000', '{"rules": {"spof": "off",}}', '-']) {
      const result = loadConfig(text, 'f', RULE_IDS);
      assert.ok(result.problems.length > 0, text.slice(0, 20));
    }
  });
});

describe('parseJson', () => {
  it('keeps spans of keys and values', () => {
    const result = parseJson('{"a": [1, true, null, "x\\n"]}');
    assert.ok(result.ok);
    assert.equal(result.value.type, 'object');
    if (result.value.type !== 'object') return;
    assert.deepEqual(result.value.members[0].keySpan, { start: 1, end: 4 });
    const array = result.value.members[0].value;
    assert.equal(array.type, 'array');
    if (array.type === 'array') assert.deepEqual(array.items.map((item) => item.type), ['number', 'boolean', 'null', 'string']);
  });
});

describe('checkEditorSettings', () => {
  it('keeps valid entries, ignores other keys of the section and names bad ones', () => {
    const { settings, problems } = checkEditorSettings(
      { rules: { spof: 'off', nope: 'error', 'single-path': 'loud' }, subnetLayout: 'single', trace: { server: 'off' } },
      RULE_IDS,
    );
    assert.deepEqual(settings, { rules: { spof: 'off' }, subnetLayout: 'single' });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /unknown rule 'nope'/);
    assert.match(problems[1], /rule 'single-path' must be set to one of/);
  });

  it('treats missing settings as empty', () => {
    assert.deepEqual(checkEditorSettings(undefined, RULE_IDS), { settings: {}, problems: [] });
  });
});

describe('loadConfig: state', () => {
  it('reads one path or a list, with where each is written', () => {
    const one = loadConfig('{ "state": "state/" }', '.topo.json', RULE_IDS);
    assert.deepEqual([one.settings, one.problems, one.stateSpans], [{ state: ['state/'] }, [], [{ start: 11, end: 19 }]]);
    const list = loadConfig('{ "state": ["a", "b/"] }', '.topo.json', RULE_IDS);
    assert.deepEqual(list.settings.state, ['a', 'b/']);
    assert.deepEqual(list.stateSpans, [{ start: 12, end: 15 }, { start: 17, end: 21 }]);
  });

  it('leaves out an entry that is no path, at the entry, and keeps the others', () => {
    const { settings, problems, stateSpans } = loadConfig('{ "state": ["a", 3, ""] }', '.topo.json', RULE_IDS);
    assert.deepEqual(settings.state, ['a']);
    assert.deepEqual(stateSpans, [{ start: 12, end: 15 }]);
    assert.deepEqual(
      problems.map((problem) => [problem.code, problem.position.character, problem.message]),
      [
        ['config-invalid-value', 17, "'state' must name the files or folders of collected command outputs (a path or a list of paths), not 3"],
        ['config-invalid-value', 20, "'state' must name the files or folders of collected command outputs (a path or a list of paths), not an empty path"],
      ],
    );
  });

  it('warns about an empty list', () => {
    const { settings, problems } = loadConfig('{ "state": [] }', '.topo.json', RULE_IDS);
    assert.deepEqual(settings.state, []);
    assert.deepEqual(problems.map((problem) => [problem.severity, problem.message]), [['warning', "'state' lists no file or folder; no drift is checked"]]);
  });
});
