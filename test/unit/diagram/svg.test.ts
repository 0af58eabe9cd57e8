// Layout and SVG drawing: every element gets coordinates, malformed models still lay out, and
// hostile names come out as escaped text with no markup, handlers, links or invisible characters.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generateTopology } from '../../../bench/generate';
import { buildDiagram } from '../../../server/src/diagram/build';
import { layoutDiagram } from '../../../server/src/diagram/layout';
import { renderSvg } from '../../../server/src/diagram/render';
import { renderPng } from '../../../server/src/diagram/renderPng';
import { DiagramModelSchema, type DiagramModel } from '../../../server/src/diagram/schema';
import { diagramStyles, renderDiagramSvg } from '../../../server/src/diagram/svg';
import { displayText, escapeXml } from '../../../server/src/diagram/text';
import { analyzeDocument } from '../../../server/src/service/languageService';

function fixture(name: string): DiagramModel {
  return DiagramModelSchema.parse(JSON.parse(readFileSync(`test/fixtures/diagram/${name}.json`, 'utf8')));
}

/** Every start tag's name and attribute names; fails on a tag it cannot read. */
function tags(svg: string): { name: string; attributes: string[] }[] {
  const found: { name: string; attributes: string[] }[] = [];
  for (const match of svg.matchAll(/<([a-zA-Z][\w:-]*)([^<>]*?)\/?>/g)) {
    const attributes = [...match[2]!.matchAll(/\s([\w:-]+)="[^"<>]*"/g)].map((a) => a[1]!);
    const rest = match[2]!.replace(/\s([\w:-]+)="[^"<>]*"/g, '').trim();
    assert.equal(rest, '', `unreadable attributes in ${match[0]}`);
    found.push({ name: match[1]!, attributes });
  }
  return found;
}

const ALLOWED_TAGS = new Set(['svg', 'style', 'rect', 'g', 'title', 'text', 'path', 'circle']);
const ALLOWED_ATTRIBUTES = new Set(['xmlns', 'class', 'width', 'height', 'viewBox', 'x', 'y', 'rx', 'd', 'data-id', 'cx', 'cy', 'r', 'text-anchor']);

describe('layout', () => {
  it('gives every box, port and edge coordinates', async () => {
    for (const name of ['serverfault', 'dual-fabric', 'hostile', 'grouped']) {
      const diagram = fixture(name);
      const layout = await layoutDiagram(diagram);
      for (const node of diagram.nodes.filter((n) => n.bundles === undefined)) {
        const box = layout.nodes.get(node.id);
        assert.ok(box && box.width > 0 && box.height > 0, `${name}: ${node.id}`);
      }
      for (const port of diagram.ports) assert.ok(layout.ports.has(port.id), `${name}: port ${port.id}`);
      for (const edge of diagram.edges) assert.ok((layout.edges.get(edge.id)?.length ?? 0) >= 2, `${name}: edge ${edge.id}`);
      assert.ok(layout.width > 0 && layout.height > 0);
    }
  });

  it('places hosts left of switches and switches left of arrays', async () => {
    const layout = await layoutDiagram(fixture('serverfault'));
    const hv01 = layout.nodes.get('hv01')!;
    const core1 = layout.nodes.get('core1')!;
    const eonstor = layout.nodes.get('eonstor')!;
    assert.ok(hv01.x + hv01.width <= core1.x);
    assert.ok(core1.x + core1.width <= eonstor.x);
  });

  it('stacks the parts of a box inside it and runs cables from the part across the border', async () => {
    const diagram = fixture('serverfault');
    const layout = await layoutDiagram(diagram);
    const inside = (inner: string, outer: string) => {
      const a = layout.nodes.get(inner)!;
      const b = layout.nodes.get(outer)!;
      assert.ok(b.x <= a.x && a.x + a.width <= b.x + b.width && b.y <= a.y && a.y + a.height <= b.y + b.height, `${inner} in ${outer}`);
    };
    inside('hv01.eth0', 'hv01.team0');
    inside('hv01.team0', 'hv01');
    inside('eonstor.A.ch0', 'eonstor.A');
    inside('eonstor.vms', 'eonstor');
    const eth0 = layout.nodes.get('hv01.eth0')!;
    const cable = diagram.edges.find((e) => e.source === 'hv01.eth0')!;
    const points = layout.edges.get(cable.id)!;
    assert.equal(points[0]!.x, eth0.x + eth0.width);
    assert.ok(points[0]!.y > eth0.y && points[0]!.y < eth0.y + eth0.height);
    const port = layout.ports.get(cable.targetPort!)!;
    assert.ok(Math.abs(points[points.length - 1]!.x - port.x) <= port.width);
    const serves = layout.edges.get('serves:eonstor.A->eonstor.vms')!;
    const controller = layout.nodes.get('eonstor.A')!;
    const volume = layout.nodes.get('eonstor.vms')!;
    assert.equal(serves[0]!.x, controller.x + controller.width);
    assert.equal(serves[serves.length - 1]!.x, volume.x);
  });

  it('gives every cable label a place of its own, clear of the boxes, and draws it there', async () => {
    const diagram = fixture('grouped');
    const layout = await layoutDiagram(diagram);
    const labelled = diagram.edges.filter((edge) => edge.label !== undefined && (edge.kind === 'link' || edge.kind === 'isl'));
    assert.ok(labelled.length >= 4);
    const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    const labels = labelled.map((edge) => {
      const box = layout.labels.get(edge.id);
      assert.ok(box && box.width > 0 && box.height > 0, edge.id);
      return box;
    });
    labels.forEach((label, i) => {
      for (const other of labels.slice(i + 1)) assert.ok(!overlap(label, other), `${labelled[i]!.id} overlaps another label`);
      for (const [id, box] of layout.nodes) assert.ok(!overlap(label, box), `${labelled[i]!.id} covers ${id}`);
    });
    const svg = renderDiagramSvg(diagram, layout, { style: 'light', embedStyles: false });
    const drawnAt = [...svg.matchAll(/class="edge-label" x="([\d.]+)" y="([\d.]+)"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
    assert.equal(drawnAt.length, labels.length);
    for (const label of labels) {
      assert.ok(drawnAt.some((at) => Math.abs(at.x - (label.x + label.width / 2)) < 0.1 && at.y > label.y && at.y <= label.y + label.height), 'a label drawn in its place');
    }
  });

  it('lays out a malformed model: dangling edges, missing parents and parent cycles', async () => {
    const diagram = fixture('serverfault');
    diagram.edges.push({ ...diagram.edges[0]!, id: 'dangling', source: 'nowhere' });
    diagram.nodes.push({ ...diagram.nodes[1]!, id: 'a', parent: 'b' }, { ...diagram.nodes[1]!, id: 'b', parent: 'a' });
    diagram.nodes.push({ ...diagram.nodes[1]!, id: 'orphan', parent: 'missing' });
    const layout = await layoutDiagram(diagram);
    assert.ok(!layout.edges.has('dangling'));
    assert.ok(layout.nodes.has('a') && layout.nodes.has('b') && layout.nodes.has('orphan'));
  });
});

describe('svg', () => {
  it('draws elements with their kind and status classes', async () => {
    const svg = await renderSvg(fixture('serverfault'), { style: 'light' });
    assert.match(svg, /<g class="node kind-host status-warning container" data-id="hv01">/);
    assert.match(svg, /<g class="node kind-switch status-ok spof failable" data-id="core1">/);
    assert.match(svg, /class="edge kind-link status-ok bundle failable" data-id="link@2045"/);
    assert.match(svg, /class="node kind-lag status-ok" data-id="core1:po1"/);
    assert.match(svg, /<title>team team0 \(lacp\)\n172.24.0.10\/24\nwarning: iSCSI session/);
    assert.match(svg, /<style>/);
  });

  it('names every host of a group in its tooltip', async () => {
    const diagram = fixture('grouped');
    const svg = await renderSvg(diagram, { style: 'light' });
    for (const group of diagram.nodes.filter((n) => n.kind === 'group')) {
      const title = new RegExp(`data-id="${group.id}"><title>([^<]*)</title>`).exec(svg)?.[1] ?? '';
      assert.ok(title.includes(`hosts (${group.members!.length}):`), group.id);
      for (const member of group.members!) assert.ok(title.includes(member), `${group.id}: ${member}`);
    }
  });

  it('says what each element is once in its tooltip, never twice ("controller controller A")', async () => {
    for (const name of ['serverfault', 'dual-fabric', 'grouped']) {
      const svg = await renderSvg(fixture(name), { style: 'light' });
      const titles = [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]!.split('\n')[0]!);
      assert.ok(titles.length > 0);
      for (const title of titles) assert.doesNotMatch(title, /\b(\w+) \1\b/i, `${name}: ${title}`);
    }
    const svg = await renderSvg(fixture('serverfault'), { style: 'light' });
    assert.match(svg, /data-id="eonstor\.A"><title>controller A\n/);
    assert.match(svg, /data-id="eonstor\.A\.ch0"><title>array port ch0\n/);
    assert.match(svg, /<title>cable 10G/);
  });

  it('draws no cable through a label: port labels inside the switch, cable labels where the layout left room', async () => {
    const generated = analyzeDocument(generateTopology({ hosts: 120, seed: 5 }).text);
    const designs = [
      ...['serverfault', 'dual-fabric', 'grouped'].map((name) => ({ name, diagram: fixture(name) })),
      { name: 'generated', diagram: buildDiagram(generated.modelResult.model, generated.analysis, generated.problems, { groupHosts: true }) },
    ];
    for (const { name, diagram } of designs) {
      const svg = await renderSvg(diagram, { style: 'light' });
      const labels = [...svg.matchAll(/<text class="(port-label|edge-label)" x="([\d.-]+)" y="([\d.-]+)" text-anchor="(\w+)">([^<]*)<\/text>/g)].map((m) => {
        const width = Array.from(m[5]!.replace(/&[a-z#\d]+;/g, '_')).length * 6.2;
        const x = Number(m[2]);
        const left = m[4] === 'end' ? x - width : m[4] === 'middle' ? x - width / 2 : x;
        // The text's box, 1 px inside its glyphs, so that a cable touching it is not counted.
        return { text: m[5]!, left: left + 1, right: left + width - 1, top: Number(m[3]) - 8, bottom: Number(m[3]) + 1 };
      });
      assert.ok(labels.length > 0, name);
      const wires = [...svg.matchAll(/<path class="wire" d="([^"]+)"\/>/g)].map((m) => [...m[1]!.matchAll(/[ML]([\d.-]+) ([\d.-]+)/g)].map((p) => ({ x: Number(p[1]), y: Number(p[2]) })));
      for (const wire of wires) {
        for (let i = 1; i < wire.length; i++) {
          const [a, b] = [wire[i - 1]!, wire[i]!];
          for (const label of labels) {
            const crosses =
              Math.max(a.x, b.x) > label.left && Math.min(a.x, b.x) < label.right && Math.max(a.y, b.y) > label.top && Math.min(a.y, b.y) < label.bottom;
            assert.ok(!crosses, `${name}: the cable ${a.x},${a.y} → ${b.x},${b.y} crosses the label '${label.text}'`);
          }
        }
      }
    }
  });

  it('escapes hostile names: no markup, no handlers, no links, no invisible characters', async () => {
    const svg = await renderSvg(fixture('hostile'), { style: 'light' });
    assert.ok(!/<script/i.test(svg));
    assert.ok(!/<foreignObject/i.test(svg));
    assert.ok(!/<iframe|<img|<a[\s>]/i.test(svg));
    assert.ok(!/<\/style>[^]*<style>/.test(svg), 'one style element only');
    for (const tag of tags(svg)) {
      assert.ok(ALLOWED_TAGS.has(tag.name), tag.name);
      for (const attribute of tag.attributes) assert.ok(ALLOWED_ATTRIBUTES.has(attribute), `${tag.name} ${attribute}`);
    }
    assert.ok(!/[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/.test(svg));
    assert.ok(svg.includes('&lt;script&gt;window.__pwned=1&lt;/script&gt;'));
    assert.ok(svg.includes('data-id="x&quot; onload=&quot;window.__pwned=1&quot; y=&quot;"'));
    assert.ok(svg.includes('admin\ufffdgnp.exe'));
  });

  it('uses VS Code colours in the theme style and fixed colours in the light style', () => {
    const theme = diagramStyles('theme');
    for (const name of ['--vscode-editor-foreground', '--vscode-editorError-foreground', '--vscode-editorWarning-foreground', '--vscode-editorInfo-foreground']) {
      assert.ok(theme.includes(`var(${name}`), name);
    }
    assert.ok(!diagramStyles('light').includes('var('));
  });

  it('leaves the stylesheet out for the webview, which applies it to the page', async () => {
    const diagram = fixture('dual-fabric');
    const svg = renderDiagramSvg(diagram, await layoutDiagram(diagram), { style: 'theme', embedStyles: false });
    assert.ok(!svg.includes('<style>'));
    assert.ok(svg.includes('class="topo-diagram style-theme"'));
  });

  it('rasterises to PNG', async () => {
    const png = renderPng(await renderSvg(fixture('hostile'), { style: 'light' }), { scale: 1 });
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});

describe('text', () => {
  it('makes bidi, zero-width and control characters visible and caps the length', () => {
    assert.equal(displayText('a\u202eb\u200bc\u0007d'), 'a\ufffdb\ufffdc\ufffdd');
    assert.equal(displayText('\ud800x'), '\ufffdx');
    assert.equal(displayText('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
  });

  it('escapes both quote kinds and markup', () => {
    assert.equal(escapeXml(`<a href="x" title='y'>&`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;');
  });
});
