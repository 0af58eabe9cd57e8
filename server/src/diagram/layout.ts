// Lays out a diagram model with elkjs: layered, left to right, in three columns (hosts, switches,
// arrays), hosts and arrays drawn as boxes around their parts. Runs in Node and in the webview, so
// it imports nothing from Node and uses elkjs's bundled build (no worker).
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk-api';
import type { DiagramModel, DiagramNode } from './schema';
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

/** Absolute coordinates of every drawn node, port and edge (edges as polylines). */
export interface DiagramLayout {
  width: number;
  height: number;
  nodes: Map<string, Box>;
  ports: Map<string, Box>;
  edges: Map<string, Point[]>;
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
};

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.partitioning.activate': 'true',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
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

/** Height of the header (name and detail lines) of a box. */
export function headerHeight(node: DiagramNode): number {
  return METRICS.padding + METRICS.labelLine + node.detail.length * METRICS.detailLine;
}

function textWidth(node: DiagramNode): number {
  const label = displayText(node.label).length * METRICS.labelCharWidth;
  const detail = Math.max(0, ...node.detail.map((line) => displayText(line).length * METRICS.detailCharWidth));
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

function toElkGraph(diagram: DiagramModel): ElkNode {
  const parents = resolveParents(diagram.nodes);
  const elkNodes = new Map<string, ElkNode>();
  const nodeById = new Map(diagram.nodes.map((node) => [node.id, node]));
  for (const id of parents.keys()) elkNodes.set(id, { id, layoutOptions: {} });
  const root: ElkNode = { id: '__root', layoutOptions: ROOT_OPTIONS, children: [], edges: [] };
  for (const [id, parent] of parents) {
    const elkNode = elkNodes.get(id)!;
    const container = parent === undefined ? root : elkNodes.get(parent)!;
    (container.children ??= []).push(elkNode);
    if (parent === undefined) {
      elkNode.layoutOptions!['elk.partitioning.partition'] = String(nodeById.get(id)!.column ?? 0);
    }
  }
  for (const [id, elkNode] of elkNodes) {
    const node = nodeById.get(id)!;
    const minWidth = textWidth(node);
    if (elkNode.children !== undefined) {
      elkNode.layoutOptions!['elk.padding'] =
        `[top=${headerHeight(node) + 4},left=${METRICS.padding},bottom=${METRICS.padding},right=${METRICS.padding}]`;
      elkNode.layoutOptions!['elk.nodeSize.constraints'] = 'MINIMUM_SIZE';
      elkNode.layoutOptions!['elk.nodeSize.minimum'] = `(${minWidth}, ${headerHeight(node) + 20})`;
    } else {
      elkNode.width = Math.max(minWidth, node.kind === 'switch' ? 90 : 50);
      elkNode.height = headerHeight(node) + METRICS.padding / 2;
    }
  }
  const portIds = new Set<string>();
  for (const port of diagram.ports) {
    const owner = elkNodes.get(port.node);
    if (owner === undefined || portIds.has(port.id) || elkNodes.has(port.id)) continue;
    portIds.add(port.id);
    const elkPort: ElkPort = {
      id: port.id,
      width: METRICS.portSize,
      height: METRICS.portSize,
      layoutOptions: { 'elk.port.side': port.side },
    };
    (owner.ports ??= []).push(elkPort);
    owner.layoutOptions!['elk.portConstraints'] = 'FIXED_SIDE';
  }
  for (const owner of elkNodes.values()) {
    // A switch grows with its ports so that each cable gets its own place on the border.
    const count = owner.ports?.length ?? 0;
    if (count > 0 && owner.height !== undefined) {
      owner.height = Math.max(owner.height, 14 * Math.ceil(count / 2) + 20);
    }
  }
  const edgeIds = new Set<string>();
  for (const edge of diagram.edges) {
    const source = edge.sourcePort ?? edge.source;
    const target = edge.targetPort ?? edge.target;
    const known = (id: string) => elkNodes.has(id) || portIds.has(id);
    if (!known(source) || !known(target) || source === target || edgeIds.has(edge.id)) continue;
    if (elkNodes.has(edge.id) || portIds.has(edge.id)) continue;
    edgeIds.add(edge.id);
    const elkEdge: ElkExtendedEdge = { id: edge.id, sources: [source], targets: [target] };
    root.edges!.push(elkEdge);
  }
  return root;
}

function collect(node: ElkNode, layout: DiagramLayout): void {
  for (const child of node.children ?? []) {
    layout.nodes.set(child.id, box(child));
    for (const port of child.ports ?? []) layout.ports.set(port.id, box(port));
    collect(child, layout);
  }
}

function box(shape: { x?: number; y?: number; width?: number; height?: number }): Box {
  return { x: shape.x ?? 0, y: shape.y ?? 0, width: shape.width ?? 0, height: shape.height ?? 0 };
}

/** Lays out the diagram; never rejects for a well-typed model (dangling references are skipped). */
export async function layoutDiagram(diagram: DiagramModel): Promise<DiagramLayout> {
  const elk = new ELK();
  const result = await elk.layout(toElkGraph(diagram));
  const layout: DiagramLayout = {
    width: result.width ?? 0,
    height: result.height ?? 0,
    nodes: new Map(),
    ports: new Map(),
    edges: new Map(),
  };
  collect(result, layout);
  for (const edge of result.edges ?? []) {
    const points: Point[] = [];
    for (const section of edge.sections ?? []) {
      points.push(section.startPoint, ...(section.bendPoints ?? []), section.endPoint);
    }
    layout.edges.set(edge.id, points);
  }
  return layout;
}
