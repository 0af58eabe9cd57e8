// Lays out a diagram model: hosts, switches and arrays as boxes in three columns, left to right.
// elkjs places only the top-level boxes and routes the cables between them; the parts inside a box
// (a host's NICs and teams, an array's controllers, ports and volumes) are stacked here, in one or
// two inner columns, and reach the cables through ports fixed on the box's border. A flat graph
// keeps elkjs fast on large designs, where nested boxes made it cost seconds; elkjs lays out each
// connected part of it alone (placed in rows here), so that an edit lays out again only the part it
// changed, not the seconds' worth of a 5,000-host design, and parts alike but for their names once. Runs in Node and in
// the webview, so it imports nothing from Node and uses elkjs's bundled build (no worker).
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkLabel, ElkNode, ElkPort } from 'elkjs/lib/elk-api';
import type { DiagramEdge, DiagramModel, DiagramNode, DiagramPort, PortSide } from './schema';
import { displayText } from './text';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Absolute coordinates of every drawn node, port and edge (edges as polylines), and of cable labels. */
export interface DiagramLayout {
  width: number;
  height: number;
  nodes: Map<string, Box>;
  ports: Map<string, Box>;
  edges: Map<string, Point[]>;
  /** By edge id: where the label of a cable goes, clear of boxes and of other labels. */
  labels: Map<string, Box>;
}

/** Text metrics shared with svg.ts so boxes fit their labels. */
export const METRICS = {
  labelCharWidth: 7.4,
  detailCharWidth: 6.2,
  labelLine: 16,
  detailLine: 13,
  padding: 8,
  portSize: 8,
  /** Labels longer than this are cut with an ellipsis. */
  maxLabelChars: 40,
  /** Cable labels are shorter: they sit between the columns. */
  maxEdgeLabelChars: 16,
};

/** The text of an edge's label as drawn, if it has one: cables and inter-switch links are labelled. */
export function edgeLabelText(edge: DiagramEdge): string | undefined {
  if (edge.label === undefined || (edge.kind !== 'link' && edge.kind !== 'isl')) return undefined;
  return displayText(edge.label, METRICS.maxEdgeLabelChars);
}

/** Space between stacked parts inside a box, and between its two inner columns. */
const INNER_GAP = 8;
const INNER_COLUMN_GAP = 28;

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.partitioning.activate': 'true',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.spacing.nodeNode': '16',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.edgeNode': '10',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  // Speed over the last few crossings: the preview re-lays out on every pause in typing.
  'elk.layered.thoroughness': '1',
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
};

/** Characters of a switch port's label shown. */
export const PORT_LABEL_CHARS = 12;

/**
 * A switch's port labels are drawn inside its box, beside their port, where no cable runs: the
 * width the labels of its west and east ports take there, keyed by switch id. The name and
 * details stand between the two.
 */
export function portLabelColumns(ports: DiagramPort[]): Map<string, { west: number; east: number }> {
  const columns = new Map<string, { west: number; east: number }>();
  for (const port of ports) {
    if (port.side !== 'WEST' && port.side !== 'EAST') continue;
    const column = columns.get(port.node) ?? { west: 0, east: 0 };
    const width = Math.ceil(displayText(port.label, PORT_LABEL_CHARS).length * METRICS.detailCharWidth) + 9;
    if (port.side === 'WEST') column.west = Math.max(column.west, width);
    else column.east = Math.max(column.east, width);
    columns.set(port.node, column);
  }
  return columns;
}

/** Height of the header (name and detail lines) of a box. */
export function headerHeight(node: DiagramNode): number {
  return METRICS.padding + METRICS.labelLine + node.detail.length * METRICS.detailLine;
}

function textWidth(node: DiagramNode): number {
  const label = displayText(node.label).length * METRICS.labelCharWidth;
  // A loop, not Math.max(...lines): a NIC may list more addresses than a call takes arguments.
  const detail = node.detail.reduce((widest, line) => Math.max(widest, displayText(line).length * METRICS.detailCharWidth), 0);
  return Math.ceil(Math.max(label, detail)) + 2 * METRICS.padding;
}

/** Nodes that get a box of their own: lags and trunks are drawn around ports instead. */
function isBoxed(node: DiagramNode): boolean {
  return node.bundles === undefined;
}

/**
 * Resolves each node's parent, ignoring parents that do not exist, are not boxes, or would make
 * a cycle: a malformed model still lays out, flatter.
 */
function resolveParents(nodes: DiagramNode[]): Map<string, string | undefined> {
  const byId = new Map(nodes.filter(isBoxed).map((node) => [node.id, node]));
  const parents = new Map<string, string | undefined>();
  for (const node of byId.values()) {
    let parent = node.parent !== undefined && byId.has(node.parent) ? node.parent : undefined;
    const seen = new Set([node.id]);
    for (let up = parent; up !== undefined; up = byId.get(up)?.parent) {
      if (seen.has(up)) {
        parent = undefined;
        break;
      }
      seen.add(up);
    }
    parents.set(node.id, parent);
  }
  return parents;
}

/** The boxes and their nesting, with the parts of each top-level box placed relative to it. */
class BoxTree {
  readonly nodeById: Map<string, DiagramNode>;
  readonly parents: Map<string, string | undefined>;
  readonly children = new Map<string, string[]>();
  readonly topLevel: string[] = [];
  /** Each box relative to its top-level box. */
  readonly relative = new Map<string, Box>();
  private readonly topOf = new Map<string, string>();
  /** Parts that start an edge to a sibling part: they stand in the left inner column. */
  private readonly leftColumn = new Set<string>();
  private readonly minimum = new Map<string, { width: number; height: number }>();
  private readonly portLabels: Map<string, { west: number; east: number }>;

  constructor(diagram: DiagramModel) {
    this.nodeById = new Map(diagram.nodes.map((node) => [node.id, node]));
    this.portLabels = portLabelColumns(diagram.ports);
    this.parents = resolveParents(diagram.nodes);
    for (const [id, parent] of this.parents) {
      if (parent === undefined) this.topLevel.push(id);
      else if (this.children.has(parent)) this.children.get(parent)!.push(id);
      else this.children.set(parent, [id]);
    }
    for (const id of this.topLevel) this.markTop(id, id);
    for (const edge of diagram.edges) this.markInnerEdge(edge);
    for (const id of this.topLevel) this.place(id, 0, 0, this.size(id).width);
  }

  top(id: string): string | undefined {
    return this.topOf.get(id);
  }

  size(id: string): { width: number; height: number } {
    const known = this.minimum.get(id);
    if (known !== undefined) return known;
    const node = this.nodeById.get(id)!;
    const kids = this.children.get(id) ?? [];
    let size: { width: number; height: number };
    if (kids.length === 0) {
      const labels = this.portLabels.get(id);
      const portLabelsWidth = labels === undefined ? 0 : labels.west + labels.east;
      size = { width: Math.max(textWidth(node) + portLabelsWidth, node.kind === 'switch' ? 90 : 50), height: headerHeight(node) + METRICS.padding / 2 };
    } else {
      const columns = this.columns(id);
      const widths = columns.map((column) => this.widest(column));
      const heights = columns.map((column) => column.reduce((sum, kid) => sum + this.size(kid).height, 0) + INNER_GAP * (column.length - 1));
      const inner = widths.reduce((a, b) => a + b, 0) + INNER_COLUMN_GAP * (columns.length - 1);
      size = {
        width: Math.max(textWidth(node), inner + 2 * METRICS.padding),
        height: Math.max(headerHeight(node) + 20, headerHeight(node) + 4 + Math.max(...heights) + METRICS.padding),
      };
    }
    this.minimum.set(id, size);
    return size;
  }

  private markTop(id: string, top: string): void {
    this.topOf.set(id, top);
    for (const kid of this.children.get(id) ?? []) this.markTop(kid, top);
  }

  /** An edge between two parts of one box puts the part holding its source in the left column. */
  private markInnerEdge(edge: DiagramEdge): void {
    const sourceChain = this.chain(edge.source);
    const targetChain = new Set(this.chain(edge.target));
    for (let i = 1; i < sourceChain.length; i++) {
      if (targetChain.has(sourceChain[i]!)) {
        if (!targetChain.has(sourceChain[i - 1]!)) this.leftColumn.add(sourceChain[i - 1]!);
        return;
      }
    }
  }

  /** A box and its enclosing boxes, innermost first. */
  private chain(id: string): string[] {
    const chain: string[] = [];
    for (let up: string | undefined = id; up !== undefined && this.parents.has(up); up = this.parents.get(up)) chain.push(up);
    return chain;
  }

  /** The widest of `kids` (a loop: a 40,000-member team is too many arguments for Math.max). */
  private widest(kids: readonly string[]): number {
    return kids.reduce((widest, kid) => Math.max(widest, this.size(kid).width), 0);
  }

  private columns(id: string): string[][] {
    const kids = this.children.get(id) ?? [];
    const left = kids.filter((kid) => this.leftColumn.has(kid));
    const right = kids.filter((kid) => !this.leftColumn.has(kid));
    return [left, right].filter((column) => column.length > 0);
  }

  /** Places a box at a width and its parts inside it: columns hug the left and right borders. */
  private place(id: string, x: number, y: number, width: number): void {
    this.relative.set(id, { x, y, width, height: this.size(id).height });
    const columns = this.columns(id);
    if (columns.length === 0) return;
    const inner = width - 2 * METRICS.padding;
    const top = y + headerHeight(this.nodeById.get(id)!) + 4;
    if (columns.length === 1) {
      this.stack(columns[0]!, x + METRICS.padding, top, inner);
      return;
    }
    const [left, right] = columns as [string[], string[]];
    const leftWidth = this.widest(left);
    const rightWidth = this.widest(right);
    this.stack(left, x + METRICS.padding, top, leftWidth);
    this.stack(right, x + width - METRICS.padding - rightWidth, top, rightWidth);
  }

  private stack(column: string[], x: number, y: number, width: number): void {
    let at = y;
    for (const kid of column) {
      this.place(kid, x, at, width);
      at += this.size(kid).height + INNER_GAP;
    }
  }
}

/** Where an edge end meets elkjs: a top-level box, a switch port, or a border port of a part. */
interface EdgeEnd {
  elkId: string;
  top: string;
  /** The part inside a top-level box the cable comes from, if it is not the box itself. */
  part?: string;
}

const attachmentId = (part: string, side: PortSide) => `\u0000${side}\u0000${part}`;
const labelId = (edge: string) => `\u0000label\u0000${edge}`;

class ElkGraphBuilder {
  readonly root: ElkNode = { id: '\u0000root', layoutOptions: ROOT_OPTIONS, children: [], edges: [] };
  readonly elkNodes = new Map<string, ElkNode>();
  /** Switch ports drawn by elkjs, with the box they are on. */
  readonly diagramPorts = new Map<string, string>();
  /** Edges drawn by elkjs, with the part at each end if any. */
  readonly routed = new Map<string, { source: EdgeEnd; target: EdgeEnd }>();
  /** Edges between parts of one box, drawn here. */
  readonly inner: DiagramEdge[] = [];
  private readonly innerIds = new Set<string>();
  private readonly attachments = new Set<string>();

  constructor(
    private readonly diagram: DiagramModel,
    private readonly tree: BoxTree,
  ) {}

  build(): ElkNode {
    for (const id of this.tree.topLevel) {
      const node = this.tree.nodeById.get(id)!;
      const size = this.tree.size(id);
      const elkNode: ElkNode = {
        id,
        width: size.width,
        height: size.height,
        layoutOptions: { 'elk.partitioning.partition': String(node.column ?? 0) },
      };
      this.elkNodes.set(id, elkNode);
      this.root.children!.push(elkNode);
    }
    this.addDiagramPorts();
    for (const edge of this.diagram.edges) this.addEdge(edge);
    this.fixPortPositions();
    return this.root;
  }

  private addDiagramPorts(): void {
    for (const port of this.diagram.ports) {
      const owner = this.elkNodes.get(port.node);
      if (owner === undefined || this.diagramPorts.has(port.id) || this.tree.nodeById.has(port.id)) continue;
      this.diagramPorts.set(port.id, port.node);
      const elkPort: ElkPort = { id: port.id, width: METRICS.portSize, height: METRICS.portSize, layoutOptions: { 'elk.port.side': port.side } };
      (owner.ports ??= []).push(elkPort);
      owner.layoutOptions!['elk.portConstraints'] = 'FIXED_SIDE';
    }
    for (const owner of this.elkNodes.values()) {
      // A switch grows with its ports so that each cable gets its own place on the border.
      const count = owner.ports?.length ?? 0;
      if (count > 0) owner.height = Math.max(owner.height!, 14 * Math.ceil(count / 2) + 20);
    }
  }

  /** The elkjs end of a cable at a switch port, a top-level box, or a part (through a border port). */
  private end(id: string, top: string, side: PortSide): EdgeEnd {
    if (this.diagramPorts.has(id) || top === id) return { elkId: id, top };
    const elkId = attachmentId(id, side);
    if (!this.attachments.has(elkId)) {
      this.attachments.add(elkId);
      const box = this.tree.relative.get(id)!;
      const owner = this.elkNodes.get(top)!;
      (owner.ports ??= []).push({
        id: elkId,
        width: 0,
        height: 0,
        x: side === 'EAST' ? owner.width! : 0,
        y: box.y + box.height / 2,
        layoutOptions: { 'elk.port.side': side },
      });
      owner.layoutOptions!['elk.portConstraints'] = 'FIXED_POS';
    }
    return { elkId, top, part: id };
  }

  private addEdge(edge: DiagramEdge): void {
    // elkjs needs ids unique across nodes, ports and edges.
    const taken = (id: string) => this.elkNodes.has(id) || this.diagramPorts.has(id) || this.attachments.has(id);
    if (this.routed.has(edge.id) || this.innerIds.has(edge.id) || taken(edge.id)) return;
    const sourceId = edge.sourcePort !== undefined && this.diagramPorts.has(edge.sourcePort) ? edge.sourcePort : edge.source;
    const targetId = edge.targetPort !== undefined && this.diagramPorts.has(edge.targetPort) ? edge.targetPort : edge.target;
    if (sourceId === targetId) return;
    const sourceTop = this.diagramPorts.get(sourceId) ?? this.tree.top(sourceId);
    const targetTop = this.diagramPorts.get(targetId) ?? this.tree.top(targetId);
    if (sourceTop === undefined || targetTop === undefined) return;
    if (sourceTop === targetTop && !this.diagramPorts.has(sourceId) && !this.diagramPorts.has(targetId)) {
      this.innerIds.add(edge.id);
      this.inner.push(edge);
      return;
    }
    const source = this.end(sourceId, sourceTop, 'EAST');
    const target = this.end(targetId, targetTop, 'WEST');
    this.routed.set(edge.id, { source, target });
    const elkEdge: ElkExtendedEdge = { id: edge.id, sources: [source.elkId], targets: [target.elkId] };
    // Given to elkjs with its size, a label gets room between the columns and never covers a box
    // or another label.
    const label = edgeLabelText(edge);
    if (label !== undefined) {
      elkEdge.labels = [{ id: labelId(edge.id), text: label, width: label.length * METRICS.detailCharWidth + 4, height: METRICS.detailLine }];
    }
    this.root.edges!.push(elkEdge);
  }

  /** Boxes with border ports have all ports fixed: switch ports there are spread along their side. */
  private fixPortPositions(): void {
    for (const owner of this.elkNodes.values()) {
      if (owner.layoutOptions!['elk.portConstraints'] !== 'FIXED_POS') continue;
      const loose = (owner.ports ?? []).filter((port) => this.diagramPorts.has(port.id));
      loose.forEach((port, i) => {
        const side = port.layoutOptions!['elk.port.side'];
        const along = (i + 1) / (loose.length + 1);
        port.x = side === 'EAST' ? owner.width! : side === 'WEST' ? -METRICS.portSize : along * owner.width!;
        port.y = side === 'SOUTH' ? owner.height! : side === 'NORTH' ? -METRICS.portSize : along * owner.height!;
      });
    }
  }
}

function translate(box: Box, dx: number, dy: number): Box {
  return { x: box.x + dx, y: box.y + dy, width: box.width, height: box.height };
}

/** An edge between two parts of one box: out of the source's right side, into the target. */
function innerRoute(source: Box, target: Box): Point[] {
  const from = { x: source.x + source.width, y: source.y + source.height / 2 };
  const targetMiddle = target.y + target.height / 2;
  if (target.x >= from.x) {
    const middle = (from.x + target.x) / 2;
    return [from, { x: middle, y: from.y }, { x: middle, y: targetMiddle }, { x: target.x, y: targetMiddle }];
  }
  const outside = Math.max(from.x, target.x + target.width) + 6;
  return [from, { x: outside, y: from.y }, { x: outside, y: targetMiddle }, { x: target.x + target.width, y: targetMiddle }];
}

/**
 * What the layout reads from a diagram, as one string: the boxes (kind, label, detail lines,
 * parent, column, bundles), the switch ports and the cables with their labels, in order. Spans,
 * statuses, paths and pairs are not in it, so a model that differs only in those (a
 * whitespace or comment edit, a changed message) lays out the same.
 */
export function layoutInput(diagram: DiagramModel): string {
  return JSON.stringify([
    diagram.nodes.map((n) => [n.id, n.kind, n.label, n.detail, n.parent ?? null, n.column ?? null, n.bundles ?? null]),
    diagram.ports.map((p) => [p.id, p.node, p.label, p.side]),
    diagram.edges.map((e) => [e.id, e.kind, e.source, e.sourcePort ?? null, e.target, e.targetPort ?? null, e.label ?? null]),
  ]);
}

/**
 * The top-level graph cut into its connected parts (a switch pair with its hosts and arrays, say),
 * in the order of their first box: elkjs lays each out alone, so an edit lays out again only the
 * part it changed (`ComponentLayouts`), and the parts are placed in rows here.
 */
function connectedParts(graph: ElkNode): ElkNode[] {
  const children = graph.children ?? [];
  const boxOf = new Map<string, number>();
  children.forEach((child, i) => {
    boxOf.set(child.id, i);
    for (const port of child.ports ?? []) boxOf.set(port.id, i);
  });
  const parent = children.map((_, i) => i);
  const root = (i: number): number => {
    let at = i;
    while (parent[at] !== at) at = parent[at] = parent[parent[at]!]!;
    return at;
  };
  const edgeBox = (edge: ElkExtendedEdge) => boxOf.get(edge.sources[0]!)!;
  for (const edge of graph.edges ?? []) {
    const a = root(edgeBox(edge));
    const b = root(boxOf.get(edge.targets[0]!)!);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const parts = new Map<number, ElkNode>();
  children.forEach((child, i) => {
    const at = root(i);
    let part = parts.get(at);
    if (part === undefined) parts.set(at, (part = { id: graph.id, layoutOptions: graph.layoutOptions, children: [], edges: [] }));
    part.children!.push(child);
  });
  for (const edge of graph.edges ?? []) parts.get(root(edgeBox(edge)))!.edges!.push(edge);
  return [...parts.values()];
}

/**
 * elkjs's layouts of connected parts, keyed on the part's shape (`shapeOf`): a part an edit did
 * not change is not laid out again, and parts alike but for their names are laid out once. Keeps
 * what the last few layouts used.
 */
export class ComponentLayouts {
  private readonly entries = new Map<string, Promise<ElkNode>>();
  private readonly recent: Set<string>[] = [];

  constructor(private readonly layoutsKept = 2) {}

  /** The layouts of `parts`, each laid out by elkjs unless its shape's is known. */
  layout(parts: readonly ElkNode[]): Promise<ElkNode[]> {
    const used = new Set<string>();
    const layouts = parts.map((part) => {
      const shape = shapeOf(part);
      const key = JSON.stringify(shape);
      used.add(key);
      let entry = this.entries.get(key);
      if (entry === undefined) {
        entry = layoutPart(shape);
        this.entries.set(key, entry);
        // A failed layout is not kept: the next request tries again.
        entry.catch(() => this.entries.delete(key));
      }
      return entry.then((laid) => placedAs(part, laid));
    });
    this.recent.push(used);
    if (this.recent.length > this.layoutsKept) this.recent.shift();
    for (const key of this.entries.keys()) if (!this.recent.some((keys) => keys.has(key))) this.entries.delete(key);
    return Promise.all(layouts);
  }
}

/**
 * A part as elkjs places it, without its names: its ids numbered in the order they first appear,
 * and each label's text left out (elkjs places a label by its size; an empty one it drops). Parts
 * of a design built alike (a pod of switches, an array and host groups like the next) are one shape.
 */
function shapeOf(part: ElkNode): ElkNode {
  const numbers = new Map<string, string>();
  const number = (id: string) => {
    let known = numbers.get(id);
    if (known === undefined) numbers.set(id, (known = String(numbers.size)));
    return known;
  };
  return {
    ...part,
    children: (part.children ?? []).map((child) => ({
      ...child,
      id: number(child.id),
      ...(child.ports ? { ports: child.ports.map((port) => ({ ...port, id: number(port.id) })) } : {}),
    })),
    edges: (part.edges ?? []).map((edge) => ({
      ...edge,
      id: number(edge.id),
      sources: edge.sources.map(number),
      targets: edge.targets.map(number),
      ...(edge.labels ? { labels: edge.labels.map((label) => ({ ...label, id: number(label.id!), text: label.text === '' ? '' : 'label' })) } : {}),
    })),
  };
}

/** `part` where elkjs placed the same elements of its shape (`shapeOf` keeps their order). */
function placedAs(part: ElkNode, laid: ElkNode): ElkNode {
  const box = (at: ElkNode | ElkPort | ElkLabel) => ({ x: at.x, y: at.y, width: at.width, height: at.height });
  return {
    ...part,
    ...box(laid),
    children: (part.children ?? []).map((child, i) => {
      const at = laid.children![i]!;
      return { ...child, ...box(at), ...(child.ports ? { ports: child.ports.map((port, j) => ({ ...port, ...box(at.ports![j]!) })) } : {}) };
    }),
    edges: (part.edges ?? []).map((edge, i) => {
      const at = laid.edges![i]!;
      return {
        ...edge,
        sections: (at.sections ?? []).map((section, k) => ({ id: `${edge.id}:${k}`, startPoint: section.startPoint, endPoint: section.endPoint, bendPoints: section.bendPoints })),
        ...(edge.labels ? { labels: edge.labels.map((label, j) => ({ ...label, ...box(at.labels![j]!) })) } : {}),
      };
    }),
  };
}

/** elkjs's layout of one part, on a copy: elkjs writes its positions into the graph it is given. */
function layoutPart(part: ElkNode): Promise<ElkNode> {
  return new ELK().layout(structuredClone(part));
}

/**
 * Where each part goes: in rows, in their order, each row as wide as the widest part or the
 * width that makes the whole about as wide as elkjs makes a drawing (aspect ratio 1.6). A part
 * laid out alone has its padding around it, which spaces the parts apart.
 */
function placeParts(parts: readonly ElkNode[]): { at: Point[]; width: number; height: number } {
  const area = parts.reduce((sum, part) => sum + (part.width ?? 0) * (part.height ?? 0), 0);
  const rowWidth = Math.max(Math.sqrt(area) * 1.6, ...parts.map((part) => part.width ?? 0));
  const at: Point[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const part of parts) {
    const partWidth = part.width ?? 0;
    if (x > 0 && x + partWidth > rowWidth) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    at.push({ x, y });
    x += partWidth;
    width = Math.max(width, x);
    rowHeight = Math.max(rowHeight, part.height ?? 0);
  }
  return { at, width, height: y + rowHeight };
}

/**
 * The last few layouts, keyed on their input: elkjs runs only when what it places changed, and
 * then only for the connected parts that changed. The webview draws and exports through one, so
 * an edit that moves nothing, or an export of what is shown, reuses the layout it has.
 */
export class LayoutCache {
  private readonly entries = new Map<string, Promise<DiagramLayout>>();
  private readonly parts = new ComponentLayouts();

  constructor(private readonly capacity = 4) {}

  layout(diagram: DiagramModel): Promise<DiagramLayout> {
    const key = layoutInput(diagram);
    const known = this.entries.get(key);
    this.entries.delete(key);
    const entry = known ?? layoutDiagram(diagram, this.parts);
    this.entries.set(key, entry);
    // A failed layout is not kept: the next request tries again.
    entry.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
    return entry;
  }
}

/**
 * Lays out the diagram; never rejects for a well-typed model (dangling references are skipped).
 * Given the layouts of parts an earlier diagram had, elkjs lays out only the parts that changed.
 */
export async function layoutDiagram(diagram: DiagramModel, known = new ComponentLayouts(0)): Promise<DiagramLayout> {
  const tree = new BoxTree(diagram);
  const graph = new ElkGraphBuilder(diagram, tree);
  const results = await known.layout(connectedParts(graph.build()));
  const placed = placeParts(results);
  const layout: DiagramLayout = {
    width: placed.width,
    height: placed.height,
    nodes: new Map(),
    ports: new Map(),
    edges: new Map(),
    labels: new Map(),
  };
  const origin = new Map<string, Point>();
  results.forEach((result, i) => {
    const offset = placed.at[i]!;
    for (const child of result.children ?? []) {
      const at = { x: offset.x + (child.x ?? 0), y: offset.y + (child.y ?? 0) };
      origin.set(child.id, at);
      for (const port of child.ports ?? []) {
        if (graph.diagramPorts.has(port.id)) {
          layout.ports.set(port.id, { x: at.x + (port.x ?? 0), y: at.y + (port.y ?? 0), width: port.width ?? 0, height: port.height ?? 0 });
        }
      }
    }
  });
  for (const [id, box] of tree.relative) {
    const at = origin.get(tree.top(id)!);
    if (at !== undefined) layout.nodes.set(id, translate(box, at.x, at.y));
  }
  results.forEach((result, i) => {
    const offset = placed.at[i]!;
    const move = (point: Point) => ({ x: point.x + offset.x, y: point.y + offset.y });
    for (const edge of result.edges ?? []) {
      const ends = graph.routed.get(edge.id);
      const points: Point[] = [];
      for (const section of edge.sections ?? []) {
        points.push(move(section.startPoint));
        for (const bend of section.bendPoints ?? []) points.push(move(bend));
        points.push(move(section.endPoint));
      }
      if (ends === undefined || points.length < 2) continue;
      // A cable from a part inside a box continues from the box's border to the part.
      const sourcePart = ends.source.part === undefined ? undefined : layout.nodes.get(ends.source.part);
      const targetPart = ends.target.part === undefined ? undefined : layout.nodes.get(ends.target.part);
      if (sourcePart !== undefined) points.unshift({ x: sourcePart.x + sourcePart.width, y: points[0]!.y });
      if (targetPart !== undefined) points.push({ x: targetPart.x, y: points[points.length - 1]!.y });
      layout.edges.set(edge.id, points);
      const label = edge.labels?.[0];
      if (label !== undefined) layout.labels.set(edge.id, translate({ x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 }, offset.x, offset.y));
    }
  });
  for (const edge of graph.inner) {
    const source = layout.nodes.get(edge.source);
    const target = layout.nodes.get(edge.target);
    if (source !== undefined && target !== undefined) layout.edges.set(edge.id, innerRoute(source, target));
  }
  return layout;
}
