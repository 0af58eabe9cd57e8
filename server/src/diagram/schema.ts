// The diagram model: what the preview and `topo render` draw, as zod schemas with inferred types.
// The server builds it (build.ts) from the semantic model, the analyses and the problems; the
// webview validates it on receipt, lays it out (layout.ts) and draws it (svg.ts). It carries
// everything the webview needs to highlight paths without asking the server; what failures cost
// is the analysis' answer (`storageTopology/simulateFailures`).
//
// Ids: a node or edge that stands for one model element has that element's model id (`hv01`,
// `hv01.eth0`, `core1`, `eonstor.A.ch0`, `link@hv01.eth0--core1:7`); a group of hosts is `group:<first host id>`;
// an edge drawn for a group is `group-link:<group id>:<n>`; internal edges are `owns:`/`uplink:`.
import * as z from 'zod/mini';

export const DiagramSpanSchema = z.object({
  start: z.int().check(z.nonnegative()),
  end: z.int().check(z.nonnegative()),
});

export const StatusLevelSchema = z.enum(['ok', 'info', 'warning', 'error']);

/** A problem shown on the element it belongs to: its code (rule id or TOPOnnn) and message. */
export const StatusMessageSchema = z.object({
  severity: z.enum(['info', 'warning', 'error']),
  code: z.string(),
  message: z.string(),
});

/** The worst severity of the element's messages, and whether it is a single point of failure. */
export const StatusSchema = z.object({
  level: StatusLevelSchema,
  messages: z.array(StatusMessageSchema),
  spof: z.optional(z.boolean()),
});

/**
 * How a designed path is seen on the running system, when the folder's `.topo.json` names an
 * observed state: logged in and carrying I/O, standing by (ALUA), failed, or not there at all.
 */
export const ObservedStateSchema = z.enum(['active', 'standby', 'failed', 'missing']);

export const NodeKindSchema = z.enum([
  'host',
  'group',
  'nic',
  'team',
  'vswitch',
  'vmk',
  'hba',
  'switch',
  'lag',
  'array',
  'controller',
  'array-port',
  'trunk',
  'volume',
]);

export const DiagramNodeSchema = z.object({
  id: z.string(),
  kind: NodeKindSchema,
  /** Name shown in bold. */
  label: z.string(),
  /** Further lines under the name (OS, address, speed). */
  detail: z.array(z.string()),
  /** Enclosing node: a host for its interfaces, a team for its members, an array for its parts. */
  parent: z.optional(z.string()),
  /** Column: 0 hosts, 1 switches, 2 arrays. Only top-level nodes need one. */
  column: z.optional(z.int().check(z.gte(0), z.lte(2))),
  /**
   * Lags and trunks are drawn around other nodes' ports rather than laid out as boxes: the ids of
   * the switch ports (lag) or array ports (trunk) they bundle.
   */
  bundles: z.optional(z.array(z.string())),
  /** For a group: the ids of the hosts it stands for. */
  members: z.optional(z.array(z.string())),
  span: z.optional(DiagramSpanSchema),
  status: StatusSchema,
  /** Whether the failure simulation offers to fail it. */
  failable: z.boolean(),
});

export const PortSideSchema = z.enum(['WEST', 'EAST', 'NORTH', 'SOUTH']);

/** A switch port where a cable ends. Id: the model's switch port id (`core1:7`). */
export const DiagramPortSchema = z.object({
  id: z.string(),
  node: z.string(),
  label: z.string(),
  side: PortSideSchema,
  span: z.optional(DiagramSpanSchema),
  status: StatusSchema,
});

export const EdgeKindSchema = z.enum([
  /** A cable between a host interface or array port and a switch. */
  'link',
  /** A cable between two switches. */
  'isl',
  /** A vmk's uplink to its NIC, inside a host. */
  'uplink',
  /** A controller serving a volume; `optimized` marks the owner under ALUA. */
  'serves',
]);

export const DiagramEdgeSchema = z.object({
  id: z.string(),
  kind: EdgeKindSchema,
  source: z.string(),
  sourcePort: z.optional(z.string()),
  target: z.string(),
  targetPort: z.optional(z.string()),
  /** Speed text such as `10G`, or `24 × 10G` for a group. */
  label: z.optional(z.string()),
  /** Id of the team or trunk this cable belongs to: drawn as one bundle. */
  bundle: z.optional(z.string()),
  optimized: z.optional(z.boolean()),
  span: z.optional(DiagramSpanSchema),
  status: StatusSchema,
  failable: z.boolean(),
  /** The members' cables a group's cable stands for: failing it fails them all. */
  links: z.optional(z.array(z.string())),
  /** A cable's observed state: the best of the designed paths that cross it (one path in use makes it active). */
  observed: z.optional(ObservedStateSchema),
});

/** One I/O path of a host ↔ volume pair: the nodes and edges it crosses, host side first. */
export const DiagramPathSchema = z.object({
  id: z.string(),
  host: z.string(),
  volume: z.string(),
  nodes: z.array(z.string()),
  edges: z.array(z.string()),
  optimized: z.boolean(),
  /** How the path is seen on its host, when an observed state is configured and the host was collected. */
  observed: z.optional(ObservedStateSchema),
});

export const DiagramPairSchema = z.object({
  host: z.string(),
  volume: z.string(),
  /** Indexes into `paths`. */
  paths: z.array(z.int().check(z.nonnegative())),
  /** Effective bandwidth in Mb/s and what limits it, as the analysis computed. */
  mbps: z.number().check(z.nonnegative()),
  bandwidth: z.string(),
  /** Diagram ids of the components whose failure alone cuts the pair off. */
  spof: z.array(z.string()),
});

export const DiagramModelSchema = z.object({
  nodes: z.array(DiagramNodeSchema),
  ports: z.array(DiagramPortSchema),
  edges: z.array(DiagramEdgeSchema),
  paths: z.array(DiagramPathSchema),
  pairs: z.array(DiagramPairSchema),
});

export type DiagramSpan = z.infer<typeof DiagramSpanSchema>;
export type StatusLevel = z.infer<typeof StatusLevelSchema>;
export type ObservedState = z.infer<typeof ObservedStateSchema>;
export type StatusMessage = z.infer<typeof StatusMessageSchema>;
export type Status = z.infer<typeof StatusSchema>;
export type NodeKind = z.infer<typeof NodeKindSchema>;
export type DiagramNode = z.infer<typeof DiagramNodeSchema>;
export type PortSide = z.infer<typeof PortSideSchema>;
export type DiagramPort = z.infer<typeof DiagramPortSchema>;
export type EdgeKind = z.infer<typeof EdgeKindSchema>;
export type DiagramEdge = z.infer<typeof DiagramEdgeSchema>;
export type DiagramPath = z.infer<typeof DiagramPathSchema>;
export type DiagramPair = z.infer<typeof DiagramPairSchema>;
export type DiagramModel = z.infer<typeof DiagramModelSchema>;

/** Formats a speed in Mb/s the way the language writes it: 10000 → `10G`, 2500 → `2.5G`. */
export function formatMbps(mbps: number): string {
  if (mbps >= 1000) return `${Number((mbps / 1000).toFixed(1))}G`;
  return `${Math.round(mbps)}M`;
}
