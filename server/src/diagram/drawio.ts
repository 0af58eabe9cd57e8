// Writes a laid-out diagram as an uncompressed draw.io file (mxfile → diagram → mxGraphModel), so
// that diagrams.net and the Draw.io Integration extension open it for editing by hand. Boxes keep
// their nesting (an array contains its controllers, a controller its ports), switch ports sit on
// their switch, and cables are edges between the cells they join with the layout's bend points.
// Every cell is an `<object>` carrying the element's `.topo` id, kind and problems as attributes
// (draw.io lists them in its tooltip and "Edit Data"); labels are plain text (no `html=1`), so a
// name from the document can never become markup. No Node imports: it could run in the webview.
import { layoutDiagram, portLabelColumns, type Box, type DiagramLayout, type Point } from './layout';
import type { DiagramEdge, DiagramModel, DiagramNode, DiagramPort, Status } from './schema';
import { bundleOutline } from './svg';
import { displayText, escapeXml } from './text';

/** Names and details are written in full; only an absurdly long one is cut. */
const MAX_TEXT = 400;

const STROKE = { ok: '#1f1f1f', info: '#1565c0', warning: '#b26a00', error: '#d32f2f' } as const;

/** An attribute value: invisible characters made visible, escaped, line breaks kept as `&#xa;`. */
function attr(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeXml(displayText(line, MAX_TEXT)))
    .join('&#xa;');
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function style(entries: Record<string, string | number>): string {
  return Object.entries(entries)
    .map(([key, value]) => `${key}=${value}`)
    .join(';');
}

/** The element's problems, one per line, as the preview's tooltip lists them. */
function problemsText(status: Status): string {
  const lines = status.messages.map((m) => `${m.severity}: ${m.message} (${m.code})`);
  if (status.spof === true) lines.push('single point of failure');
  return lines.join('\n');
}

function statusStyle(status: Status): Record<string, string | number> {
  return { strokeColor: STROKE[status.level], strokeWidth: status.level === 'ok' ? 1 : 2 };
}

const NODE_SHAPES: Partial<Record<DiagramNode['kind'], Record<string, string | number>>> = {
  host: { rounded: 1, arcSize: 6, fillColor: '#f3f4f6' },
  group: { rounded: 1, arcSize: 6, fillColor: '#f3f4f6', shadow: 1 },
  switch: { rounded: 0, fillColor: '#ffffff' },
  array: { rounded: 1, arcSize: 4, fillColor: '#f3f4f6' },
  controller: { rounded: 1, arcSize: 6, fillColor: '#ffffff' },
  volume: { rounded: 1, arcSize: 30, fillColor: '#ffffff' },
  lag: { rounded: 1, dashed: 1, fillColor: 'none' },
  trunk: { rounded: 1, dashed: 1, fillColor: 'none' },
};

interface Cell {
  /** The cell's id in the file. */
  id: string;
  /** The diagram element it draws. */
  topoId: string;
  kind: string;
  label: string;
  parent: string;
  style: string;
  problems: string;
  /** Group members, space-separated. */
  members?: string;
  vertex?: Box;
  edge?: { source?: string; target?: string; points: Point[]; labelOffset?: Point };
}

function writeCell(cell: Cell): string {
  const data = [`label="${attr(cell.label)}"`, `topoId="${attr(cell.topoId)}"`, `topoKind="${cell.kind}"`];
  if (cell.problems !== '') data.push(`problems="${attr(cell.problems)}"`);
  if (cell.members !== undefined) data.push(`members="${attr(cell.members)}"`);
  const lines = [`<object id="${cell.id}" ${data.join(' ')}>`];
  if (cell.vertex !== undefined) {
    const b = cell.vertex;
    lines.push(
      `  <mxCell style="${cell.style}" vertex="1" parent="${cell.parent}">`,
      `    <mxGeometry x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" as="geometry"/>`,
      '  </mxCell>',
    );
  } else if (cell.edge !== undefined) {
    const { source, target, points, labelOffset } = cell.edge;
    const ends = [source !== undefined ? `source="${source}"` : '', target !== undefined ? `target="${target}"` : ''].filter((x) => x !== '');
    const first = points[0]!;
    const last = points[points.length - 1]!;
    lines.push(`  <mxCell style="${cell.style}" edge="1" parent="${cell.parent}" ${ends.join(' ')}>`, '    <mxGeometry relative="1" as="geometry">');
    lines.push(`      <mxPoint x="${n(first.x)}" y="${n(first.y)}" as="sourcePoint"/>`, `      <mxPoint x="${n(last.x)}" y="${n(last.y)}" as="targetPoint"/>`);
    const bends = points.slice(1, -1);
    if (bends.length > 0) {
      lines.push('      <Array as="points">');
      for (const p of bends) lines.push(`        <mxPoint x="${n(p.x)}" y="${n(p.y)}"/>`);
      lines.push('      </Array>');
    }
    if (labelOffset !== undefined) lines.push(`      <mxPoint x="${n(labelOffset.x)}" y="${n(labelOffset.y)}" as="offset"/>`);
    lines.push('    </mxGeometry>', '  </mxCell>');
  }
  lines.push('</object>');
  return lines.map((line) => `        ${line}`).join('\n');
}

/** Where a side of a box meets a point, as draw.io's relative exit/entry constraint. */
function constraint(point: Point, box: Box): { x: number; y: number } {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return { x: clamp(box.width > 0 ? (point.x - box.x) / box.width : 0.5), y: clamp(box.height > 0 ? (point.y - box.y) / box.height : 0.5) };
}

/** The point halfway along a polyline: where draw.io puts an edge's label before its offset. */
function halfway(points: Point[]): Point {
  const lengths = points.slice(1).map((p, i) => Math.abs(p.x - points[i]!.x) + Math.abs(p.y - points[i]!.y));
  let remaining = lengths.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i]!;
    if (remaining <= length && length > 0) {
      const a = points[i]!;
      const b = points[i + 1]!;
      const t = remaining / length;
      return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
    }
    remaining -= length;
  }
  return points[0]!;
}

class DrawioWriter {
  private readonly cells: Cell[] = [];
  /** Diagram id (node or port) → cell id and absolute box. */
  private readonly placed = new Map<string, { cell: string; box: Box }>();
  private readonly nodeById: Map<string, DiagramNode>;
  private nextId = 2;

  constructor(
    private readonly diagram: DiagramModel,
    private readonly layout: DiagramLayout,
  ) {
    this.nodeById = new Map(diagram.nodes.map((node) => [node.id, node]));
  }

  write(name: string): string {
    // Parents before children: an mxGraph cell must come after its parent.
    const boxed = this.diagram.nodes.filter((node) => node.bundles === undefined && this.layout.nodes.has(node.id));
    const depthOf = (node: DiagramNode) => {
      let depth = 0;
      for (let up = node.parent; up !== undefined && depth < 32; up = this.nodeById.get(up)?.parent) depth++;
      return depth;
    };
    const containers = new Set(this.diagram.nodes.filter((node) => node.bundles === undefined).map((node) => node.parent));
    const portLabels = portLabelColumns(this.diagram.ports);
    for (const node of [...boxed].sort((a, b) => depthOf(a) - depthOf(b))) this.addNode(node, containers.has(node.id), portLabels.get(node.id)?.west ?? 0);
    for (const node of this.diagram.nodes) if (node.bundles !== undefined) this.addBundle(node);
    for (const port of this.diagram.ports) this.addPort(port);
    for (const edge of this.diagram.edges) this.addEdge(edge);
    const width = Math.max(1, Math.ceil(this.layout.width));
    const height = Math.max(1, Math.ceil(this.layout.height));
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<mxfile host="storage-topology" type="device" compressed="false">',
      `  <diagram id="topology" name="${attr(name)}">`,
      `    <mxGraphModel dx="${width}" dy="${height}" grid="1" gridSize="10" guides="1" tooltips="1" connect="1" arrows="0" fold="1" page="1" pageScale="1" pageWidth="${width}" pageHeight="${height}" math="0" shadow="0">`,
      '      <root>',
      '        <mxCell id="0"/>',
      '        <mxCell id="1" parent="0"/>',
      ...this.cells.map(writeCell),
      '      </root>',
      '    </mxGraphModel>',
      '  </diagram>',
      '</mxfile>',
      '',
    ].join('\n');
  }

  private cellId(): string {
    return `topo-${this.nextId++}`;
  }

  /** The cell a child goes into and its box's origin: children are placed relative to it. */
  private parentOf(parent: string | undefined): { cell: string; origin: Point } {
    const placed = parent === undefined ? undefined : this.placed.get(parent);
    return placed === undefined ? { cell: '1', origin: { x: 0, y: 0 } } : { cell: placed.cell, origin: placed.box };
  }

  /** `indent`: room left of the name for the labels of a switch's west ports. */
  private addNode(node: DiagramNode, container: boolean, indent: number): void {
    const box = this.layout.nodes.get(node.id)!;
    const parent = this.parentOf(node.parent);
    const id = this.cellId();
    this.placed.set(node.id, { cell: id, box });
    const shape = NODE_SHAPES[node.kind] ?? { rounded: 1, arcSize: 10, fillColor: '#ffffff' };
    this.cells.push({
      id,
      topoId: node.id,
      kind: node.kind,
      label: [node.label, ...node.detail].join('\n'),
      parent: parent.cell,
      style: style({
        ...shape,
        ...statusStyle(node.status),
        ...(container ? { container: 1, collapsible: 0 } : {}),
        html: 0,
        align: 'left',
        verticalAlign: 'top',
        spacingLeft: 6 + indent,
        spacingTop: 2,
        fontSize: 11,
        fontColor: '#1f1f1f',
      }),
      problems: problemsText(node.status),
      members: node.members?.join(' '),
      vertex: { x: box.x - parent.origin.x, y: box.y - parent.origin.y, width: box.width, height: box.height },
    });
  }

  /** Lags and trunks: a dashed outline around the ports or parts they bundle. */
  private addBundle(node: DiagramNode): void {
    const members = (node.bundles ?? []).map((id) => this.layout.ports.get(id) ?? this.layout.nodes.get(id)).filter((b) => b !== undefined);
    if (members.length === 0) return;
    const box = bundleOutline(members);
    const parent = this.parentOf(node.parent);
    this.cells.push({
      id: this.cellId(),
      topoId: node.id,
      kind: node.kind,
      label: node.label,
      parent: parent.cell,
      style: style({
        ...NODE_SHAPES[node.kind],
        ...statusStyle(node.status),
        html: 0,
        verticalLabelPosition: 'bottom',
        verticalAlign: 'top',
        fontSize: 10,
        fontColor: '#5f6368',
      }),
      problems: problemsText(node.status),
      vertex: { x: box.x - parent.origin.x, y: box.y - parent.origin.y, width: box.width, height: box.height },
    });
  }

  private addPort(port: DiagramPort): void {
    const box = this.layout.ports.get(port.id);
    if (box === undefined) return;
    const parent = this.parentOf(port.node);
    const id = this.cellId();
    this.placed.set(port.id, { cell: id, box });
    // As in the SVG: inside the switch beside the port, where no cable runs.
    const labelSide: Record<string, string> =
      port.side === 'WEST'
        ? { labelPosition: 'right', align: 'left', spacingLeft: '4' }
        : port.side === 'EAST'
          ? { labelPosition: 'left', align: 'right', spacingRight: '4' }
          : { verticalLabelPosition: 'bottom', verticalAlign: 'top' };
    this.cells.push({
      id,
      topoId: port.id,
      kind: 'switch-port',
      label: port.label,
      parent: parent.cell,
      style: style({
        rounded: 0,
        fillColor: port.status.level === 'ok' ? STROKE.ok : STROKE[port.status.level],
        strokeColor: 'none',
        html: 0,
        ...labelSide,
        fontSize: 10,
        fontColor: '#5f6368',
        resizable: 0,
      }),
      problems: problemsText(port.status),
      vertex: { x: box.x - parent.origin.x, y: box.y - parent.origin.y, width: box.width, height: box.height },
    });
  }

  private addEdge(edge: DiagramEdge): void {
    const points = this.layout.edges.get(edge.id);
    if (points === undefined || points.length < 2) return;
    const source = this.placed.get(edge.sourcePort ?? edge.source) ?? this.placed.get(edge.source);
    const target = this.placed.get(edge.targetPort ?? edge.target) ?? this.placed.get(edge.target);
    const first = points[0]!;
    const last = points[points.length - 1]!;
    const exit = source === undefined ? undefined : constraint(first, source.box);
    const entry = target === undefined ? undefined : constraint(last, target.box);
    const labelled = edge.label !== undefined && (edge.kind === 'link' || edge.kind === 'isl');
    const labelBox = this.layout.labels.get(edge.id);
    const middle = halfway(points);
    this.cells.push({
      id: this.cellId(),
      topoId: edge.id,
      kind: edge.kind,
      label: labelled ? edge.label! : '',
      parent: '1',
      style: style({
        edgeStyle: 'none',
        rounded: 0,
        html: 0,
        endArrow: 'none',
        startArrow: 'none',
        ...statusStyle(edge.status),
        ...(edge.status.level === 'ok' ? { strokeWidth: edge.bundle !== undefined ? 3.5 : edge.kind === 'serves' || edge.kind === 'uplink' ? 1 : 1.5 } : {}),
        ...(edge.kind === 'uplink' || (edge.kind === 'serves' && edge.optimized !== true) ? { dashed: 1 } : {}),
        ...(exit !== undefined ? { exitX: n(exit.x), exitY: n(exit.y), exitPerimeter: 0 } : {}),
        ...(entry !== undefined ? { entryX: n(entry.x), entryY: n(entry.y), entryPerimeter: 0 } : {}),
        fontSize: 10,
        fontColor: '#5f6368',
        labelBackgroundColor: '#ffffff',
      }),
      problems: problemsText(edge.status),
      edge: {
        source: source?.cell,
        target: target?.cell,
        points,
        labelOffset:
          labelled && labelBox !== undefined
            ? { x: labelBox.x + labelBox.width / 2 - middle.x, y: labelBox.y + labelBox.height / 2 - middle.y }
            : undefined,
      },
    });
  }
}

/** The laid-out diagram as a `.drawio` file; `name` is the page's name (the design's file name). */
export function renderDrawioLayout(diagram: DiagramModel, layout: DiagramLayout, name: string): string {
  return new DrawioWriter(diagram, layout).write(name);
}

/** Lays out the diagram with the preview's layout and writes it as a `.drawio` file. */
export async function renderDrawio(diagram: DiagramModel, name: string): Promise<string> {
  return renderDrawioLayout(diagram, await layoutDiagram(diagram), name);
}
