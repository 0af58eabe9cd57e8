// Builds the diagram model from the semantic model, the network analysis and the problems of one
// document. Pure; never throws on a valid model. Large designs stay readable and fast because
// hosts with the same design collapse into one group node ("24 hosts like esx01 on sw-a and
// sw-b"): same OS, multipath, teams, interfaces cabled to the same switches, volumes on the same
// arrays with the same paths, and the same problems (severity and rule), so bad hosts group with
// their like and carry their status. In a design too large to draw host by host, the flagged hosts
// left alone after that are grouped by their findings ("7 hosts with multipath-disabled"), cabled
// to every switch one of them is. A group keeps one representative's paths, remapped onto the
// group (its members add the volumes it lacks), names every member, and its cables name the
// members' cables they stand for (the analysis fails those when the user fails the group's).
// Switches and arrays are always drawn one by one. What a host gives the grouping is kept per host
// from one version to the next (`DiagramMemo`) while its part of the analysis is kept, and so are
// its paths and pairs as drawn while its box stands for the same hosts so kept, so a keystroke
// works out those of the hosts it changed (and of the hosts of the boxes they left or joined).
import { hostParts } from '../analysis';
import { sharedComponents } from '../analysis/components';
import type { HostPart as AnalysisPart } from '../analysis/hostAnalysis';
import { compareStrings, modelIndex, type ModelIndex } from '../analysis/modelIndex';
import type { IoPath, NetworkAnalysis, PairAnalysis } from '../analysis/types';
import type { Endpoint, Host, Link, Model } from '../model/schema';
import type { Problem } from '../problem';
import { offsetsOf } from '../syntax/tree';
import type {
  DiagramEdge,
  DiagramModel,
  DiagramNode,
  DiagramPair,
  DiagramPath,
  DiagramPort,
  DiagramSpan,
  ObservedState,
  PortSide,
  Status,
  StatusMessage,
} from './schema';
import { formatMbps } from './schema';

export interface DiagramOptions {
  groupHosts: boolean;
  /** Group ids to show as their individual hosts. */
  expandedGroups?: string[];
  /** The observed state of designed paths, keyed `<path id>@<volume id>` (drift's `observedPathStates`). */
  observedPaths?: ReadonlyMap<string, ObservedState>;
}

/** Which observed state a cable shows when paths in several states cross it: the one most in use. */
const OBSERVED_ORDER: readonly ObservedState[] = ['active', 'standby', 'failed', 'missing'];

/** Hosts are grouped when more than this many share one connectivity pattern. */
export const GROUP_THRESHOLD = 8;

/**
 * Beyond this many host boxes, smaller patterns are grouped too (largest first, two hosts or
 * more), so that a design of thousands of hosts draws as a few hundred boxes.
 */
export const MAX_HOST_BOXES = 48;

/** An element's messages beyond this many are summarised in one line. */
const MAX_MESSAGES = 12;

const SEVERITY_RANK = { ok: 0, info: 1, warning: 2, error: 3 } as const;

function okStatus(): Status {
  return { level: 'ok', messages: [] };
}

function formatBytes(bytes: number): string {
  const units = ['B', 'K', 'M', 'G', 'T', 'P'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(1))}${units[unit]}`;
}

function ethernetDetail(item: { ips: { address: string; prefix: number }[]; speedMbps?: number; mtu?: number; gateway?: { address: string } }): string[] {
  const lines = item.ips.map((ip) => `${ip.address}/${ip.prefix}`);
  const facts = [item.speedMbps !== undefined ? formatMbps(item.speedMbps) : undefined, item.mtu !== undefined ? `mtu ${item.mtu}` : undefined];
  const line = facts.filter((x) => x !== undefined).join(' · ');
  if (line !== '') lines.push(line);
  if (item.gateway) lines.push(`gw ${item.gateway.address}`);
  return lines;
}

/** Everything drawn for one host shown on its own (or standing for its group). */
interface HostPart {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

/**
 * What a host gives the grouping and the group it joins, none of it a span: a function of the
 * host's part of the analysis (its statements, cables and pairs) and of the problems inside its
 * block, so it is kept for as long as both are. The analysis keeps a host's part, or copies it
 * with the host's new objects when the host is written the same: either way the part's pairs are
 * the same list, which is how a kept part is told from one worked out again.
 */
interface HostSketch {
  part: AnalysisPart;
  /** The severity and code of each problem inside the host's block, sorted. */
  findings: string;
  /** The host's connectivity pattern: alike hosts are grouped. */
  signature: string;
  detail: string[];
  /** The switches its interfaces are cabled to, in file order. */
  switches: string[];
  /** Its cables as a group draws them: by interface name, the node reached and how many cables of that interface reach it before. */
  cables: { key: string; target: string; iface: Host['nics'][number] | Host['hbas'][number]; link: Link }[];
}

/**
 * A host's paths and pairs as drawn (each pair's paths indexes into `paths`): a function of the
 * host's part of the analysis and of the box it is drawn in, so it is kept while that box stands
 * for the same hosts with the same sketches (which also says which volumes the box's earlier
 * hosts drew, and which cables of the box its paths cross).
 */
interface HostPairs {
  box: string;
  boxSketches: readonly HostSketch[];
  paths: DiagramPath[];
  pairs: DiagramPair[];
}

/**
 * The per-host sketches and drawn pairs of the last diagram built for a document, from which the
 * next one is built: a keystroke works out those of the hosts it changed (and of the hosts of
 * their boxes), and the others are kept.
 */
export class DiagramMemo {
  private sketches: ReadonlyMap<string, HostSketch> = new Map();
  private pairs: ReadonlyMap<string, HostPairs> = new Map();

  /** The sketches a build starts from. */
  get kept(): ReadonlyMap<string, HostSketch> {
    return this.sketches;
  }

  /** The drawn pairs a build starts from, by host. */
  get keptPairs(): ReadonlyMap<string, HostPairs> {
    return this.pairs;
  }

  /** Keeps what a finished build worked out (a build stopped half way keeps nothing). */
  keep(sketches: ReadonlyMap<string, HostSketch>, pairs: ReadonlyMap<string, HostPairs>): void {
    this.sketches = sketches;
    this.pairs = pairs;
  }
}

const sameSketches = (a: readonly HostSketch[], b: readonly HostSketch[]) => a.length === b.length && a.every((sketch, i) => sketch === b[i]);

/** A host and its interfaces: what a group stands for, and what a problem inside a host block lands on. */
function hostElements(host: Host): Spanned[] {
  return [host, ...host.teams, ...host.vswitches, ...host.nics, ...host.vmks, ...host.hbas];
}

/** The facts a host's box lists under its name. */
function hostDetail(host: Host): string[] {
  const detail = [host.os?.raw, host.multipath === 'mpio' ? `mpio ${host.policy ?? 'round-robin'}` : `multipath ${host.multipath}`];
  // A static route reads as the networks it reaches and the router it goes through.
  for (const route of host.routes) detail.push(`route ${route.to.map((network) => network.subnet).join(', ')} via ${route.gateway?.address ?? '?'}`);
  return detail.filter((x) => x !== undefined);
}

interface Spanned {
  id: string;
  span: DiagramSpan;
}

/** The statements by where they start: the model lists them in source order, so mostly as given. */
function inSourceOrder<T extends { span: DiagramSpan }>(statements: readonly T[]): readonly T[] {
  for (let i = 1; i < statements.length; i++) {
    if (statements[i - 1]!.span.start > statements[i]!.span.start) return [...statements].sort((a, b) => a.span.start - b.span.start);
  }
  return statements;
}

/** Statements of one kind (hosts, links…): the elements declared by the one whose span contains a span (itself first). */
type SpanFamily = (span: DiagramSpan) => readonly Spanned[];

/** Finds the statement by a binary search: nothing is built but the check that the statements are in source order. */
function spanFamily<T extends { span: DiagramSpan }>(statements: readonly T[], elements: (statement: T) => Spanned[]): SpanFamily {
  const ordered = inSourceOrder(statements);
  return (span) => {
    const at = lastStartingBy(ordered, span.start);
    // Statements may overlap when the text is malformed: look back a little for one that contains it.
    for (let i = at; i >= 0 && i > at - 4; i--) if (contains(ordered[i]!.span, span)) return elements(ordered[i]!);
    return [];
  };
}

/**
 * The innermost element whose span contains a given span: the smallest of those its statements
 * declare (the later of equal spans, as it is declared inside the earlier). A lookup costs a
 * binary search per kind of statement, so a version costs its problems' lookups.
 */
function innermost(families: readonly SpanFamily[], span: DiagramSpan): string | undefined {
  let best: Spanned | undefined;
  for (const family of families) {
    for (const element of family(span)) {
      if (contains(element.span, span) && (best === undefined || element.span.end - element.span.start <= best.span.end - best.span.start)) best = element;
    }
  }
  return best?.id;
}

/** The index of the last statement that starts at or before `offset`, or -1. */
function lastStartingBy(statements: readonly { span: DiagramSpan }[], offset: number): number {
  let lo = 0;
  let hi = statements.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (statements[mid]!.span.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

function contains(outer: DiagramSpan, inner: DiagramSpan): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

const messageKey = (message: StatusMessage) => `${message.code}\n${message.message}`;

/** Adds `message` unless `status` already has it; `seen` holds the keys of the messages it has. */
function addMessage(status: Status, seen: Set<string>, message: StatusMessage): void {
  if (seen.has(messageKey(message))) return;
  seen.add(messageKey(message));
  status.messages.push(message);
  if (SEVERITY_RANK[message.severity] > SEVERITY_RANK[status.level]) status.level = message.severity;
}

/** A group's members repeat the same problems: one message per code, with how many more there are. */
function summariseGroupMessages(status: Status): void {
  const byCode = new Map<string, { first: StatusMessage; count: number }>();
  for (const message of status.messages) {
    const entry = byCode.get(message.code);
    if (entry === undefined) byCode.set(message.code, { first: message, count: 1 });
    else entry.count++;
  }
  status.messages = [...byCode.values()].map(({ first, count }) =>
    count === 1 ? first : { ...first, message: `${first.message} (and ${count - 1} more like it in this group)` },
  );
}

function capMessages(status: Status): void {
  if (status.messages.length <= MAX_MESSAGES) return;
  const rest = status.messages.length - MAX_MESSAGES;
  status.messages = status.messages.slice(0, MAX_MESSAGES);
  status.messages.push({ severity: 'info', code: 'more', message: `… and ${rest} more` });
}

/** `sw-a`, `sw-a and sw-b`, `4 switches`: where a group's hosts are cabled. */
function switchesPhrase(switches: string[]): string {
  if (switches.length <= 1) return switches[0] ?? '';
  if (switches.length === 2) return `${switches[0]} and ${switches[1]}`;
  return `${switches.length} switches`;
}

class DiagramBuilder {
  private readonly nodes: DiagramNode[] = [];
  private readonly edges: DiagramEdge[] = [];
  private readonly ports = new Map<string, DiagramPort>();
  /** Model id to diagram id, for elements shown as something else (a grouped host's parts). */
  private readonly alias = new Map<string, string>();
  /** Team or trunk of each member (NIC or array port), to mark their cables as a bundle. */
  private readonly bundleOf = new Map<string, string>();
  /** The vSwitch each uplink NIC is drawn in. */
  private readonly vswitchOf = new Map<string, string>();
  /** Switches that fail as part of a stack: the stack is the component. */
  private readonly stacked = new Set<string>();
  private readonly index: ModelIndex;
  private readonly parts: ReadonlyMap<string, AnalysisPart>;
  /** Severity and code of the problems inside each host's text, for the grouping signature. */
  private readonly hostProblems = new Map<string, Set<string>>();
  private readonly keptSketches: ReadonlyMap<string, HostSketch>;
  private readonly keptPairs: ReadonlyMap<string, HostPairs>;
  /** The sketch of every host of this version, kept or worked out. */
  readonly sketches = new Map<string, HostSketch>();
  /** Each box drawn for hosts (a host alone or a group): the sketches of the hosts it stands for. */
  private readonly boxSketches = new Map<string, HostSketch[]>();
  /** The drawn pairs of every host of this version that has pairs, kept or worked out. */
  readonly hostPairs = new Map<string, HostPairs>();

  constructor(
    private readonly model: Model,
    private readonly analysis: NetworkAnalysis,
    private readonly problems: readonly Problem[],
    private readonly options: DiagramOptions,
    memo: DiagramMemo | undefined,
  ) {
    this.index = modelIndex(model);
    this.parts = hostParts(analysis);
    this.keptSketches = memo?.kept ?? new Map();
    // A path drawn as observed depends on the observed state, which the memo does not keep.
    this.keptPairs = options.observedPaths === undefined ? (memo?.keptPairs ?? new Map()) : new Map();
    for (const c of sharedComponents(this.index).components) if (c.kind === 'stack') for (const m of c.members ?? []) this.stacked.add(m);
    const hosts = [spanFamily(model.hosts, (host) => [host])];
    for (const problem of problems) {
      const host = innermost(hosts, problem.span);
      if (host === undefined) continue;
      const found = this.hostProblems.get(host) ?? new Set();
      found.add(`${problem.severity}:${problem.code}`);
      this.hostProblems.set(host, found);
    }
  }

  /** Builds the diagram, yielding after each unit of work (a host, a link, a problem, a pair…). */
  *steps(): Generator<void, DiagramModel> {
    // A NIC in several teams is drawn in the first.
    for (const host of this.model.hosts) {
      for (const team of host.teams) for (const m of team.members) if (!this.bundleOf.has(m.id)) this.bundleOf.set(m.id, team.id);
      // A vSwitch holds its uplinks; their cables are one bundle only where it aggregates them.
      for (const vswitch of host.vswitches) {
        for (const uplink of vswitch.uplinks) {
          if (this.bundleOf.has(uplink.id)) continue;
          this.vswitchOf.set(uplink.id, vswitch.id);
          if (vswitch.teaming === 'lacp' || vswitch.teaming === 'ip-hash') this.bundleOf.set(uplink.id, vswitch.id);
        }
      }
    }
    yield* this.addArrays();
    yield* this.addSwitches();
    const shown = yield* this.placeHosts(this.model.hosts);
    yield* this.addLinks();
    yield* this.applyProblems();
    const { paths, pairs } = yield* this.pathsAndPairs(shown);
    this.markSpofs(pairs);
    this.markObserved(paths);
    for (const node of this.nodes) {
      if (node.kind === 'group') summariseGroupMessages(node.status);
      capMessages(node.status);
    }
    for (const edge of this.edges) capMessages(edge.status);
    const usedPorts = new Set(this.edges.flatMap((e) => [e.sourcePort, e.targetPort]).filter((p) => p !== undefined));
    return {
      nodes: this.nodes,
      ports: [...this.ports.values()].filter((port) => usedPorts.has(port.id)),
      edges: this.edges,
      paths,
      pairs,
    };
  }

  private isFailable(id: string): boolean {
    const component = this.analysis.componentById.get(id);
    return component !== undefined ? component.kind !== 'card' : this.stacked.has(id);
  }

  /** The host's sketch: the kept one while its part of the analysis and its findings are the same. */
  private sketch(host: Host): HostSketch {
    const known = this.sketches.get(host.id);
    if (known !== undefined) return known;
    const part = this.parts.get(host.id)!;
    const findings = [...(this.hostProblems.get(host.id) ?? [])].sort().join(',');
    const kept = this.keptSketches.get(host.id);
    const sketch =
      kept !== undefined && kept.part.pairs === part.pairs && kept.findings === findings
        ? kept
        : { part, findings, signature: this.signature(host, findings), detail: hostDetail(host), switches: this.switchesOf(host), cables: this.groupCables(host) };
    this.sketches.set(host.id, sketch);
    return sketch;
  }

  private *addArrays(): Generator<void, void> {
    for (const array of this.model.arrays) {
      yield;
      // A portal is an address, not a box: the array lists it, and each port behind it names it.
      const portals = array.portals.map((portal) => `portal ${portal.name} ${portal.ips.map((ip) => `${ip.address}/${ip.prefix}`).join(', ')} (${portal.mode})`);
      const portalsOf = new Map<string, string[]>();
      for (const portal of array.portals) for (const ref of portal.ports) portalsOf.set(ref.id, [...(portalsOf.get(ref.id) ?? []), portal.name]);
      const detail = [array.model, array.capabilities.length > 0 ? array.capabilities.join(', ') : undefined, ...portals];
      this.nodes.push({
        id: array.id,
        kind: 'array',
        label: array.name,
        detail: detail.filter((x) => x !== undefined),
        column: 2,
        span: offsetsOf(array.span),
        status: okStatus(),
        failable: false,
      });
      for (const controller of array.controllers) {
        this.nodes.push({
          id: controller.id,
          kind: 'controller',
          label: `controller ${controller.name}`,
          detail: [],
          parent: array.id,
          span: offsetsOf(controller.span),
          status: okStatus(),
          failable: this.isFailable(controller.id),
        });
        for (const port of controller.ports) {
          this.nodes.push({
            id: port.id,
            kind: 'array-port',
            label: port.name,
            detail:
              port.protocol === 'fc'
                ? [port.wwpn ?? 'fc', ...(port.speedMbps ? [formatMbps(port.speedMbps)] : [])]
                : [...ethernetDetail(port), ...(portalsOf.has(port.id) ? [`portal ${portalsOf.get(port.id)!.join(', ')}`] : [])],
            parent: controller.id,
            span: offsetsOf(port.span),
            status: okStatus(),
            failable: this.isFailable(port.id),
          });
        }
      }
      for (const trunk of array.trunks) {
        for (const member of trunk.members) this.bundleOf.set(member.id, trunk.id);
        this.nodes.push({
          id: trunk.id,
          kind: 'trunk',
          label: `${trunk.name} (${trunk.mode})`,
          detail: ethernetDetail(trunk),
          parent: array.id,
          bundles: trunk.members.map((m) => m.id),
          span: offsetsOf(trunk.span),
          status: okStatus(),
          failable: false,
        });
      }
      const alua = array.capabilities.includes('alua');
      for (const volume of array.volumes) {
        const detail = [
          volume.sizeBytes !== undefined ? formatBytes(volume.sizeBytes) : undefined,
          volume.lun !== undefined ? `lun ${volume.lun}` : undefined,
          volume.groups === undefined ? undefined : `to ${volume.groups.map((group) => group.id).join(', ')}`,
        ];
        this.nodes.push({
          id: volume.id,
          kind: 'volume',
          label: volume.name,
          detail: [detail.filter((x) => x !== undefined).join(' · ')].filter((x) => x !== ''),
          parent: array.id,
          span: offsetsOf(volume.span),
          status: okStatus(),
          failable: false,
        });
        for (const controller of array.controllers) {
          this.edges.push({
            id: `serves:${controller.id}->${volume.id}`,
            kind: 'serves',
            source: controller.id,
            target: volume.id,
            optimized: !alua || volume.owner === undefined || volume.owner.id === controller.id,
            status: okStatus(),
            failable: false,
          });
        }
      }
    }
  }

  private *addSwitches(): Generator<void, void> {
    for (const sw of this.model.switches) {
      yield;
      const peers = [...sw.stack.map((r) => `stack ${r.id}`), ...sw.mlag.map((r) => `mlag ${r.id}`)];
      const detail = [sw.model, ...peers, sw.fabric !== undefined ? `fabric ${sw.fabric}` : undefined];
      this.nodes.push({
        id: sw.id,
        kind: 'switch',
        label: sw.name,
        detail: detail.filter((x) => x !== undefined),
        column: 1,
        span: offsetsOf(sw.span),
        status: okStatus(),
        failable: this.isFailable(sw.id),
      });
      for (const port of sw.ports) {
        this.ports.set(port.id, { id: port.id, node: sw.id, label: port.name, side: 'WEST', span: offsetsOf(port.span), status: okStatus() });
      }
      for (const lag of sw.lags) {
        this.nodes.push({
          id: lag.id,
          kind: 'lag',
          label: lag.peer ? `${lag.name} (${lag.mode}, MLAG with ${lag.peer.id})` : `${lag.name} (${lag.mode})`,
          detail: [],
          parent: sw.id,
          bundles: lag.ports.map((p) => p.id),
          span: offsetsOf(lag.span),
          status: okStatus(),
          failable: false,
        });
      }
    }
  }

  private hostPart(host: Host): HostPart {
    const nodes: DiagramNode[] = [];
    const edges: DiagramEdge[] = [];
    nodes.push({
      id: host.id,
      kind: 'host',
      label: host.name,
      detail: hostDetail(host),
      column: 0,
      span: offsetsOf(host.span),
      status: okStatus(),
      failable: false,
    });
    for (const team of host.teams) {
      nodes.push({
        id: team.id,
        kind: 'team',
        label: `${team.name} (${team.balance === undefined ? team.mode : `${team.mode}, ${team.balance}`})`,
        detail: ethernetDetail(team),
        parent: host.id,
        span: offsetsOf(team.span),
        status: okStatus(),
        failable: false,
      });
    }
    for (const vswitch of host.vswitches) {
      nodes.push({
        id: vswitch.id,
        kind: 'vswitch',
        label: `${vswitch.name} (${vswitch.type === 'distributed' ? 'distributed, ' : ''}${vswitch.teaming})`,
        detail: [`mtu ${vswitch.mtu ?? 1500}`],
        parent: host.id,
        span: offsetsOf(vswitch.span),
        status: okStatus(),
        failable: false,
      });
    }
    for (const nic of host.nics) {
      const team = this.bundleOf.get(nic.id) ?? this.vswitchOf.get(nic.id);
      nodes.push({
        id: nic.id,
        kind: 'nic',
        label: nic.name,
        detail: ethernetDetail(nic),
        parent: team ?? host.id,
        span: offsetsOf(nic.span),
        status: okStatus(),
        failable: this.isFailable(nic.id),
      });
    }
    for (const vmk of host.vmks) {
      nodes.push({
        id: vmk.id,
        kind: 'vmk',
        label: vmk.bound ? `${vmk.name} (bound)` : vmk.name,
        detail: ethernetDetail(vmk),
        parent: vmk.vswitch?.id ?? host.id,
        span: offsetsOf(vmk.span),
        status: okStatus(),
        failable: false,
      });
      for (const uplink of [...vmk.active, ...vmk.standby]) {
        edges.push({
          id: `uplink:${vmk.id}->${uplink.id}`,
          kind: 'uplink',
          source: vmk.id,
          target: uplink.id,
          label: vmk.active.includes(uplink) ? 'active' : 'standby',
          status: okStatus(),
          failable: false,
        });
      }
    }
    for (const hba of host.hbas) {
      nodes.push({
        id: hba.id,
        kind: 'hba',
        label: hba.name,
        detail: [hba.wwpn, hba.speedMbps !== undefined ? formatMbps(hba.speedMbps) : undefined].filter((x) => x !== undefined),
        parent: host.id,
        span: offsetsOf(hba.span),
        status: okStatus(),
        failable: this.isFailable(hba.id),
      });
    }
    return { nodes, edges };
  }

  /** The connectivity pattern of a host, independent of its name and switch port numbers. */
  private signature(host: Host, findings: string): string {
    const local = (id: string) => (id.startsWith(`${host.id}.`) ? id.slice(host.id.length) : id);
    const interfaces = [...host.nics, ...host.hbas].map((iface) => {
      const peers = this.linksOf(iface.id).map((link) => {
        const peer = link.a.ref.id === iface.id ? link.b : link.a;
        return peer.switch ?? peer.ref.id;
      });
      return `${iface.kind}:${iface.name}:${iface.speedMbps ?? ''}:${peers.sort().join('+')}`;
    });
    const pairs = (this.analysis.pairsByHost.get(host.id) ?? []).map(
      (pair) =>
        `${pair.array}:${pair.paths.length}:${pair.optimizedPaths.length}:${pair.bandwidth.mbps}:` +
        pair.singlePointsOfFailure.map(local).join(','),
    ).sort();
    return JSON.stringify([
      host.os?.raw,
      host.multipath,
      host.policy,
      host.teams.map((t) => `${t.name}:${t.mode}:${t.balance ?? ''}:${t.members.map((m) => local(m.id)).join(',')}`),
      host.vswitches.map((v) => `${v.name}:${v.type}:${v.teaming}:${v.mtu ?? ''}:${v.uplinks.map((u) => local(u.id)).join(',')}`),
      host.vmks.map((v) => `${v.name}:${v.bound}:${v.vswitch ? local(v.vswitch.id) : ''}`),
      interfaces.sort(),
      pairs,
      findings,
    ]);
  }

  /** Adds hosts, grouping those that share a pattern; returns the hosts drawn individually. */
  private *placeHosts(hosts: Host[]): Generator<void, Set<string>> {
    const shown = new Set<string>();
    const patterns = new Map<string, Host[]>();
    if (this.options.groupHosts) {
      for (const host of hosts) {
        const key = this.sketch(host).signature;
        const list = patterns.get(key) ?? [];
        list.push(host);
        patterns.set(key, list);
        yield;
      }
    }
    const expanded = new Set(this.options.expandedGroups ?? []);
    const grouped = new Map<string, Host[]>();
    const candidates = [...patterns.values()].filter((list) => list.length > 1 && !expanded.has(`group:${list[0]!.id}`));
    candidates.sort((a, b) => b.length - a.length);
    let boxes = hosts.length;
    for (const list of candidates) {
      if (list.length <= GROUP_THRESHOLD && boxes <= MAX_HOST_BOXES) break;
      grouped.set(list[0]!.id, list);
      boxes -= list.length - 1;
    }
    const byFinding = this.options.groupHosts && hosts.length > MAX_HOST_BOXES ? this.groupByFinding(hosts, grouped, expanded) : new Set<string>();
    const hidden = new Set<string>();
    for (const list of grouped.values()) for (const host of list.slice(1)) hidden.add(host.id);
    for (const host of hosts) {
      if (hidden.has(host.id)) continue;
      yield;
      const group = grouped.get(host.id);
      if (group === undefined) {
        shown.add(host.id);
        this.boxSketches.set(host.id, [this.sketch(host)]);
        const part = this.hostPart(host);
        for (const node of part.nodes) this.nodes.push(node);
        for (const edge of part.edges) this.edges.push(edge);
        continue;
      }
      this.addGroup(group, !byFinding.has(host.id));
    }
    return shown;
  }

  /**
   * Flagged hosts still drawn one by one (their cabling is unlike any other's) are grouped by
   * their findings: a reviewer of a large design looks for what is wrong, not where each host is.
   */
  private groupByFinding(hosts: Host[], grouped: Map<string, Host[]>, expanded: Set<string>): Set<string> {
    const representatives = new Set<string>();
    const inGroups = new Set([...grouped.values()].flat().map((host) => host.id));
    const byFindings = new Map<string, Host[]>();
    for (const host of hosts) {
      const findings = this.hostProblems.get(host.id);
      if (inGroups.has(host.id) || findings === undefined) continue;
      const key = [...findings].sort().join(',');
      byFindings.set(key, [...(byFindings.get(key) ?? []), host]);
    }
    for (const list of byFindings.values()) {
      if (list.length < 2 || expanded.has(`group:${list[0]!.id}`)) continue;
      grouped.set(list[0]!.id, list);
      representatives.add(list[0]!.id);
    }
    return representatives;
  }

  /** The switches a host's interfaces are cabled to, in file order. */
  private switchesOf(host: Host): string[] {
    const switches = new Set<string>();
    for (const iface of [...host.nics, ...host.hbas]) {
      for (const link of this.linksOf(iface.id)) {
        const peer = link.a.ref.id === iface.id ? link.b : link.a;
        const sw = peer.switch ?? (peer.kind === 'switch' ? peer.ref.id : undefined);
        if (sw !== undefined) switches.add(sw);
      }
    }
    return [...switches];
  }

  /** A group's name says what it groups: alike hosts and where they are cabled, or a shared finding. */
  private groupLabel(list: Host[], sameDesign: boolean): string {
    const representative = list[0]!;
    if (!sameDesign) return `${list.length} hosts with ${this.findingCodes(representative)[0]}`;
    const switches = this.sketch(representative).switches.map((id) => this.index.switches.get(id)?.name ?? id);
    return `${list.length} hosts like ${representative.name}${switches.length === 0 ? ', not cabled' : ` on ${switchesPhrase(switches)}`}`;
  }

  /** The rules and codes flagged inside a host's block, worst first. */
  private findingCodes(host: Host): string[] {
    const findings = [...(this.hostProblems.get(host.id) ?? [])].map((finding) => {
      const [severity, code] = finding.split(':') as [keyof typeof SEVERITY_RANK, string];
      return { rank: SEVERITY_RANK[severity], code };
    });
    return findings.sort((a, b) => b.rank - a.rank).map((finding) => finding.code);
  }

  /** What a group of flagged hosts also has, and where its members are cabled. */
  private findingDetail(representative: Host, switches: string[]): string[] {
    const others = this.findingCodes(representative).slice(1);
    const names = switches.map((id) => this.index.switches.get(id)?.name ?? id);
    return [...(others.length > 0 ? [`also ${others.join(', ')}`] : []), names.length > 0 ? `on ${switchesPhrase(names)}` : 'not cabled'];
  }

  /** A group of hosts of the same design, or (`sameDesign` false) flagged hosts with the same findings. */
  private addGroup(list: Host[], sameDesign: boolean): void {
    const representative = list[0]!;
    const last = list[list.length - 1]!;
    const id = `group:${representative.id}`;
    this.boxSketches.set(id, list.map((host) => this.sketch(host)));
    const shared = this.sketch(representative).detail.filter((line) => list.every((host) => this.sketch(host).detail.includes(line)));
    const switches = new Set(list.flatMap((host) => this.sketch(host).switches));
    this.nodes.push({
      id,
      kind: 'group',
      label: this.groupLabel(list, sameDesign),
      detail: [
        `${representative.name} … ${last.name}`,
        ...(sameDesign ? [] : this.findingDetail(representative, [...switches])),
        ...shared,
      ],
      column: 0,
      members: list.map((host) => host.id),
      span: offsetsOf(representative.span),
      status: okStatus(),
      failable: false,
    });
    for (const host of list) for (const element of hostElements(host)) this.alias.set(element.id, id);
    // The group's cables: one per interface name and switch (and per cable of an interface to one
    // switch), counting the members cabled so. A member's paths cross the cables of its group.
    const cables = new Map<string, { id: string; target: string; iface: Host['nics'][number] | Host['hbas'][number]; link: Link; links: string[] }>();
    for (const host of list) {
      for (const { key, target, iface, link } of this.sketch(host).cables) {
        const cable = cables.get(key) ?? { id: `group-link:${id}:${cables.size}`, target, iface, link, links: [] };
        cables.set(key, cable);
        cable.links.push(link.id);
        this.alias.set(link.id, cable.id);
      }
    }
    for (const { id: edgeId, target, iface, link, links } of cables.values()) {
      const speed = link.speedMbps ?? iface.speedMbps;
      this.edges.push({
        id: edgeId,
        kind: 'link',
        source: id,
        target,
        label: `${iface.name}: ${links.length} ×${speed !== undefined ? ` ${formatMbps(speed)}` : ''}`,
        bundle: this.bundleOf.get(iface.id),
        status: okStatus(),
        failable: this.isFailable(link.id),
        links,
      });
    }
  }

  /** A host's cables as a group draws them (HostSketch's `cables`). */
  private groupCables(host: Host): HostSketch['cables'] {
    const cables: HostSketch['cables'] = [];
    for (const iface of [...host.nics, ...host.hbas]) {
      const seen = new Map<string, number>();
      for (const link of this.linksOf(iface.id)) {
        const peer = link.a.ref.id === iface.id ? link.b : link.a;
        const target = this.endpointTarget(peer);
        if (target === undefined) continue;
        const nth = seen.get(target.node) ?? 0;
        seen.set(target.node, nth + 1);
        cables.push({ key: `${iface.name}\n${target.node}\n${nth}`, target: target.node, iface, link });
      }
    }
    return cables;
  }

  private endpointTarget(endpoint: Endpoint): { node: string; port?: string } | undefined {
    switch (endpoint.kind) {
      case 'switch':
        return { node: endpoint.ref.id };
      case 'switch-port':
        return endpoint.switch === undefined ? undefined : { node: endpoint.switch, port: endpoint.ref.id };
      default:
        return { node: endpoint.ref.id };
    }
  }

  private *addLinks(): Generator<void, void> {
    const nodeIds = new Set(this.nodes.map((n) => n.id));
    for (const link of this.model.links) {
      if (this.alias.has(link.id)) continue;
      yield;
      // Host side first, array side last, so cables run left to right.
      const rank = (e: Endpoint) => (e.kind === 'host-interface' ? 0 : e.kind === 'array-port' ? 2 : 1);
      const [a, b] = rank(link.a) <= rank(link.b) ? [link.a, link.b] : [link.b, link.a];
      const source = this.endpointTarget(a);
      const target = this.endpointTarget(b);
      if (source === undefined || target === undefined || !nodeIds.has(source.node) || !nodeIds.has(target.node)) continue;
      const isl = a.kind !== 'host-interface' && a.kind !== 'array-port' && b.kind !== 'host-interface' && b.kind !== 'array-port';
      this.placePort(source.port, source.node, isl ? 'SOUTH' : 'EAST', link.span);
      this.placePort(target.port, target.node, isl ? 'SOUTH' : 'WEST', link.span);
      const speed = link.speedMbps;
      this.edges.push({
        id: link.id,
        kind: isl ? 'isl' : 'link',
        source: source.node,
        sourcePort: source.port,
        target: target.node,
        targetPort: target.port,
        label: speed !== undefined ? formatMbps(speed) : undefined,
        bundle: this.bundleOf.get(a.ref.id) ?? this.bundleOf.get(b.ref.id),
        span: offsetsOf(link.span),
        status: okStatus(),
        failable: this.isFailable(link.id),
      });
    }
  }

  private placePort(portId: string | undefined, switchId: string, side: PortSide, span: DiagramSpan): void {
    if (portId === undefined) return;
    const existing = this.ports.get(portId);
    if (existing !== undefined) {
      existing.side = side;
      return;
    }
    const name = portId.startsWith(`${switchId}:`) ? portId.slice(switchId.length + 1) : portId;
    this.ports.set(portId, { id: portId, node: switchId, label: name, side, span: offsetsOf(span), status: okStatus() });
  }

  /** The links cabled to a NIC, HBA or array port, in file order. */
  private linksOf(interfaceId: string): readonly Link[] {
    return this.index.linksByEnd.get(interfaceId) ?? [];
  }

  private diagramId(modelId: string): string | undefined {
    const alias = this.alias.get(modelId);
    return alias === undefined ? modelId : alias === '' ? undefined : alias;
  }

  private *applyProblems(): Generator<void, void> {
    const families = [
      spanFamily(this.model.hosts, hostElements),
      spanFamily(this.model.switches, (sw) => [sw, ...sw.lags]),
      spanFamily(this.model.arrays, (array) => [array, ...array.controllers.flatMap((c) => [c, ...c.ports]), ...array.trunks, ...array.volumes]),
      spanFamily(this.model.links, (link) => [link]),
      spanFamily(this.model.sessions, (session) => [
        { id: session.host.id, span: session.span },
        ...session.connections.map((connection) => ({ id: connection.initiator.id, span: connection.span })),
      ]),
    ];
    yield;
    const statusById = new Map<string, Status>();
    for (const node of this.nodes) statusById.set(node.id, node.status);
    for (const edge of this.edges) statusById.set(edge.id, edge.status);
    // A group or a 40,000-member team collects many problems: de-duplicate through a set, not a scan.
    const seenByStatus = new Map<Status, Set<string>>();
    for (const problem of this.problems) {
      yield;
      const modelId = innermost(families, problem.span);
      const id = modelId === undefined ? undefined : this.diagramId(modelId);
      const status = id === undefined ? undefined : statusById.get(id);
      if (status === undefined) continue;
      let seen = seenByStatus.get(status);
      if (seen === undefined) seenByStatus.set(status, (seen = new Set(status.messages.map(messageKey))));
      addMessage(status, seen, { severity: problem.severity, code: problem.code, message: problem.message });
    }
  }

  /** Diagram ids a path crosses, host side first. */
  private crossed(path: IoPath, hostId: string, volumeId: string): { nodes: string[]; edges: string[] } {
    const nodes: string[] = [hostId];
    const edges: string[] = [];
    const add = (list: string[], id: string | undefined) => {
      if (id !== undefined && !list.includes(id)) list.push(id);
    };
    const memberIds = this.bundleMembers(path);
    for (const hop of [{ id: path.initiator, kind: path.initiatorKind }, ...path.hops, ...memberIds.map((id) => ({ id, kind: '' }))]) {
      const component = this.analysis.componentById.get(hop.id);
      const ids = component?.kind === 'stack' ? (component.members ?? []) : component?.kind === 'card' ? [] : [hop.id];
      for (const id of ids) {
        const mapped = this.diagramId(id);
        if (mapped === undefined) continue;
        const link = this.index.links.get(id);
        if (link !== undefined) {
          add(edges, mapped);
          if (mapped === id) for (const end of [link.a.ref.id, link.b.ref.id]) if (this.ports.has(end)) add(nodes, end);
        } else {
          add(nodes, mapped);
        }
      }
    }
    add(nodes, path.portal);
    add(nodes, path.controller);
    add(edges, `serves:${path.controller}->${volumeId}`);
    add(nodes, volumeId);
    return { nodes, edges };
  }

  /** The members of a team or trunk path crosses, each followed by its cables. */
  private bundleMembers(path: IoPath): string[] {
    const ids: string[] = [];
    const add = (members: { id: string }[]) => {
      if (members.length > 1) for (const m of members) ids.push(m.id, ...this.linksOf(m.id).map((link) => link.id));
    };
    if (path.viaTeam !== undefined) add(this.index.teams.get(path.viaTeam)?.members ?? []);
    if (path.viaTrunk !== undefined) add(this.index.trunks.get(path.viaTrunk)?.members ?? []);
    return ids;
  }

  private *pathsAndPairs(shownHosts: Set<string>): Generator<void, { paths: DiagramPath[]; pairs: DiagramPair[] }> {
    const paths: DiagramPath[] = [];
    const pairs: DiagramPair[] = [];
    const drawnHost = (host: string) => (shownHosts.has(host) ? host : this.alias.get(host));
    const isRepresentative = (host: string) => shownHosts.has(host) || drawnHost(host) === `group:${host}`;
    // Hosts in the order of the analysis's pairs, representatives first; another member of a
    // group adds only the volumes its group lacks.
    const hosts = [...this.analysis.pairsByHost];
    const ordered = [...hosts.filter(([host]) => isRepresentative(host)), ...hosts.filter(([host]) => !isRepresentative(host))];
    const drawnVolumes = new Map<string, Set<string>>();
    for (const [host, hostPairs] of ordered) {
      yield;
      const box = drawnHost(host);
      if (box === undefined) continue;
      let drawn = drawnVolumes.get(box);
      if (drawn === undefined) drawnVolumes.set(box, (drawn = new Set()));
      const boxSketches = this.boxSketches.get(box)!;
      const kept = this.keptPairs.get(host);
      const drawnPairs = kept !== undefined && kept.box === box && sameSketches(kept.boxSketches, boxSketches) ? kept : this.drawnPairs(box, boxSketches, hostPairs, drawn);
      this.hostPairs.set(host, drawnPairs);
      const offset = paths.length;
      for (const path of drawnPairs.paths) paths.push(path);
      for (const pair of drawnPairs.pairs) {
        drawn.add(pair.volume);
        pairs.push(offset === 0 ? pair : { ...pair, paths: pair.paths.map((index) => index + offset) });
      }
    }
    return { paths, pairs };
  }

  /** A host's pairs drawn on `box`, but for the volumes the box has drawn already. */
  private drawnPairs(box: string, boxSketches: readonly HostSketch[], hostPairs: readonly PairAnalysis[], drawn: ReadonlySet<string>): HostPairs {
    const paths: DiagramPath[] = [];
    const pairs: DiagramPair[] = [];
    const volumes = new Set<string>();
    for (const pair of [...hostPairs].sort((a, b) => compareStrings(a.volume, b.volume))) {
      if (drawn.has(pair.volume) || volumes.has(pair.volume)) continue;
      volumes.add(pair.volume);
      const optimized = new Set(pair.optimizedPaths);
      const indexes: number[] = [];
      for (const pathId of pair.paths) {
        const path = this.analysis.pathById.get(pathId);
        if (path === undefined) continue;
        const crossed = this.crossed(path, box, pair.volume);
        indexes.push(paths.length);
        const observed = this.options.observedPaths?.get(`${pathId}@${pair.volume}`);
        paths.push({
          ...(observed ? { observed } : {}),
          id: `${pathId}@${pair.volume}`,
          host: box,
          volume: pair.volume,
          nodes: crossed.nodes,
          edges: crossed.edges,
          optimized: optimized.has(pathId),
        });
      }
      const bw = pair.bandwidth;
      pairs.push({
        host: box,
        volume: pair.volume,
        paths: indexes,
        mbps: bw.mbps,
        bandwidth: bw.known ? `${formatMbps(bw.mbps)} (${bw.bottleneck.reason})` : 'speed not declared',
        spof: [...new Set(pair.singlePointsOfFailure.flatMap((id) => this.componentElements(id)))],
      });
    }
    return { box, boxSketches, paths, pairs };
  }

  /** Diagram ids that stand for a component: a stack's switches, or the element itself. */
  private componentElements(id: string): string[] {
    const component = this.analysis.componentById.get(id);
    if (component?.kind === 'card') return [];
    const ids = component?.kind === 'stack' ? (component.members ?? []) : [id];
    return ids.map((x) => this.diagramId(x)).filter((x) => x !== undefined);
  }

  private markObserved(paths: DiagramPath[]): void {
    const edgeById = new Map(this.edges.map((edge) => [edge.id, edge]));
    for (const path of paths) {
      if (path.observed === undefined) continue;
      for (const id of path.edges) {
        const edge = edgeById.get(id);
        if (edge === undefined || (edge.kind !== 'link' && edge.kind !== 'isl')) continue;
        if (edge.observed === undefined || OBSERVED_ORDER.indexOf(path.observed) < OBSERVED_ORDER.indexOf(edge.observed)) edge.observed = path.observed;
      }
    }
  }

  private markSpofs(pairs: DiagramPair[]): void {
    const statusById = new Map<string, Status>();
    for (const node of this.nodes) statusById.set(node.id, node.status);
    for (const edge of this.edges) statusById.set(edge.id, edge.status);
    for (const pair of pairs) {
      for (const id of pair.spof) {
        const status = statusById.get(id);
        if (status !== undefined) status.spof = true;
      }
    }
  }

}

/**
 * The diagram of one document: every host, switch and array with their parts, cables with speeds,
 * per-element problems (on the innermost element whose span contains the problem), single points
 * of failure, and the paths per host ↔ volume pair (the webview highlights them, and marks those
 * the analysis says a failure cuts).
 */
export function buildDiagram(model: Model, analysis: NetworkAnalysis, problems: readonly Problem[], options: DiagramOptions, memo?: DiagramMemo): DiagramModel {
  const builder = new DiagramBuilder(model, analysis, problems, options, memo);
  const steps = builder.steps();
  for (;;) {
    const step = steps.next();
    if (step.done !== true) continue;
    memo?.keep(builder.sketches, builder.hostPairs);
    return step.value;
  }
}

/** How long the diagram is built for before it lets other work run. */
const SLICE_MS = 8;

/**
 * The same diagram, built in slices of a few milliseconds: after each, `pause` lets other work run
 * (a keystroke's diagnostics first) and says whether to go on. Undefined when it said stop.
 */
export async function buildDiagramInSlices(
  model: Model,
  analysis: NetworkAnalysis,
  problems: readonly Problem[],
  options: DiagramOptions,
  pause: () => Promise<boolean>,
  memo?: DiagramMemo,
  sliceMs = SLICE_MS,
): Promise<DiagramModel | undefined> {
  const builder = new DiagramBuilder(model, analysis, problems, options, memo);
  const steps = builder.steps();
  let sliceEnd = performance.now() + sliceMs;
  for (let count = 0; ; count++) {
    const step = steps.next();
    if (step.done === true) {
      memo?.keep(builder.sketches, builder.hostPairs);
      return step.value;
    }
    if ((count & 63) !== 0 || performance.now() < sliceEnd) continue;
    if (!(await pause())) return undefined;
    sliceEnd = performance.now() + sliceMs;
  }
}
