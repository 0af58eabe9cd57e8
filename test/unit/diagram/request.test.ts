// The diagram request as the preview makes it, edit after edit: a whitespace or comment edit is
// answered with the spans' shift alone and nothing built, any other edit with a patch that gives
// exactly the diagram a fresh build gives; the build runs in slices and stops when told; and the
// layout is reused whenever what it places is unchanged.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generateTopology, seededRandom } from '../../../bench/generate';
import { buildDiagram, buildDiagramInSlices, DiagramMemo } from '../../../server/src/diagram/build';
import { layoutDiagram, LayoutCache, layoutInput } from '../../../server/src/diagram/layout';
import { changesDrawing, DiagramPatchSchema, heldDiagram, shiftedModel, takePatch, type HeldDiagram } from '../../../server/src/diagram/patch';
import type { DiagramParams, DiagramResult } from '../../../server/src/diagram/protocol';
import { DiagramAnswers, type DiagramSource } from '../../../server/src/diagram/request';
import type { DiagramModel } from '../../../server/src/diagram/schema';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { analyzeDocument, analyzeNextVersion, type DocumentAnalysis } from '../../../server/src/service/languageService';

const URI = 'file:///a.topo';
const EXAMPLE = readFileSync('examples/serverfault-lacp-team.topo', 'utf8');

/** The source as the server has it: each version analysed from the previous one, as an editor's are. */
function sourceOf(text: string, version: number, previous?: DocumentAnalysis): DiagramSource & { doc: DocumentAnalysis } {
  const doc = analyzeNextVersion(text, DEFAULT_SETTINGS, previous);
  return {
    version,
    text,
    model: doc.modelResult.model,
    analysis: doc.analysis,
    problems: doc.problems,
    settings: doc.settings,
    syntaxErrors: doc.parse.errors.length > 0,
    doc,
  };
}

/** A model as data, as it crosses the protocol (absent and undefined properties alike). */
const data = (model: DiagramModel): unknown => JSON.parse(JSON.stringify(model));

function freshDiagram(text: string): DiagramModel {
  const doc = analyzeDocument(text);
  return buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: true });
}

/** A client holding the diagram it was last sent, as the preview does: a patch that only moves spans is taken without moving them. */
class Client {
  held: HeldDiagram | undefined;
  resultId: string | undefined;
  version = 0;
  doc: DocumentAnalysis | undefined;

  constructor(readonly answers = new DiagramAnswers()) {}

  get model(): DiagramModel | undefined {
    return this.held && shiftedModel(this.held);
  }

  async show(text: string): Promise<DiagramResult> {
    const params: DiagramParams = { uri: URI, version: ++this.version, expandedGroups: [], previousResultId: this.resultId };
    const source = sourceOf(text, this.version, this.doc);
    this.doc = source.doc;
    const result = await this.answers.answer(params, source, async () => true);
    assert.ok(result !== undefined);
    // What crosses the protocol is JSON, and the webview validates it.
    const received = JSON.parse(JSON.stringify(result)) as DiagramResult;
    if ('model' in received) {
      this.held = heldDiagram(received.model);
    } else {
      assert.equal(received.base, this.resultId);
      const patch = DiagramPatchSchema.parse(received.patch);
      const next = takePatch(this.held!, patch);
      assert.ok(next !== undefined, 'the patch fits the diagram it was made against');
      assert.equal(next.model === this.held!.model, !changesDrawing(patch), 'a patch that only moves spans keeps the model it was taken on');
      this.held = next;
    }
    this.resultId = received.resultId;
    return received;
  }
}

function patchOf(result: DiagramResult) {
  assert.ok('patch' in result, 'a patch');
  return result.patch;
}

describe('diagram request', () => {
  it('sends the whole diagram first, with the analysed version', async () => {
    const client = new Client();
    const result = await client.show(EXAMPLE);
    assert.ok('model' in result);
    assert.equal(result.version, 1);
    assert.deepEqual(data(client.model!), data(freshDiagram(EXAMPLE)));
  });

  it('answers a whitespace edit, a comment and a blank line with the shift alone', async () => {
    const client = new Client();
    await client.show(EXAMPLE);
    const at = EXAMPLE.indexOf('nic eth1');
    const edits = [
      EXAMPLE.slice(0, at) + '   ' + EXAMPLE.slice(at),
      EXAMPLE.slice(0, at) + '# a note\n  ' + EXAMPLE.slice(at),
      EXAMPLE.replace('\n', '\n\n'),
    ];
    // Each edit, and its undo.
    for (const text of edits.flatMap((edit) => [edit, EXAMPLE])) {
      const patch = patchOf(await client.show(text));
      assert.deepEqual(Object.keys(patch), ['shift'], 'nothing but spans changed');
      assert.equal(changesDrawing(patch), false);
      assert.deepEqual(data(client.model!), data(freshDiagram(text)));
    }
  });

  it('gives the fresh diagram after whitespace edits, as a patch for the next edit that changes what is drawn and whole to a client without an answer', async () => {
    const client = new Client();
    await client.show(EXAMPLE);
    let text = EXAMPLE;
    for (const at of [EXAMPLE.indexOf('nic eth1'), EXAMPLE.indexOf('host '), 0]) {
      text = text.slice(0, at) + '  ' + text.slice(at);
      assert.deepEqual(Object.keys(patchOf(await client.show(text))), ['shift']);
    }
    // A client that asks without an answer the server keeps, for the same version.
    const lost = new Client(client.answers);
    lost.doc = client.doc;
    lost.version = client.version;
    lost.resultId = 'unknown';
    assert.ok('model' in (await lost.show(text)));
    assert.deepEqual(data(lost.model!), data(freshDiagram(text)));
    client.doc = lost.doc;
    client.version = lost.version;
    const renamed = text.replaceAll('hv01', 'hv07');
    assert.equal(changesDrawing(patchOf(await client.show(renamed))), true);
    assert.deepEqual(data(client.model!), data(freshDiagram(renamed)));
  });

  it('answers a long run of whitespace edits with the shift alone, and the edit after it that changes what is drawn with what changed', async () => {
    const client = new Client();
    await client.show(EXAMPLE);
    let text = EXAMPLE;
    // More edits than the problems' marks take shifts over before they are copied again.
    for (let i = 0; i < 20; i++) {
      const at = text.indexOf('\n', (i * 97) % text.length) + 1;
      text = text.slice(0, at) + ' ' + text.slice(at);
      assert.deepEqual(Object.keys(patchOf(await client.show(text))), ['shift']);
      assert.deepEqual(data(client.model!), data(freshDiagram(text)));
    }
    const slower = text.replace('nic eth1 { speed 10G }', 'nic eth1 { speed 1G }');
    assert.notEqual(slower, text);
    assert.equal(changesDrawing(patchOf(await client.show(slower))), true);
    assert.deepEqual(data(client.model!), data(freshDiagram(slower)));
  });

  it('answers an edit that changes what is drawn with what changed, giving the fresh diagram', async () => {
    const client = new Client();
    await client.show(EXAMPLE);
    const renamed = EXAMPLE.replaceAll('hv01', 'hv07');
    assert.notEqual(renamed, EXAMPLE);
    const patch = patchOf(await client.show(renamed));
    assert.equal(changesDrawing(patch), true);
    assert.deepEqual(data(client.model!), data(freshDiagram(renamed)));
  });

  it('answers an edit that adds and removes elements with their new order and only the elements that changed', async () => {
    const text = generateTopology({ hosts: 200, seed: 5 }).text;
    const client = new Client();
    await client.show(text);
    const host = [...text.matchAll(/^host [^\n]*\{$/gm)][100]!;
    const lineAfter = host.index + host[0].length + 1;
    const edited = text.slice(0, lineAfter) + '  nic eth9 { speed 10G }\n' + text.slice(lineAfter);
    for (const next of [edited, text]) {
      const patch = patchOf(await client.show(next));
      assert.ok(patch.nodes?.keys !== undefined, 'boxes came or went');
      assert.equal(patch.nodes.keys.length, client.model!.nodes.length);
      assert.ok(patch.nodes.changed.length < client.model!.nodes.length / 4, 'only the elements that changed are sent');
      assert.ok((patch.paths?.changed.length ?? 0) < client.model!.paths.length / 4);
      assert.deepEqual(data(client.model!), data(freshDiagram(next)));
    }
  });

  it('gives the fresh diagram after every one of many random edits (typing, deleting, pasting, breaking the syntax)', async () => {
    const random = seededRandom(19);
    const pieces = [' ', '\n', '  ', '# note\n', '}', '{', 'nic eth9 { mtu 9000 }\n', 'x', '"', 'mtu 1500', '\n\n', 'host z {}\n'];
    let text = generateTopology({ hosts: 30, seed: 7 }).text;
    const client = new Client();
    await client.show(text);
    const runs = Number(process.env.FC_RUNS ?? 60);
    for (let i = 0; i < runs; i++) {
      const at = Math.floor(random() * text.length);
      const roll = random();
      if (roll < 0.5) text = text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at);
      else if (roll < 0.8) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(random() * 12)));
      else text = text.slice(0, at) + text.slice(Math.floor(random() * text.length)).slice(0, 200) + text.slice(at);
      await client.show(text);
      assert.deepEqual(data(client.model!), data(freshDiagram(text)), `edit ${i}`);
    }
  });

  it('builds from the host sketches of the previous version exactly the diagram a fresh build gives, after many random edits of hosts', async () => {
    const random = seededRandom(23);
    // More hosts than are drawn one by one: alike hosts group, flagged ones group by finding.
    let text = generateTopology({ hosts: 120, seed: 11 }).text;
    const pieces = ['  nic eth9 { speed 10G }\n', '  multipath none\n', '  os linux\n', '# note\n', 'x', '}', '\n'];
    const memo = new DiagramMemo();
    let doc = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
    const first = buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: true }, memo);
    // A NIC typed into one host works out that host's sketch only.
    const host = [...text.matchAll(/^host (\S+) \{\n/gm)][60]!;
    const before = memo.kept;
    const pairsBefore = memo.keptPairs;
    text = text.slice(0, host.index + host[0].length) + '  nic eth9 { speed 10G }\n' + text.slice(host.index + host[0].length);
    doc = analyzeNextVersion(text, DEFAULT_SETTINGS, doc);
    const second = buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: true }, memo);
    const workedOut = [...memo.kept].filter(([id, sketch]) => before.get(id) !== sketch).map(([id]) => id);
    assert.deepEqual(workedOut, [host[1]]);
    // Its pairs are drawn again, and those of the hosts of the boxes it left and joined; the others are kept.
    const boxHosts = (diagram: DiagramModel) => diagram.nodes.find((node) => node.id === host[1] || node.members?.includes(host[1]!))?.members ?? [host[1]!];
    const boxesChanged = new Set([...boxHosts(first), ...boxHosts(second)]);
    const drawnAgain = [...memo.keptPairs].filter(([id, pairs]) => pairsBefore.get(id) !== pairs).map(([id]) => id);
    assert.ok(drawnAgain.includes(host[1]!));
    assert.deepEqual(drawnAgain.filter((id) => !boxesChanged.has(id)), []);
    assert.ok(drawnAgain.length < memo.keptPairs.size);
    const runs = Number(process.env.FC_RUNS ?? 25);
    for (let i = 0; i < runs; i++) {
      const hosts = [...text.matchAll(/^host [^\n]*\{\n/gm)];
      const host = hosts[Math.floor(random() * hosts.length)];
      const at = host === undefined || random() < 0.2 ? Math.floor(random() * text.length) : host.index + host[0].length;
      text = random() < 0.7 ? text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at) : text.slice(0, at) + text.slice(text.indexOf('\n', at) + 1);
      doc = analyzeNextVersion(text, DEFAULT_SETTINGS, doc);
      const built = buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: true }, memo);
      assert.deepEqual(data(built), data(freshDiagram(text)), `edit ${i}`);
    }
  });

  it('sends the whole diagram to a client whose answer it no longer has, and for other groups', async () => {
    const client = new Client();
    await client.show(EXAMPLE);
    client.resultId = 'unknown';
    assert.ok('model' in (await client.show(EXAMPLE)));
    const result = await client.answers.answer(
      { uri: URI, version: 9, expandedGroups: ['group:x'], previousResultId: client.resultId },
      sourceOf(EXAMPLE, 9),
      async () => true,
    );
    assert.ok(result !== undefined && 'model' in result);
  });

  it('builds in slices, pausing between them, and stops when told', async () => {
    const text = generateTopology({ hosts: 400, seed: 3 }).text;
    const doc = analyzeDocument(text);
    const build = (pause: () => Promise<boolean>) =>
      // Slices of no time: a pause after every few units of work, however fast the machine.
      buildDiagramInSlices(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: true }, pause, undefined, 0);
    let pauses = 0;
    const sliced = await build(async () => {
      pauses++;
      await new Promise((resolve) => setImmediate(resolve));
      return true;
    });
    assert.ok(pauses > 10, `${pauses} pauses`);
    assert.deepEqual(data(sliced!), data(buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: true })));
    let asked = 0;
    const stopped = await build(async () => asked++ < 3);
    assert.equal(stopped, undefined);
    assert.equal(asked, 4);
  });
});

describe('layout cache', () => {
  it('keys the layout on what it places: not spans or statuses, but labels', async () => {
    const diagram = freshDiagram(EXAMPLE);
    const moved: DiagramModel = { ...diagram, nodes: diagram.nodes.map((n) => ({ ...n, span: n.span && { start: n.span.start + 5, end: n.span.end + 5 }, status: { level: 'error', messages: [] } })) };
    assert.equal(layoutInput(moved), layoutInput(diagram));
    const relabelled: DiagramModel = { ...diagram, nodes: diagram.nodes.map((n, i) => (i === 0 ? { ...n, label: `${n.label}x` } : n)) };
    assert.notEqual(layoutInput(relabelled), layoutInput(diagram));
    const cache = new LayoutCache();
    const first = cache.layout(diagram);
    assert.equal(cache.layout(moved), first, 'laid out once');
    assert.notEqual(cache.layout(relabelled), first);
    assert.deepEqual(await first, await layoutDiagram(diagram));
  });

  it('lays out again the connected parts an edit changed, giving the fresh layout', async () => {
    const text = generateTopology({ hosts: 200, seed: 5 }).text;
    const host = [...text.matchAll(/^host [^\n]*\{$/gm)][100]!;
    const lineAfter = host.index + host[0].length + 1;
    const edited = text.slice(0, lineAfter) + '  nic eth9 { speed 10G }\n' + text.slice(lineAfter);
    const cache = new LayoutCache();
    for (const next of [text, edited, text, edited]) {
      const diagram = freshDiagram(next);
      assert.deepEqual(await cache.layout(diagram), await layoutDiagram(diagram));
    }
  });

  it('lays out parts alike but for their names as each is laid out alone, moved', async () => {
    const diagram = freshDiagram(EXAMPLE);
    const renamed = (id: string) => `copy ${id}`;
    const copy = (id: string | undefined) => (id === undefined ? undefined : renamed(id));
    const twice: DiagramModel = {
      nodes: [...diagram.nodes, ...diagram.nodes.map((n) => ({ ...n, id: renamed(n.id), parent: copy(n.parent), bundles: n.bundles?.map(renamed) }))],
      ports: [...diagram.ports, ...diagram.ports.map((p) => ({ ...p, id: renamed(p.id), node: renamed(p.node) }))],
      edges: [
        ...diagram.edges,
        ...diagram.edges.map((e) => ({ ...e, id: renamed(e.id), source: renamed(e.source), target: renamed(e.target), sourcePort: copy(e.sourcePort), targetPort: copy(e.targetPort) })),
      ],
      paths: [],
      pairs: [],
    };
    const alone = await layoutDiagram(diagram);
    const both = await layoutDiagram(twice);
    const first = diagram.nodes[0]!.id;
    const moved = (id: string, from: { x: number; y: number }, to: { x: number; y: number }) => {
      const dx = both.nodes.get(id)!.x - alone.nodes.get(first)!.x;
      const dy = both.nodes.get(id)!.y - alone.nodes.get(first)!.y;
      // Moved by whole parts' offsets, up to floating point.
      assert.ok(Math.abs(to.x - dx - from.x) < 1e-9 && Math.abs(to.y - dy - from.y) < 1e-9, `${id}: (${to.x}, ${to.y}) is not (${from.x}, ${from.y}) moved`);
    };
    for (const origin of [first, renamed(first)]) {
      const name = (id: string) => (origin === first ? id : renamed(id));
      for (const [id, box] of alone.nodes) {
        assert.equal(both.nodes.get(name(id))!.width, box.width);
        moved(origin, box, both.nodes.get(name(id))!);
      }
      for (const [id, box] of alone.ports) moved(origin, box, both.ports.get(name(id))!);
      for (const [id, points] of alone.edges) {
        const drawn = both.edges.get(name(id))!;
        assert.equal(drawn.length, points.length, id);
        points.forEach((point, i) => moved(origin, point, drawn[i]!));
      }
      for (const [id, box] of alone.labels) moved(origin, box, both.labels.get(name(id))!);
    }
  });

  it('lays out a box with more detail lines than a call takes arguments', async () => {
    const diagram = freshDiagram(EXAMPLE);
    const detail = Array.from({ length: 200_000 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}/24`);
    const crowded = { ...diagram, nodes: diagram.nodes.map((n) => (n.kind === 'nic' ? { ...n, detail } : n)) };
    const layout = await layoutDiagram(crowded);
    assert.ok(layout.width > 0);
  });
});
