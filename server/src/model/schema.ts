// The semantic model: what a `.topo` file describes, with every reference resolved.
// Shapes are zod schemas; the TypeScript types are inferred from them. The builder (build.ts)
// produces values of these types; `validateModel` checks one against the schemas, which the tests
// do for every fixture. Its spans lie in the syntax tree's statements and move with them (a re-parse
// moves a statement's start, syntax/tree.ts): what outlives the version must copy their offsets.
//
// Invariants the builder guarantees, so analyses never re-check them:
// - every `Ref` names an element that exists in the model and is of the right kind;
// - ids are unique across the whole model (see the id scheme on each element);
// - every element keeps the span of the source it came from (`span`, and `nameSpan` for its name).
import * as z from 'zod/mini';

export const SpanSchema = z.object({
  start: z.int().check(z.nonnegative()),
  end: z.int().check(z.nonnegative()),
});

/** A resolved reference to another model element, with the span where the reference is written. */
export const RefSchema = z.object({ id: z.string(), span: SpanSchema });

/** An interface address: `172.24.0.10/24` or `fd00:10::5/64`. */
export const IpSchema = z.object({
  /** Normalised address text, without the prefix length. */
  address: z.string(),
  version: z.union([z.literal(4), z.literal(6)]),
  prefix: z.int().check(z.gte(0), z.lte(128)),
  /** Normalised network in CIDR form, e.g. `172.24.0.0/24`: equal subnets have equal strings. */
  subnet: z.string(),
  span: SpanSchema,
});

export const OsFamilySchema = z.enum(['windows-server', 'windows-client', 'linux', 'esxi', 'other']);
export const OsSchema = z.object({
  /** As written, e.g. `windows-server-2012r2`. */
  raw: z.string(),
  family: OsFamilySchema,
  /** The version part, e.g. `2012r2`, `8.0`, `11`; absent when the name has none. */
  version: z.optional(z.string()),
  span: SpanSchema,
});

export const MultipathMethodSchema = z.enum(['mpio', 'mcs', 'none']);
export const PolicySchema = z.enum([
  'round-robin',
  'round-robin-subset',
  'failover-only',
  'least-queue-depth',
  'weighted-paths',
  'least-blocks',
]);
export const TeamModeSchema = z.enum(['lacp', 'static', 'switch-independent']);
/**
 * How a team spreads traffic over its members: `address-hash` (Windows Address Hash, Linux xmit
 * hash of 802.3ad/balance-xor), `dynamic` (Windows Dynamic, Linux balance-tlb/alb) or
 * `active-backup` (one member carries everything, the others wait).
 */
export const TeamBalanceSchema = z.enum(['address-hash', 'dynamic', 'active-backup']);
export const LagModeSchema = z.enum(['lacp', 'static']);
/** An ESXi virtual switch: a standard vSwitch or the host's part of a distributed switch. */
export const VSwitchTypeSchema = z.enum(['standard', 'distributed']);
/**
 * How a vSwitch picks an uplink (vSphere's load-balancing policy): `originating-port` (route based
 * on originating virtual port, the default), `source-mac` (source MAC hash), `ip-hash` (IP hash:
 * needs a static EtherChannel on the switch), `failover-order` (explicit failover order),
 * `physical-nic-load` (route based on physical NIC load, load-based teaming: originating-port that
 * moves a port to another uplink when its own is busy; distributed switches only), or `lacp` (a
 * distributed switch's LAG over its uplinks, which runs LACP with the switch).
 */
export const VSwitchTeamingSchema = z.enum(['originating-port', 'source-mac', 'ip-hash', 'failover-order', 'physical-nic-load', 'lacp']);

/** An address without a prefix length: a gateway. */
export const AddressSchema = z.object({
  address: z.string(),
  version: z.union([z.literal(4), z.literal(6)]),
  span: SpanSchema,
});

/** Common to every element: its unique id, its name, and where it is written. */
const Element = {
  id: z.string(),
  name: z.string(),
  span: SpanSchema,
  nameSpan: SpanSchema,
};

/** Settings an Ethernet interface may carry. Speeds are in Mb/s (10G = 10000). */
const EthernetSettings = {
  ips: z.array(IpSchema),
  speedMbps: z.optional(z.number().check(z.positive())),
  mtu: z.optional(z.int().check(z.positive())),
  vlan: z.optional(z.int().check(z.gte(1), z.lte(4094))),
  /** The interface's own default route: the router it sends to for other subnets. */
  gateway: z.optional(AddressSchema),
};

/** A host NIC. Id: `host.nic`. */
export const NicSchema = z.object({
  kind: z.literal('nic'),
  ...Element,
  host: z.string(),
  ...EthernetSettings,
  /** Physical card the port sits on (`card slot2`): two ports of one card fail together. */
  card: z.optional(z.string()),
});

/** A NIC team / bond. Id: `host.team`. `members` are NIC ids of the same host. */
export const TeamSchema = z.object({
  kind: z.literal('team'),
  ...Element,
  host: z.string(),
  members: z.array(RefSchema),
  mode: TeamModeSchema,
  modeSpan: z.optional(SpanSchema),
  /** Absent: the members share the load by address hash or dynamically, which bandwidth treats alike. */
  balance: z.optional(TeamBalanceSchema),
  ...EthernetSettings,
});

/**
 * An ESXi virtual switch (standard, or the host's proxy of a distributed switch). Id: `host.vswitch`.
 * `uplinks` are NIC ids of the same host; `standby` those of them that wait while the others carry.
 */
export const VSwitchSchema = z.object({
  kind: z.literal('vswitch'),
  ...Element,
  host: z.string(),
  type: VSwitchTypeSchema,
  uplinks: z.array(RefSchema),
  standby: z.array(RefSchema),
  /** Absent: 1500, the vSwitch default, which its uplinks carry. */
  mtu: z.optional(z.int().check(z.positive())),
  teaming: VSwitchTeamingSchema,
  teamingSpan: z.optional(SpanSchema),
});

/**
 * An ESXi VMkernel port. Id: `host.vmk`. `active` and `standby` are NIC ids of the same host: as
 * written (the port group's override), or, when the vmk names a vSwitch and writes neither, the
 * vSwitch's (`inheritsUplinks`), whose references they then are. `teaming`, when written, is the
 * port group's override of its vSwitch's load-balancing policy (read through `vmkTeaming`).
 */
export const VmkSchema = z.object({
  kind: z.literal('vmk'),
  ...Element,
  host: z.string(),
  ...EthernetSettings,
  /** The vSwitch the vmk's port group is on. */
  vswitch: z.optional(RefSchema),
  active: z.array(RefSchema),
  standby: z.array(RefSchema),
  inheritsUplinks: z.optional(z.literal(true)),
  teaming: z.optional(VSwitchTeamingSchema),
  teamingSpan: z.optional(SpanSchema),
  /** Bound to the software iSCSI adapter (port binding). */
  bound: z.boolean(),
});

/** A Fibre Channel HBA port. Id: `host.hba`. */
export const HbaSchema = z.object({
  kind: z.literal('hba'),
  ...Element,
  host: z.string(),
  wwpn: z.optional(z.string()),
  speedMbps: z.optional(z.number().check(z.positive())),
  card: z.optional(z.string()),
});

/** A host's static route. Id: `host.route`. `to` are networks (address/prefix), reached through `gateway`. */
export const RouteSchema = z.object({
  kind: z.literal('route'),
  ...Element,
  host: z.string(),
  to: z.array(IpSchema),
  gateway: z.optional(AddressSchema),
});

/** Id: the host name. */
export const HostSchema = z.object({
  kind: z.literal('host'),
  ...Element,
  os: z.optional(OsSchema),
  iqn: z.optional(z.string()),
  multipath: MultipathMethodSchema,
  /** Span of the `multipath` property, absent when it was not written (then `none`). */
  multipathSpan: z.optional(SpanSchema),
  policy: z.optional(PolicySchema),
  policySpan: z.optional(SpanSchema),
  /** Linux: ARP filtering configured (arp_ignore/arp_announce or arp_filter). */
  arpFilter: z.optional(z.boolean()),
  nics: z.array(NicSchema),
  teams: z.array(TeamSchema),
  vswitches: z.array(VSwitchSchema),
  vmks: z.array(VmkSchema),
  hbas: z.array(HbaSchema),
  routes: z.array(RouteSchema),
});

/** A switch port that is written somewhere (in a `port` block, a LAG, or a link). Id: `switch:port`. */
export const SwitchPortSchema = z.object({
  kind: z.literal('switch-port'),
  ...Element,
  switch: z.string(),
  speedMbps: z.optional(z.number().check(z.positive())),
  mtu: z.optional(z.int().check(z.positive())),
  vlan: z.optional(z.int().check(z.gte(1), z.lte(4094))),
  /** Id of the LAG this port belongs to. */
  lag: z.optional(z.string()),
  /** Declared by no `port` block, only named by a LAG or link: its first mention stands for its block. */
  implicit: z.optional(z.literal(true)),
});

/** A link aggregation group on a switch. Id: `switch:lag`. `ports` are switch port ids. */
export const LagSchema = z.object({
  kind: z.literal('lag'),
  ...Element,
  switch: z.string(),
  ports: z.array(RefSchema),
  mode: LagModeSchema,
  /**
   * The LAG on an MLAG peer switch this one forms one MLAG interface with (Arista/Cumulus MLAG id,
   * Cisco vPC number, Dell VLT port channel), as written here: `peer sw-b:po1`.
   */
  peer: z.optional(RefSchema),
});

/** Id: the switch name. `stack` and `mlag` list peer switch ids (symmetric after building). */
export const SwitchSchema = z.object({
  kind: z.literal('switch'),
  ...Element,
  model: z.optional(z.string()),
  mtu: z.optional(z.int().check(z.positive())),
  /** VLANs the switch carries; absent means every VLAN. */
  vlans: z.optional(z.array(z.int().check(z.gte(1), z.lte(4094)))),
  stack: z.array(RefSchema),
  mlag: z.array(RefSchema),
  /** Fibre Channel fabric name, for FC switches. */
  fabric: z.optional(z.string()),
  /** Routes between the subnets attached to it (a layer-3 hop). */
  routing: z.boolean(),
  lags: z.array(LagSchema),
  ports: z.array(SwitchPortSchema),
});

/** An array front-end port. Id: `array.controller.port`. */
export const ArrayPortSchema = z.object({
  kind: z.literal('array-port'),
  ...Element,
  array: z.string(),
  /** Controller id (`array.controller`). */
  controller: z.string(),
  protocol: z.enum(['iscsi', 'fc']),
  ...EthernetSettings,
  wwpn: z.optional(z.string()),
});

/** Id: `array.controller`. */
export const ControllerSchema = z.object({
  kind: z.literal('controller'),
  ...Element,
  array: z.string(),
  ports: z.array(ArrayPortSchema),
});

/** An array trunk group (ports bonded on the array side). Id: `array.trunk`. */
export const TrunkSchema = z.object({
  kind: z.literal('trunk'),
  ...Element,
  array: z.string(),
  members: z.array(RefSchema),
  mode: LagModeSchema,
  modeSpan: z.optional(SpanSchema),
  ...EthernetSettings,
});

/**
 * How a portal's address reaches the ports behind it: `redirect` (a group IP: each login is
 * redirected to a port of the controller that is active, EqualLogic), `float` (a virtual port on one
 * port at a time, moving to another listed port when its port or controller fails, Dell SC virtual
 * port mode) or `discovery` (send targets: the address returns every listed port's portal, and the
 * initiator logs in to each).
 */
export const PortalModeSchema = z.enum(['redirect', 'float', 'discovery']);

/**
 * A portal that is not one port's own address. Id: `array.portal`. `ports` are the array's iSCSI
 * ports behind it, in the order written (a `float` portal's first is its preferred port, a
 * `redirect` portal's first names the active controller); when not written, every iSCSI port of
 * the array, each referenced at the portal's name.
 */
export const PortalSchema = z.object({
  kind: z.literal('portal'),
  ...Element,
  array: z.string(),
  mode: PortalModeSchema,
  modeSpan: z.optional(SpanSchema),
  ips: z.array(IpSchema),
  ports: z.array(RefSchema),
});

/** Id: `array.volume`. */
export const VolumeSchema = z.object({
  kind: z.literal('volume'),
  ...Element,
  array: z.string(),
  sizeBytes: z.optional(z.number().check(z.nonnegative())),
  /** Owning (ALUA active/optimized) controller id. */
  owner: z.optional(RefSchema),
  /**
   * Hosts the volume is mapped to, one each, those of a named host group included (their `span`
   * is where the group is named); absent means every host.
   */
  hosts: z.optional(z.array(RefSchema)),
  /** Host groups named in `hosts`. */
  groups: z.optional(z.array(RefSchema)),
  lun: z.optional(z.int().check(z.nonnegative())),
});

/** Hosts mapped together (NetApp igroup, Pure/Dell host group, HPE host set). Id: the group name. */
export const HostGroupSchema = z.object({
  kind: z.literal('host-group'),
  ...Element,
  hosts: z.array(RefSchema),
});

export const ArrayCapabilitySchema = z.enum(['mcs', 'alua']);

/** A storage array. Id: the array name. */
export const StorageArraySchema = z.object({
  kind: z.literal('array'),
  ...Element,
  model: z.optional(z.string()),
  capabilities: z.array(ArrayCapabilitySchema),
  controllers: z.array(ControllerSchema),
  trunks: z.array(TrunkSchema),
  portals: z.array(PortalSchema),
  volumes: z.array(VolumeSchema),
});

/**
 * One end of a cable: a host NIC or HBA, a switch (port optional), or an array port.
 * `ref.id` is the NIC/HBA id, the switch port id (`switch:port`) or switch id, or the array port id.
 */
export const EndpointSchema = z.object({
  kind: z.enum(['host-interface', 'switch', 'switch-port', 'array-port']),
  ref: RefSchema,
  /** For `switch-port` and `switch`: the switch id. */
  switch: z.optional(z.string()),
});

/** A cable. Id: `link@<end a>--<end b>` (`#2`, `#3`... for repeated cables), stable while the text around it changes. */
export const LinkSchema = z.object({
  kind: z.literal('link'),
  id: z.string(),
  a: EndpointSchema,
  b: EndpointSchema,
  speedMbps: z.optional(z.number().check(z.positive())),
  /** MTU written on the link body, when the cable's path is known to carry a particular frame size. */
  mtu: z.optional(z.int().check(z.positive())),
  span: SpanSchema,
});

/**
 * A written iSCSI session. Without MC/S it has one connection (one MPIO path); with MC/S several.
 * `initiator` is a NIC, team or vmk id of the host; `portal` an array port, trunk or portal id.
 */
export const SessionSchema = z.object({
  kind: z.literal('session'),
  id: z.string(),
  host: RefSchema,
  array: RefSchema,
  volume: z.optional(RefSchema),
  connections: z.array(z.object({ initiator: RefSchema, portal: RefSchema, span: SpanSchema })),
  span: SpanSchema,
});

export const ModelSchema = z.object({
  hosts: z.array(HostSchema),
  switches: z.array(SwitchSchema),
  arrays: z.array(StorageArraySchema),
  links: z.array(LinkSchema),
  sessions: z.array(SessionSchema),
  hostGroups: z.array(HostGroupSchema),
});

export type Span = z.infer<typeof SpanSchema>;
export type Ref = z.infer<typeof RefSchema>;
export type Ip = z.infer<typeof IpSchema>;
export type Address = z.infer<typeof AddressSchema>;
export type Route = z.infer<typeof RouteSchema>;
export type Os = z.infer<typeof OsSchema>;
export type OsFamily = z.infer<typeof OsFamilySchema>;
export type MultipathMethod = z.infer<typeof MultipathMethodSchema>;
export type Policy = z.infer<typeof PolicySchema>;
export type TeamMode = z.infer<typeof TeamModeSchema>;
export type TeamBalance = z.infer<typeof TeamBalanceSchema>;
export type LagMode = z.infer<typeof LagModeSchema>;
export type Nic = z.infer<typeof NicSchema>;
export type Team = z.infer<typeof TeamSchema>;
export type VSwitchType = z.infer<typeof VSwitchTypeSchema>;
export type VSwitchTeaming = z.infer<typeof VSwitchTeamingSchema>;
export type VSwitch = z.infer<typeof VSwitchSchema>;
export type Vmk = z.infer<typeof VmkSchema>;
export type Hba = z.infer<typeof HbaSchema>;
export type Host = z.infer<typeof HostSchema>;
export type SwitchPort = z.infer<typeof SwitchPortSchema>;
export type Lag = z.infer<typeof LagSchema>;
export type Switch = z.infer<typeof SwitchSchema>;
export type ArrayPort = z.infer<typeof ArrayPortSchema>;
export type Controller = z.infer<typeof ControllerSchema>;
export type Trunk = z.infer<typeof TrunkSchema>;
export type PortalMode = z.infer<typeof PortalModeSchema>;
export type Portal = z.infer<typeof PortalSchema>;
export type Volume = z.infer<typeof VolumeSchema>;
export type HostGroup = z.infer<typeof HostGroupSchema>;
export type ArrayCapability = z.infer<typeof ArrayCapabilitySchema>;
export type StorageArray = z.infer<typeof StorageArraySchema>;
export type Endpoint = z.infer<typeof EndpointSchema>;
export type Link = z.infer<typeof LinkSchema>;
export type Session = z.infer<typeof SessionSchema>;
export type Model = z.infer<typeof ModelSchema>;

/** Checks a model against the schemas; returns the zod issues, empty when the model is valid. */
export function validateModel(model: unknown): z.core.$ZodIssue[] {
  const result = ModelSchema.safeParse(model);
  return result.success ? [] : result.error.issues;
}
