// The draw.io export read back with a real XML parser: every element and cable of each example is
// a cell carrying its `.topo` id, nested in its container and joined to the cells it connects;
// positions follow the layout; grouped hosts are named; hostile names stay text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { generateTopology } from '../../../bench/generate';
import { buildDiagram } from '../../../server/src/diagram/build';
import { renderDrawio, renderDrawioLayout } from '../../../server/src/diagram/drawio';
import { layoutDiagram } from '../../../server/src/diagram/layout';
import { DiagramModelSchema, type DiagramModel } from '../../../server/src/diagram/schema';
import { displayText } from '../../../server/src/diagram/text';
import type { Endpoint, Model } from '../../../server/src/model/schema';
import { analyzeDocument } from '../../../server/src/service/languageService';

interface Cell {
  id: string;
  label?: string;
  topoId?: string;
  topoKind?: string;
  problems?: string;
  members?: string;
  parent?: string;
  source?: string;
  target?: string;
  vertex: boolean;
  edge: boolean;
  style: string;
  geometry?: { x: number; y: number; width: number; height: number; points: { x: number; y: number }[] };
}

const ARRAYS = new Set(['object', 'mxCell', 'mxPoint']);

/** Parses a `.drawio` file into its cells, failing on anything draw.io would not read. */
function readDrawio(xml: string): { cells: Map<string, Cell>; byTopoId: Map<string, Cell>; page: Record<string, string> } {
  assert.equal(XMLValidator.validate(xml), true);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, htmlEntities: true, isArray: (name) => ARRAYS.has(name) });
  const document = parser.parse(xml);
  const diagram = document.mxfile?.diagram;
  assert.ok(diagram, 'mxfile > diagram');
  assert.equal(typeof diagram, 'object', 'an uncompressed diagram');
  const model = diagram.mxGraphModel;
  assert.ok(model?.root, 'mxGraphModel > root');
  const cells = new Map<string, Cell>();
  const byTopoId = new Map<string, Cell>();
  const add = (cell: Cell) => {
    assert.ok(!cells.has(cell.id), `duplicate cell id ${cell.id}`);
    cells.set(cell.id, cell);
    if (cell.topoId !== undefined) {
      assert.ok(!byTopoId.has(cell.topoId), `duplicate topoId ${cell.topoId}`);
      byTopoId.set(cell.topoId, cell);
    }
  };
  const geometryOf = (raw: Record<string, unknown> | undefined): Cell['geometry'] => {
    if (raw === undefined) return undefined;
    const points = ((raw.Array as { mxPoint?: Record<string, string>[] } | undefined)?.mxPoint ?? []).map((p) => ({ x: Number(p.x), y: Number(p.y) }));
    const ends = ((raw.mxPoint as Record<string, string>[] | undefined) ?? []).filter((p) => p.as === 'sourcePoint' || p.as === 'targetPoint');
    const source = ends.find((p) => p.as === 'sourcePoint');
    const target = ends.find((p) => p.as === 'targetPoint');
    return {
      x: Number(raw.x ?? 0),
      y: Number(raw.y ?? 0),
      width: Number(raw.width ?? 0),
      height: Number(raw.height ?? 0),
      points: [...(source ? [{ x: Number(source.x), y: Number(source.y) }] : []), ...points, ...(target ? [{ x: Number(target.x), y: Number(target.y) }] : [])],
    };
  };
  const fromCell = (raw: Record<string, unknown>, data: Record<string, string>): Cell => ({
    id: data.id ?? (raw.id as string),
    label: data.label,
    topoId: data.topoId,
    topoKind: data.topoKind,
    problems: data.problems,
    members: data.members,
    parent: raw.parent as string | undefined,
    source: raw.source as string | undefined,
    target: raw.target as string | undefined,
    vertex: raw.vertex === '1',
    edge: raw.edge === '1',
    style: (raw.style as string | undefined) ?? '',
    geometry: geometryOf(raw.mxGeometry as Record<string, unknown> | undefined),
  });
  for (const raw of model.root.mxCell ?? []) add(fromCell(raw, {}));
  for (const object of model.root.object ?? []) {
    assert.equal(object.mxCell?.length, 1, `one mxCell in object ${object.id}`);
    assert.equal(object.mxCell[0].id, undefined, 'the object holds the id');
    add(fromCell(object.mxCell[0], object));
  }
  assert.ok(cells.has('0') && cells.has('1'), 'the root cell and the default layer');
  const order = [...cells.keys()];
  for (const cell of cells.values()) {
    if (cell.id === '0') continue;
    assert.ok(cell.parent !== undefined && cells.has(cell.parent), `parent of ${cell.id}`);
    assert.ok(order.indexOf(cell.parent!) < order.indexOf(cell.id), `${cell.id} after its parent`);
    for (const end of [cell.source, cell.target]) if (end !== undefined) assert.ok(cells.get(end)?.vertex, `end ${end} of ${cell.id}`);
  }
  return { cells, byTopoId, page: model };
}

function analyse(text: string): { model: Model; diagram: DiagramModel } {
  const doc = analyzeDocument(text);
  return { model: doc.modelResult.model, diagram: buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: true }) };
}

/** The cell a cable's end is drawn on: the switch port when it names one. */
function endCell(endpoint: Endpoint): string {
  return endpoint.ref.id;
}

const EXAMPLES = readdirSync('examples').filter((name) => name.endsWith('.topo'));

describe('draw.io export', () => {
  for (const name of EXAMPLES) {
    it(`has every element and cable of ${name}, nested and joined as in the design`, async () => {
      const { model, diagram } = analyse(readFileSync(path.join('examples', name), 'utf8'));
      const { cells, byTopoId } = readDrawio(await renderDrawio(diagram, name));
      const vertex = (id: string, kind: string, parent?: string) => {
        const cell = byTopoId.get(id);
        assert.ok(cell?.vertex, `${name}: ${kind} ${id}`);
        assert.equal(cell.topoKind, kind, id);
        if (parent !== undefined) assert.equal(cells.get(cell.parent!)?.topoId, parent, `${id} inside ${parent}`);
        return cell;
      };
      for (const host of model.hosts) {
        const cell = vertex(host.id, 'host');
        assert.equal(cell.parent, '1');
        assert.equal(cell.label?.split('\n')[0], host.name);
        for (const team of host.teams) vertex(team.id, 'team', host.id);
        for (const nic of host.nics) vertex(nic.id, 'nic', host.teams.find((t) => t.members.some((m) => m.id === nic.id))?.id ?? host.id);
        for (const hba of host.hbas) vertex(hba.id, 'hba', host.id);
        for (const vmk of host.vmks) vertex(vmk.id, 'vmk', host.id);
      }
      for (const sw of model.switches) {
        vertex(sw.id, 'switch');
        for (const lag of sw.lags) vertex(lag.id, 'lag', sw.id);
      }
      for (const array of model.arrays) {
        vertex(array.id, 'array');
        for (const controller of array.controllers) {
          vertex(controller.id, 'controller', array.id);
          for (const port of controller.ports) vertex(port.id, 'array-port', controller.id);
        }
        for (const trunk of array.trunks) vertex(trunk.id, 'trunk', array.id);
        for (const volume of array.volumes) vertex(volume.id, 'volume', array.id);
      }
      assert.ok(model.links.length > 0);
      for (const link of model.links) {
        const cell = byTopoId.get(link.id);
        assert.ok(cell?.edge, `${name}: cable ${link.id}`);
        assert.equal(cell.topoKind, link.a.kind === 'host-interface' || link.b.kind === 'host-interface' || link.a.kind === 'array-port' || link.b.kind === 'array-port' ? 'link' : 'isl');
        const ends = [cells.get(cell.source!)?.topoId, cells.get(cell.target!)?.topoId].sort();
        assert.deepEqual(ends, [endCell(link.a), endCell(link.b)].sort(), link.id);
        for (const end of [link.a, link.b]) {
          if (end.kind === 'switch-port') assert.equal(cells.get(byTopoId.get(end.ref.id)!.parent!)?.topoId, end.switch, `port ${end.ref.id} on its switch`);
        }
        if (link.speedMbps !== undefined) assert.ok(cell.label !== '', `${link.id} labelled with its speed`);
      }
      for (const edge of diagram.edges) assert.ok(byTopoId.get(edge.id)?.edge, `${name}: edge ${edge.id}`);
      for (const node of diagram.nodes) {
        const problems = byTopoId.get(node.id)?.problems ?? '';
        for (const message of node.status.messages) assert.ok(problems.includes(message.message), `${node.id}: ${message.code}`);
      }
    });
  }

  it('puts every box where the layout puts it, children relative to their container, cables through its bends', async () => {
    const { diagram } = analyse(readFileSync('examples/dual-fabric-mpio.topo', 'utf8'));
    const layout = await layoutDiagram(diagram);
    const { cells, byTopoId, page } = readDrawio(renderDrawioLayout(diagram, layout, 'dual-fabric-mpio.topo'));
    const absolute = (cell: Cell): { x: number; y: number } => {
      const parent = cells.get(cell.parent!)!;
      const origin = parent.vertex ? absolute(parent) : { x: 0, y: 0 };
      return { x: origin.x + cell.geometry!.x, y: origin.y + cell.geometry!.y };
    };
    for (const [id, box] of [...layout.nodes, ...layout.ports]) {
      const cell = byTopoId.get(id)!;
      const at = absolute(cell);
      assert.ok(Math.abs(at.x - box.x) < 0.2 && Math.abs(at.y - box.y) < 0.2, `${id} at ${box.x},${box.y}, drawn at ${at.x},${at.y}`);
      assert.ok(Math.abs(cell.geometry!.width - box.width) < 0.2 && Math.abs(cell.geometry!.height - box.height) < 0.2, id);
    }
    for (const [id, points] of layout.edges) {
      const drawn = byTopoId.get(id)!.geometry!.points;
      assert.equal(drawn.length, points.length, id);
      drawn.forEach((p, i) => assert.ok(Math.abs(p.x - points[i]!.x) < 0.2 && Math.abs(p.y - points[i]!.y) < 0.2, `${id} point ${i}`));
    }
    assert.equal(page.pageWidth, String(Math.ceil(layout.width)));
  });

  it('writes groups of a large design with the hosts they stand for, and the rest of the design', async () => {
    const { model, diagram } = analyse(generateTopology({ hosts: 300, seed: 3 }).text);
    const groups = diagram.nodes.filter((n) => n.kind === 'group');
    assert.ok(groups.length > 0);
    const { byTopoId } = readDrawio(await renderDrawio(diagram, 'generated.topo'));
    const listed = new Set<string>();
    for (const group of groups) {
      const cell = byTopoId.get(group.id);
      assert.equal(cell?.topoKind, 'group');
      for (const member of cell.members!.split(' ')) listed.add(member);
      assert.equal(cell.label?.split('\n')[0], group.label);
    }
    for (const host of model.hosts) assert.ok(byTopoId.has(host.id) || listed.has(host.id), host.id);
    for (const sw of model.switches) assert.ok(byTopoId.get(sw.id)?.vertex, sw.id);
    for (const edge of diagram.edges) assert.ok(byTopoId.get(edge.id)?.edge, edge.id);
  });

  it('keeps hostile names as text: only draw.io elements, names read back as shown', async () => {
    const diagram = DiagramModelSchema.parse(JSON.parse(readFileSync('test/fixtures/diagram/hostile.json', 'utf8')));
    const xml = await renderDrawio(diagram, '<script>x</script>\u202e.topo');
    const { byTopoId } = readDrawio(xml);
    for (const tag of xml.matchAll(/<([A-Za-z][\w:-]*)/g)) assert.ok(['mxfile', 'diagram', 'mxGraphModel', 'root', 'mxCell', 'object', 'mxGeometry', 'mxPoint', 'Array'].includes(tag[1]!), tag[1]);
    assert.ok(!/[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/.test(xml));
    assert.ok(!/html=1/.test(xml), 'labels are plain text');
    for (const node of diagram.nodes.filter((n) => n.bundles === undefined)) {
      const cell = byTopoId.get(displayText(node.id, 400));
      assert.ok(cell, node.id);
      assert.equal(cell.label, [node.label, ...node.detail].map((line) => displayText(line, 400)).join('\n'));
    }
  });
});
