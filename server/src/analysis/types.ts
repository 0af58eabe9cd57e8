// Result types of the analyses: I/O paths, host ↔ volume pairs, bandwidth, single points of failure
// and failure simulation. Rules, hover, code lens and the diagram read these; they never re-derive
// connectivity themselves. This file is a contract: changes are additive only.
import type { Span } from '../model/schema';

export interface AnalysisOptions {
  /**
   * Vendor disagreement on per-path subnets (`separate`: one subnet per path, NetApp/Dell SC;
   * `single`: one storage subnet, EqualLogic/ESXi port binding). Reachability does not depend on
   * it; rules read it from here.
   */
  subnetLayout: 'separate' | 'single';
}

/**
 * Kinds of single failable components. Teams, vmks, LAGs and trunks are logical: they fail only
 * through their members. A `stack` is one component whose failure takes all its member switches
 * (a stack fails and upgrades as one); stacked switches are not separate components. A `card` is
 * the physical card shared by several NIC/HBA ports (`card slot1`).
 */
export type ComponentKind =
  | 'nic'
  | 'hba'
  | 'card'
  | 'link'
  | 'switch'
  | 'stack'
  | 'controller'
  | 'array-port';

/**
 * A single failable component.
 * Ids: model ids for NICs, HBAs, links, switches, controllers and array ports;
 * `stack:<member>+<member>...` (members sorted) for a stack; `<host>.card:<card>` for a card.
 */
export interface Component {
  id: string;
  kind: ComponentKind;
  /** Human label, e.g. `switch core1`, `stack sw1+sw2`, `link hv01.eth0 -- core1:7`. */
  label: string;
  /** Where the component is written (a stack: its first member; a card: its first port). */
  span: Span;
  /** Model ids that fail with it: a stack's switches, a card's NICs/HBAs. Absent otherwise. */
  members?: string[];
}

/** Kinds of the hops an I/O path crosses: failable components plus the logical interfaces. */
export type HopKind = ComponentKind | 'team' | 'vmk' | 'trunk' | 'portal';

export interface Hop {
  id: string;
  kind: HopKind;
  label: string;
}

/**
 * One I/O path: an initiator interface logged in to one portal (one MPIO session, or one
 * connection of an MC/S session).
 */
export interface IoPath {
  /**
   * Stable id `${initiator}->${portal}`; a second path between the same two ends (e.g. one
   * session per volume) gets `#2`, `#3`, ... in file order.
   */
  id: string;
  /** Host id. */
  host: string;
  /** Array id. */
  array: string;
  /** Initiator interface id: a NIC, team, vmk (iSCSI) or HBA (FC). */
  initiator: string;
  initiatorKind: 'nic' | 'team' | 'vmk' | 'hba';
  /**
   * Portal id: an array port, trunk, or a `redirect` or `float` portal (whose address one of its
   * ports carries at a time). A session to a `discovery` portal gives one path per port behind it.
   */
  portal: string;
  portalKind: 'array-port' | 'trunk' | 'portal';
  /**
   * Controller id of the portal (a trunk: the controller of its first member; a `redirect` or
   * `float` portal: the controller of its first port, which carries it while nothing has failed).
   */
  controller: string;
  protocol: 'iscsi' | 'fc';
  /** Components crossed on the primary route, in order from host to controller, for display. */
  hops: Hop[];
  /**
   * The path's own cut set, sorted: component ids whose single failure kills this path, computed
   * over all its physical alternatives (a team path survives one member NIC failing while the
   * other member still reaches the portal).
   */
  dependsOn: string[];
  /** Written session id, when the path comes from a `session` in the file. */
  session?: string;
  /** Index of the connection in that session. */
  connection?: number;
  /** True when the session has several connections (MC/S). */
  mcs: boolean;
  /** Volume id when the written session names one volume; absent: every volume mapped to the host. */
  volume?: string;
  /** The written connection (`eth0 -> eonstor.A.ch0`); absent for derived paths. */
  span?: Span;
  /** True when the path is derived (no session written for this host and array). */
  derived: boolean;
  /** True when initiator and portal are in different subnets and a `routing on` switch joins them. */
  routed: boolean;
  /**
   * One session's capacity in Mb/s: the slowest declared speed on the primary route; over a team,
   * one member link (802.3ad keeps a conversation on one link). 0 when no speed is declared.
   */
  capacityMbps: number;
  /** False when no speed is declared anywhere on the route (then `capacityMbps` is 0). */
  speedKnown: boolean;
  /** Team id when the initiator is a team. */
  viaTeam?: string;
  /** Trunk id when the portal is an array trunk group. */
  viaTrunk?: string;
  /** The `discovery` portal a session named, when the path is one of the logins behind it. */
  viaDiscovery?: string;
}

export interface Bottleneck {
  /** The saturated element (NIC, team, array port, trunk, path id), when one element explains it. */
  id?: string;
  /** Plain explanation, e.g. `team0: one LACP conversation uses one 10G member`. */
  reason: string;
}

export interface Bandwidth {
  /** Effective Mb/s; 0 with `known: false` when speeds are not declared. */
  mbps: number;
  known: boolean;
  bottleneck: Bottleneck;
  /** Path ids carrying I/O under the host's multipath method and policy. */
  activePaths: string[];
  /**
   * The ids of the inter-switch links the max-flow sends traffic across and of the switches at
   * their ends; absent when none. Paths name only the switches they land on and the links every alternative needs, so the
   * failure simulation reads this to find the pairs that losing another link or switch can slow.
   */
  crosses?: string[];
}

/** A host ↔ volume pair (the volume is mapped to the host). */
export interface PairAnalysis {
  host: string;
  /** Volume id. */
  volume: string;
  array: string;
  /** Path ids, sorted. */
  paths: string[];
  /** Path ids to the owning controller (ALUA); every path when the array is symmetric. */
  optimizedPaths: string[];
  bandwidth: Bandwidth;
  /** Component ids whose single failure cuts the pair off (all paths die), sorted. */
  singlePointsOfFailure: string[];
}

export type UnreachableReason =
  /** The initiator or the portal has no IP address. */
  | 'no-address'
  /** iSCSI initiator towards an FC port (or the reverse). */
  | 'protocol-mismatch'
  /** The initiator or the portal has no cable. */
  | 'not-cabled'
  /** Cabled, but no chain of links joins the two ends. */
  | 'no-layer2'
  /** Joined by cables, but not in a common VLAN carried by every switch between them. */
  | 'vlan-mismatch'
  /** Layer-2 connected (or routed is impossible) but in different subnets with no routing switch. */
  | 'different-subnet'
  /** A routing switch joins them, but the host's routes send to the portal's subnet through another interface, or nowhere. */
  | 'no-host-route'
  /** A routing switch joins them, but the portal has no gateway while its array writes gateways for others. */
  | 'no-array-route';

/** A written session connection that cannot log in. It yields no path. */
export interface UnreachableConnection {
  session: string;
  connection: number;
  host: string;
  initiator: string;
  portal: string;
  reason: UnreachableReason;
  /** The written connection. */
  span: Span;
}

/**
 * The lookups are answered by the part of the analysis they concern (the host of a path, pair or
 * port), and the lists are put together when first read, so an edit to one host costs that host.
 */
export interface NetworkAnalysis {
  options: AnalysisOptions;
  /** Every failable component, sorted by id. */
  components: Component[];
  componentById: ReadonlyMap<string, Component>;
  /** Every path, sorted by id. */
  paths: IoPath[];
  pathById: ReadonlyMap<string, IoPath>;
  /** Path ids per host id. */
  pathsByHost: ReadonlyMap<string, string[]>;
  /** Every host ↔ volume pair, sorted by host then volume. */
  pairs: PairAnalysis[];
  pairsByHost: ReadonlyMap<string, PairAnalysis[]>;
  pairsByVolume: ReadonlyMap<string, PairAnalysis[]>;
  /** Written connections that cannot log in, in file order. */
  unreachable: UnreachableConnection[];
  /** Ids of routed paths (written or derived), sorted. */
  routedPaths: string[];
}

/** What one pair keeps when components fail. */
export interface PairFailureImpact {
  host: string;
  volume: string;
  pathsBefore: number;
  pathsAfter: number;
  optimizedBefore: number;
  optimizedAfter: number;
  bandwidthMbpsBefore: number;
  bandwidthMbpsAfter: number;
  /** Path ids still alive. */
  survivingPaths: string[];
  /** No path left. */
  cutOff: boolean;
}

export interface FailureReport {
  /** The failed component (the first one when several fail together). */
  component: string;
  /** Every failed component id, as given (unknown ids are ignored and listed in `unknown`). */
  components: string[];
  unknown: string[];
  /** Ids of paths that die. */
  deadPaths: string[];
  /** Pairs whose paths or bandwidth change, sorted by host then volume. */
  affectedPairs: PairFailureImpact[];
}
