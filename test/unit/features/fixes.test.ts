import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { codeActions, fixAll, safeFix } from '../../../server/src/features/codeActions';
import { ruleMeta } from '../../../server/src/service/languageService';
import { generateTopology } from '../../../bench/generate';
import { applyEdits } from '../../../server/src/features/fixes/textEdits';
import type { Problem } from '../../../server/src/problem';
import { analyzeDesign, analyzeDocument, type DocumentAnalysis } from '../../../server/src/service/languageService';
import { DesignFiles } from '../../../server/src/service/designFiles';
import { toDiagnostic } from '../../../server/src/service/lspConversion';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/fixes');
const examples = path.resolve(import.meta.dirname, '../../../examples');
const URI = 'file:///test.topo';
const noLinks = { href: () => undefined };

function fixture(name: string): string {
  return readFileSync(path.join(fixtures, name), 'utf8');
}

function errorKeys(doc: DocumentAnalysis): Set<string> {
  return new Set(doc.problems.filter((p) => p.severity === 'error').map((p) => `${p.code}|${p.message}`));
}

/** Applies one fix to the first problem of `code`, and checks the result independently of the fix's own check. */
function applyFix(text: string, code: string, fixId: string) {
  const before = analyzeDocument(text);
  const problem = before.problems.find((p) => p.code === code);
  assert.ok(problem, `${code} fires before the fix`);
  const edits = safeFix(before, problem, fixId, (next) => analyzeDocument(next));
  assert.ok(edits, `${fixId} is offered`);
  const after = analyzeDocument(applyEdits(text, edits));
  assert.deepEqual(sameFinding(after, problem), [], `${code} no longer fires on ${JSON.stringify(problem.data)}`);
  const errorsBefore = errorKeys(before);
  assert.deepEqual(
    after.problems.filter((p) => p.severity === 'error' && !errorsBefore.has(`${p.code}|${p.message}`)).map((p) => p.message),
    [],
    'no new error',
  );
  assert.deepEqual(after.parse.errors, []);
  return after;
}

function sameFinding(doc: DocumentAnalysis, fixed: Problem): Problem[] {
  return doc.problems.filter(
    (p) => p.code === fixed.code && Object.entries(fixed.data ?? {}).every(([key, value]) => !['host', 'team', 'element'].includes(key) || p.data?.[key] === value),
  );
}

test('add-second-switch splits one subnet across two switches, a controller on each', () => {
  const after = applyFix(fixture('single-switch.topo'), 'single-switch', 'add-second-switch');
  const model = after.modelResult.model;
  const second = model.switches.find((sw) => sw.name === 'sw1-b');
  assert.ok(second);
  assert.equal(second.model, 'Dell S5248F-ON');
  assert.equal(second.mtu, 9216);
  assert.match(after.text, /link sql01\.eth1 -- sw1-b:2/);
  assert.match(after.text, /link pv1\.B\.p0 -- sw1-b:4/);
  assert.deepEqual(
    model.sessions.map((s) => `${s.connections[0].initiator.id}->${s.connections[0].portal.id}`),
    ['sql01.eth0->pv1.A.p0', 'sql01.eth1->pv1.B.p0'],
  );
  assert.equal(after.analysis.unreachable.length, 0);
});

test('add-second-switch declines while the host NICs are a team (convert the team first)', () => {
  const before = analyzeDocument(readFileSync(path.join(examples, 'serverfault-lacp-team.topo'), 'utf8'));
  const problem = before.problems.find((p) => p.code === 'single-switch');
  assert.ok(problem);
  assert.equal(safeFix(before, problem, 'add-second-switch', (next) => analyzeDocument(next)), undefined);
});

test('add-partner-controller-paths cables the partner to each fabric and logs in to it', () => {
  const after = applyFix(fixture('single-controller.topo'), 'single-controller', 'add-partner-controller-paths');
  assert.match(after.text, /link md\.B\.p0 -- fab-a:3/);
  assert.match(after.text, /link md\.B\.p1 -- fab-b:3/);
  assert.match(after.text, /session kvm01 -> md\.vm via ens1 -> md\.B\.p0/);
  assert.match(after.text, /session kvm01 -> md\.vm via ens2 -> md\.B\.p1/);
  assert.equal(after.modelResult.model.sessions.length, 4);
});

test('add-partner-controller-paths adds a port to a partner controller that has none', () => {
  const after = applyFix(fixture('partner-without-port.topo'), 'single-controller', 'add-partner-controller-paths');
  const port = after.modelResult.model.arrays[0].controllers[1].ports[0];
  assert.equal(port?.id, 'unity.B.eth2');
  assert.equal(port?.ips[0]?.address, '10.20.0.2');
  assert.equal(port?.speedMbps, 10000);
  assert.match(after.text, /link unity\.B\.eth2 -- left:3/);
});

test('add-partner-controller-paths adds optimized paths to the owning controller', () => {
  const after = applyFix(fixture('no-optimized-path.topo'), 'no-optimized-path', 'add-partner-controller-paths');
  assert.match(after.text, /session app01 -> nas\.data via nic1 -> nas\.A\.a1/);
  assert.match(after.text, /session app01 -> nas\.data via nic2 -> nas\.A\.a2/);
  assert.equal(after.modelResult.model.links.length, 6, "the owner's ports are cabled already: no new cable");
});

test('replace-mcs-with-mpio turns each connection into its own session', () => {
  const after = applyFix(fixture('mcs-on-linux.topo'), 'mcs-unsupported-os', 'replace-mcs-with-mpio');
  const host = after.modelResult.model.hosts[0];
  assert.equal(host.multipath, 'mpio');
  assert.equal(host.policy, 'round-robin');
  assert.equal(after.modelResult.model.sessions.length, 4);
  assert.ok(after.modelResult.model.sessions.every((s) => s.connections.length === 1));
});

test('replace-mpio-with-mcs merges the sessions to one controller into one MC/S session', () => {
  const after = applyFix(fixture('mpio-on-windows-client.topo'), 'mpio-unsupported-os', 'replace-mpio-with-mcs');
  const host = after.modelResult.model.hosts[0];
  assert.equal(host.multipath, 'mcs');
  assert.equal(host.policy, undefined);
  assert.deepEqual(
    after.modelResult.model.sessions.map((s) => s.connections.map((c) => `${c.initiator.id}->${c.portal.id}`)),
    [['ws01.eth0->ds.A.c0', 'ws01.eth1->ds.A.c1']],
  );
});

test('align-mtu adds the MTU the rest of the path uses', () => {
  const after = applyFix(fixture('mtu-mismatch.topo'), 'mtu-mismatch', 'align-mtu');
  assert.equal(after.modelResult.model.hosts[0].nics[1].mtu, 9000);
  assert.match(after.text, /nic s2 \{ ip 10\.50\.2\.12\/24 {2}speed 25G {2}mtu 9000 \}/);
});

test('align-mtu replaces an existing MTU value', () => {
  const text = fixture('mtu-mismatch.topo').replace('speed 25G }\n}', 'speed 25G  mtu 1500 }\n}');
  const after = applyFix(text, 'mtu-mismatch', 'align-mtu');
  assert.equal(after.modelResult.model.hosts[0].nics[1].mtu, 9000);
  assert.doesNotMatch(after.text, /mtu 1500/);
});

/** The first domain quick fix offered for any warning or error (not the disable or docs actions). */
function firstDomainFix(doc: DocumentAnalysis): TextEdit[] | undefined {
  for (const problem of doc.problems.filter((p) => p.severity === 'warning' || p.severity === 'error')) {
    const actions: CodeAction[] = codeActions(doc, {
      uri: URI,
      range: { start: doc.lineIndex.position(problem.span.start), end: doc.lineIndex.position(problem.span.end) },
      context: { diagnostics: [toDiagnostic(problem, doc.lineIndex, URI, noLinks)] },
      docLinks: noLinks,
      reanalyze: (next) => analyzeDocument(next),
    });
    const fix = actions.find((action) => action.edit && !action.title.startsWith('Disable '));
    if (fix) return fix.edit?.changes?.[URI];
  }
  return undefined;
}

function applyTextEdits(doc: DocumentAnalysis, edits: TextEdit[]): string {
  const spans = edits.map((edit) => ({ start: doc.lineIndex.offset(edit.range.start), end: doc.lineIndex.offset(edit.range.end), newText: edit.newText }));
  return applyEdits(doc.text, spans.sort((a, b) => a.start - b.start));
}

test('quick fixes alone turn the serverfault example into a design with no warning or error', () => {
  let doc = analyzeDocument(readFileSync(path.join(examples, 'serverfault-lacp-team.topo'), 'utf8'));
  const applied: number[] = [];
  for (let round = 0; round < 10; round++) {
    const edits = firstDomainFix(doc);
    if (!edits) break;
    doc = analyzeDocument(applyTextEdits(doc, edits));
    applied.push(round);
  }
  assert.deepEqual(
    doc.problems.filter((p) => p.severity === 'warning' || p.severity === 'error').map((p) => `${p.code}: ${p.message}`),
    [],
  );
  assert.ok(applied.length >= 3, 'team, controller and switch were each fixed');
  assert.equal(doc.modelResult.model.switches.length, 2);
  assert.equal(doc.modelResult.model.hosts[0].teams.length, 0);
});

test('fix-all reaches a fixed point on a design with many bad hosts, adding no error', () => {
  const doc = analyzeDocument(generateTopology({ hosts: 60, seed: 9, badShare: 0.3 }).text);
  const counts = (d: DocumentAnalysis) => d.problems.reduce((m, p) => m.set(p.code, (m.get(p.code) ?? 0) + 1), new Map<string, number>());
  const teamsBefore = counts(doc).get('iscsi-over-team') ?? 0;
  // Each bad host takes two fixes (align the MTU, then convert the team): more than 20 rounds in all.
  assert.ok(2 * teamsBefore > 20);
  const reanalyze = (next: string, base: DocumentAnalysis) => analyzeDocument(next, undefined, base);
  const fixed = analyzeDocument(fixAll(doc, reanalyze));
  assert.equal(counts(fixed).get('iscsi-over-team'), undefined);
  assert.equal(counts(fixed).get('mtu-mismatch'), undefined);
  const errorsBefore = new Set(doc.problems.filter((p) => p.severity === 'error').map((p) => p.message));
  assert.deepEqual(fixed.problems.filter((p) => p.severity === 'error' && !errorsBefore.has(p.message)), []);
  assert.equal(fixAll(fixed, reanalyze), fixed.text);
});

test('fix-all of a file of a design applies the fixes whose edits lie in that file alone, each checked on the whole design', () => {
  // examples/site-a before the array's second controller was cabled (the fix adds cables to the
  // fabric's file and sessions to the cluster's), with a NIC of the cluster left at MTU 1500.
  const site = path.join(examples, 'site-a');
  const texts = readdirSync(site)
    .filter((name) => name.endsWith('.topo'))
    .sort()
    .map((name) => {
      const text = readFileSync(path.join(site, name), 'utf8').split('\n').filter((line) => !line.includes('pure.ct1')).join('\n');
      return { name, text: name === 'cluster-hv.topo' ? text.replace('speed 25G  mtu 9000  card slot1', 'speed 25G  mtu 1500  card slot1') : text };
    });
  const design = analyzeDesign(new DesignFiles(texts));
  const codesIn = (doc: DocumentAnalysis, name: string) => [...new Set(doc.problems.filter((p) => doc.files.fileAt(p.span.start).name === name).map((p) => p.code))].sort();
  assert.deepEqual(codesIn(design, 'cluster-hv.topo'), ['mtu-mismatch', 'single-controller']);
  const reanalyze = (_text: string, base: DocumentAnalysis, edits: Parameters<DesignFiles['edited']>[0]) => analyzeDesign(base.files.edited(edits), undefined, base);
  const fixed = fixAll(design, reanalyze, 'cluster-hv.topo');
  const after = analyzeDesign(new DesignFiles(texts.map((file) => (file.name === 'cluster-hv.topo' ? { name: file.name, text: fixed } : file))));
  assert.deepEqual(codesIn(after, 'cluster-hv.topo'), ['single-controller']);
  assert.equal(fixAll(after, reanalyze, 'cluster-hv.topo'), fixed, 'a fixed point');
});

test('a quick fix is checked once per document version, however often its actions are asked for', () => {
  const doc = analyzeDocument(readFileSync(path.join(examples, 'serverfault-lacp-team.topo'), 'utf8'));
  const problem = doc.problems.find((p) => p.code === 'iscsi-over-team')!;
  let analyses = 0;
  const ask = () =>
    codeActions(doc, {
      uri: URI,
      range: { start: doc.lineIndex.position(problem.span.start), end: doc.lineIndex.position(problem.span.end) },
      context: { diagnostics: [toDiagnostic(problem, doc.lineIndex, URI, noLinks)] },
      docLinks: noLinks,
      reanalyze: (next, base) => (analyses++, analyzeDocument(next, undefined, base)),
    });
  const first = ask();
  const checks = analyses;
  assert.ok(checks > 0);
  assert.deepEqual(ask(), first);
  assert.equal(analyses, checks);
});

const SEVERITY = { info: 1, warning: 2, error: 3 } as const;
const sameFindingKey = (p: Problem) => `${p.code}|${p.data ? JSON.stringify(p.data) : p.message}`;

/** Every .topo file of the examples and the test fixtures. */
function designs(): string[] {
  const root = path.resolve(import.meta.dirname, '../../..');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? walk(full) : entry.name.endsWith('.topo') ? [full] : [];
    });
  return [...walk(path.join(root, 'examples')), ...walk(path.join(root, 'test', 'fixtures'))].sort();
}

test('every fix offered on every example and fixture clears its finding and adds none more severe', () => {
  let applied = 0;
  for (const file of designs()) {
    const text = readFileSync(file, 'utf8');
    const before = analyzeDocument(text);
    const existing = new Set(before.problems.map(sameFindingKey));
    for (const problem of before.problems) {
      for (const fix of ruleMeta(problem.code)?.fixes ?? []) {
        const edits = safeFix(before, problem, fix.id, (next) => analyzeDocument(next));
        if (!edits) continue;
        applied++;
        const where = `${path.basename(file)}: ${fix.id} on ${problem.code} ${JSON.stringify(problem.data)}`;
        const after = analyzeDocument(applyEdits(text, edits));
        assert.deepEqual(after.parse.errors, [], where);
        assert.deepEqual(sameFinding(after, problem).map((p) => p.message), [], `${where}: its finding is gone`);
        const worse = after.problems.filter((p) => !existing.has(sameFindingKey(p)) && SEVERITY[p.severity] > SEVERITY[problem.severity]);
        assert.deepEqual(worse.map((p) => `${p.severity} ${p.code}: ${p.message}`), [], `${where}: nothing more severe appears`);
      }
    }
  }
  assert.ok(applied >= 10, `only ${applied} fixes applied`);
});

test('converting the serverfault team gives every NIC a session to a portal, and leaves no false comment or empty LAG block', () => {
  const text = readFileSync(path.join(examples, 'serverfault-lacp-team.topo'), 'utf8');
  const before = analyzeDocument(text);
  const team = before.problems.find((p) => p.code === 'iscsi-over-team')!;
  const actions = codeActions(before, {
    uri: URI,
    range: { start: before.lineIndex.position(team.span.start), end: before.lineIndex.position(team.span.end) },
    context: { diagnostics: [toDiagnostic(team, before.lineIndex, URI, noLinks)] },
    docLinks: noLinks,
    reanalyze: (next) => analyzeDocument(next),
  });
  assert.equal(actions[0].title, 'Convert the team to MPIO paths (the NICs share 172.24.0.0/24: eonstor serves no other subnet)');
  const after = applyFix(text, 'iscsi-over-team', 'convert-team-to-mpio');
  const { sessions } = after.modelResult.model;
  assert.deepEqual(sessions.map((s) => s.connections.map((c) => `${c.initiator.id} -> ${c.portal.id}`).join()), ['hv01.eth0 -> eonstor.A.ch0', 'hv01.eth1 -> eonstor.A.ch0']);
  assert.equal(after.analysis.paths.length, sessions.length, 'one session per path');
  assert.deepEqual(after.analysis.unreachable, []);
  for (const stale of ['# no MPIO', "# The team's mode", "# The team's two members", '# One session, from the team']) assert.ok(!after.text.includes(stale), stale);
  assert.match(after.text, /^switch core1 \{ \}$/m);
  assert.equal(after.problems.filter((p) => p.code === 'single-path').length, 0);
});

test('the second switch is offered on the converted serverfault design before the partner controller is cabled, and cables it', () => {
  const converted = applyFix(readFileSync(path.join(examples, 'serverfault-lacp-team.topo'), 'utf8'), 'iscsi-over-team', 'convert-team-to-mpio');
  const after = applyFix(converted.text, 'single-switch', 'add-second-switch');
  assert.match(after.text, /^link eonstor\.B\.ch0 -- core1-b:1$/m);
  assert.match(after.text, /^session hv01 -> eonstor\.vms via eth1 -> eonstor\.B\.ch0$/m);
  for (const stale of ['# Only controller A is connected.', '# Controller B is configured but not cabled']) assert.ok(!after.text.includes(stale), stale);
  assert.deepEqual(after.problems.filter((p) => p.severity !== 'info').map((p) => `${p.code}: ${p.message}`), []);
});

test('adding the partner controller paths drops the comments that said it was not connected', () => {
  const converted = applyFix(readFileSync(path.join(examples, 'serverfault-lacp-team.topo'), 'utf8'), 'iscsi-over-team', 'convert-team-to-mpio');
  const after = applyFix(converted.text, 'single-controller', 'add-partner-controller-paths');
  for (const stale of ['# Only controller A is connected.', '# Controller B is configured but not cabled']) assert.ok(!after.text.includes(stale), stale);
  assert.match(after.text, /^link eonstor\.B\.ch0 -- core1:\d+$/m);
});
