// `topo drift` as a process: the fixture of each kind reported on the design's lines in the three
// formats of `topo lint`, with its exit codes and severity overrides; `topo explain` knows the rules.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv-draft-04';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SARIF_SCHEMA = path.join(ROOT, 'node_modules/@microsoft/sarif-matcher-utils/lib/schemas/sarif-2.1.0-rtm.5.json');
const fixture = (kind: string) => [`test/fixtures/drift/${kind}/design.topo`, `test/fixtures/drift/${kind}/state`];

function topo(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('topo drift', () => {
  it('reports a cable on another port on the link line, as lint reports, exit 0 for warnings', () => {
    const result = topo(['drift', ...fixture('drift-cable')]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^test\/fixtures\/drift\/drift-cable\/design\.topo$/m);
    assert.match(result.stdout, /^\s+\d+:1\s+warning\s+db01\.ens1f0 is cabled to sw-a:5 \(test\/fixtures\/drift\/drift-cable\/state\/db01\/lldpctl-keyvalue\.txt:1\), the design says sw-a:1\s+drift-cable$/m);
  });

  it('--rule makes a kind an error (exit 1) or turns it off; --max-warnings counts warnings', () => {
    assert.equal(topo(['drift', ...fixture('drift-policy'), '--rule', 'drift-policy=error']).code, 1);
    const off = topo(['drift', ...fixture('drift-policy'), '--rule', 'drift-policy=off', '--format', 'json']);
    assert.deepEqual(JSON.parse(off.stdout)[0].messages, []);
    assert.equal(topo(['drift', ...fixture('drift-policy'), '--max-warnings', '0']).code, 1);
  });

  it('--format json is ESLint-shaped and sarif validates against the SARIF 2.1.0 schema with the drift rules', () => {
    const json = JSON.parse(topo(['drift', ...fixture('drift-path-state'), '--format', 'json']).stdout);
    assert.equal(json[0].messages[0].ruleId, 'drift-path-state');
    type Sarif = { runs: Array<{ results: Array<{ ruleId: string; ruleIndex: number }>; tool: { driver: { rules: Array<{ id: string }> } } }> };
    const sarif: Sarif = JSON.parse(topo(['drift', ...fixture('drift-lag-member-down'), '--format', 'sarif']).stdout);
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const valid = ajv.validate(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')), sarif);
    assert.ok(valid, JSON.stringify(ajv.errors));
    const run = sarif.runs[0];
    assert.equal(run.results[0].ruleId, 'drift-lag-member-down');
    assert.equal(run.tool.driver.rules[run.results[0].ruleIndex].id, 'drift-lag-member-down');
  });

  it('usage errors are one line with exit code 2', () => {
    for (const [args, pattern] of [
      [['drift', 'test/fixtures/drift/drift-cable/design.topo'], /drift expects a design and the collected state/],
      [['drift', ...fixture('drift-cable'), '--rule', 'drift-cabel=off'], /unknown rule 'drift-cabel' \(did you mean 'drift-cable'\?\)/],
      [['drift', 'test/fixtures/drift/drift-cable/design.topo', 'examples'], /none of the \d+ state file\(s\) is a command output/],
    ] as const) {
      const result = topo([...args]);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, pattern);
    }
  });

  it('without state arguments, compares with the state the design\'s .topo.json names, as the editor does', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'topo-drift-cli-'));
    try {
      cpSync(path.join(ROOT, 'test/fixtures/drift/drift-cable'), dir, { recursive: true });
      writeFileSync(path.join(dir, '.topo.json'), '{ "state": "state/" }');
      const result = topo(['drift', path.join(dir, 'design.topo'), '--format', 'json']);
      assert.equal(result.code, 0, result.stderr);
      const [file] = JSON.parse(result.stdout);
      assert.deepEqual(file.messages.map((message: { ruleId: string }) => message.ruleId), ['drift-cable']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compares a design folder as a whole, each finding in the file it lies in', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'topo-drift-cli-'));
    try {
      // The fixture's design over two files: the host with its cables and sessions, and the rest.
      const text = readFileSync(path.join(ROOT, 'test/fixtures/drift/drift-cable/design.topo'), 'utf8');
      const statements = text.split(/\n(?=\S)/);
      const ofHost = (statement: string) => /^(host|link|session) db01\b/.test(statement);
      cpSync(path.join(ROOT, 'test/fixtures/drift/drift-cable/state'), path.join(dir, 'state'), { recursive: true });
      mkdirSync(path.join(dir, 'site'));
      writeFileSync(path.join(dir, 'site', 'fabric.topo'), statements.filter((statement) => !ofHost(statement)).join('\n') + '\n');
      writeFileSync(path.join(dir, 'site', 'db01.topo'), statements.filter(ofHost).join('\n') + '\n');
      writeFileSync(path.join(dir, 'site', '.topo.json'), '{ "state": "../state/" }');
      const result = topo(['drift', path.join(dir, 'site'), '--format', 'json']);
      assert.equal(result.code, 0, result.stderr);
      const files: { filePath: string; messages: { ruleId: string; line: number }[] }[] = JSON.parse(result.stdout);
      const hostFile = readFileSync(path.join(dir, 'site', 'db01.topo'), 'utf8').split('\n');
      assert.deepEqual(
        files.map((file) => [path.basename(file.filePath), file.messages.map((message) => `${hostFile[message.line - 1]}: ${message.ruleId}`)]),
        [
          ['db01.topo', ['link db01.ens1f0 -- sw-a:1: drift-cable']],
          ['fabric.topo', []],
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('topo explain lists and prints the drift rules', () => {
    assert.match(topo(['explain']).stdout, /^drift-missing-path\s+warning\s+A designed path is not logged in on the host\.$/m);
    assert.match(topo(['explain', 'drift-cable']).stdout, /^# drift-cable\n/);
  });
});
