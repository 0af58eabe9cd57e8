// Draws a laid-out diagram as an SVG string. Pure string building, no DOM and no Node imports:
// the webview and the CLI share it. Every piece of user text goes through text.ts; the markup
// carries classes (kind, status, spof) and `data-id`s, never inline styles or scripts, so the
// webview's strict CSP holds and the look comes from one stylesheet (`diagramStyles`).
import type { Box, DiagramLayout, Point } from './layout';
import { edgeLabelText, METRICS, PORT_LABEL_CHARS, portLabelColumns } from './layout';
import type { DiagramEdge, DiagramModel, DiagramNode, DiagramPort, DiagramSpan, Status } from './schema';
import { escapeXml, xmlAttr, xmlLines, xmlText } from './text';

/** `theme`: VS Code's colours through its CSS variables; `light`: fixed colours for export. */
export type DiagramStyle = 'theme' | 'light';

export interface SvgOptions {
  style: DiagramStyle;
  /** Put the stylesheet inside the SVG (export, CLI); the webview applies it to the page instead. */
  embedStyles: boolean;
  /**
   * For a file of a design of several files: its part of the design's text. The elements written
   * in it are drawn as usual, the others (written in the design's other files) faded.
   */
  emphasis?: DiagramSpan;
}

interface Palette {
  font: string;
  background: string;
  foreground: string;
  muted: string;
  boxFill: string;
  containerFill: string;
  error: string;
  warning: string;
  info: string;
  focus: string;
}

const THEME: Palette = {
  font: 'var(--vscode-font-family, sans-serif)',
  background: 'var(--vscode-editor-background, #ffffff)',
  foreground: 'var(--vscode-editor-foreground, #1f1f1f)',
  muted: 'var(--vscode-descriptionForeground, #616161)',
  boxFill: 'var(--vscode-editor-background, #ffffff)',
  containerFill: 'var(--vscode-sideBar-background, #f3f3f3)',
  error: 'var(--vscode-editorError-foreground, #e51400)',
  warning: 'var(--vscode-editorWarning-foreground, #bf8803)',
  info: 'var(--vscode-editorInfo-foreground, #1a85ff)',
  focus: 'var(--vscode-focusBorder, #0090f1)',
};

const LIGHT: Palette = {
  font: 'Helvetica, Arial, sans-serif',
  background: '#ffffff',
  foreground: '#1f1f1f',
  muted: '#5f6368',
  boxFill: '#ffffff',
  containerFill: '#f3f4f6',
  error: '#d32f2f',
  warning: '#b26a00',
  info: '#1565c0',
  focus: '#0b6bcb',
};

/** The diagram's stylesheet, scoped to `.topo-diagram`. */
export function diagramStyles(style: DiagramStyle): string {
  const p = style === 'theme' ? THEME : LIGHT;
  const d = '.topo-diagram';
  return [
    `${d}{font-family:${p.font};font-size:12px}`,
    `${d} .background{fill:${p.background}}`,
    `${d} .box{fill:${p.boxFill};stroke:${p.foreground};stroke-width:1}`,
    `${d} .container>.box{fill:${p.containerFill}}`,
    `${d} .kind-team>.box,${d} .kind-vswitch>.box,${d} .kind-controller>.box{fill:${p.boxFill};stroke-dasharray:none}`,
    `${d} .kind-lag>.box,${d} .kind-trunk>.box{fill:none;stroke-dasharray:5 3}`,
    `${d} .kind-group>.stack{fill:${p.boxFill};stroke:${p.foreground};stroke-width:1}`,
    `${d} .label{fill:${p.foreground};font-weight:600}`,
    `${d} .detail,${d} .port-label,${d} .edge-label{fill:${p.muted};font-size:11px}`,
    `${d} .port>.box{fill:${p.foreground};stroke:none}`,
    `${d} .wire{fill:none;stroke:${p.foreground};stroke-width:1.5}`,
    `${d} .bundle>.wire{stroke-width:3.5}`,
    `${d} .kind-serves>.wire,${d} .kind-uplink>.wire{stroke-dasharray:4 3;stroke-width:1}`,
    `${d} .kind-serves.optimized>.wire{stroke-dasharray:none;stroke-width:1.5}`,
    `${d} .hit{fill:none;stroke:transparent;stroke-width:10}`,
    `${d} .status-info>.box,${d} .status-info>.wire{stroke:${p.info};stroke-width:2}`,
    `${d} .status-warning>.box,${d} .status-warning>.wire{stroke:${p.warning};stroke-width:2.5}`,
    `${d} .status-error>.box,${d} .status-error>.wire{stroke:${p.error};stroke-width:2.5}`,
    `${d} .port.status-warning>.box{fill:${p.warning}}`,
    `${d} .port.status-error>.box{fill:${p.error}}`,
    `${d} .spof-badge>circle{fill:${p.error}}`,
    `${d} .spof-badge>text{fill:${p.background};font-weight:700;font-size:10px}`,
    `${d} .highlight>.box,${d} .highlight>.wire{stroke:${p.focus};stroke-width:3}`,
    `${d} .selected>.box,${d} .selected>.wire{stroke:${p.focus};stroke-width:3;stroke-dasharray:none}`,
    `${d} .other-file{opacity:.4}`,
    `${d} .dimmed{opacity:.3}`,
    `${d} .dead>.wire{stroke:${p.error};stroke-dasharray:2 4;opacity:.7}`,
    `${d} .failed>.box,${d} .failed>.wire{stroke:${p.error};stroke-width:3}`,
    `${d} .failed>.box{fill:${p.error};fill-opacity:.18}`,
    `${d} .cut-off>.box{stroke:${p.error};stroke-width:3;stroke-dasharray:6 3}`,
    // Observed on the running system (a `.topo.json` state): standby dashed, failed red, missing faint.
    `${d} .observed-standby>.wire{stroke-dasharray:8 4}`,
    `${d} .observed-failed>.wire{stroke:${p.error};stroke-dasharray:3 3}`,
    `${d} .observed-missing>.wire{stroke:${p.muted};stroke-dasharray:1 5;opacity:.7}`,
  ].join('\n');
}

function statusClasses(status: Status): string {
  return `status-${status.level}${status.spof === true ? ' spof' : ''}`;
}

/** Tooltip text: the element, then one line per problem. Shown by `<title>`, as text. */
export function tooltip(title: string, status: Status): string {
  const lines = [title];
  for (const message of status.messages) lines.push(`${message.severity}: ${message.message} (${message.code})`);
  if (status.spof === true) lines.push('single point of failure');
  return lines.join('\n');
}

function f(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function rect(b: Box, cls: string, radius: number): string {
  return `<rect class="${cls}" x="${f(b.x)}" y="${f(b.y)}" width="${f(b.width)}" height="${f(b.height)}" rx="${radius}"/>`;
}

function spofBadge(b: Box): string {
  const cx = b.x + b.width - 2;
  const cy = b.y + 2;
  return (
    `<g class="spof-badge"><circle cx="${f(cx)}" cy="${f(cy)}" r="7"/>` +
    `<text x="${f(cx)}" y="${f(cy + 3.5)}" text-anchor="middle">!</text></g>`
  );
}

/** Member names per tooltip line of a group. */
const MEMBERS_PER_LINE = 8;

/** A group's tooltip names every host it stands for, a few per line. */
function memberLines(members: string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < members.length; i += MEMBERS_PER_LINE) lines.push(members.slice(i, i + MEMBERS_PER_LINE).join(', '));
  return lines.length > 0 ? [`hosts (${members.length}):`, ...lines] : [];
}

/** What a tooltip calls each kind of element, before its name. */
const KIND_NAMES: Record<DiagramNode['kind'], string> = {
  host: 'host',
  group: 'group',
  nic: 'NIC',
  team: 'team',
  vswitch: 'vSwitch',
  vmk: 'VMkernel adapter',
  hba: 'HBA',
  switch: 'switch',
  lag: 'LAG',
  array: 'array',
  controller: 'controller',
  'array-port': 'array port',
  trunk: 'trunk',
  volume: 'volume',
};

/** The element's kind and name, without saying the kind twice when the label already does ("controller A"). */
export function elementTitle(kind: string, label: string): string {
  return label.toLowerCase().startsWith(`${kind.toLowerCase()} `) ? label : `${kind} ${label}`;
}

function nodeTitle(node: DiagramNode): string {
  if (node.kind === 'group') return [node.label, ...node.detail, ...memberLines(node.members ?? [])].join('\n');
  return [elementTitle(KIND_NAMES[node.kind], node.label), ...node.detail].join('\n');
}

/** `indent`: room kept free left of the name, for the labels of a switch's west ports. */
function drawNode(node: DiagramNode, b: Box, container: boolean, otherFile: boolean, indent = 0): string {
  const classes = ['node', `kind-${node.kind}`, statusClasses(node.status)];
  if (container) classes.push('container');
  if (otherFile) classes.push('other-file');
  if (node.failable) classes.push('failable');
  const radius = node.kind === 'volume' ? 10 : node.kind === 'switch' ? 2 : 4;
  const parts = [`<g class="${classes.join(' ')}" data-id="${xmlAttr(node.id)}">`];
  parts.push(`<title>${xmlLines(tooltip(nodeTitle(node), node.status))}</title>`);
  if (node.kind === 'group') {
    parts.push(rect({ x: b.x + 6, y: b.y - 6, width: b.width, height: b.height }, 'stack', radius));
    parts.push(rect({ x: b.x + 3, y: b.y - 3, width: b.width, height: b.height }, 'stack', radius));
  }
  parts.push(rect(b, 'box', radius));
  const x = b.x + METRICS.padding + indent;
  let y = b.y + METRICS.padding + 11;
  parts.push(`<text class="label" x="${f(x)}" y="${f(y)}">${xmlText(node.label)}</text>`);
  for (const line of node.detail) {
    y += METRICS.detailLine;
    parts.push(`<text class="detail" x="${f(x)}" y="${f(y)}">${xmlText(line)}</text>`);
  }
  if (node.status.spof === true) parts.push(spofBadge(b));
  parts.push('</g>');
  return parts.join('');
}

/** Lags and trunks: a dashed outline around the ports or nodes they bundle, with their name. */
/** The outline drawn around a lag's or trunk's members, a little outside them. */
export function bundleOutline(members: Box[]): Box {
  // Loops, not Math.min(...members): spreading a bundle of 125,000 members overflows the stack.
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const member of members) {
    minX = Math.min(minX, member.x - 4);
    minY = Math.min(minY, member.y - 4);
    maxX = Math.max(maxX, member.x + member.width + 4);
    maxY = Math.max(maxY, member.y + member.height + 4);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

function drawBundle(node: DiagramNode, members: Box[], otherFile: boolean): string {
  const b = bundleOutline(members);
  const classes = ['node', `kind-${node.kind}`, statusClasses(node.status)];
  if (otherFile) classes.push('other-file');
  if (node.failable) classes.push('failable');
  return (
    `<g class="${classes.join(' ')}" data-id="${xmlAttr(node.id)}">` +
    `<title>${xmlLines(tooltip(nodeTitle(node), node.status))}</title>` +
    rect(b, 'box', 6) +
    `<text class="detail" x="${f(b.x)}" y="${f(b.y + b.height + 11)}">${xmlText(node.label, 16)}</text>` +
    (node.status.spof === true ? spofBadge(b) : '') +
    '</g>'
  );
}

/**
 * A switch port; its label goes inside the switch beside it (west and east), clear of the cables
 * and of a LAG's outline around the port.
 */
function drawPort(port: DiagramPort, b: Box, otherFile: boolean): string {
  const beside = port.side === 'WEST' || port.side === 'EAST';
  const labelX = port.side === 'EAST' ? b.x - 6 : b.x + b.width + 6;
  const labelY = beside ? b.y + b.height / 2 + 4 : b.y - 2;
  const anchor = port.side === 'EAST' ? 'end' : 'start';
  return (
    `<g class="port ${statusClasses(port.status)}${otherFile ? ' other-file' : ''}" data-id="${xmlAttr(port.id)}">` +
    `<title>${xmlLines(tooltip(`port ${port.id}`, port.status))}</title>` +
    rect(b, 'box', 1) +
    `<text class="port-label" x="${f(labelX)}" y="${f(labelY)}" text-anchor="${anchor}">${xmlText(port.label, PORT_LABEL_CHARS)}</text>` +
    '</g>'
  );
}

function labelPosition(points: Point[]): Point {
  let best = { x: points[0]!.x, y: points[0]!.y };
  let longest = -1;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const length = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
    if (length > longest) {
      longest = length;
      best = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  }
  return best;
}

/** Where a label goes without a place from the layout: just above the middle of the longest segment. */
function aboveMiddle(points: Point[]): Point {
  const at = labelPosition(points);
  return { x: at.x, y: at.y - 4 };
}

function edgeTitle(edge: DiagramEdge): string {
  switch (edge.kind) {
    case 'link':
      return `cable${edge.label !== undefined ? ` ${edge.label}` : ''}`;
    case 'isl':
      return `inter-switch link${edge.label !== undefined ? ` ${edge.label}` : ''}`;
    case 'uplink':
      return `uplink${edge.label !== undefined ? ` (${edge.label})` : ''}`;
    case 'serves':
      return edge.optimized === true ? 'serves the volume (optimized)' : 'serves the volume';
  }
}

function drawEdge(edge: DiagramEdge, points: Point[], label: Box | undefined, otherFile: boolean): string {
  if (points.length < 2) return '';
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${f(p.x)} ${f(p.y)}`).join('');
  const classes = ['edge', `kind-${edge.kind}`, statusClasses(edge.status)];
  if (otherFile) classes.push('other-file');
  if (edge.bundle !== undefined) classes.push('bundle');
  if (edge.optimized === true) classes.push('optimized');
  if (edge.failable) classes.push('failable');
  if (edge.observed !== undefined) classes.push(`observed-${edge.observed}`);
  const title = edge.observed === undefined ? edgeTitle(edge) : `${edgeTitle(edge)}\nobserved: ${edge.observed}`;
  const parts = [`<g class="${classes.join(' ')}" data-id="${xmlAttr(edge.id)}">`];
  parts.push(`<title>${xmlLines(tooltip(title, edge.status))}</title>`);
  parts.push(`<path class="wire" d="${d}"/><path class="hit" d="${d}"/>`);
  const text = edgeLabelText(edge);
  if (text !== undefined) {
    const at = label !== undefined ? { x: label.x + label.width / 2, y: label.y + label.height - 1 } : aboveMiddle(points);
    parts.push(`<text class="edge-label" x="${f(at.x)}" y="${f(at.y)}" text-anchor="middle">${escapeXml(text)}</text>`);
  }
  if (edge.status.spof === true) {
    const at = labelPosition(points);
    parts.push(spofBadge({ x: at.x, y: at.y + 6, width: 0, height: 0 }));
  }
  parts.push('</g>');
  return parts.join('');
}

function depth(node: DiagramNode, byId: Map<string, DiagramNode>): number {
  let n = 0;
  const seen = new Set<string>();
  for (let up = node.parent; up !== undefined && !seen.has(up) && n < 32; up = byId.get(up)?.parent) {
    seen.add(up);
    n++;
  }
  return n;
}

/** Renders the laid-out diagram. Elements missing from the layout are left out, not guessed. */
export function renderDiagramSvg(diagram: DiagramModel, layout: DiagramLayout, options: SvgOptions): string {
  const width = Math.max(1, Math.ceil(layout.width));
  const height = Math.max(1, Math.ceil(layout.height + 12));
  const byId = new Map(diagram.nodes.map((node) => [node.id, node]));
  // Lags and trunks name a parent but are drawn around ports: they do not make it a container.
  const parents = new Set(diagram.nodes.filter((n) => n.bundles === undefined).map((n) => n.parent).filter((id) => id !== undefined));
  const boxed = diagram.nodes
    .filter((node) => layout.nodes.has(node.id))
    .map((node) => ({ node, depth: depth(node, byId), container: parents.has(node.id) }))
    .sort((a, b) => a.depth - b.depth);
  const emphasis = options.emphasis;
  // An element without a span of its own (a host's uplink inside it) goes with the node it starts at.
  const otherFile = (span: DiagramSpan | undefined): boolean => emphasis !== undefined && span !== undefined && (span.start < emphasis.start || span.start > emphasis.end);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="topo-diagram style-${options.style}" ` +
      `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
  ];
  if (options.embedStyles) out.push(`<style>${diagramStyles(options.style)}</style>`);
  out.push(`<rect class="background" x="0" y="0" width="${width}" height="${height}"/>`);
  out.push('<g class="containers">');
  for (const item of boxed) if (item.container) out.push(drawNode(item.node, layout.nodes.get(item.node.id)!, true, otherFile(item.node.span)));
  out.push('</g><g class="edges">');
  for (const edge of diagram.edges) {
    const points = layout.edges.get(edge.id);
    if (points !== undefined) out.push(drawEdge(edge, points, layout.labels.get(edge.id), otherFile(edge.span ?? byId.get(edge.source)?.span)));
  }
  out.push('</g><g class="leaves">');
  const portLabels = portLabelColumns(diagram.ports);
  for (const item of boxed) {
    if (!item.container) out.push(drawNode(item.node, layout.nodes.get(item.node.id)!, false, otherFile(item.node.span), portLabels.get(item.node.id)?.west));
  }
  out.push('</g><g class="ports">');
  for (const port of diagram.ports) {
    const b = layout.ports.get(port.id);
    if (b !== undefined) out.push(drawPort(port, b, otherFile(port.span)));
  }
  out.push('</g><g class="bundles">');
  for (const node of diagram.nodes) {
    if (node.bundles === undefined) continue;
    const members = node.bundles
      .map((id) => layout.ports.get(id) ?? layout.nodes.get(id))
      .filter((b): b is Box => b !== undefined);
    if (members.length > 0) out.push(drawBundle(node, members, otherFile(node.span)));
  }
  out.push('</g></svg>');
  return out.join('\n');
}
