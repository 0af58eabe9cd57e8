// Incremental re-analysis must be invisible: after any chain of edits (to hosts, to the switches
// and arrays every host reads, several at once), the analysis built on the previous version's
// equals the analysis of the same text from scratch, to the last path, pair,
// bandwidth figure, problem and failure simulation; and an editor's chain (analyzeNextVersion,
// which also keeps the tree and model of unchanged statements) gives the same tree, model and
// symbols as well, and the same answers to what an editor asks after every change (outline,
// folding ranges, code lenses, diagnostics), which are kept per statement or element from version
// to version, written byte for byte as the fresh ones.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { typingRound } from '../../../bench/editorClient';
import { generateDesignFiles, generateTopology, seededRandom } from '../../../bench/generate';
import { simulateFailure } from '../../../server/src/analysis';
import { internalsOf } from '../../../server/src/analysis/failure';
import type { HostPart } from '../../../server/src/analysis/hostAnalysis';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { codeLenses } from '../../../server/src/features/codeLens';
import { documentSymbols } from '../../../server/src/features/documentSymbols';
import { DiagnosticsMade } from '../../../server/src/features/diagnostics';
import { foldingRanges } from '../../../server/src/features/foldingRanges';
import { hostsRebuilt } from '../../../server/src/model/build';
import { DesignFiles } from '../../../server/src/service/designFiles';
import { analyzeDesign, analyzeDocument, analyzeNextDesignVersion, analyzeNextVersion, type DocumentAnalysis } from '../../../server/src/service/languageService';
import { encodedBytes } from '../transport/encodedBytes';
import { withOffsets } from '../spanOffsets';
import { DocumentEdits } from '../../../server/src/documentEdits';

/**
 * didChange events per generated design; each example gets a quarter as many. `npm test` runs a
 * bounded count; FC_RUNS=5000 runs 10,000 events on the generated design and 2,500 per example.
 */
const EVENTS = Number(process.env.FC_RUNS ?? 60) * 2;

/** Everything a feature can read of an analysis, as plain data. */
function observable(doc: DocumentAnalysis) {
  const { analysis } = doc;
  const failable = analysis.components.filter((c) => c.kind === 'switch' || c.kind === 'link').slice(0, 12);
  return withOffsets({
    problems: doc.problems,
    paths: analysis.paths,
    pairs: analysis.pairs,
    unreachable: analysis.unreachable,
    routedPaths: analysis.routedPaths,
    components: analysis.components,
    pathsByHost: [...analysis.pathsByHost],
    failures: failable.map((c) => simulateFailure(analysis, c.id)),
  });
}

/** What the syntax and model stages hand on (a Map's order too, which deepEqual does not compare). */
function syntaxAndModel(doc: DocumentAnalysis) {
  const { model, problems, symbols } = doc.modelResult;
  return withOffsets({ parse: doc.parse, model, modelProblems: problems, symbols, definitionOrder: symbols.definitionsInOrder.map((definition) => definition.id) });
}

const links = { href: (code: string) => `https://example.org/docs/${code}.md` };

/** What an editor asks for after every change, worked out per version from what the previous kept (`made`: the diagnostics). */
function editorAnswers(doc: DocumentAnalysis, made: DiagnosticsMade) {
  return { symbols: documentSymbols(doc), folding: foldingRanges(doc), lenses: codeLenses(doc), diagnostics: made.of(doc, 'file:///design.topo', links) };
}

/** Whether the answers of an editor's version are those of a fresh analysis of its text, and written as JSON.stringify writes those. */
function assertSameAnswers(next: DocumentAnalysis, fresh: DocumentAnalysis, made: DiagnosticsMade, where: string): void {
  const answers = editorAnswers(next, made);
  const expected = editorAnswers(fresh, new DiagnosticsMade());
  assert.deepEqual(answers, expected, where);
  for (const [name, list] of Object.entries(answers)) {
    const message = { jsonrpc: '2.0', id: 1, result: list };
    assert.equal(encodedBytes(message).toString('utf8'), JSON.stringify({ ...message, result: expected[name as keyof typeof expected] }), `${where}, ${name} written`);
  }
}

/**
 * `text` with a comment above every host, and suppression comments: one naming a rule that does not
 * exist, one that covers nothing, and one on the line of every host numbered …3.
 */
function withComments(text: string): string {
  const commented = text.replace(/^host /gm, '# rack row 4, owner storage team\nhost ').replace(/^(host h000\d3 \{)$/gm, '$1 # topo-disable-line single-switch');
  return `# topo-disable-next-line no-such-rule\n# topo-disable-next-line single-path -- nothing on this line\n\n${commented}`;
}

/** One change of a `didChange` event: `remove` characters at `at` of the text as the previous changes left it. */
type Change = { at: number; remove: number; insert: string };

const PIECES = [' ', '\n', 'a', '7', '.', ':', '{', '}', '--', '->', '#', 'eth9', '10.0.0.', '/24', 'speed 1G\n', 'host x {\n'];

/** A change as typing makes it, mostly inside host blocks, where edits are carried over the most. */
function typedChange(text: string, random: () => number): Change {
  const hostStarts = [...text.matchAll(/^host /gm)].map((m) => m.index);
  const inHost = hostStarts.length > 0 && random() < 0.7;
  const at = inHost
    ? Math.min(text.length, hostStarts[Math.floor(random() * hostStarts.length)]! + Math.floor(random() * 120))
    : Math.floor(random() * (text.length + 1));
  const remove = random() < 0.5 ? Math.floor(random() * 6) : 0;
  const insert = random() < 0.7 ? PIECES[Math.floor(random() * PIECES.length)]! : '';
  return { at, remove: Math.min(remove, text.length - at), insert };
}

/** What an edit of the shared topology types: VLANs, MTUs, routing, stacking, ownership, mappings, speeds. */
const SHARED_PIECES = ['vlans 20\n', 'vlans 1, 20\n', 'mtu 1500\n', 'routing on\n', 'stack sw0b\n', 'owner B ', 'hosts h00001 ', 'speed 10G ', 'vlan 20 ', '\n'];

/** A change inside a switch or array block, which every host's analysis reads. */
function sharedChange(text: string, random: () => number): Change | undefined {
  const starts = [...text.matchAll(/^(switch|array) /gm)].map((m) => m.index);
  if (starts.length === 0) return undefined;
  const start = starts[Math.floor(random() * starts.length)]!;
  const lineStarts = [...text.slice(start, start + 600).matchAll(/\n {2}/g)].map((m) => start + m.index + 3);
  const at = lineStarts.length > 0 ? lineStarts[Math.floor(random() * lineStarts.length)]! : start;
  const remove = random() < 0.3 ? Math.min(Math.floor(random() * 8), text.length - at) : 0;
  return { at, remove, insert: SHARED_PIECES[Math.floor(random() * SHARED_PIECES.length)]! };
}

/**
 * A paste of a stretch copied from elsewhere in the text, or a cut: up to a few hundred characters,
 * so it usually begins in one statement and ends in another.
 */
function pasteOrCut(text: string, random: () => number): Change {
  const at = Math.floor(random() * (text.length + 1));
  const length = Math.floor(random() * 300);
  if (random() < 0.4) return { at, remove: Math.min(length, text.length - at), insert: '' };
  const from = Math.floor(random() * (text.length + 1));
  const remove = random() < 0.3 ? Math.min(Math.floor(random() * 40), text.length - at) : 0;
  return { at, remove, insert: text.slice(from, from + length) };
}

/** A stretch written again as it was, as a formatter or a rename may send it: the editor's range is wider than what changed. */
function rewrite(text: string, random: () => number): Change {
  const at = Math.floor(random() * (text.length + 1));
  const remove = Math.min(Math.floor(random() * 60), text.length - at);
  return { at, remove, insert: text.slice(at, at + remove) };
}

/**
 * A `didChange` event: usually one typed change, sometimes several at once (a multi-cursor edit,
 * a quick fix, a rename), an edit of a switch or array, or a paste or cut across statements.
 * Applied as the server's TextDocuments applies an event: each change's range is in the text the
 * changes before it left.
 */
function randomEvent(document: TextDocument, random: () => number): TextDocumentContentChangeEvent[] {
  const count = random() < 0.8 ? 1 : 2 + Math.floor(random() * 3);
  const changes: TextDocumentContentChangeEvent[] = [];
  let text = document.getText();
  for (let i = 0; i < count; i++) {
    const kind = random();
    const change =
      kind < 0.1 ? rewrite(text, random) : kind < 0.2 ? pasteOrCut(text, random) : (kind < 0.35 && sharedChange(text, random)) || typedChange(text, random);
    const positions = TextDocument.create('file:///scratch.topo', 'topo', 0, text);
    changes.push({ range: { start: positions.positionAt(change.at), end: positions.positionAt(change.at + change.remove) }, text: change.insert });
    text = text.slice(0, change.at) + change.insert + text.slice(change.at + change.remove);
  }
  return changes;
}

/**
 * Runs `events` random didChange events over `start`, checking each version against a fresh
 * analysis. The editor chain is given the edit as the server records it from the event's ranges.
 */
function assertIncrementalMatches(start: string, seed: number, events: number): void {
  const random = seededRandom(seed);
  const edits = new DocumentEdits();
  let document = TextDocument.create('file:///design.topo', 'topo', 1, start);
  let doc = analyzeDocument(start, DEFAULT_SETTINGS);
  let next = analyzeNextVersion(start, DEFAULT_SETTINGS, undefined);
  const made = new DiagnosticsMade();
  for (let i = 0; i < events; i++) {
    const changes = randomEvent(document, random);
    document = edits.update(document, changes, document.version + 1);
    const text = document.getText();
    doc = analyzeDocument(text, DEFAULT_SETTINGS, doc);
    const edit = edits.take(document.uri, next.text, text);
    assert.ok(edit, `event ${i} of seed ${seed}: the edit is known`);
    next = analyzeNextVersion(text, DEFAULT_SETTINGS, next, edit);
    const fresh = analyzeDocument(text, DEFAULT_SETTINGS);
    const where = `event ${i} (${JSON.stringify(changes)}) of seed ${seed}`;
    const expected = observable(fresh);
    assert.deepEqual(observable(doc), expected, where);
    assert.deepEqual(observable(next), expected, `${where}, editor chain`);
    assert.deepEqual(syntaxAndModel(next), syntaxAndModel(fresh), `${where}, editor chain`);
    assertSameAnswers(next, fresh, made, `${where}, editor chain`);
  }
}

/**
 * What typing inside a host block often is: spacing, a comment, a property half typed or mistyped,
 * an element added (one that takes a NIC already in a team or vSwitch too).
 */
const HOST_PIECES = [' ', '\n', '# checked\n  ', 'n', 'mtu', 'speed 9\n  ', 'nic eth9 {}\n  ', 'nic eth0 {}\n  ', 'hba fc9 { speed 16G }\n  ', 'vmk vmk9 { ip 192.0.2.9/24 }\n  ', 'team t9 { members eth1 }\n  '];

/**
 * A change inside a host block: a space, line, comment, property or element at the start of one of
 * its lines, one of its lines deleted (an element with it), a NIC's speed or address changed.
 */
function hostLineChange(text: string, random: () => number): Change {
  const starts = [...text.matchAll(/^host /gm)].map((m) => m.index);
  const start = starts[Math.floor(random() * starts.length)]!;
  const end = text.indexOf('\n}', start);
  const lineStarts = [...text.slice(start, end).matchAll(/\n {2}/g)].map((m) => start + m.index + 1);
  if (lineStarts.length > 0 && random() < 0.15) {
    const at = lineStarts[Math.floor(random() * lineStarts.length)]!;
    return { at, remove: text.indexOf('\n', at) + 1 - at, insert: '' };
  }
  const speed = /speed \d+G/.exec(text.slice(start, end));
  if (speed && random() < 0.3) return { at: start + speed.index, remove: speed[0].length, insert: `speed ${1 + Math.floor(random() * 40)}G` };
  // An address changed to another interface's (a duplicate) or to one of its own.
  const ip = /ip (\d+\.\d+\.\d+\.\d+)/.exec(text.slice(start, end));
  const addresses = [...text.matchAll(/ip (\d+\.\d+\.\d+\.\d+)/g)].map((m) => m[1]!);
  if (ip && random() < 0.3) {
    const address = random() < 0.6 ? addresses[Math.floor(random() * addresses.length)]! : `192.0.2.${Math.floor(random() * 250)}`;
    return { at: start + ip.index + 3, remove: ip[1]!.length, insert: address };
  }
  const lines = [...text.slice(start, end).matchAll(/\n {2}/g)].map((m) => start + m.index + 3);
  const at = lines.length > 0 ? lines[Math.floor(random() * lines.length)]! : end;
  return { at, remove: 0, insert: HOST_PIECES[Math.floor(random() * HOST_PIECES.length)]! };
}

/** The text after each change of an editor's chain of events, in order. */
function textsOf(start: string, events: readonly TextDocumentContentChangeEvent[][]): string[] {
  let document = TextDocument.create('file:///design.topo', 'topo', 1, start);
  return events.map((changes) => (document = TextDocument.update(document, changes, document.version + 1)).getText());
}

/**
 * Edits inside host blocks, as an editor sends them (now and then the benchmark's typing round, in
 * a random host, instead of one edit): each version equals a fresh analysis. Returns how many versions the builder made by rebuilding only the edited hosts (the
 * previous model's links are kept as they are).
 */
function assertHostEditsMatch(start: string, seed: number, events: number): number {
  const random = seededRandom(seed);
  let text = start;
  let next = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
  const made = new DiagnosticsMade();
  let hostsOnly = 0;
  const versions: { text: string; change: unknown }[] = [];
  for (let i = 0; i < events; i++) {
    if (versions.length === 0) {
      const hosts = [...text.matchAll(/^host /gm)].length;
      // Back to the start now and then, as a cable's NIC deleted leaves the design a problem for good.
      if (i % 25 === 24) versions.push({ text: start, change: 'the text it started from' });
      else if (random() < 0.05) {
        const round = typingRound(text, Math.floor(random() * hosts));
        textsOf(text, round).forEach((after, keystroke) => versions.push({ text: after, change: round[keystroke] }));
      } else {
        const change = hostLineChange(text, random);
        versions.push({ text: text.slice(0, change.at) + change.insert + text.slice(change.at + change.remove), change });
      }
    }
    const { text: edited, change } = versions.shift()!;
    text = edited;
    const links = next.modelResult.model.links;
    next = analyzeNextVersion(text, DEFAULT_SETTINGS, next);
    if (next.modelResult.model.links === links) hostsOnly++;
    const fresh = analyzeDocument(text, DEFAULT_SETTINGS);
    const where = `event ${i} (${JSON.stringify(change)}) of seed ${seed}`;
    assert.deepEqual(observable(next), observable(fresh), where);
    assert.deepEqual(syntaxAndModel(next), syntaxAndModel(fresh), where);
    assertSameAnswers(next, fresh, made, where);
  }
  return hostsOnly;
}

/** The hosts whose pairs (and the rest of their part) `after`'s analysis took over from `before`'s. */
/** A copy of an analysis's table of host parts: an editor's next version takes the table over. */
function partsOf(doc: DocumentAnalysis): Map<string, HostPart> {
  return new Map(internalsOf(doc.analysis)!.parts);
}

/** The hosts whose part `after` keeps from `partsBefore`. */
function keptHosts(partsBefore: ReadonlyMap<string, HostPart>, after: DocumentAnalysis): string[] {
  return [...internalsOf(after.analysis)!.parts].filter(([host, part]) => partsBefore.get(host)?.pairs === part.pairs).map(([host]) => host);
}

describe('incremental re-analysis', () => {
  const examples = readdirSync('examples').filter((name) => name.endsWith('.topo'));

  for (const name of examples) {
    it(`random didChange events on ${name} give the analysis of a full re-analysis`, () => {
      assertIncrementalMatches(readFileSync(`examples/${name}`, 'utf8'), name.length, Math.ceil(EVENTS / 4));
    });
  }

  for (const name of ['portals-equallogic-group.topo', 'portals-no-failover.topo', 'portals-send-targets.topo']) {
    it(`random didChange events on the portal design ${name} give the analysis of a full re-analysis`, () => {
      assertIncrementalMatches(readFileSync(`test/fixtures/rules/${name}`, 'utf8'), name.length, Math.ceil(EVENTS / 4));
    });
  }

  it('random didChange events on a generated design with bad hosts give the analysis of a full re-analysis', () => {
    assertIncrementalMatches(generateTopology({ hosts: 30, seed: 5, badShare: 0.3 }).text, 11, EVENTS);
  });

  it('random didChange events on a design with a comment on every host and suppression comments give the analysis of a full re-analysis', () => {
    assertIncrementalMatches(withComments(generateTopology({ hosts: 30, seed: 5, badShare: 0.3 }).text), 13, EVENTS);
  });

  it("a keystroke in one host keeps the other hosts' problems and those of suppression comments, so the diagnostics of a version with no new finding are the same", () => {
    const text = withComments(generateTopology({ hosts: 40, seed: 3 }).text);
    const made = new DiagnosticsMade();
    const before = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
    const diagnostics = made.of(before, 'file:///design.topo', links);
    const suppressionProblems = before.problems.filter((problem) => problem.code === 'unknown-rule' || problem.code === 'unused-suppression');
    // h00013 has no single-switch finding; h00003, h00023 and h00033 have theirs suppressed.
    assert.deepEqual(
      suppressionProblems.map((problem) => problem.message),
      ["unknown rule 'no-such-rule' in suppression comment", "'single-path' is suppressed here but reports no problem on the next line", "'single-switch' is suppressed here but reports no problem on this line"],
    );
    assert.ok(!before.problems.some((problem) => problem.code === 'single-switch' && /h00003|h00023|h00033/.test(problem.message)));
    const at = text.indexOf('\n', text.indexOf('host h00007')) + 1;
    const after = analyzeNextVersion(`${text.slice(0, at)} ${text.slice(at)}`, DEFAULT_SETTINGS, before, { prefix: at, changeEnd: at });
    for (const problem of suppressionProblems) assert.ok(after.problems.includes(problem), problem.message);
    assert.deepEqual(made.of(after, 'file:///design.topo', links), diagnostics);
    assert.ok(made.of(after, 'file:///design.topo', links).every((diagnostic, i) => diagnostic === diagnostics[i]));
  });

  it('edits inside host blocks, adding and removing elements too, rebuild only those hosts, and give the analysis of a full re-analysis', () => {
    let hostsOnly = 0;
    for (const name of examples) {
      const text = readFileSync(`examples/${name}`, 'utf8');
      if (/^host /m.test(text)) hostsOnly += assertHostEditsMatch(text, name.length, Math.ceil(EVENTS / 8));
    }
    hostsOnly += assertHostEditsMatch(generateTopology({ hosts: 30, seed: 5 }).text, 7, EVENTS);
    assert.ok(hostsOnly > EVENTS / 2, `${hostsOnly} versions built by rebuilding the edited hosts`);
  });

  it("an edit inside one host works out that host again and keeps every other host's part", () => {
    const text = generateTopology({ hosts: 40, seed: 3 }).text;
    const before = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
    const partsBefore = partsOf(before);
    const at = text.indexOf('speed', text.indexOf('host h00007'));
    const edited = `${text.slice(0, at)}speed 1G ${text.slice(at)}`;
    const after = analyzeNextVersion(edited, DEFAULT_SETTINGS, before);
    const kept = keptHosts(partsBefore, after);
    assert.equal(kept.length, 39);
    assert.ok(!kept.includes('h00007'));
  });

  it("an editor's edit inside one host keeps the tree and model of every other host", () => {
    const text = generateTopology({ hosts: 40, seed: 3 }).text;
    const before = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
    const blocks = [...before.parse.tree.items];
    const hosts = [...before.modelResult.model.hosts];
    const at = text.indexOf('\n', text.indexOf('host h00007')) + 1;
    const edited = `${text.slice(0, at)} ${text.slice(at)}`;
    const after = analyzeNextVersion(edited, DEFAULT_SETTINGS, before);
    const keptBlocks = [...after.parse.tree.items].filter((item) => blocks.includes(item));
    const keptHosts = after.modelResult.model.hosts.filter((host) => hosts.includes(host));
    assert.equal(keptBlocks.length, after.parse.tree.items.length - 1);
    assert.equal(keptHosts.length, 39);
    assert.ok(!keptHosts.some((host) => host.id === 'h00007'));
    assert.deepEqual(syntaxAndModel(after), syntaxAndModel(analyzeDocument(edited, DEFAULT_SETTINGS)));
  });

  it('one change across two hosts, the first gaining references and declarations, builds both again and gives the tables of a fresh build', () => {
    // Each host has a team naming one NIC; the change names two in the first and another NIC in the second.
    const withTeam = (text: string, host: string) => {
      const end = text.indexOf('\n}', text.indexOf(`host ${host} {`));
      return `${text.slice(0, end)}\n  team team0 { members eth0  mode lacp }${text.slice(end)}`;
    };
    const text = withTeam(withTeam(generateTopology({ hosts: 40, seed: 3 }).text, 'h00007'), 'h00008');
    const before = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
    const hosts = before.modelResult.model.hosts;
    const from = text.indexOf('team0 { members eth0', text.indexOf('host h00007'));
    const to = text.indexOf('  team team0', text.indexOf('host h00008'));
    const edited = `${text.slice(0, from)}team0 { members eth0, eth1  mode lacp }\n  nic eth2 { speed 10G }\n}\n\nhost h00008 {\n  os windows-server-2022\n  nic eth0 { speed 10G }\n  nic eth1 { speed 10G }\n  team team0 { members eth1  mode lacp }\n}\n${text.slice(text.indexOf('\n}', to) + 3)}`;
    const after = analyzeNextVersion(edited, DEFAULT_SETTINGS, before);
    const rebuilt = after.modelResult.model.hosts.filter((host, i) => host !== hosts[i]).map((host) => host.id);
    assert.deepEqual(rebuilt, ['h00007', 'h00008']);
    assert.equal(hostsRebuilt(after.modelResult.model)?.previous, before.modelResult.model, 'the model is taken over, those two hosts built again');
    assert.deepEqual(syntaxAndModel(after), syntaxAndModel(analyzeDocument(edited, DEFAULT_SETTINGS)));
  });

  it("the benchmark's typing round builds only the host typed into, at every keystroke, and the analysis takes the rest over", () => {
    const text = generateTopology({ hosts: 40, seed: 3 }).text;
    const typedInto = [...text.matchAll(/^host (\S+)/gm)][7]![1];
    const round = typingRound(text, 7);
    let next = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
    const made = new DiagnosticsMade();
    for (const [keystroke, edited] of textsOf(text, round).entries()) {
      const before = next;
      const hosts = before.modelResult.model.hosts;
      const parts = partsOf(before);
      next = analyzeNextVersion(edited, DEFAULT_SETTINGS, before);
      const where = `keystroke ${keystroke} (${JSON.stringify(round[keystroke])})`;
      const { model } = next.modelResult;
      assert.deepEqual(model.hosts.filter((host, i) => host !== hosts[i]).map((host) => host.id), [typedInto], where);
      assert.equal(model.links, before.modelResult.model.links, where);
      assert.equal(internalsOf(next.analysis)!.index, internalsOf(before.analysis)!.index, `${where}: the model index is taken over`);
      const keptParts = [...internalsOf(next.analysis)!.parts].filter(([host, part]) => parts.get(host) === part).map(([host]) => host);
      assert.deepEqual(keptParts, hosts.map((host) => host.id).filter((host) => host !== typedInto), where);
      const fresh = analyzeDocument(edited, DEFAULT_SETTINGS);
      assert.deepEqual(observable(next), observable(fresh), where);
      assert.deepEqual(syntaxAndModel(next), syntaxAndModel(fresh), where);
      assertSameAnswers(next, fresh, made, where);
    }
  });

  it("in a design of several files, typing into a host of one host file builds that host alone, keeps every other file's statements, and an edit of the fabric file works out every host again", () => {
    const design = generateDesignFiles({ hosts: 40, seed: 3, files: 5 });
    const edited = design.files.findIndex((file) => file.text.includes('host h00017 {'));
    assert.ok(edited > 0, 'a host file, not the fabric file');
    const typedInto = [...design.files[edited]!.text.matchAll(/^host (\S+)/gm)].map((match) => match[1]!);
    const designWith = (index: number, text: string) => new DesignFiles(design.files.map((file, i) => (i === index ? { name: file.name, text } : file)));
    let next = analyzeNextDesignVersion(new DesignFiles(design.files), DEFAULT_SETTINGS, undefined);
    const start = design.files[edited]!.text;
    const round = typingRound(start, typedInto.indexOf('h00017'));
    for (const [keystroke, text] of textsOf(start, round).entries()) {
      const before = next;
      const items = [...before.parse.tree.items];
      const hosts = [...before.modelResult.model.hosts];
      const parts = partsOf(before);
      const files = designWith(edited, text);
      next = analyzeNextDesignVersion(files, DEFAULT_SETTINGS, before);
      const where = `keystroke ${keystroke} (${JSON.stringify(round[keystroke])})`;
      assert.deepEqual(next.modelResult.model.hosts.filter((host) => !hosts.includes(host)).map((host) => host.id), ['h00017'], where);
      assert.equal(next.modelResult.model.links, before.modelResult.model.links, `${where}: the cables, in every file, are taken over`);
      assert.equal([...next.parse.tree.items].filter((item) => !items.includes(item)).length, 1, `${where}: the other files' statements are kept`);
      const keptParts = [...internalsOf(next.analysis)!.parts].filter(([host, part]) => parts.get(host) === part).map(([host]) => host);
      assert.deepEqual(keptParts, hosts.map((host) => host.id).filter((host) => host !== 'h00017'), `${where}: every other host's analysis is kept`);
      const fresh = analyzeDesign(files, DEFAULT_SETTINGS);
      assert.deepEqual(observable(next), observable(fresh), where);
      assert.deepEqual(syntaxAndModel(next), syntaxAndModel(fresh), where);
    }
    // The switches and arrays are in the fabric file: every host reads them.
    const fabric = design.files[0]!.text;
    const before = partsOf(next);
    const files = designWith(0, fabric.replace('mtu 9216', 'mtu 9216\n  vlans 1, 20'));
    assert.notEqual(files.files[0]!.text, fabric);
    next = analyzeNextDesignVersion(files, DEFAULT_SETTINGS, next);
    assert.deepEqual(keptHosts(before, next), []);
    assert.deepEqual(observable(next), observable(analyzeDesign(files, DEFAULT_SETTINGS)));
  });

  it("an address typed into one host that another host's or an array port's interface has is reported, and no longer once typed back, building that host alone", () => {
    const text = generateTopology({ hosts: 40, seed: 3 }).text;
    const at = text.indexOf('10.0.0.8/16', text.indexOf('host h00007'));
    const typed = (address: string) => `${text.slice(0, at)}${address}${text.slice(at + '10.0.0.8'.length)}`;
    let next = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
    const steps: [string, RegExp | undefined][] = [
      [typed('10.0.0.21'), /^10\.0\.0\.21 is assigned to h00007\.eth0 and h00020\.eth0:/],
      [typed('10.0.255.1'), /^10\.0\.255\.1 is assigned to h00007\.eth0 and a0\.A\.p0a:/],
      [typed('10.0.77.77'), undefined],
      [text, undefined],
    ];
    for (const [edited, expected] of steps) {
      const links = next.modelResult.model.links;
      next = analyzeNextVersion(edited, DEFAULT_SETTINGS, next);
      assert.equal(next.modelResult.model.links, links, 'only the host was built again');
      const found = next.problems.filter((problem) => problem.code === 'duplicate-address').map((problem) => problem.message);
      assert.equal(found.length, expected ? 1 : 0, found.join('\n'));
      if (expected) assert.match(found[0]!, expected);
      assert.deepEqual(observable(next), observable(analyzeDocument(edited, DEFAULT_SETTINGS)));
    }
  });

  it("an editor's edit that breaks the syntax parses the whole text again", () => {
    const text = generateTopology({ hosts: 10, seed: 3 }).text;
    const before = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
    const at = text.indexOf('host h00004');
    const edited = `${text.slice(0, at)}host {${text.slice(at)}`;
    const after = analyzeNextVersion(edited, DEFAULT_SETTINGS, before);
    assert.ok([...after.parse.tree.items].every((item) => ![...before.parse.tree.items].includes(item)));
    assert.deepEqual(syntaxAndModel(after), syntaxAndModel(analyzeDocument(edited, DEFAULT_SETTINGS)));
  });


  it("an edit to a host's cable works out that host again only", () => {
    const text = generateTopology({ hosts: 40, seed: 3 }).text;
    const before = analyzeDocument(text, DEFAULT_SETTINGS);
    const at = text.indexOf('\nlink h00012.eth0');
    const lineEnd = text.indexOf('\n', at + 1);
    const edited = `${text.slice(0, at)}\nlink h00012.eth0 -- sw0b:999${text.slice(lineEnd)}`;
    const after = analyzeDocument(edited, DEFAULT_SETTINGS, before);
    assert.equal(keptHosts(partsOf(before), after).length, 39);
    assert.ok(!keptHosts(partsOf(before), after).includes('h00012'));
  });

  it('an edit to the shared topology works out every host again, and a layout-only edit none', () => {
    const text = generateTopology({ hosts: 40, seed: 3 }).text;
    const before = analyzeDocument(text, DEFAULT_SETTINGS);
    const vlans = text.replace('mtu 9216', 'mtu 9216\n  vlans 1, 20');
    assert.equal(keptHosts(partsOf(before), analyzeDocument(vlans, DEFAULT_SETTINGS, before)).length, 0);
    const spaced = text.replace('mtu 9216', 'mtu  9216');
    assert.equal(keptHosts(partsOf(before), analyzeDocument(spaced, DEFAULT_SETTINGS, before)).length, 40);
  });

  it("an edit to a portal's ports works out the hosts again, and a renamed portal leaves its sessions unresolved", () => {
    const text = readFileSync('test/fixtures/rules/portals-no-failover.topo', 'utf8');
    let next = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
    const moved = text.replace('ports top.p1  mode float', 'ports top.p1, bottom.p1  mode float');
    const before = partsOf(next);
    next = analyzeNextVersion(moved, DEFAULT_SETTINGS, next);
    assert.deepEqual(keptHosts(before, next), []);
    assert.ok(!next.analysis.pathById.get('app01.eth2->sc.fd1-top')!.dependsOn.includes('sc.top'));
    assert.deepEqual(observable(next), observable(analyzeDocument(moved, DEFAULT_SETTINGS)));
    const renamed = moved.replace('portal fd1-top {', 'portal fd1-a {');
    next = analyzeNextVersion(renamed, DEFAULT_SETTINGS, next);
    assert.ok(next.problems.some((problem) => problem.code === 'TOPO330' && /no controller, trunk or portal 'fd1-top'/.test(problem.message)));
    assert.deepEqual(observable(next), observable(analyzeDocument(renamed, DEFAULT_SETTINGS)));
  });

  it('a host renamed to the name of an earlier host leaves the earlier one its part and has none', () => {
    const text = 'host a {\n  nic eth0 { ip 10.0.0.1/24 }\n}\nhost b {\n  nic eth0 { ip 10.0.0.2/24 }\n}\n';
    const before = analyzeDocument(text, DEFAULT_SETTINGS);
    const edited = text.replace('host b', 'host a');
    const after = analyzeDocument(edited, DEFAULT_SETTINGS, before);
    assert.deepEqual(keptHosts(partsOf(before), after), ['a']);
    assert.deepEqual([...internalsOf(after.analysis)!.parts.keys()], ['a']);
  });
});
