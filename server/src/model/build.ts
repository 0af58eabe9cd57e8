// Tree → model: checks which properties and blocks each entity may have, parses values, resolves
// names, and records every definition and reference in the symbol table.
//
// Two passes keep it linear: pass 1 declares every named element (ids in one Map) and parses values;
// pass 2 resolves references that may point forward (links, sessions, volume hosts, switch peers).
// Anything that does not resolve is reported and left out, so the model obeys schema.ts's invariants.
import { trimmed } from '../arrays';
import { joinedId } from '../strings';
import type { Problem, RelatedLocation } from '../problem';
import { isSyntaxNode, lastValueOf, valuesOf, type Block, type BodyItem, type Document, type Link as LinkNode, type Property, type Session as SessionNode, type Span, type Value } from '../syntax/tree';
import { modelProblem, type ModelCodeName } from './codes';
import { parseOs } from './os';
import {
  ArrayCapabilitySchema,
  LagModeSchema,
  MultipathMethodSchema,
  PolicySchema,
  TeamModeSchema,
  type ArrayPort,
  type Controller,
  type Endpoint,
  type Hba,
  type Host,
  type Ip,
  type Lag,
  type Link,
  type Model,
  type Nic,
  type Ref,
  type Session,
  type StorageArray,
  type Switch,
  type SwitchPort,
  type Team,
  type Trunk,
  type Vmk,
  type Volume,
} from './schema';
import { didYouMean } from './suggest';
import { containerIdOf, describeKind, type SymbolDefinition, type SymbolKind, type SymbolReference, type SymbolTable } from './symbols';
import { parseBoolean, parseChoice, parseIp, parseMtu, parseSize, parseSpeed, parseVlan, parseWholeNumber, parseWwpn, type Parsed } from './values';

export interface ModelResult {
  model: Model;
  problems: Problem[];
  symbols: SymbolTable;
  /** Per statement, what building it added; kept only when built for editing (see `buildModel`). */
  records?: EditRecords;
}

/** What building each host block, link and session added, keyed by the statement itself. */
export type EditRecords = ReadonlyMap<Block | LinkNode | SessionNode, EditRecord>;

type EditRecord = HostRecord | ConnectionRecord;

/**
 * No team memberships: a team claims only its own host's NICs, which no other statement can name
 * as a member, so a replayed host's claims cannot collide with anything built after it.
 */
interface HostRecord {
  kind: 'host';
  host: Host;
  /** The host and its interfaces, in source order: the definitions it adds. */
  definitions: Element[];
  references: SymbolReference[];
}

/** A link or a session. */
interface ConnectionRecord {
  kind: 'connection';
  element: Link | Session;
  /** Each must still name a target of the kind it named in the build that made the record. */
  references: SymbolReference[];
  /** Switch ports this link was the first to name (implicit ones). */
  implicitPorts: SwitchPort[];
  /**
   * Spans the builder made (a name inside a path such as `hv01.eth0`) rather than took from the
   * tree: a re-parse moves the tree's spans, these are moved when the statement is added again.
   */
  ownSpans: Span[];
  /** Where the statement began when its own spans were last placed. */
  start: number;
}

interface Membership {
  groupId: string;
  label: string;
  span: Span;
}

/**
 * Builds the semantic model of a parsed document. Never throws; problems are sorted by position.
 *
 * For editing, pass `{ previous }` (the result for the document's previous version, or undefined
 * for its first): the result then records what each host block, link and session added, and a
 * statement that is the very object the previous tree had (syntax/reparse.ts keeps unchanged
 * statements) is added again from its record instead of being built, as long as it built without
 * a problem and what it names still resolves as it did. The model is the same as a fresh build's.
 */
export function buildModel(tree: Document, editing?: { previous: ModelResult | undefined }): ModelResult {
  return new ModelBuilder(editing !== undefined, editing?.previous).build(tree);
}

type Arity = 'one' | 'list';

interface BlockSpec {
  properties: Record<string, Arity>;
  blocks: readonly string[];
}

const ETHERNET: Record<string, Arity> = { ip: 'list', mtu: 'one', vlan: 'one' };

const SPEC_TABLE = {
  host: { properties: { os: 'one', iqn: 'one', multipath: 'one', policy: 'one', 'arp-filter': 'one' }, blocks: ['nic', 'team', 'vmk', 'hba'] },
  nic: { properties: { ...ETHERNET, speed: 'one', card: 'one' }, blocks: [] },
  team: { properties: { members: 'list', mode: 'one', ...ETHERNET }, blocks: [] },
  vmk: { properties: { ...ETHERNET, active: 'list', standby: 'list', bound: 'one' }, blocks: [] },
  hba: { properties: { wwpn: 'one', speed: 'one', card: 'one' }, blocks: [] },
  switch: {
    properties: { model: 'one', mtu: 'one', vlans: 'list', stack: 'list', mlag: 'list', routing: 'one', fabric: 'one' },
    blocks: ['lag', 'port'],
  },
  lag: { properties: { ports: 'list', mode: 'one' }, blocks: [] },
  switchPort: { properties: { vlan: 'one', mtu: 'one', speed: 'one' }, blocks: [] },
  array: { properties: { model: 'one', capabilities: 'list' }, blocks: ['controller', 'trunk', 'volume'] },
  controller: { properties: {}, blocks: ['port'] },
  arrayPort: { properties: { ...ETHERNET, speed: 'one', wwpn: 'one' }, blocks: [] },
  trunk: { properties: { members: 'list', mode: 'one', ...ETHERNET }, blocks: [] },
  volume: { properties: { size: 'one', owner: 'one', hosts: 'list', lun: 'one' }, blocks: [] },
  link: { properties: { speed: 'one', mtu: 'one' }, blocks: [] },
} satisfies Record<string, BlockSpec>;

/** A spec as lookups, since every body in the file is checked against one. */
interface CompiledSpec {
  properties: ReadonlyMap<string, Arity>;
  blocks: ReadonlySet<string>;
  /** Every property and block keyword, for suggestions. */
  words: readonly string[];
}

const SPECS = Object.fromEntries(
  Object.entries(SPEC_TABLE).map(([entity, spec]) => [entity, compileSpec(spec)]),
) as Record<keyof typeof SPEC_TABLE, CompiledSpec>;

function compileSpec(spec: BlockSpec): CompiledSpec {
  const properties = new Map(Object.entries(spec.properties));
  return { properties, blocks: new Set(spec.blocks), words: [...properties.keys(), ...spec.blocks] };
}

const TOP_KEYWORDS = ['host', 'switch', 'array', 'link', 'session'];
/** Where nested keywords belong, for a helpful message when one is written at the top level. */
const NESTED_IN: Record<string, string> = {
  nic: 'a host', team: 'a host', vmk: 'a host', hba: 'a host', lag: 'a switch', port: 'a switch or an array controller',
  controller: 'an array', trunk: 'an array', volume: 'an array',
};

/** An ident, as the lexer defines it: a letter (any script) or `_`, then letters, digits, `_`, `-`. */
const NAME = /^[\p{L}_][\p{L}\p{N}_-]*$/u;

/** `NAME.test(text)`, answered from character codes for ASCII names (every element's name is checked). */
function isName(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return NAME.test(text);
    const letter = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
    if (!letter && (i === 0 || !((code >= 0x30 && code <= 0x39) || code === 0x2d))) return false;
  }
  return true;
}
/** Switch ports keep the switch's own naming: `7`, `Ethernet1/7`, `te1-0-7`. */
const SWITCH_PORT_NAME = /^[^\s:]+$/;
/** Undefined names get "did you mean" suggestions up to this many times per file, so a file full
 *  of bad references against thousands of names stays linear. */
const SUGGESTION_BUDGET = 200;

interface Body {
  /**
   * The properties kept, at most one per key of the block's spec, so looking one up by scanning
   * is bounded and, for bodies this small, cheaper than a Map per body.
   */
  properties: Property[];
  blocks: Block[];
}

/** Shared by every empty body and every body without blocks: most links and leaf blocks. */
const NO_BLOCKS: Block[] = [];
const EMPTY_BODY: Body = { properties: [], blocks: NO_BLOCKS };

interface Declared {
  id: string;
  name: string;
  span: Span;
  nameSpan: Span;
}

/** One name inside a reference path: `hv01` or `eth0` of `hv01.eth0`, with its own span (a whole value is one). */
interface Segment {
  text: string;
  span: Span;
}

type Element = Host | Nic | Team | Vmk | Hba | Switch | Lag | SwitchPort | StorageArray | Controller | ArrayPort | Trunk | Volume;
type PeerRelation = 'stack' | 'mlag';

class ModelBuilder {
  private readonly model: Model = { hosts: [], switches: [], arrays: [], links: [], sessions: [] };
  private readonly problems: Problem[] = [];
  /** Every named element by id: the symbol table's definitions, and how references find elements. */
  private readonly definitions = new Map<string, Element>();
  private readonly references: SymbolReference[] = [];
  /** How many links or sessions already took each id, so a repeated one gets `#2`, `#3`... */
  private readonly idUses = new Map<string, number>();
  /**
   * Names declared in each container ('' for the top level), for suggestions. Only a file with
   * mistakes needs them: made from the definitions at the first suggestion, then kept up to date.
   */
  private childNames: Map<string, string[]> | undefined;
  /** Pass 2: resolutions that may refer forward, in source order (links and sessions as themselves). */
  private readonly deferred: (LinkNode | SessionNode | (() => void))[] = [];
  /** The group (team, LAG, trunk) each NIC or port already belongs to, with where it was listed. */
  private readonly memberOf = new Map<string, Membership>();
  private suggestionsLeft = SUGGESTION_BUDGET;
  private readonly records: Map<Block | LinkNode | SessionNode, EditRecord> | undefined;
  /** While a host is built for its record: the elements it defined so far. */
  private declaredLog: Element[] | undefined;
  /** While a link is built for its record: the switch ports it names first. */
  private portLog: SwitchPort[] | undefined;

  private readonly previousRecords: EditRecords | undefined;
  /**
   * The previous build's names. A record replayed there was checked against them, so they still
   * hold the kind each of its references had when it was made (the first definition of a name wins).
   */
  private readonly previousDefinitions: ReadonlyMap<string, SymbolDefinition> | undefined;

  constructor(recording: boolean, previous: ModelResult | undefined) {
    this.records = recording ? new Map() : undefined;
    this.previousRecords = previous?.records;
    this.previousDefinitions = previous?.symbols.definitions;
  }

  build(tree: Document): ModelResult {
    for (const item of tree.items ?? []) {
      if (item.kind === 'block') this.topBlock(item);
      else this.deferred.push(item);
    }
    for (const resolve of this.deferred) {
      if (typeof resolve === 'function') resolve();
      else this.connection(resolve);
    }
    this.makePeersSymmetric();
    this.problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || compare(a.code, b.code));
    const result: ModelResult = {
      model: this.model,
      problems: this.problems,
      symbols: { definitions: this.definitions, references: this.references },
    };
    if (this.records) result.records = this.records;
    return result;
  }

  // ---- top level -------------------------------------------------------------------------------

  private topBlock(block: Block): void {
    const keyword = block.keywordText;
    if (keyword === 'host') this.host(block);
    else if (keyword === 'switch') this.switch(block);
    else if (keyword === 'array') this.array(block);
    else if (NESTED_IN[keyword] !== undefined) {
      this.report('unknownEntity', `'${keyword}' blocks belong inside ${NESTED_IN[keyword]}`, block.keyword.span);
    } else {
      const hint = didYouMean(keyword, TOP_KEYWORDS) || `; expected one of ${TOP_KEYWORDS.join(', ')}`;
      this.report('unknownEntity', `unknown keyword '${keyword}'${hint}`, block.keyword.span);
    }
  }

  // ---- hosts -----------------------------------------------------------------------------------

  private host(block: Block): void {
    const record = this.previousRecords?.get(block);
    if (record?.kind === 'host' && this.replayHost(block, record)) return;
    const problems = this.problems.length;
    const references = this.references.length;
    if (this.records) this.declaredLog = [];
    const host = this.buildHost(block);
    const definitions = this.declaredLog;
    this.declaredLog = undefined;
    // A host with a problem may read what other statements declare; build it again next time.
    if (!this.records || !definitions || !host || this.problems.length !== problems) return;
    this.records.set(block, { kind: 'host', host, definitions: trimmed(definitions), references: this.references.slice(references) });
  }

  /** Adds a host exactly as building `block` added it before; false when a name it declares is taken. */
  private replayHost(block: Block, record: HostRecord): boolean {
    for (const definition of record.definitions) if (this.definitions.has(definition.id)) return false;
    const { host } = record;
    for (const element of record.definitions) this.define(element);
    for (const reference of record.references) this.references.push(reference);
    this.model.hosts.push(host);
    this.records?.set(block, record);
    return true;
  }

  private buildHost(block: Block): Host | undefined {
    const declared = this.declare(block, 'host', undefined, '');
    if (!declared) return undefined;
    const { id, name, span, nameSpan } = declared;
    const body = this.readBody(block, SPECS.host, 'host', name);
    const host: Host = { kind: 'host', id, name, span, nameSpan, multipath: 'none', nics: [], teams: [], vmks: [], hbas: [] };
    this.define(host);
    this.model.hosts.push(host);

    const os = first(body, 'os');
    if (os) {
      const parsed = parseOs(os.text, os.span);
      host.os = parsed.os;
      if (parsed.warning) this.problems.push(parsed.warning);
    }
    const iqn = first(body, 'iqn');
    if (iqn) host.iqn = iqn.text;
    const multipathProperty = property(body, 'multipath');
    const multipath = this.choice(multipathProperty?.value, MultipathMethodSchema.options, 'multipath method');
    if (multipath !== undefined && multipathProperty) {
      host.multipath = multipath;
      host.multipathSpan = multipathProperty.span;
    }
    const policyProperty = property(body, 'policy');
    const policy = this.choice(policyProperty?.value, PolicySchema.options, 'load-balance policy');
    if (policy !== undefined && policyProperty) {
      host.policy = policy;
      host.policySpan = policyProperty.span;
      if (host.multipath !== 'mpio' && (multipath !== undefined || !multipathProperty)) {
        this.report(
          'policyWithoutMpio',
          `policy '${policy}' has no effect: host '${host.name}' uses multipath ${host.multipath}; write 'multipath mpio' or remove the policy`,
          policyProperty.span,
        );
      }
    }
    const arpFilter = this.parse(first(body, 'arp-filter'), parseBoolean);
    if (arpFilter !== undefined) host.arpFilter = arpFilter;

    // Children first, then the references between them (team members, vmk uplinks).
    const resolveLocal: (() => void)[] = [];
    for (const child of body.blocks) {
      const keyword = child.keywordText;
      if (keyword === 'nic') this.nic(child, host);
      else if (keyword === 'hba') this.hba(child, host);
      else if (keyword === 'team') this.team(child, host, resolveLocal);
      else if (keyword === 'vmk') this.vmk(child, host, resolveLocal);
    }
    for (const resolve of resolveLocal) resolve();
    trimHost(host);
    return host;
  }

  private nic(block: Block, host: Host): void {
    const declared = this.declare(block, 'nic', host.id, '.');
    if (!declared) return;
    const { id, name, span, nameSpan } = declared;
    const body = this.readBody(block, SPECS.nic, 'NIC', id);
    const nic: Nic = { kind: 'nic', id, name, span, nameSpan, host: host.id, ips: [] };
    this.ethernet(body, nic);
    const card = first(body, 'card');
    if (card) nic.card = card.text;
    this.define(nic);
    host.nics.push(nic);
  }

  private hba(block: Block, host: Host): void {
    const declared = this.declare(block, 'hba', host.id, '.');
    if (!declared) return;
    const { id, name, span, nameSpan } = declared;
    const body = this.readBody(block, SPECS.hba, 'HBA', id);
    const hba: Hba = { kind: 'hba', id, name, span, nameSpan, host: host.id };
    const wwpn = this.parse(first(body, 'wwpn'), parseWwpn);
    if (wwpn !== undefined) hba.wwpn = wwpn;
    const speed = this.parse(first(body, 'speed'), parseSpeed);
    if (speed !== undefined) hba.speedMbps = speed;
    const card = first(body, 'card');
    if (card) hba.card = card.text;
    this.define(hba);
    host.hbas.push(hba);
  }

  private team(block: Block, host: Host, resolveLocal: (() => void)[]): void {
    const declared = this.declare(block, 'team', host.id, '.');
    if (!declared) return;
    const { id, name, span, nameSpan } = declared;
    const body = this.readBody(block, SPECS.team, 'team', id);
    // Without a mode, a team is switch-independent: the default of Windows and ESXi teaming.
    const team: Team = { kind: 'team', id, name, span, nameSpan, host: host.id, members: [], mode: 'switch-independent', ips: [] };
    this.mode(body, TeamModeSchema.options, 'team mode', team);
    this.ethernet(body, team);
    this.define(team);
    host.teams.push(team);
    resolveLocal.push(() => {
      for (const value of list(body, 'members')) {
        const nicId = this.ownNic(host, value, `member of team '${team.name}'`);
        if (nicId && this.claim(nicId, team.id, `team '${team.name}'`, value)) team.members.push(ref(nicId, value.span));
      }
    });
  }

  private vmk(block: Block, host: Host, resolveLocal: (() => void)[]): void {
    const declared = this.declare(block, 'vmk', host.id, '.');
    if (!declared) return;
    const { id, name, span, nameSpan } = declared;
    const body = this.readBody(block, SPECS.vmk, 'vmk', id);
    const vmk: Vmk = { kind: 'vmk', id, name, span, nameSpan, host: host.id, ips: [], active: [], standby: [], bound: false };
    this.ethernet(body, vmk);
    const bound = this.parse(first(body, 'bound'), parseBoolean);
    if (bound !== undefined) vmk.bound = bound;
    this.define(vmk);
    host.vmks.push(vmk);
    resolveLocal.push(() => {
      for (const role of ['active', 'standby'] as const) {
        const seen = new Set<string>();
        for (const value of list(body, role)) {
          const nicId = this.ownNic(host, value, `${role} uplink of vmk '${vmk.name}'`);
          if (!nicId) continue;
          if (seen.has(nicId)) {
            this.report('alreadyMember', `'${value.text}' is listed twice as ${role} uplink of vmk '${vmk.name}'`, value.span);
            continue;
          }
          seen.add(nicId);
          vmk[role].push(ref(nicId, value.span));
        }
      }
    });
  }

  /** Resolves a name that must be a NIC of `host` (team members, vmk uplinks). */
  private ownNic(host: Host, value: Value, role: string): string | undefined {
    const id = `${host.id}.${value.text}`;
    const definition = isName(value.text) ? this.definitions.get(id) : undefined;
    if (!definition) {
      const nicNames = host.nics.map((nic) => nic.name);
      this.report('notOwnNic', `'${value.text}' is not a NIC of host '${host.name}'; a ${role} must be one${this.suggest(value.text, nicNames)}`, value.span);
      return undefined;
    }
    this.reference(id, value.span);
    if (definition.kind !== 'nic') {
      this.report('wrongKind', `'${value.text}' is ${describeKind(definition.kind)}, expected a NIC (${role})`, value.span, [
        { span: definition.nameSpan, message: `'${value.text}' is defined here` },
      ]);
      return undefined;
    }
    return id;
  }

  /**
   * Records that `memberId` belongs to the group `groupId`; reports (and returns false) when it
   * already belongs to a group, since a NIC or port can be in one team, LAG or trunk only.
   */
  private claim(memberId: string, groupId: string, groupLabel: string, value: Value): boolean {
    const previous = this.memberOf.get(memberId);
    if (!previous) {
      this.memberOf.set(memberId, { groupId, label: groupLabel, span: value.span });
      return true;
    }
    const message =
      previous.groupId === groupId
        ? `'${value.text}' is listed twice in ${groupLabel}`
        : `'${value.text}' is already a member of ${previous.label}; it can belong to one group only`;
    this.report('alreadyMember', message, value.span, [{ span: previous.span, message: 'first listed here' }]);
    return false;
  }

  // ---- switches --------------------------------------------------------------------------------

  private switch(block: Block): void {
    const declared = this.declare(block, 'switch', undefined, '');
    if (!declared) return;
    const { id, name, span, nameSpan } = declared;
    const body = this.readBody(block, SPECS.switch, 'switch', name);
    const sw: Switch = { kind: 'switch', id, name, span, nameSpan, stack: [], mlag: [], routing: false, lags: [], ports: [] };
    this.define(sw);
    this.model.switches.push(sw);
    const model = first(body, 'model');
    if (model) sw.model = model.text;
    const mtu = this.parseMtu(first(body, 'mtu'));
    if (mtu !== undefined) sw.mtu = mtu;
    if (property(body, 'vlans') !== undefined) {
      sw.vlans = [];
      for (const value of list(body, 'vlans')) {
        const vlan = this.parse(value, parseVlan);
        if (vlan !== undefined && !sw.vlans.includes(vlan)) sw.vlans.push(vlan);
      }
    }
    const routing = this.parse(first(body, 'routing'), parseBoolean);
    if (routing !== undefined) sw.routing = routing;
    const fabric = first(body, 'fabric');
    if (fabric) sw.fabric = fabric.text;

    // Declared ports first, so LAG members and links find them rather than creating them.
    for (const child of body.blocks) if (child.keywordText === 'port') this.switchPort(child, sw);
    for (const child of body.blocks) if (child.keywordText === 'lag') this.lag(child, sw);
    for (const relation of ['stack', 'mlag'] as const) {
      const values = list(body, relation);
      if (values.length > 0) this.deferred.push(() => this.peers(sw, relation, values));
    }
  }

  private switchPort(block: Block, sw: Switch): void {
    const declared = this.declare(block, 'switch-port', sw.id, ':');
    if (!declared) return;
    const { id, name, span, nameSpan } = declared;
    const body = this.readBody(block, SPECS.switchPort, 'port', id);
    const port: SwitchPort = { kind: 'switch-port', id, name, span, nameSpan, switch: sw.id };
    const speed = this.parse(first(body, 'speed'), parseSpeed);
    if (speed !== undefined) port.speedMbps = speed;
    const mtu = this.parseMtu(first(body, 'mtu'));
    if (mtu !== undefined) port.mtu = mtu;
    const vlan = this.parse(first(body, 'vlan'), parseVlan);
    if (vlan !== undefined) port.vlan = vlan;
    this.define(port);
    sw.ports.push(port);
  }

  private lag(block: Block, sw: Switch): void {
    const declared = this.declare(block, 'lag', sw.id, ':');
    if (!declared) return;
    const { id, name, span, nameSpan } = declared;
    const body = this.readBody(block, SPECS.lag, 'LAG', id);
    // Without a mode, a LAG is LACP: what switch vendors recommend and the Infortrend guide uses.
    const lag: Lag = { kind: 'lag', id, name, span, nameSpan, switch: sw.id, ports: [], mode: 'lacp' };
    const mode = this.choice(first(body, 'mode'), LagModeSchema.options, 'LAG mode');
    if (mode !== undefined) lag.mode = mode;
    this.define(lag);
    sw.lags.push(lag);
    for (const value of list(body, 'ports')) {
      const port = this.portOfSwitch(sw, value, 'wrongKind');
      if (port && this.claim(port.id, lag.id, `LAG '${lag.name}'`, value)) {
        port.lag = lag.id;
        lag.ports.push(ref(port.id, value.span));
      }
    }
  }

  /**
   * The switch port named by `segment`, created on first mention when no `port` block declares it.
   * Its id `switch:port` is passed when the text already holds it (a link end).
   */
  private portOfSwitch(sw: Switch, segment: Segment, notAPort: 'wrongKind' | 'linkGroupEndpoint', id = joinedId(sw.id, ':', segment.text)): SwitchPort | undefined {
    if (!SWITCH_PORT_NAME.test(segment.text)) {
      this.report('invalidName', `'${segment.text}' is not a port name of switch '${sw.name}'`, segment.span);
      return undefined;
    }
    const existing = this.definitions.get(id);
    if (existing?.kind === 'switch-port') {
      this.reference(id, segment.span);
      return existing;
    }
    if (existing) {
      this.reference(id, segment.span);
      this.report(notAPort, `'${segment.text}' is ${describeKind(existing.kind)} of switch '${sw.name}': name its member ports instead`, segment.span);
      return undefined;
    }
    const port: SwitchPort = { kind: 'switch-port', id, name: segment.text, span: segment.span, nameSpan: segment.span, switch: sw.id, implicit: true };
    this.definitions.set(id, port);
    this.portLog?.push(port);
    sw.ports.push(port);
    return port;
  }

  private peers(sw: Switch, relation: PeerRelation, values: Value[]): void {
    for (const value of values) {
      const peerId = this.resolveTop(value, 'switch');
      if (peerId === undefined) continue;
      if (peerId === sw.id) {
        this.report('selfPeer', `switch '${sw.name}' cannot be its own ${relation} peer`, value.span);
      } else if (!sw[relation].some((peer) => peer.id === peerId)) {
        sw[relation].push(ref(peerId, value.span));
      }
    }
  }

  /** `stack` and `mlag` written on one side hold for both. */
  private makePeersSymmetric(): void {
    for (const relation of ['stack', 'mlag'] as const) {
      const known = new Set<string>();
      const pairs: [Switch, Ref][] = [];
      for (const sw of this.model.switches) {
        for (const peer of sw[relation]) {
          known.add(`${sw.id}\n${peer.id}`);
          pairs.push([sw, peer]);
        }
      }
      for (const [sw, peer] of pairs) {
        if (known.has(`${peer.id}\n${sw.id}`)) continue;
        known.add(`${peer.id}\n${sw.id}`);
        (this.definitions.get(peer.id) as Switch)[relation].push(ref(sw.id, peer.span));
      }
    }
  }

  // ---- arrays ----------------------------------------------------------------------------------

  private array(block: Block): void {
    const declared = this.declare(block, 'array', undefined, '');
    if (!declared) return;
    const { id, name, span, nameSpan } = declared;
    const body = this.readBody(block, SPECS.array, 'array', name);
    const array: StorageArray = { kind: 'array', id, name, span, nameSpan, capabilities: [], controllers: [], trunks: [], volumes: [] };
    this.define(array);
    this.model.arrays.push(array);
    const model = first(body, 'model');
    if (model) array.model = model.text;
    for (const value of list(body, 'capabilities')) {
      const capability = this.choice(value, ArrayCapabilitySchema.options, 'capability');
      if (capability !== undefined && !array.capabilities.includes(capability)) array.capabilities.push(capability);
    }
    const resolveLocal: (() => void)[] = [];
    for (const child of body.blocks) {
      const keyword = child.keywordText;
      if (keyword === 'controller') this.controller(child, array);
      else if (keyword === 'trunk') this.trunk(child, array, resolveLocal);
      else if (keyword === 'volume') this.volume(child, array, resolveLocal);
    }
    for (const resolve of resolveLocal) resolve();
  }

  private controller(block: Block, array: StorageArray): void {
    const declared = this.declare(block, 'controller', array.id, '.');
    if (!declared) return;
    const { id, name, span, nameSpan } = declared;
    const body = this.readBody(block, SPECS.controller, 'controller', id);
    const controller: Controller = { kind: 'controller', id, name, span, nameSpan, array: array.id, ports: [] };
    this.define(controller);
    array.controllers.push(controller);
    for (const child of body.blocks) this.arrayPort(child, array, controller);
  }

  private arrayPort(block: Block, array: StorageArray, controller: Controller): void {
    const declared = this.declare(block, 'array-port', controller.id, '.');
    if (!declared) return;
    const { id, name, span, nameSpan } = declared;
    const body = this.readBody(block, SPECS.arrayPort, 'port', id);
    const port: ArrayPort = { kind: 'array-port', id, name, span, nameSpan, array: array.id, controller: controller.id, protocol: 'iscsi', ips: [] };
    this.ethernet(body, port);
    const wwpnProperty = property(body, 'wwpn');
    const ipProperty = property(body, 'ip');
    if (wwpnProperty && ipProperty) {
      this.report('portIpAndWwpn', `port '${port.id}' has both ip (iSCSI) and wwpn (Fibre Channel); a port is one or the other, so the wwpn is ignored`, wwpnProperty.span, [
        { span: ipProperty.span, message: 'the address kept' },
      ]);
    } else {
      const wwpn = this.parse(first(body, 'wwpn'), parseWwpn);
      if (wwpn !== undefined) {
        port.wwpn = wwpn;
        port.protocol = 'fc';
      }
    }
    this.define(port);
    controller.ports.push(port);
  }

  private trunk(block: Block, array: StorageArray, resolveLocal: (() => void)[]): void {
    const declared = this.declare(block, 'trunk', array.id, '.');
    if (!declared) return;
    const { id, name, span, nameSpan } = declared;
    const body = this.readBody(block, SPECS.trunk, 'trunk', id);
    const trunk: Trunk = { kind: 'trunk', id, name, span, nameSpan, array: array.id, members: [], mode: 'lacp', ips: [] };
    this.mode(body, LagModeSchema.options, 'trunk mode', trunk);
    this.ethernet(body, trunk);
    this.define(trunk);
    array.trunks.push(trunk);
    resolveLocal.push(() => {
      for (const value of list(body, 'members')) {
        const portId = this.memberPort(array, value);
        if (portId && this.claim(portId, trunk.id, `trunk '${trunk.name}'`, value)) trunk.members.push(ref(portId, value.span));
      }
    });
  }

  /** A trunk member: `controller.port` (or `array.controller.port`) of this array. */
  private memberPort(array: StorageArray, value: Value): string | undefined {
    let segments = segmentsOf(value);
    if (segments.length === 3 && segments[0].text === array.name) {
      this.reference(array.id, segments[0].span);
      segments = segments.slice(1);
    }
    if (segments.length !== 2) return this.notArrayPort(value, array, '; write members as controller.port, e.g. A.p1');
    const controllerId = `${array.id}.${segments[0].text}`;
    if (this.definitions.get(controllerId)?.kind !== 'controller') {
      return this.notArrayPort(value, array, `: it has no controller '${segments[0].text}'${this.suggest(segments[0].text, this.namesIn(array.id))}`);
    }
    this.reference(controllerId, segments[0].span);
    const portId = `${controllerId}.${segments[1].text}`;
    if (this.definitions.get(portId)?.kind !== 'array-port') {
      return this.notArrayPort(value, array, `: controller '${segments[0].text}' has no port '${segments[1].text}'${this.suggest(segments[1].text, this.namesIn(controllerId))}`);
    }
    this.reference(portId, segments[1].span);
    return portId;
  }

  private volume(block: Block, array: StorageArray, resolveLocal: (() => void)[]): void {
    const declared = this.declare(block, 'volume', array.id, '.');
    if (!declared) return;
    const { id, name, span, nameSpan } = declared;
    const body = this.readBody(block, SPECS.volume, 'volume', id);
    const volume: Volume = { kind: 'volume', id, name, span, nameSpan, array: array.id };
    const size = this.parse(first(body, 'size'), parseSize);
    if (size !== undefined) volume.sizeBytes = size;
    const lunValue = first(body, 'lun');
    const lun = lunValue ? this.keep(parseWholeNumber(lunValue.text, lunValue.span, 'LUN')) : undefined;
    if (lun !== undefined) volume.lun = lun;
    this.define(volume);
    array.volumes.push(volume);
    const owner = first(body, 'owner');
    if (owner) resolveLocal.push(() => this.owner(array, volume, owner));
    if (property(body, 'hosts') !== undefined) {
      const hosts: Ref[] = [];
      volume.hosts = hosts;
      this.deferred.push(() => {
        const seen = new Set<string>();
        for (const value of list(body, 'hosts')) {
          const hostId = this.resolveTop(value, 'host');
          if (hostId === undefined) continue;
          if (seen.has(hostId)) {
            this.report('alreadyMember', `host '${value.text}' is listed twice for volume '${volume.name}'`, value.span);
            continue;
          }
          seen.add(hostId);
          hosts.push(ref(hostId, value.span));
        }
      });
    }
  }

  private owner(array: StorageArray, volume: Volume, value: Value): void {
    const id = `${array.id}.${value.text}`;
    const definition = isName(value.text) ? this.definitions.get(id) : undefined;
    if (!definition) {
      const controllers = array.controllers.map((controller) => controller.name);
      this.report('notController', `'${value.text}' is not a controller of array '${array.name}'${this.suggest(value.text, controllers)}`, value.span);
      return;
    }
    const owner = this.reference(id, value.span);
    if (definition.kind !== 'controller') {
      this.report('wrongKind', `'${value.text}' is ${describeKind(definition.kind)}, expected a controller`, value.span, [
        { span: definition.nameSpan, message: `'${value.text}' is defined here` },
      ]);
      return;
    }
    volume.owner = owner;
  }

  // ---- links -----------------------------------------------------------------------------------

  /**
   * Adds a link or session: from its record when the statement is unchanged and its names resolve
   * as before, else by building it, recording it when it built without a problem.
   */
  private connection(node: LinkNode | SessionNode): void {
    const record = this.previousRecords?.get(node);
    if (record?.kind === 'connection' && this.replayConnection(node, record)) {
      this.addConnection(record.element);
      return;
    }
    const problems = this.problems.length;
    const references = this.references.length;
    if (this.records) this.portLog = [];
    const element = node.kind === 'link' ? this.link(node) : this.session(node);
    const implicitPorts = this.portLog;
    this.portLog = undefined;
    if (!element) return;
    this.addConnection(element);
    // Only a statement that took a fresh id and built cleanly is added again the same way.
    if (!this.records || !implicitPorts || this.problems.length !== problems || this.idUses.get(element.id) !== 1) return;
    const added = this.references.slice(references);
    this.records.set(node, {
      kind: 'connection',
      element,
      references: added,
      implicitPorts: trimmed(implicitPorts),
      ownSpans: madeSpans(added, implicitPorts),
      start: node.span.start,
    });
  }

  private addConnection(element: Link | Session): void {
    if (element.kind === 'link') this.model.links.push(element);
    else this.model.sessions.push(element);
  }

  /** Adds a link or session as building it added it before; false when a name now resolves otherwise. */
  private replayConnection(node: LinkNode | SessionNode, record: ConnectionRecord): boolean {
    const { element } = record;
    if (this.idUses.has(element.id)) return false;
    for (const { id } of record.references) {
      if (this.definitions.get(id)?.kind !== this.previousDefinitions!.get(id)!.kind) return false;
    }
    // A port the link named first is its own definition, not a reference: if something declares
    // it now, the link refers to it instead.
    if (record.implicitPorts.some((port) => this.definitions.has(port.id))) return false;
    // A session's portal must still be an iSCSI port.
    if (element.kind === 'session' && element.connections.some(({ portal }) => isFcPort(this.definitions.get(portal.id)))) return false;
    const moved = node.span.start - record.start;
    if (moved !== 0) {
      for (const span of record.ownSpans) {
        span.start += moved;
        span.end += moved;
      }
      record.start = node.span.start;
    }
    for (const port of record.implicitPorts) {
      this.definitions.set(port.id, port);
      (this.definitions.get(port.switch) as Switch).ports.push(port);
    }
    this.idUses.set(element.id, 1);
    for (const reference of record.references) this.references.push(reference);
    this.records?.set(node, record);
    return true;
  }

  private link(node: LinkNode): Link | undefined {
    const body = this.readBody(node, SPECS.link, 'a link');
    const a = node.a ? this.endpoint(node.a) : undefined;
    const b = node.b ? this.endpoint(node.b) : undefined;
    if (!a || !b || !node.a || !node.b) return undefined;
    const sameSwitch = a.switch !== undefined && a.switch === b.switch && (a.kind === 'switch' || b.kind === 'switch');
    if (a.ref.id === b.ref.id || sameSwitch) {
      this.report('linkSelf', `both ends of this link are on '${node.a.text}'; a link connects two different things`, node.b.span, [
        { span: node.a.span, message: 'the other end' },
      ]);
      return undefined;
    }
    const link: Link = { kind: 'link', id: this.uniqueId(joinedId('link@', a.ref.id, '--', b.ref.id)), a, b, span: node.span };
    const speed = this.parse(first(body, 'speed'), parseSpeed);
    if (speed !== undefined) link.speedMbps = speed;
    const mtu = this.parseMtu(first(body, 'mtu'));
    if (mtu !== undefined) link.mtu = mtu;
    return link;
  }

  /** `host.nic`, `host.hba`, `switch`, `switch:port` or `array.controller.port`. */
  private endpoint(value: Value): Endpoint | undefined {
    const colon = value.valueKind === 'string' ? -1 : value.text.indexOf(':');
    if (colon >= 0) {
      const switchSegment = { text: value.text.slice(0, colon), span: { start: value.span.start, end: value.span.start + colon } };
      const portSegment = { text: value.text.slice(colon + 1), span: { start: value.span.start + colon + 1, end: value.span.end } };
      const switchId = this.resolveTop(switchSegment, 'switch');
      if (switchId === undefined) return undefined;
      const port = this.portOfSwitch(this.definitions.get(switchId) as Switch, portSegment, 'linkGroupEndpoint', value.text);
      if (!port) return undefined;
      return { kind: 'switch-port', ref: ref(port.id, portSegment.span), switch: switchId };
    }
    const hostInterface = this.hostInterfaceById(value);
    if (hostInterface) return hostInterface;
    const segments = segmentsOf(value);
    const top = this.definitions.get(segments[0].text);
    if (!top || !isTopLevel(top)) {
      const names = this.namesIn('');
      this.report('undefinedReference', `no host, switch or array named '${segments[0].text}'${this.suggest(segments[0].text, names)}`, segments[0].span);
      return undefined;
    }
    const topRef = this.reference(top.id, segments[0].span);
    if (top.kind === 'switch') {
      if (segments.length === 1) return { kind: 'switch', ref: topRef, switch: top.id };
      return this.badLinkEnd(value, `name a port of switch '${top.name}' with ':', e.g. ${top.name}:7`);
    }
    if (top.kind === 'host') {
      if (segments.length !== 2) return this.badLinkEnd(value, `name an interface of host '${top.name}', e.g. ${top.name}.eth0`);
      const child = this.child(top.id, segments[1], `host '${top.name}' has no interface`);
      if (!child) return undefined;
      if (child.kind === 'team' || child.kind === 'vmk') {
        const instead = child.kind === 'team' ? "link the team's member NICs instead" : 'link its uplink NICs instead';
        this.report('linkGroupEndpoint', `'${child.name}' is ${describeKind(child.kind)}, not a cable end; ${instead}`, segments[1].span);
        return undefined;
      }
      return { kind: 'host-interface', ref: ref(child.id, segments[1].span) };
    }
    if (segments.length === 1) return this.badLinkEnd(value, `name a port of array '${top.name}', e.g. ${top.name}.A.p0`);
    const child = this.child(top.id, segments[1], `array '${top.name}' has no controller or trunk`);
    if (!child) return undefined;
    if (child.kind === 'trunk') {
      this.report('linkGroupEndpoint', `'${child.name}' is a trunk, not a cable end; link the trunk's member ports instead`, segments[1].span);
      return undefined;
    }
    if (child.kind !== 'controller' || segments.length !== 3) {
      return this.badLinkEnd(value, `'${segments.slice(0, 2).map((s) => s.text).join('.')}' is ${describeKind(child.kind)}`);
    }
    const port = this.child(child.id, segments[2], `controller '${child.id}' has no port`);
    if (!port) return undefined;
    return { kind: 'array-port', ref: ref(port.id, segments[2].span) };
  }

  /**
   * A link end written as exactly the id of a host's NIC or HBA (`hv01.eth0`, the common case):
   * resolved with one lookup of the whole text, with the references `endpoint` would record.
   */
  private hostInterfaceById(value: Value): Endpoint | undefined {
    if (value.valueKind === 'string') return undefined;
    const definition = this.definitions.get(value.text);
    if (!definition || (definition.kind !== 'nic' && definition.kind !== 'hba')) return undefined;
    const hostEnd = value.span.start + definition.host.length;
    const interfaceSpan = { start: hostEnd + 1, end: value.span.end };
    this.reference(definition.host, { start: value.span.start, end: hostEnd });
    return { kind: 'host-interface', ref: this.reference(definition.id, interfaceSpan) };
  }

  /** The child named by `segment` in container `parentId` (with a reference to it), or reports it missing. */
  private child(parentId: string, segment: Segment, missing: string): Element | undefined {
    const id = `${parentId}.${segment.text}`;
    const definition = this.definitions.get(id);
    if (!definition || containerIdOf(definition) !== parentId) {
      this.report('undefinedReference', `${missing} '${segment.text}'${this.suggest(segment.text, this.namesIn(parentId))}`, segment.span);
      return undefined;
    }
    this.reference(id, segment.span);
    return definition;
  }

  /**
   * Links and sessions are named by what they join, not where they are written, so their ids (and
   * every path and diagram element built on them) stay the same while the text around them changes.
   */
  private uniqueId(base: string): string {
    const uses = (this.idUses.get(base) ?? 0) + 1;
    this.idUses.set(base, uses);
    return uses === 1 ? base : joinedId(base, '#', String(uses));
  }

  // ---- sessions --------------------------------------------------------------------------------

  private session(node: SessionNode): Session | undefined {
    if (!node.host || !node.target) return undefined;
    const hostId = this.resolveTop(node.host, 'host');
    const target = segmentsOf(node.target);
    const arrayId = this.resolveTop(target[0], 'array');
    let volume: Ref | undefined;
    let targetOk = arrayId !== undefined;
    if (arrayId !== undefined && target.length === 2) {
      const definition = this.definitions.get(`${arrayId}.${target[1].text}`);
      if (definition?.kind === 'volume') {
        volume = this.reference(definition.id, target[1].span);
      } else {
        const what = definition ? `'${target[1].text}' is ${describeKind(definition.kind)}, not a volume of array '${arrayId}'` : `array '${arrayId}' has no volume '${target[1].text}'`;
        this.report('sessionVolume', what, target[1].span);
        targetOk = false;
      }
    } else if (arrayId !== undefined && target.length > 2) {
      this.report('sessionVolume', `a session target is ARRAY or ARRAY.VOLUME, not '${node.target.text}'`, node.target.span);
      targetOk = false;
    }
    if (hostId === undefined) return undefined;
    const connections: Session['connections'] = [];
    for (const connection of node.connections ?? []) {
      const initiator = this.initiator(this.definitions.get(hostId) as Host, connection.initiator);
      const portal = connection.portal && arrayId !== undefined ? this.portal(arrayId, connection.portal) : undefined;
      if (initiator && portal) connections.push({ initiator, portal, span: connection.span });
    }
    if (!targetOk || arrayId === undefined) return undefined;
    const session: Session = {
      kind: 'session',
      id: this.uniqueId(joinedId('session@', hostId, '->', volume?.id ?? arrayId)),
      host: ref(hostId, node.host.span),
      array: ref(arrayId, target[0].span),
      connections,
      span: node.span,
    };
    if (volume) session.volume = volume;
    return session;
  }

  /** A NIC, team or vmk of the host, written `eth0` or `hv01.eth0`. */
  private initiator(host: Host, value: Value): Ref | undefined {
    let segments = segmentsOf(value);
    if (segments.length === 2 && segments[0].text === host.name) {
      this.reference(host.id, segments[0].span);
      segments = segments.slice(1);
    }
    const definition = segments.length === 1 ? this.definitions.get(`${host.id}.${segments[0].text}`) : undefined;
    if (!definition || containerIdOf(definition) !== host.id) {
      const interfaces = this.namesIn(host.id);
      this.report('sessionInitiator', `'${value.text}' is not an interface of host '${host.name}'${this.suggest(value.text, interfaces)}`, value.span);
      return undefined;
    }
    const initiator = this.reference(definition.id, segments[0].span);
    if (definition.kind === 'hba') {
      this.report('sessionInitiator', `'${definition.name}' is a Fibre Channel HBA; an iSCSI session starts from a NIC, team or vmk`, segments[0].span);
      return undefined;
    }
    return initiator;
  }

  /** An iSCSI port (`array.controller.port`) or trunk (`array.trunk`) of the session's array. */
  private portal(arrayId: string, value: Value): Ref | undefined {
    const segments = segmentsOf(value);
    const top = this.definitions.get(segments[0].text);
    if (!top || !isTopLevel(top)) {
      this.report('undefinedReference', `no array named '${segments[0].text}'${this.suggest(segments[0].text, this.namesIn(''))}`, segments[0].span);
      return undefined;
    }
    this.reference(top.id, segments[0].span);
    if (top.id !== arrayId) return this.notAPortal(value, arrayId, `'${top.name}' is ${describeKind(top.kind)} other than the session's target`);
    if (segments.length < 2 || segments.length > 3) return this.notAPortal(value, arrayId, 'write array.controller.port or array.trunk');
    const child = this.child(arrayId, segments[1], `array '${arrayId}' has no controller or trunk`);
    if (!child) return undefined;
    if (segments.length === 2) {
      if (child.kind === 'trunk') return ref(child.id, segments[1].span);
      return this.notAPortal(value, arrayId, `'${child.name}' is ${describeKind(child.kind)}; write array.controller.port or array.trunk`);
    }
    if (child.kind !== 'controller') return this.notAPortal(value, arrayId, `'${child.name}' is ${describeKind(child.kind)}, not a controller`);
    const port = this.child(child.id, segments[2], `controller '${child.id}' has no port`);
    if (!port) return undefined;
    if (port.kind === 'array-port' && port.protocol === 'fc') {
      return this.notAPortal(value, arrayId, `'${port.name}' is a Fibre Channel port`);
    }
    return ref(port.id, segments[2].span);
  }

  private notArrayPort(value: Value, array: StorageArray, why: string): undefined {
    this.report('notArrayPort', `'${value.text}' is not a port of array '${array.name}'${why}`, value.span);
    return undefined;
  }

  private badLinkEnd(value: Value, why: string): undefined {
    this.report('linkEndpoint', `${why}; a link end is host.nic, host.hba, switch, switch:port or array.controller.port`, value.span);
    return undefined;
  }

  private notAPortal(value: Value, arrayId: string, why: string): undefined {
    this.report('sessionPortal', `'${value.text}' is not a portal of array '${arrayId}': ${why}`, value.span);
    return undefined;
  }

  // ---- shared helpers --------------------------------------------------------------------------

  /** Checks a block's name; reports and returns nothing when it cannot be used. `define` registers the element. */
  private declare(block: Block, kind: SymbolKind, parentId: string | undefined, separator: string): Declared | undefined {
    const keyword = block.keywordText;
    const nameValue = block.name;
    if (!nameValue || nameValue.text === '') {
      this.report('missingName', `${keyword}${containerPhrase(parentId)} needs a name: ${keyword} NAME { ... }`, block.keyword.span);
      return undefined;
    }
    const name = nameValue.text;
    if (!(kind === 'switch-port' ? SWITCH_PORT_NAME.test(name) : isName(name)) || nameValue.valueKind === 'string') {
      const rule = kind === 'switch-port' ? 'port names have no spaces or colons' : "names are letters, digits, '_' and '-', starting with a letter or '_'";
      this.report('invalidName', `'${name}' is not a valid ${keyword} name: ${rule}`, nameValue.span);
      return undefined;
    }
    const id = parentId === undefined ? name : joinedId(parentId, separator, name);
    const existing = this.definitions.get(id);
    if (existing) {
      this.report('duplicateName', `'${name}' is already defined${containerPhrase(parentId)} as ${describeKind(existing.kind)}`, nameValue.span, [
        { span: existing.nameSpan, message: 'first defined here' },
      ]);
      return undefined;
    }
    return { id, name, span: block.span, nameSpan: nameValue.span };
  }

  /** Registers an element made from what `declare` checked. */
  private define(element: Element): void {
    this.definitions.set(element.id, element);
    this.declaredLog?.push(element);
    this.childName(element);
  }

  /** Adds an element's name to its container's names, once `namesIn` keeps them. */
  private childName(element: Element): void {
    if (!this.childNames) return;
    const containerId = containerIdOf(element) ?? '';
    const siblings = this.childNames.get(containerId);
    if (siblings) siblings.push(element.name);
    else this.childNames.set(containerId, [element.name]);
  }

  private namesIn(containerId: string): string[] {
    if (!this.childNames) {
      this.childNames = new Map();
      // Ports a LAG or link names without a `port` block are not declared names.
      for (const definition of this.definitions.values()) if (!isImplicitPort(definition)) this.childName(definition);
    }
    return this.childNames.get(containerId) ?? [];
  }

  /**
   * Sorts a block's body into properties and nested blocks, reporting what does not belong. The
   * owner is named in messages as `what 'name'` (or just `what`), put together only for a message.
   */
  private readBody(block: Block | LinkNode, spec: CompiledSpec, what: string, name?: string): Body {
    const items = (block.body ?? []) as BodyItem[];
    if (items.length === 0) return EMPTY_BODY;
    if (onlyValidProperties(items, spec)) return { properties: items, blocks: NO_BLOCKS };
    const body: Body = { properties: [], blocks: NO_BLOCKS };
    for (const item of items) {
      const word = item.kind === 'property' ? item.keyText : item.keywordText;
      if (item.kind === 'block') {
        if (spec.blocks.has(word)) {
          if (body.blocks === NO_BLOCKS) body.blocks = [];
          body.blocks.push(item);
        }
        else if (spec.properties.has(word)) this.report('unknownProperty', `'${word}' is a property of ${ownerPhrase(what, name)}, not a block: write ${word} VALUE`, item.keyword.span);
        else this.report('unknownProperty', `${ownerPhrase(what, name)} has no '${word}' blocks${didYouMean(word, spec.words)}`, item.keyword.span);
        continue;
      }
      const arity = spec.properties.get(word);
      if (arity === undefined) {
        const message = spec.blocks.has(word)
          ? `'${word}' is a block: write ${word} NAME { ... }`
          : `unknown property '${word}' in ${ownerPhrase(what, name)}${didYouMean(word, spec.words)}`;
        this.report('unknownProperty', message, item.key.span);
        continue;
      }
      // A property without values is a syntax error, already reported by the parser.
      if (item.value === undefined) continue;
      const previous = property(body, word);
      if (previous) {
        this.report('duplicateProperty', `'${word}' is already set in ${ownerPhrase(what, name)}; the first value is kept`, item.key.span, [
          { span: previous.key.span, message: 'first set here' },
        ]);
        continue;
      }
      if (arity === 'one' && item.rest.length > 0) {
        const extra = { start: item.rest[0].span.start, end: lastValueOf(item)!.span.end };
        this.report('valueCount', `'${word}' takes one value, not ${item.rest.length + 1}; the first is kept`, extra);
      }
      body.properties.push(item);
    }
    return body;
  }

  /** A top-level name of the expected kind; reports it undefined or of the wrong kind otherwise. */
  private resolveTop(segment: Segment, expected: 'host' | 'switch' | 'array'): string | undefined {
    const definition = this.definitions.get(segment.text);
    if (!definition) {
      const candidates = this.topNamesOfKind(expected);
      this.report('undefinedReference', `no ${expected} named '${segment.text}'${this.suggest(segment.text, candidates)}`, segment.span);
      return undefined;
    }
    if (definition.kind !== expected) {
      this.report('wrongKind', `'${segment.text}' is ${describeKind(definition.kind)}, expected ${describeKind(expected)}`, segment.span, [
        { span: definition.nameSpan, message: `'${definition.name}' is defined here` },
      ]);
      return undefined;
    }
    this.reference(definition.id, segment.span);
    return definition.id;
  }

  private topNamesOfKind(kind: SymbolKind): string[] {
    if (this.suggestionsLeft <= 0) return [];
    const elements = kind === 'host' ? this.model.hosts : kind === 'switch' ? this.model.switches : this.model.arrays;
    return elements.map((element) => element.name);
  }

  /** "; did you mean 'x'?" within the per-file budget, so bad files stay linear. */
  private suggest(word: string, candidates: readonly string[]): string {
    if (this.suggestionsLeft <= 0 || candidates.length === 0) return '';
    this.suggestionsLeft--;
    return didYouMean(word, candidates);
  }

  private ethernet(body: Body, target: { ips: Ip[]; speedMbps?: number; mtu?: number; vlan?: number }): void {
    // `map` makes the list at its length, as the model keeps it; an address that does not parse is reported and left out.
    const ips = list(body, 'ip').map((value) => this.parse(value, parseIp));
    target.ips = ips.every((ip): ip is Ip => ip !== undefined) ? ips : trimmed(ips.filter((ip): ip is Ip => ip !== undefined));
    const mtu = this.parseMtu(first(body, 'mtu'));
    if (mtu !== undefined) target.mtu = mtu;
    const vlan = this.parse(first(body, 'vlan'), parseVlan);
    if (vlan !== undefined) target.vlan = vlan;
    const speed = this.parse(first(body, 'speed'), parseSpeed);
    if (speed !== undefined) target.speedMbps = speed;
  }

  private parseMtu(value: Value | undefined): number | undefined {
    return this.parse(value, parseMtu);
  }

  /** Runs a value parser, keeping its problem or warning. */
  private parse<T>(value: Value | undefined, parser: (text: string, span: Span) => Parsed<T>): T | undefined {
    return value ? this.keep(parser(value.text, value.span)) : undefined;
  }

  /** A team's or trunk's `mode`, with where it is written (quick fixes rewrite it). */
  private mode<T extends string>(body: Body, allowed: readonly T[], what: string, target: { mode: T; modeSpan?: Span }): void {
    const written = property(body, 'mode');
    if (!written) return;
    const mode = this.choice(written.value, allowed, what);
    if (mode === undefined) return;
    target.mode = mode;
    target.modeSpan = written.span;
  }

  /** One of `allowed` (a team mode, a policy...); `what` names the setting in the message. */
  private choice<T extends string>(value: Value | undefined, allowed: readonly T[], what: string): T | undefined {
    return value ? this.keep(parseChoice(value.text, value.span, allowed, what)) : undefined;
  }

  /** The parsed value, keeping the parser's problem or warning. */
  private keep<T>(result: Parsed<T>): T | undefined {
    if (!result.ok) {
      this.problems.push(result.problem);
      return undefined;
    }
    if (result.warning) this.problems.push(result.warning);
    return result.value;
  }

  /** Records a reference to `id`, which is also the model's `Ref` to it. */
  private reference(id: string, span: Span): Ref {
    const reference = { id, span };
    this.references.push(reference);
    return reference;
  }

  private report(name: ModelCodeName, message: string, span: Span, related?: RelatedLocation[]): void {
    this.problems.push(modelProblem(name, message, span, related));
  }
}

/** A built host's lists at their exact length: a host lives as long as its document is open. */
function trimHost(host: Host): void {
  host.nics = trimmed(host.nics);
  host.teams = trimmed(host.teams);
  host.vmks = trimmed(host.vmks);
  host.hbas = trimmed(host.hbas);
  for (const team of host.teams) team.members = trimmed(team.members);
  for (const vmk of host.vmks) {
    vmk.active = trimmed(vmk.active);
    vmk.standby = trimmed(vmk.standby);
  }
}

function isTopLevel(element: Element): element is Host | Switch | StorageArray {
  return element.kind === 'host' || element.kind === 'switch' || element.kind === 'array';
}

function isImplicitPort(element: Element): boolean {
  return element.kind === 'switch-port' && element.implicit === true;
}

function isFcPort(element: Element | undefined): boolean {
  return element?.kind === 'array-port' && element.protocol === 'fc';
}

/**
 * The spans building a link or session made itself, which moving its statement does not move:
 * those of the name segments it referred to or declared a port with. Every other span its model
 * holds is a node of the statement (`editing.test.ts` checks it).
 */
function madeSpans(references: readonly SymbolReference[], implicitPorts: readonly SwitchPort[]): Span[] {
  const spans = new Set<Span>();
  for (const { span } of references) if (!isSyntaxNode(span)) spans.add(span);
  for (const port of implicitPorts) if (!isSyntaxNode(port.span)) spans.add(port.span);
  return trimmed([...spans]);
}

/** `NIC 'hv01.eth0'`, or `a link`: the owner of a body, in messages. */
function ownerPhrase(what: string, name: string | undefined): string {
  return name === undefined ? what : `${what} '${name}'`;
}

/** ` in 'parent'` for a nested element's messages. */
function containerPhrase(parentId: string | undefined): string {
  return parentId === undefined ? '' : ` in '${parentId}'`;
}

/**
 * Whether a body holds only properties its spec knows, each with values, set once and with no more
 * values than it takes: then it keeps them all, as written (the common case, checked first).
 */
function onlyValidProperties(items: readonly BodyItem[], spec: CompiledSpec): items is Property[] {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.kind !== 'property' || item.value === undefined) return false;
    const arity = spec.properties.get(item.keyText);
    if (arity === undefined || (arity === 'one' && item.rest.length > 0)) return false;
    for (let j = 0; j < i; j++) if ((items[j] as Property).keyText === item.keyText) return false;
  }
  return true;
}

function property(body: Body, key: string): Property | undefined {
  for (const candidate of body.properties) if (candidate.keyText === key) return candidate;
  return undefined;
}

function first(body: Body, key: string): Value | undefined {
  return property(body, key)?.value;
}

function list(body: Body, key: string): Value[] {
  const found = property(body, key);
  return found ? valuesOf(found) : [];
}

// Spans are shared with the tree rather than copied: the tree and model of an open document stay
// in memory together, and a re-parse that moves a statement (syntax/reparse.ts) moves both.
function ref(id: string, span: Span): Ref {
  return { id, span };
}

/** `eonstor.A.ch0` → `eonstor`, `A`, `ch0`, each with its own span. Strings are one segment. */
function segmentsOf(value: Value): Segment[] {
  if (value.valueKind === 'string') return [value];
  const segments: Segment[] = [];
  let start = 0;
  for (const part of value.text.split('.')) {
    const from = value.span.start + start;
    segments.push({ text: part, span: { start: from, end: from + part.length } });
    start += part.length + 1;
  }
  return segments;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
