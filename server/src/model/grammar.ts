// The language's vocabulary in one place: which blocks and properties each entity has, how many
// values a property takes and what kind they are. The model builder checks bodies against it,
// completion offers from it, the formatter prints statements with its words, and a test checks
// that the TextMate grammar colours every word it lists. A new keyword or property starts here.
import { KNOWN_OS_NAMES } from './os';
import { ArrayCapabilitySchema, LagModeSchema, MultipathMethodSchema, PolicySchema, PortalModeSchema, TeamBalanceSchema, TeamModeSchema, VSwitchTeamingSchema, VSwitchTypeSchema } from './schema';

export type Arity = 'one' | 'list';

/**
 * What a property's values are, which decides how the builder parses them and what completion
 * offers: a `choice` is one of the property's `choices`; a `reference` names elements of the design.
 */
export type ValueType = 'text' | 'os' | 'choice' | 'boolean' | 'speed' | 'size' | 'mtu' | 'vlan' | 'count' | 'ip' | 'address' | 'wwpn' | 'reference';

export interface PropertySpec {
  arity: Arity;
  kind: ValueType;
  /** The words a `choice` allows. */
  choices?: readonly string[];
}

export interface EntitySpec {
  /** The word that opens the block. */
  keyword: string;
  /** What messages call it: `unknown property 'x' in NIC 'hv01.eth0'`. */
  label: string;
  /** What messages call it as a container: `'nic' blocks belong inside a host`. */
  container?: string;
  properties: Readonly<Record<string, PropertySpec>>;
  /** The entities whose blocks may be nested in this one. */
  blocks: readonly EntityName[];
}

const one = (kind: ValueType, choices?: readonly string[]): PropertySpec => (choices ? { arity: 'one', kind, choices } : { arity: 'one', kind });
const list = (kind: ValueType, choices?: readonly string[]): PropertySpec => (choices ? { arity: 'list', kind, choices } : { arity: 'list', kind });

/**
 * Addressing of anything that carries Ethernet frames: NICs, teams, vmks, array ports, trunks. The
 * gateway is the interface's own default route (a vmk's gateway override, an array port's gateway).
 */
const ETHERNET = { ip: list('ip'), mtu: one('mtu'), vlan: one('vlan'), gateway: one('address') };

export type EntityName =
  | 'host' | 'nic' | 'team' | 'vswitch' | 'vmk' | 'hba' | 'route'
  | 'switch' | 'lag' | 'switchPort'
  | 'array' | 'controller' | 'arrayPort' | 'trunk' | 'portal' | 'volume'
  | 'hostGroup'
  | 'link';

export const GRAMMAR: Readonly<Record<EntityName, EntitySpec>> = {
  host: {
    keyword: 'host',
    label: 'host', container: 'a host',
    properties: {
      os: one('os'),
      iqn: one('text'),
      multipath: one('choice', MultipathMethodSchema.options),
      policy: one('choice', PolicySchema.options),
      'arp-filter': one('boolean'),
    },
    blocks: ['nic', 'team', 'vswitch', 'vmk', 'hba', 'route'],
  },
  nic: { keyword: 'nic', label: 'NIC', properties: { ...ETHERNET, speed: one('speed'), card: one('text') }, blocks: [] },
  team: { keyword: 'team', label: 'team', properties: { members: list('reference'), mode: one('choice', TeamModeSchema.options), balance: one('choice', TeamBalanceSchema.options), ...ETHERNET }, blocks: [] },
  /** An ESXi vSwitch: its uplink NICs, MTU and teaming policy; vmks name it. */
  vswitch: {
    keyword: 'vswitch',
    label: 'vSwitch',
    properties: {
      type: one('choice', VSwitchTypeSchema.options),
      uplinks: list('reference'),
      standby: list('reference'),
      mtu: one('mtu'),
      teaming: one('choice', VSwitchTeamingSchema.options),
    },
    blocks: [],
  },
  /** An ESXi VMkernel port; `active`, `standby` and `teaming` are its port group's overrides of the vSwitch's. */
  vmk: {
    keyword: 'vmk',
    label: 'vmk',
    properties: { ...ETHERNET, vswitch: one('reference'), active: list('reference'), standby: list('reference'), teaming: one('choice', VSwitchTeamingSchema.options), bound: one('boolean') },
    blocks: [],
  },
  /** A host's static route: the networks it reaches `to` through the router at `gateway`. */
  route: { keyword: 'route', label: 'route', properties: { to: list('ip'), gateway: one('address') }, blocks: [] },
  hba: { keyword: 'hba', label: 'HBA', properties: { wwpn: one('wwpn'), speed: one('speed'), card: one('text') }, blocks: [] },
  switch: {
    keyword: 'switch',
    label: 'switch', container: 'a switch',
    properties: {
      model: one('text'),
      mtu: one('mtu'),
      vlans: list('vlan'),
      stack: list('reference'),
      mlag: list('reference'),
      routing: one('boolean'),
      fabric: one('text'),
    },
    blocks: ['lag', 'switchPort'],
  },
  lag: { keyword: 'lag', label: 'LAG', properties: { ports: list('reference'), mode: one('choice', LagModeSchema.options), peer: one('reference') }, blocks: [] },
  switchPort: { keyword: 'port', label: 'port', properties: { vlan: one('vlan'), mtu: one('mtu'), speed: one('speed') }, blocks: [] },
  array: { keyword: 'array', label: 'array', container: 'an array', properties: { model: one('text'), capabilities: list('choice', ArrayCapabilitySchema.options) }, blocks: ['controller', 'trunk', 'portal', 'volume'] },
  controller: { keyword: 'controller', label: 'controller', container: 'an array controller', properties: {}, blocks: ['arrayPort'] },
  arrayPort: { keyword: 'port', label: 'port', properties: { ...ETHERNET, speed: one('speed'), wwpn: one('wwpn') }, blocks: [] },
  trunk: { keyword: 'trunk', label: 'trunk', properties: { members: list('reference'), mode: one('choice', LagModeSchema.options), ...ETHERNET }, blocks: [] },
  /**
   * An address hosts log in at that is not one port's own: a group IP that redirects each login
   * (EqualLogic), a virtual port that moves between the listed ports (Dell SC fault domain), or a
   * send-targets discovery address that returns the listed ports' portals.
   */
  portal: { keyword: 'portal', label: 'portal', properties: { ip: list('ip'), ports: list('reference'), mode: one('choice', PortalModeSchema.options) }, blocks: [] },
  volume: { keyword: 'volume', label: 'volume', properties: { size: one('size'), owner: one('reference'), hosts: list('reference'), lun: one('count') }, blocks: [] },
  /** Hosts a volume maps together (an igroup, host group or host set): `hosts` of a volume may name it. */
  hostGroup: { keyword: 'hostgroup', label: 'host group', properties: { hosts: list('reference') }, blocks: [] },
  link: { keyword: 'link', label: 'a link', properties: { speed: one('speed'), mtu: one('mtu') }, blocks: [] },
};

/** The blocks written at the top level of a file. */
export const TOP_LEVEL_BLOCKS: readonly EntityName[] = ['host', 'switch', 'array', 'hostGroup'];

/** The statements other than blocks, and the words inside them, as the formatter prints them. */
export const STATEMENT = {
  link: 'link',
  linkOperator: '--',
  session: 'session',
  arrow: '->',
  via: 'via',
} as const;

/** Every word that can begin an item at the top level, in the order completion offers them. */
export const TOP_LEVEL_KEYWORDS: readonly string[] = [...TOP_LEVEL_BLOCKS.map((entity) => GRAMMAR[entity].keyword), STATEMENT.link, STATEMENT.session];

/** Values offered for kinds whose words are open-ended (examples, not limits). */
export const SUGGESTED_VALUES: Partial<Record<ValueType, readonly string[]>> = {
  os: KNOWN_OS_NAMES,
  boolean: ['on', 'off'],
  speed: ['1G', '10G', '25G', '40G', '100G', '16G', '32G'],
  mtu: ['1500', '9000', '9216'],
  size: ['500G', '1T', '4T', '8T'],
};

/** Unit suffixes offered after a typed number: speeds in bits per second, sizes in binary bytes. */
export const UNITS: Partial<Record<ValueType, readonly string[]>> = {
  speed: ['G', 'M'],
  size: ['T', 'G', 'M', 'K', 'P'],
};

/** The entity a block with `keyword` is, nested in `parent` (undefined: the top level). */
export function entityOfBlock(parent: EntityName | undefined, keyword: string): EntityName | undefined {
  const candidates = parent === undefined ? TOP_LEVEL_BLOCKS : GRAMMAR[parent].blocks;
  return candidates.find((entity) => GRAMMAR[entity].keyword === keyword);
}

/** Where each nested block keyword belongs, for a helpful message when one is written elsewhere. */
export function containersOf(keyword: string): EntityName[] {
  return (Object.keys(GRAMMAR) as EntityName[]).filter((entity) => GRAMMAR[entity].blocks.some((child) => GRAMMAR[child].keyword === keyword));
}

/** Every block keyword of the language. */
export const BLOCK_KEYWORDS: ReadonlySet<string> = new Set(Object.values(GRAMMAR).filter((spec) => spec !== GRAMMAR.link).map((spec) => spec.keyword));

/** Every property key of the language. */
export const PROPERTY_KEYS: ReadonlySet<string> = new Set(Object.values(GRAMMAR).flatMap((spec) => Object.keys(spec.properties)));
