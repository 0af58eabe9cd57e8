// The model builder on small inline topologies: what lands in the model, the symbol table, and
// trees the parser's error recovery produces.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkedList } from '../../../server/src/chunkedList';
import { buildModel } from '../../../server/src/model/build';
import { validateModel } from '../../../server/src/model/schema';
import { containerIdOf, detachedDefinitions, occurrencesOf, symbolAt, type SymbolDefinition } from '../../../server/src/model/symbols';
import { parse } from '../../../server/src/syntax/parser';
import { NodeSpan, StatementRun, StatementStart, type Document, type Span, type TopItem, type Value } from '../../../server/src/syntax/tree';
import { withOffsets } from '../spanOffsets';

function build(text: string) {
  const { tree, errors } = parse(text);
  assert.deepEqual(errors, [], 'the test text parses cleanly');
  return buildModel(tree);
}

/** The source text under each span. */
function texts(text: string, spans: Span[]): string[] {
  return spans.map((span) => text.slice(span.start, span.end));
}

/** The span of the `n`th occurrence (0-based) of `word` in `text`, or of `word` at the end of `context`. */
function spanOf(text: string, word: string, n = 0, context = word): Span {
  let found = -1;
  for (let i = 0; i <= n; i++) found = text.indexOf(context, found + 1);
  assert.ok(found >= 0, context);
  const start = found + context.lastIndexOf(word);
  return { start, end: start + word.length };
}

const SAMPLE = `host hv01 {
  nic eth0 { speed 10G }
  nic eth1 { speed 10G }
  team team0 { members eth0, eth1  mode lacp  ip 172.24.0.10/24 }
}
switch core1 { lag po1 { ports 7, 8  mode lacp }  port 9 { speed 10G }  stack core2 }
switch core2 { }
array eonstor {
  controller A { port ch0 { ip 172.24.0.1/24  speed 10G } }
  volume vms { size 4T  owner A  hosts hv01 }
}
link hv01.eth0 -- core1:7
link hv01.eth1 -- core1:8
link eonstor.A.ch0 -- core1:1
session hv01 -> eonstor.vms via team0 -> eonstor.A.ch0
`;

test('a clean topology: ids, refs, spans, defaults', () => {
  const { model, problems } = build(SAMPLE);
  assert.deepEqual(problems, []);
  assert.deepEqual(validateModel(model), []);
  const [host] = model.hosts;
  assert.equal(host.multipath, 'none');
  assert.deepEqual(host.teams[0].members.map((member) => member.id), ['hv01.eth0', 'hv01.eth1']);
  assert.equal(SAMPLE.slice(host.teams[0].span.start, host.teams[0].span.end).startsWith('team team0 {'), true);
  assert.deepEqual(model.links.map((link) => link.id), ['link@hv01.eth0--core1:7', 'link@hv01.eth1--core1:8', 'link@eonstor.A.ch0--core1:1']);
  assert.deepEqual(withOffsets(model.links[0].a), { kind: 'host-interface', ref: { id: 'hv01.eth0', span: spanOf(SAMPLE, 'eth0', 2) } });
  assert.deepEqual(withOffsets(model.links[0].b), { kind: 'switch-port', ref: { id: 'core1:7', span: spanOf(SAMPLE, '7', 0, 'core1:7') }, switch: 'core1' });
  const [session] = model.sessions;
  assert.equal(session.id, 'session@hv01->eonstor.vms');
  assert.deepEqual([session.host.id, session.array.id, session.volume?.id], ['hv01', 'eonstor', 'eonstor.vms']);
  assert.deepEqual(session.connections.map((c) => [c.initiator.id, c.portal.id]), [['hv01.team0', 'eonstor.A.ch0']]);
  assert.equal(model.arrays[0].volumes[0].sizeBytes, 4 * 2 ** 40);
  assert.equal(model.arrays[0].controllers[0].ports[0].protocol, 'iscsi');
});

test('switch ports come from port blocks, LAGs and links, with LAG membership', () => {
  const { model } = build(SAMPLE);
  const core1 = model.switches[0];
  assert.deepEqual(core1.ports.map((port) => [port.id, port.lag]), [['core1:9', undefined], ['core1:7', 'core1:po1'], ['core1:8', 'core1:po1'], ['core1:1', undefined]]);
  assert.deepEqual(core1.lags[0].ports.map((port) => port.id), ['core1:7', 'core1:8']);
  assert.equal(core1.ports[0].speedMbps, 10000);
});

test('stack and MLAG peers are symmetric', () => {
  const { model } = build(`switch a { stack b }\nswitch b { }\nswitch c { mlag d }\nswitch d { mlag c }\n`);
  const peers = Object.fromEntries(model.switches.map((sw) => [sw.id, [sw.stack.map((r) => r.id), sw.mlag.map((r) => r.id)]]));
  assert.deepEqual(peers, { a: [['b'], []], b: [['a'], []], c: [[], ['d']], d: [[], ['c']] });
});

test('the symbol table: definitions with containers, references per path segment', () => {
  const { symbols } = build(SAMPLE);
  const eth0 = symbols.definitions.get('hv01.eth0');
  assert.deepEqual(eth0 && { kind: eth0.kind, name: eth0.name, containerId: containerIdOf(eth0), nameSpan: withOffsets(eth0.nameSpan) }, {
    kind: 'nic', name: 'eth0', containerId: 'hv01', nameSpan: spanOf(SAMPLE, 'eth0'),
  });
  assert.equal(containerIdOf(symbols.definitions.get('hv01')!), undefined);
  assert.equal(symbols.definitions.get('core1:7')?.implicit, true);
  assert.deepEqual(withOffsets(symbols.definitions.get('core1:7')?.nameSpan), spanOf(SAMPLE, '7', 0, 'ports 7'));
  // `link hv01.eth0 -- core1:7`: `hv01` names the host, `eth0` the NIC, `core1` the switch, `7` the port.
  const linkStart = SAMPLE.indexOf('link hv01.eth0');
  const inLink = symbols.references.filter((r) => r.span.start > linkStart && r.span.start < linkStart + 25);
  assert.deepEqual(inLink.map((r) => [r.id, SAMPLE.slice(r.span.start, r.span.end)]), [
    ['hv01', 'hv01'], ['hv01.eth0', 'eth0'], ['core1', 'core1'], ['core1:7', '7'],
  ]);
  // `eonstor.A.ch0` in the session: three segments, three targets.
  const sessionStart = SAMPLE.indexOf('session');
  const inSession = symbols.references.filter((r) => r.span.start > sessionStart);
  assert.deepEqual(inSession.map((r) => [r.id, SAMPLE.slice(r.span.start, r.span.end)]), [
    ['hv01', 'hv01'], ['eonstor', 'eonstor'], ['eonstor.vms', 'vms'], ['hv01.team0', 'team0'],
    ['eonstor', 'eonstor'], ['eonstor.A', 'A'], ['eonstor.A.ch0', 'ch0'],
  ]);
});

test("a definition's container follows from its id, also for a switch port whose name has dots", () => {
  const { symbols, problems } = build(`${SAMPLE}switch edge { port Ethernet1.7 { } }\n`);
  assert.deepEqual(problems, []);
  const containers = Object.fromEntries([...symbols.definitions.values()].map((d) => [d.id, containerIdOf(d) ?? null]));
  assert.deepEqual(containers, {
    hv01: null, 'hv01.eth0': 'hv01', 'hv01.eth1': 'hv01', 'hv01.team0': 'hv01',
    core1: null, 'core1:po1': 'core1', 'core1:7': 'core1', 'core1:8': 'core1', 'core1:9': 'core1', 'core1:1': 'core1', core2: null,
    eonstor: null, 'eonstor.A': 'eonstor', 'eonstor.A.ch0': 'eonstor.A', 'eonstor.vms': 'eonstor',
    edge: null, 'edge:Ethernet1.7': 'edge',
  });
});

test('detached definitions are the same definitions with copies of their offsets, not the tree\'s span objects', () => {
  const { symbols } = build(SAMPLE);
  const detached = detachedDefinitions(symbols);
  const plain = (span: Span) => Object.getPrototypeOf(span) === Object.prototype && Object.keys(span).join() === 'start,end';
  assert.ok([...detached.values()].every((definition) => plain(definition.nameSpan) && plain(definition.span)));
  // A built table's definitions are model elements; a detached one keeps its symbol fields only.
  const symbolFields = new Set(['id', 'kind', 'name', 'nameSpan', 'span', 'implicit']);
  assert.ok([...detached.values()].every((definition) => Object.keys(definition).every((key) => symbolFields.has(key))));
  const summary = (definitions: ReadonlyMap<string, SymbolDefinition>) =>
    [...definitions.values()].map(({ id, kind, name, nameSpan, span, implicit }) => ({ id, kind, name, nameSpan, span, implicit }));
  assert.deepEqual(summary(detached), withOffsets(summary(symbols.definitions)));
  assert.deepEqual([...detached.keys()], symbols.definitionsInOrder.map((definition) => definition.id));
});

test('occurrences and symbolAt serve rename and go-to-definition', () => {
  const { symbols } = build(SAMPLE);
  assert.deepEqual(texts(SAMPLE, occurrencesOf(symbols, 'hv01')), ['hv01', 'hv01', 'hv01', 'hv01', 'hv01']);
  assert.deepEqual(occurrencesOf(symbols, 'eonstor.A.ch0').map((span) => span.start), [
    spanOf(SAMPLE, 'ch0').start, spanOf(SAMPLE, 'ch0', 1).start, spanOf(SAMPLE, 'ch0', 2).start,
  ]);
  const onReference = symbolAt(symbols, spanOf(SAMPLE, 'eth1', 2).start + 1);
  assert.deepEqual(withOffsets(onReference), { id: 'hv01.eth1', span: spanOf(SAMPLE, 'eth1', 2), isDefinition: false });
  assert.equal(symbolAt(symbols, spanOf(SAMPLE, 'team0').start)?.isDefinition, true);
  assert.equal(symbolAt(symbols, SAMPLE.indexOf('speed')), undefined);
});

test('unresolved references are reported and left out of the model', () => {
  const text = `host h { nic e0 { } team t { members e0, e9 } }\nswitch s { stack nowhere }\narray a { controller A { } volume v { owner Z hosts h, ghost } }\nlink h.e0 -- nowhere:1\nsession h -> a via e0 -> a.A.p0\n`;
  const { model, problems } = build(text);
  assert.deepEqual(problems.map((p) => p.code), ['TOPO332', 'TOPO330', 'TOPO335', 'TOPO330', 'TOPO330', 'TOPO330']);
  assert.deepEqual(model.hosts[0].teams[0].members.map((m) => m.id), ['h.e0']);
  assert.deepEqual(model.switches[0].stack, []);
  assert.equal(model.arrays[0].volumes[0].owner, undefined);
  assert.deepEqual(model.arrays[0].volumes[0].hosts?.map((h) => h.id), ['h']);
  assert.deepEqual(model.links, []);
  assert.deepEqual(model.sessions[0].connections, []);
  assert.deepEqual(validateModel(model), []);
});

test("a session naming a volume without its array hints 'array.volume'", () => {
  const text = 'host h { nic e0 { ip 10.0.0.1/24 } }\narray san01 { controller A { port p0 { ip 10.0.0.9/24 } }  volume vol1 { } }\nsession h -> vol1 via e0 -> san01.A.p0\n';
  const { problems } = build(text);
  assert.deepEqual(problems.map((p) => p.code), ['TOPO330']);
  assert.deepEqual(withOffsets(problems[0].span), spanOf(text, 'vol1', 0, '-> vol1'));
  assert.equal(problems[0].message, "no array named 'vol1': a session's target is ARRAY or ARRAY.VOLUME; did you mean 'san01.vol1'?");
});

test('an address that does not parse is reported and left out, the others kept in order', () => {
  const { model, problems } = build('host h { nic eth0 { ip 10.0.0.1/24, 10.0.0.300/24, fd00::5/64 } }\n');
  assert.deepEqual(model.hosts[0].nics[0].ips.map((ip) => ip.address), ['10.0.0.1', 'fd00::5']);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /10\.0\.0\.300/);
});

test('a duplicate name points at the first definition', () => {
  const text = 'host h { }\narray h { }\n';
  const { problems, model } = build(text);
  assert.equal(problems.length, 1);
  assert.deepEqual(withOffsets(problems[0].span), spanOf(text, 'h', 0, 'array h'));
  assert.deepEqual(withOffsets(problems[0].related), [{ span: spanOf(text, 'h', 0, 'host h'), message: 'first defined here' }]);
  assert.equal(model.arrays.length, 0);
});

test('policy without mpio is kept and warned about', () => {
  const { model, problems } = build('host h { multipath mcs  policy round-robin }\n');
  assert.deepEqual(problems.map((p) => [p.code, p.severity]), [['TOPO360', 'warning']]);
  assert.equal(model.hosts[0].policy, 'round-robin');
});

/** A node's span, in a statement that starts at 0. */
const at = (start: number, end: number): NodeSpan => new NodeSpan(new StatementStart(new StatementRun(), 0), start, end);
const value = (text: string, start: number, valueKind: Value['valueKind'] = 'ident'): Value => ({
  kind: 'value', valueKind, text, span: at(start, start + text.length),
});

test('trees with missing names, ends and values (as error recovery leaves them) never throw', () => {
  const tree: Document = {
    kind: 'document',
    span: { start: 0, end: 100 },
    comments: ChunkedList.of([]),
    items: ChunkedList.of<TopItem>([
      { kind: 'block', keywordText: 'host', body: [{ kind: 'property', keyText: 'os', values: [], span: at(5, 7) }], openBraceAt: 5, span: at(0, 10) },
      {
        kind: 'block', keywordText: 'host', name: value('h', 15), openBraceAt: 7, span: at(10, 40),
        body: [
          { kind: 'block', keywordText: 'nic', body: [], openBraceAt: 4, span: at(19, 25) },
          { kind: 'block', keywordText: 'team', name: value('t', 30), body: [{ kind: 'property', keyText: 'members', values: [], span: at(32, 39) }], openBraceAt: 6, span: at(25, 40) },
        ],
      },
      { kind: 'link', keywordText: 'link', a: value('h.t', 46, 'path'), body: [], span: at(41, 49) },
      { kind: 'link', keywordText: 'link', body: [], span: at(50, 54) },
      { kind: 'session', keywordText: 'session', host: value('h', 63), connections: [], span: at(55, 64) },
      { kind: 'session', keywordText: 'session', host: value('h', 73), target: value('a', 78), connections: [{ initiator: value('t', 80), span: at(80, 81) }], span: at(65, 81) },
    ]),
  };
  const { model, problems } = buildModel(tree);
  assert.deepEqual(validateModel(model), []);
  assert.deepEqual(problems.map((p) => p.code), ['TOPO302', 'TOPO302', 'TOPO351', 'TOPO330']);
});

// Speed is the benchmark's to measure; the timeout only stops a builder that hangs.
test('5,000 hosts build without problems', { timeout: 120_000 }, () => {
  const lines: string[] = ['switch sa { mlag sb }', 'switch sb { }', 'array arr {', '  capabilities alua'];
  lines.push('  controller A { port p0 { ip 10.1.0.1/16 } }', '  controller B { port p0 { ip 10.2.0.1/16 } }');
  const hosts = 5000;
  for (let i = 0; i < hosts; i++) lines.push(`  volume v${i} { size 1T  owner A  hosts h${i} }`);
  lines.push('}');
  for (let i = 0; i < hosts; i++) {
    const a = `10.1.${i >> 8}.${(i & 255) + 0}`;
    lines.push(`host h${i} { os rhel-9  multipath mpio  nic e0 { ip ${a}/16 speed 10G }  nic e1 { ip 10.2.${i >> 8}.${i & 255}/16 speed 10G } }`);
    lines.push(`link h${i}.e0 -- sa:${i}`, `link h${i}.e1 -- sb:${i}`);
    lines.push(`session h${i} -> arr.v${i} via e0 -> arr.A.p0`);
  }
  const { tree } = parse(lines.join('\n'));
  const { model, problems } = buildModel(tree);
  assert.deepEqual(problems, []);
  assert.equal(model.links.length, 2 * hosts);
});
