// The built `topo` command (dist/cli.js, from `node esbuild.mjs`) run as a process: exit codes,
// the three lint formats, configuration, render, explain and the language server on stdio.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv-draft-04';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { generateTopology } from '../../bench/generate';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLES = path.join(ROOT, 'examples');
const SERVERFAULT = path.join(EXAMPLES, 'serverfault-lacp-team.topo');
const SARIF_SCHEMA = path.join(ROOT, 'node_modules/@microsoft/sarif-matcher-utils/lib/schemas/sarif-2.1.0-rtm.5.json');

const temp = mkdtempSync(path.join(tmpdir(), 'topo-cli-'));
after(() => rmSync(temp, { recursive: true, force: true }));

function topo(args: string[], cwd = ROOT) {
  // A bound, so that a command that hangs (reading a FIFO) fails its test instead of the run.
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(temp, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/** A usage error: exit 2, exactly one line on stderr, no stack trace. */
function assertUsageError(result: ReturnType<typeof topo>, pattern: RegExp) {
  assert.equal(result.code, 2, result.stderr);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
}

const SYNTAX_ERROR = 'host h1 {\n  nic eth0 { speed 10G \n';

describe('topo lint', () => {
  it('reports the serverfault example in stylish text with rule ids and line:col, exit 0 for warnings', () => {
    const result = topo(['lint', 'examples/serverfault-lacp-team.topo']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^examples\/serverfault-lacp-team\.topo$/m);
    assert.match(result.stdout, /^\s+\d+:\d+\s+warning\s+.+\s+iscsi-over-team$/m);
    assert.match(result.stdout, /single-switch/);
    assert.match(result.stdout, /✖ \d+ problems \(0 errors, \d+ warnings, \d+ infos?\)/);
    assert.doesNotMatch(result.stdout, /\x1b\[/);
  });

  it('checks every example of a folder (the default is the current folder)', () => {
    const result = topo(['lint'], EXAMPLES);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /serverfault-lacp-team\.topo/);
    assert.match(result.stdout, /infortrend-trunk-mcs\.topo/);
  });

  it('expands globs', () => {
    const result = topo(['lint', '--format', 'json', 'examples/serverfault-*.topo']);
    const files = JSON.parse(result.stdout).map((entry: { filePath: string }) => entry.filePath);
    assert.deepEqual(files, [SERVERFAULT]);
  });

  it('prints ESLint JSON: absolute paths, 1-based positions, counts', () => {
    const result = topo(['lint', '--format', 'json', SERVERFAULT]);
    assert.equal(result.code, 0);
    const [entry] = JSON.parse(result.stdout);
    assert.equal(entry.filePath, SERVERFAULT);
    assert.equal(entry.errorCount, 0);
    assert.equal(entry.warningCount, entry.messages.filter((m: { severity: number }) => m.severity === 1).length - entry.infoCount);
    const team = entry.messages.find((m: { ruleId: string }) => m.ruleId === 'iscsi-over-team');
    const teamLine = readFileSync(SERVERFAULT, 'utf8').split('\n').findIndex((line) => line.trimStart().startsWith('team team0')) + 1;
    assert.equal(team.severity, 1);
    assert.equal(team.line, teamLine);
    assert.equal(team.column, 3);
    assert.ok(team.endLine >= team.line && team.endColumn > 0);
    assert.equal(team.fatal, undefined);
  });

  it('marks syntax errors fatal and exits 1', () => {
    const file = tempFile('syntax/broken.topo', SYNTAX_ERROR);
    const result = topo(['lint', '--format', 'json', file]);
    assert.equal(result.code, 1);
    const [entry] = JSON.parse(result.stdout);
    const syntaxErrors = entry.messages.filter((message: { ruleId: string }) => /^TOPO2\d\d$/.test(message.ruleId));
    assert.ok(syntaxErrors.length > 0);
    for (const message of syntaxErrors) {
      assert.equal(message.severity, 2);
      assert.equal(message.fatal, true);
      assert.equal(message.line, 2);
    }
    for (const message of entry.messages.filter((candidate: { ruleId: string }) => !syntaxErrors.includes(candidate))) assert.equal(message.fatal, undefined, message.ruleId);
    assert.equal(entry.fatalErrorCount, syntaxErrors.length);
  });

  it('writes SARIF 2.1.0 that validates against the schema', () => {
    const result = topo(['lint', '--format', 'sarif', '--docs-base-url', 'https://example.org/rules', 'examples']);
    assert.equal(result.code, 0, result.stderr);
    const log = JSON.parse(result.stdout);
    // The schema's language pattern is not valid in unicode mode, hence unicodeRegExp: false.
    const ajv = new Ajv({ strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile<unknown>(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
    const valid = validate(JSON.parse(result.stdout));
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 3)));
    const [run] = log.runs;
    const rules = run.tool.driver.rules;
    assert.equal(run.tool.driver.name, 'topo');
    assert.equal(run.tool.driver.version, JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    const team = rules.find((rule: { id: string }) => rule.id === 'iscsi-over-team');
    assert.equal(team.helpUri, 'https://example.org/rules/iscsi-over-team.md');
    assert.match(team.help.markdown, /^# iscsi-over-team/);
    assert.equal(team.defaultConfiguration.level, 'warning');
    const finding = run.results.find((r: { ruleId: string }) => r.ruleId === 'iscsi-over-team');
    assert.equal(rules[finding.ruleIndex].id, 'iscsi-over-team');
    assert.equal(finding.level, 'warning');
    const location = finding.locations[0].physicalLocation;
    assert.deepEqual(location.artifactLocation, { uri: 'examples/serverfault-lacp-team.topo', uriBaseId: '%SRCROOT%' });
    assert.ok(location.region.startLine >= 1 && location.region.startColumn >= 1);
  });

  it('links rule help to the installed pages without --docs-base-url', () => {
    const log = JSON.parse(topo(['lint', '--format', 'sarif', SERVERFAULT]).stdout);
    const rule = log.runs[0].tool.driver.rules[0];
    assert.match(rule.helpUri, new RegExp(`^file://.*/docs/rules/${rule.id}\\.md$`));
  });

  it('turns a rule off with --rule', () => {
    const result = topo(['lint', '--rule', 'single-switch=off', SERVERFAULT]);
    assert.equal(result.code, 0);
    assert.doesNotMatch(result.stdout, /single-switch/);
    assert.match(result.stdout, /iscsi-over-team/);
  });

  it('exits 1 when --rule raises a finding to error', () => {
    const result = topo(['lint', '--rule', 'iscsi-over-team=error', SERVERFAULT]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /error\s+.+iscsi-over-team/);
  });

  it('exits 1 with more warnings than --max-warnings', () => {
    assert.equal(topo(['lint', '--max-warnings', '0', SERVERFAULT]).code, 1);
    assert.equal(topo(['lint', '--max-warnings', '100', SERVERFAULT]).code, 0);
  });

  it('reads the nearest .topo.json and --config', () => {
    const design = tempFile('configured/sub/design.topo', readFileSync(SERVERFAULT, 'utf8'));
    tempFile('configured/.topo.json', JSON.stringify({ rules: { 'iscsi-over-team': 'off' } }));
    const nearest = topo(['lint', design]);
    assert.equal(nearest.code, 0);
    assert.doesNotMatch(nearest.stdout, /iscsi-over-team/);
    const explicit = tempFile('explicit.json', JSON.stringify({ rules: { 'single-switch': 'error' } }));
    const withConfig = topo(['lint', '--config', explicit, design]);
    assert.equal(withConfig.code, 1);
    assert.match(withConfig.stdout, /iscsi-over-team/);
  });

  it('prints config problems located; an invalid value is exit 2', () => {
    const design = tempFile('badconfig/design.topo', readFileSync(SERVERFAULT, 'utf8'));
    tempFile('badconfig/.topo.json', '{\n  "rules": { "single-switch": "loud" }\n}\n');
    const result = topo(['lint', design]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /\.topo\.json:2:\d+: error: rule 'single-switch' must be set to one of/);
  });

  it('rejects bad input with one line and exit 2', () => {
    mkdirSync(path.join(temp, 'empty'), { recursive: true });
    assertUsageError(topo(['lint', 'missing.topo']), /no such file or folder: 'missing\.topo'/);
    assertUsageError(topo(['lint', path.join(temp, 'empty')]), /no \.topo files in folder/);
    assertUsageError(topo(['lint', 'examples/*.nothing']), /no \.topo files match/);
    assertUsageError(topo(['lint', '--rule', 'single-swich=off', SERVERFAULT]), /unknown rule 'single-swich' \(did you mean 'single-switch'\?\)/);
    assertUsageError(topo(['lint', '--rule', 'single-switch=loud', SERVERFAULT]), /unknown severity 'loud'/);
    assertUsageError(topo(['lint', '--format', 'xml', SERVERFAULT]), /unknown format 'xml'/);
    assertUsageError(topo(['lint', '--frmat', 'json']), /unknown option '--frmat'/i);
    assertUsageError(topo(['lint', '--max-warnings', 'many', SERVERFAULT]), /--max-warnings expects a whole number/);
    assertUsageError(topo(['lnt']), /unknown command 'lnt' \(did you mean 'lint'\?\)/);
    const binary = tempFile('binary.topo', Buffer.from([0x68, 0x6f, 0x73, 0x74, 0x00, 0xff, 0x00]));
    assertUsageError(topo(['lint', binary]), /is a binary file/);
  });

  it('refuses files that cannot be designs with one line and exit 2', () => {
    assertUsageError(topo(['lint', tempFile('hostile/empty.topo', '')]), /'.*empty\.topo' is empty: there is no design to check/);
    assertUsageError(topo(['lint', tempFile('hostile/blank.topo', '\ufeff \n\t\n')]), /is empty/);
    assertUsageError(topo(['render', tempFile('hostile/empty-render.topo', ''), '-o', path.join(temp, 'x.svg')]), /is empty/);
    // A 40 MB sparse file: refused from its size alone, without reading it.
    const enormous = tempFile('hostile/enormous.topo', '');
    truncateSync(enormous, 40 * 1024 * 1024);
    assertUsageError(topo(['lint', enormous]), /is 40 MB; designs larger than 32 MB are not read/);
    const dangling = path.join(temp, 'hostile/dangling.topo');
    symlinkSync(path.join(temp, 'hostile/nowhere.topo'), dangling);
    assertUsageError(topo(['lint', dangling]), /no such file/);
    const fifo = path.join(temp, 'hostile/pipe.topo');
    spawnSync('mkfifo', [fifo]);
    assertUsageError(topo(['lint', fifo]), /'.*pipe\.topo' is not a regular file/);
  });

  it('says a UTF-16 design or settings file is UTF-16, with or without a byte order mark, and asks for UTF-8', () => {
    const utf16 = (bom: boolean) => Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from('host h1 { }\n', 'utf16le')]);
    assertUsageError(topo(['lint', tempFile('utf16/bom.topo', utf16(true))]), /'.*bom\.topo' is UTF-16LE text; save it as UTF-8/);
    assertUsageError(topo(['lint', tempFile('utf16/plain.topo', utf16(false))]), /'.*plain\.topo' is UTF-16LE text; save it as UTF-8/);
    const config = tempFile('utf16/settings.json', Buffer.from('\ufeff{ "rules": {} }', 'utf16le'));
    assertUsageError(topo(['lint', '--config', config, SERVERFAULT]), /config '.*settings\.json' is UTF-16LE text; save it as UTF-8/);
  });

  it('follows symbolic links to designs and folders inside a linted folder, each folder once, never one that holds it', () => {
    const real = tempFile('linked-real/design.topo', readFileSync(SERVERFAULT, 'utf8'));
    const folder = path.join(temp, 'linking');
    mkdirSync(folder, { recursive: true });
    symlinkSync(real, path.join(folder, 'linked.topo'));
    symlinkSync(path.dirname(real), path.join(folder, 'linked-folder'));
    symlinkSync(folder, path.join(folder, 'loop'));
    symlinkSync(temp, path.join(folder, 'parent'));
    symlinkSync('/', path.join(folder, 'root'));
    const result = topo(['lint', '--format', 'json', folder]);
    const reports = JSON.parse(result.stdout) as { filePath: string }[];
    assert.deepEqual(
      reports.map((report) => path.relative(folder, report.filePath)).sort(),
      ['linked-folder/design.topo', 'linked.topo'],
    );
  });

  it('refuses a --config or .topo.json that is a device, a FIFO or too large, by name', () => {
    const design = tempFile('config-hostile/design.topo', readFileSync(SERVERFAULT, 'utf8'));
    assertUsageError(topo(['lint', '--config', '/dev/zero', design]), /config '\/dev\/zero' is not a regular file/);
    const fifo = path.join(temp, 'config-hostile/fifo.json');
    spawnSync('mkfifo', [fifo]);
    assertUsageError(topo(['lint', '--config', fifo, design]), /config '.*fifo\.json' is not a regular file/);
    const large = tempFile('config-hostile/large.json', '');
    truncateSync(large, 30 * 1024 * 1024);
    assertUsageError(topo(['lint', '--config', large, design]), /config '.*large\.json' is 30 MB; settings files larger than 256 KB are not read/);
    spawnSync('mkfifo', [path.join(temp, 'config-hostile/.topo.json')]);
    assertUsageError(topo(['lint', design]), /config '.*\.topo\.json' is not a regular file/);
  });

  it('reads a .topo.json with a byte order mark and warns about a key given twice', () => {
    const design = tempFile('config-bom/design.topo', readFileSync(SERVERFAULT, 'utf8'));
    tempFile('config-bom/.topo.json', '\ufeff{\n  "rules": { "iscsi-over-team": "error", "iscsi-over-team": "off" }\n}\n');
    const result = topo(['lint', '--format', 'json', design]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /\.topo\.json:2:42: warning: 'iscsi-over-team' is given more than once; the last one applies/);
    assert.doesNotMatch(result.stdout, /iscsi-over-team/);
  });

  it('checks a multi-MB design and reports on it like any other', () => {
    const large = tempFile('large/design.topo', generateTopology({ hosts: 5000, seed: 1 }).text);
    const result = topo(['lint', '--format', 'json', large]);
    const [report] = JSON.parse(result.stdout) as { filePath: string; errorCount: number; warningCount: number }[];
    assert.equal(report!.filePath, large);
    assert.ok(report!.warningCount > 0);
    assert.equal(result.code, report!.errorCount > 0 ? 1 : 0, result.stderr);
  });
});

describe('a design folder (a .topo.json beside its files)', () => {
  const SITE = path.join(EXAMPLES, 'site-a');

  it('lints the folder as one design, each problem in its own file, related locations in others', () => {
    const text = topo(['lint', 'examples/site-a']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^examples\/site-a\/cluster-db\.topo\n(  .+\n)+\n✖ 4 problems/m);
    assert.match(text.stdout, /^  7:1 +warning +all 4 paths from db01 to pure\.db-data cross switch sw-a: .+single-switch$/m);
    assert.doesNotMatch(text.stdout, /TOPO3/, 'every name resolves across the files');
    const sarif = JSON.parse(topo(['lint', '--format', 'sarif', 'examples/site-a']).stdout);
    const finding = sarif.runs[0].results.find((result: { ruleId: string }) => result.ruleId === 'single-switch');
    assert.equal(finding.locations[0].physicalLocation.artifactLocation.uri, 'examples/site-a/cluster-db.topo');
    const related = finding.relatedLocations[0].physicalLocation;
    assert.equal(related.artifactLocation.uri, 'examples/site-a/fabric.topo');
    const fabric = readFileSync(path.join(SITE, 'fabric.topo'), 'utf8').split('\n');
    assert.equal(fabric[related.region.startLine - 1], 'switch sw-a {');
  });

  it('lints a file named alone as part of its design, and reports that file', () => {
    const result = topo(['lint', '--format', 'json', 'examples/site-a/cluster-hv.topo']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), [
      { filePath: path.join(SITE, 'cluster-hv.topo'), messages: [], errorCount: 0, warningCount: 0, fatalErrorCount: 0, infoCount: 0 },
    ]);
  });

  it('reports a name defined in two files of a design on both, and keeps a sub-folder with its own .topo.json apart', () => {
    tempFile('twice/.topo.json', '{}');
    tempFile('twice/a.topo', 'switch core {\n  mtu 9216\n}\n');
    tempFile('twice/b.topo', '\nswitch core {\n  mtu 9216\n}\n');
    tempFile('twice/other/.topo.json', '{}');
    tempFile('twice/other/c.topo', 'switch core {\n  mtu 9216\n}\n');
    const result = topo(['lint', '--format', 'json', path.join(temp, 'twice')]);
    assert.equal(result.code, 1, result.stderr);
    const found = JSON.parse(result.stdout).map((entry: { filePath: string; messages: { ruleId: string; line: number }[] }) => [
      path.relative(temp, entry.filePath),
      entry.messages.map((message) => `${message.line} ${message.ruleId}`),
    ]);
    assert.deepEqual(found, [
      ['twice/a.topo', ['1 TOPO303']],
      ['twice/b.topo', ['2 TOPO303']],
      ['twice/other/c.topo', []],
    ]);
  });

  it('refuses a design one of whose files cannot be read, naming that file, whichever file is named', () => {
    tempFile('unreadable/.topo.json', '{}');
    tempFile('unreadable/fabric.topo', 'switch core {\n  mtu 9216\n}\n');
    tempFile('unreadable/hosts.topo', Buffer.from([0x68, 0x6f, 0x73, 0x74, 0x00, 0xff, 0x00]));
    for (const args of [['lint', path.join(temp, 'unreadable')], ['lint', path.join(temp, 'unreadable/fabric.topo')], ['drift', path.join(temp, 'unreadable'), 'examples']]) {
      assertUsageError(topo(args), /'.*unreadable\/hosts\.topo' is a binary file, not a design/);
    }
  });

  it('renders and reports the folder as one design', () => {
    const out = path.join(temp, 'site-a.svg');
    const render = topo(['render', 'examples/site-a', '-o', out]);
    assert.equal(render.code, 0, render.stderr);
    const svg = readFileSync(out, 'utf8');
    for (const name of ['hv01', 'db02', 'sw-b', 'pure']) assert.match(svg, new RegExp(`>${name}<`));
    assert.doesNotMatch(svg, /class="[^"]*other-file/, 'a folder has no file of its own to emphasise');
    const fromFile = topo(['render', 'examples/site-a/arrays.topo', '-o', out]);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    const fileSvg = readFileSync(out, 'utf8');
    assert.match(fileSvg, /<g class="[^"]*\bother-file\b[^"]*" data-id="db02">/, 'the other files’ elements are faded');
    assert.match(fileSvg, /<g class="node kind-array [^"]*" data-id="pure">/);
    assert.doesNotMatch(fileSvg, /<g class="[^"]*\bother-file\b[^"]*" data-id="pure">/, 'the named file’s elements are drawn as usual');
    mkdirSync(path.join(temp, 'loose'), { recursive: true });
    tempFile('loose/one.topo', 'switch s {}\n');
    assertUsageError(topo(['render', path.join(temp, 'loose'), '-o', out]), /is a folder without a \.topo\.json/);
    const report = topo(['report', '--format', 'json', 'examples/site-a']);
    assert.equal(report.code, 0, report.stderr);
    const reports = JSON.parse(report.stdout);
    assert.equal(reports.length, 1);
    assert.match(JSON.stringify(reports[0]), /db01/);
    assert.match(JSON.stringify(reports[0]), /hv02/);
  });
});

describe('topo --help, --version, explain', () => {
  it('prints usage and the version', () => {
    const help = topo(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: topo <command>/);
    assert.match(help.stdout, /Exit codes/);
    const version = topo(['--version']);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('prints a rule page and lists the rules', () => {
    const result = topo(['explain', 'iscsi-over-team']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, readFileSync(path.join(ROOT, 'docs/rules/iscsi-over-team.md'), 'utf8'));
    assert.match(topo(['explain']).stdout, /^single-switch\s+warning\s+/m);
    assertUsageError(topo(['explain', 'iscsi-over-tem']), /did you mean 'iscsi-over-team'/);
  });
});

describe('topo render', () => {
  it('draws an SVG with the host names', () => {
    const out = path.join(temp, 'serverfault.svg');
    const result = topo(['render', SERVERFAULT, '-o', out]);
    assert.equal(result.code, 0, result.stderr);
    const svg = readFileSync(out, 'utf8');
    assert.ok(svg.startsWith('<svg'));
    assert.match(svg, />hv01</);
    assert.match(svg, /eonstor/);
  });

  it('draws a PNG', () => {
    const out = path.join(temp, 'serverfault.png');
    assert.equal(topo(['render', SERVERFAULT, '-o', out]).code, 0);
    assert.deepEqual([...readFileSync(out).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('writes an uncompressed draw.io file with a cell per element and an edge per cable', () => {
    const out = path.join(temp, 'serverfault.drawio');
    const result = topo(['render', SERVERFAULT, '-o', out]);
    assert.equal(result.code, 0, result.stderr);
    const xml = readFileSync(out, 'utf8');
    assert.equal(XMLValidator.validate(xml), true);
    const file = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'object' }).parse(xml);
    assert.equal(file.mxfile.diagram.name, 'serverfault-lacp-team.topo');
    const objects: { id: string; topoId: string; topoKind: string; mxCell: { parent: string; source?: string; target?: string } }[] = file.mxfile.diagram.mxGraphModel.root.object;
    const byTopoId = new Map(objects.map((object) => [object.topoId, object]));
    const idOf = (topoId: string) => byTopoId.get(topoId)?.id;
    for (const id of ['hv01', 'hv01.team0', 'hv01.eth0', 'hv01.eth1', 'core1', 'core1:po1', 'eonstor', 'eonstor.A', 'eonstor.B', 'eonstor.A.ch0', 'eonstor.B.ch0', 'eonstor.vms']) {
      assert.ok(byTopoId.has(id), id);
    }
    assert.equal(byTopoId.get('eonstor.A.ch0')!.mxCell.parent, idOf('eonstor.A'));
    const cables = objects.filter((object) => object.topoKind === 'link');
    assert.deepEqual(cables.map((cable) => cable.topoId).sort(), ['link@eonstor.A.ch0--core1:1', 'link@hv01.eth0--core1:7', 'link@hv01.eth1--core1:8']);
    const eth0 = byTopoId.get('link@hv01.eth0--core1:7')!.mxCell;
    assert.deepEqual([eth0.source, eth0.target], [idOf('hv01.eth0'), idOf('core1:7')]);
  });

  it('writes draw.io whatever the extension with --format drawio', () => {
    const out = path.join(temp, 'serverfault.xml');
    assert.equal(topo(['render', SERVERFAULT, '--format', 'drawio', '-o', out]).code, 0);
    assert.match(readFileSync(out, 'utf8'), /^<\?xml [^]*<mxfile [^]*<mxGraphModel /);
  });

  it('draws what parsed of a file with syntax errors, with a warning', () => {
    const file = tempFile('render/broken.topo', SYNTAX_ERROR);
    const out = path.join(temp, 'render/broken.svg');
    const result = topo(['render', file, '--format', 'svg', '-o', out]);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /warning: .*syntax error/);
    assert.ok(readFileSync(out, 'utf8').startsWith('<svg'));
  });

  it('refuses an output that is a FIFO, a device or a folder by name instead of waiting; replaces a regular file', () => {
    const fifo = path.join(temp, 'render-out/diagram.svg');
    mkdirSync(path.dirname(fifo), { recursive: true });
    spawnSync('mkfifo', [fifo]);
    assertUsageError(topo(['render', SERVERFAULT, '-o', fifo]), /cannot write '.*diagram\.svg': it is a FIFO, not a regular file; name a new file or a regular one/);
    assertUsageError(topo(['render', SERVERFAULT, '--format', 'svg', '-o', '/dev/null']), /cannot write '\/dev\/null': it is a device, not a regular file/);
    assertUsageError(topo(['render', SERVERFAULT, '--format', 'svg', '-o', path.dirname(fifo)]), /cannot write '.*render-out': it is a folder/);
    assertUsageError(topo(['collect', 'linux', '-o', fifo]), /cannot write '.*diagram\.svg': it is a FIFO/);
    const existing = tempFile('render-out/existing.svg', 'x'.repeat(100_000));
    assert.equal(topo(['render', SERVERFAULT, '-o', existing]).code, 0);
    assert.match(readFileSync(existing, 'utf8'), /^<svg[^]*<\/svg>\s*$/);
  });

  it('needs -o and a known format', () => {
    assertUsageError(topo(['render', SERVERFAULT]), /needs an output file/);
    assertUsageError(topo(['render', SERVERFAULT, '-o', path.join(temp, 'x.gif')]), /unknown format 'gif'.*svg, png, drawio/);
  });
});

describe('topo lsp --stdio', () => {
  it('answers initialize and shuts down on exit', async () => {
    const server = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const send = (message: object) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...message });
      server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    const responses: Array<{ id?: number; result?: { capabilities?: Record<string, unknown> } }> = [];
    let buffer = Buffer.alloc(0);
    const waitFor = (id: number) =>
      new Promise<(typeof responses)[number]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no response ${id}`)), 10_000);
        const check = () => {
          const found = responses.find((response) => response.id === id);
          if (found) {
            clearTimeout(timer);
            server.stdout.off('data', check);
            resolve(found);
          }
        };
        server.stdout.on('data', check);
        check();
      });
    server.stdout.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        responses.push(JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()));
        buffer = buffer.subarray(headerEnd + 4 + length);
      }
    });
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));

    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
    const initialized = await waitFor(1);
    assert.ok(initialized.result?.capabilities?.textDocumentSync !== undefined);
    assert.ok(initialized.result?.capabilities?.hoverProvider);
    send({ method: 'initialized', params: {} });
    send({ id: 2, method: 'shutdown' });
    await waitFor(2);
    send({ method: 'exit' });
    assert.equal(await exited, 0);
  });

  it('requires --stdio', () => {
    assertUsageError(topo(['lsp']), /--stdio/);
  });
});
