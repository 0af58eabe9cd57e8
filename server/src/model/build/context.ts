// What every part of the builder shares: the model being built, its problems, the symbol table,
// and the checks each entity's part calls (names, bodies against the grammar spec, values, references).
import type { Problem, RelatedLocation } from '../../problem';
import { leadingWordSpan, spanWithin, type Block, type BodyItem, type Link as LinkNode, type Property, type Session as SessionNode, type Span, type Value } from '../../syntax/tree';
import { modelProblem, type ModelCodeName } from '../codes';
import { GRAMMAR, type EntityName, type EntitySpec } from '../grammar';
import type {
  Address,
  ArrayPort,
  Controller,
  Hba,
  Host,
  HostGroup,
  Ip,
  Lag,
  Model,
  Nic,
  Portal,
  Ref,
  Route,
  StorageArray,
  Switch,
  SwitchPort,
  Team,
  Trunk,
  Vmk,
  Volume,
  VSwitch,
} from '../schema';
import { didYouMean } from '../suggest';
import { containerIdOf, describeKind, type SymbolKind, type SymbolReference } from '../symbols';
import { inNetwork, parseAddress, parseChoice, parseIp, parseMtu, parseSpeed, parseVlan, type Parsed } from '../values';

export type Element = Host | Nic | Team | VSwitch | Vmk | Hba | Route | Switch | Lag | SwitchPort | StorageArray | Controller | ArrayPort | Trunk | Portal | Volume | HostGroup;

interface Membership {
  groupId: string;
  label: string;
  span: Span;
}

/** A spec as lookups, since every body in the file is checked against one. */
interface CompiledSpec {
  entity: EntitySpec;
  blocks: ReadonlySet<string>;
  /** Every property and block keyword, for suggestions. */
  words: readonly string[];
}

const SPECS = Object.fromEntries(
  Object.entries(GRAMMAR).map(([name, entity]): [string, CompiledSpec] => {
    const blocks = entity.blocks.map((child) => GRAMMAR[child].keyword);
    return [name, { entity, blocks: new Set(blocks), words: [...Object.keys(entity.properties), ...blocks] }];
  }),
) as Record<EntityName, CompiledSpec>;

/** An ident, as the lexer defines it: a letter (any script) or `_`, then letters, digits, `_`, `-`. */
const NAME = /^[\p{L}_][\p{L}\p{N}_-]*$/u;

/** `NAME.test(text)`, answered from character codes for ASCII names (every element's name is checked). */
export function isName(text: string): boolean {
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
export const SWITCH_PORT_NAME = /^[^\s:]+$/;
/**
 * Array ports keep the array's own naming too: HPE Primera/3PAR's `node:slot:port` (`0:2:1`),
 * Pure's `ETH4` (under controller `CT0`: `CT0.ETH4`, as Purity prints it). No dots, which join a
 * path's names, and a letter, digit or `_` first.
 */
export const ARRAY_PORT_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_:-]*$/u;
/** Undefined names get "did you mean" suggestions up to this many times per file, so a file full
 *  of bad references against thousands of names stays linear. */
const SUGGESTION_BUDGET = 200;

export interface Body {
  /** Which entity's spec the body was read against. */
  entity: EntityName;
  /**
   * The properties and blocks kept, in source order: the block's own items when all of them belong
   * (the common case, which then costs no list of its own). At most one property per key of the
   * block's spec, so looking one up by scanning is bounded and, for bodies this small, cheaper
   * than a Map per body.
   */
  items: readonly BodyItem[];
}

/**
 * Every empty body's items. Not the tree's empty list, which is frozen: the loops over bodies'
 * items, meeting a frozen array beside the others, stop being compiled to plain loops and make an
 * iterator result per step (2.7 MB a build at 1,000 hosts).
 */
const NO_ITEMS: readonly BodyItem[] = [];

export interface Declared {
  id: string;
  name: string;
  span: Span;
  nameSpan: Span;
}

/** One name inside a reference path: `hv01` or `eth0` of `hv01.eth0`, with its own span (a whole value is one). */
export interface Segment {
  text: string;
  span: Span;
}

export class BuildContext {
  readonly model: Model = { hosts: [], switches: [], arrays: [], links: [], sessions: [], hostGroups: [] };
  readonly problems: Problem[] = [];
  /** Every named element by id: the symbol table's definitions, and how references find elements. */
  readonly definitions = new Map<string, Element>();
  readonly references: SymbolReference[] = [];
  /** How many links or sessions already took each id, so a repeated one gets `#2`, `#3`... */
  readonly idUses = new Map<string, number>();
  /**
   * Names declared in each container ('' for the top level), for suggestions. Only a file with
   * mistakes needs them: made from the definitions at the first suggestion, then kept up to date.
   */
  private childNames: Map<string, string[]> | undefined;
  /** Pass 2, first: resolutions that others read in theirs (a host group's members, which volumes map). */
  readonly early: (() => void)[] = [];
  /** Pass 2: resolutions that may refer forward, in source order (links and sessions as themselves). */
  readonly deferred: (LinkNode | SessionNode | (() => void))[] = [];
  /** The group (team, LAG, trunk) each NIC or port already belongs to, with where it was listed. */
  private readonly memberOf = new Map<string, Membership>();
  private suggestionsLeft = SUGGESTION_BUDGET;
  /** While a host is built for its record: the elements it defined so far. */
  declaredLog: Element[] | undefined;
  /** While a link is built for its record: the switch ports it names first. */
  portLog: SwitchPort[] | undefined;
  /** Checks a block's name; reports and returns nothing when it cannot be used. `define` registers the element. */
  declare(block: Block, kind: SymbolKind, parentId: string | undefined, separator: string): Declared | undefined {
    const keyword = block.keywordText;
    const nameValue = block.name;
    if (!nameValue || nameValue.text === '') {
      this.report('missingName', `${keyword}${containerPhrase(parentId)} needs a name: ${keyword} NAME { ... }`, leadingWordSpan(block));
      return undefined;
    }
    const name = nameValue.text;
    const valid = kind === 'switch-port' ? SWITCH_PORT_NAME.test(name) : kind === 'array-port' ? ARRAY_PORT_NAME.test(name) : isName(name);
    if (!valid || nameValue.valueKind === 'string') {
      const rule =
        kind === 'switch-port'
          ? 'port names have no spaces or colons'
          : kind === 'array-port'
            ? "array port names are letters, digits, '_', '-' and ':' (as in 0:2:1), starting with a letter, digit or '_'"
            : "names are letters, digits, '_' and '-', starting with a letter or '_'";
      this.report('invalidName', `'${name}' is not a valid ${keyword} name: ${rule}`, nameValue.span);
      return undefined;
    }
    const id = parentId === undefined ? name : `${parentId}${separator}${name}`;
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
  define(element: Element): void {
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

  namesIn(containerId: string): string[] {
    if (!this.childNames) {
      this.childNames = new Map();
      // Ports a LAG or link names without a `port` block are not declared names.
      for (const definition of this.definitions.values()) if (!isImplicitPort(definition)) this.childName(definition);
    }
    return this.childNames.get(containerId) ?? [];
  }

  /**
   * Sorts a block's body into properties and nested blocks by the entity's grammar spec, reporting
   * what does not belong. The owner is named in messages by the spec's label and `name`.
   */
  readBody(block: Block | LinkNode, entity: EntityName, name?: string): Body {
    const items = block.body;
    const spec = SPECS[entity];
    if (items.length === 0) return { entity, items: NO_ITEMS };
    if (allBelong(items, spec)) return { entity, items };
    const kept: BodyItem[] = [];
    const body: Body = { entity, items: kept };
    for (const item of items) {
      const word = item.kind === 'property' ? item.keyText : item.keywordText;
      if (item.kind === 'block') {
        if (spec.blocks.has(word)) kept.push(item);
        else if (Object.hasOwn(spec.entity.properties, word)) this.report('unknownProperty', `'${word}' is a property of ${ownerPhrase(spec, name)}, not a block: write ${word} VALUE`, leadingWordSpan(item));
        else this.report('unknownProperty', `${ownerPhrase(spec, name)} has no '${word}' blocks${didYouMean(word, spec.words)}`, leadingWordSpan(item));
        continue;
      }
      const property = Object.hasOwn(spec.entity.properties, word) ? spec.entity.properties[word] : undefined;
      if (property === undefined) {
        const message = spec.blocks.has(word)
          ? `'${word}' is a block: write ${word} NAME { ... }`
          : `unknown property '${word}' in ${ownerPhrase(spec, name)}${didYouMean(word, spec.words)}`;
        this.report('unknownProperty', message, leadingWordSpan(item));
        continue;
      }
      // A property without values is a syntax error, already reported by the parser.
      if (item.values.length === 0) continue;
      const previous = findProperty(body, word);
      if (previous) {
        this.report('duplicateProperty', `'${word}' is already set in ${ownerPhrase(spec, name)}; the first value is kept`, leadingWordSpan(item), [
          { span: leadingWordSpan(previous), message: 'first set here' },
        ]);
        continue;
      }
      if (property.arity === 'one' && item.values.length > 1) {
        const extra = spanWithin(item.span, item.values[1].span.start, item.values[item.values.length - 1].span.end);
        this.report('valueCount', `'${word}' takes one value, not ${item.values.length}; the first is kept`, extra);
      }
      kept.push(item);
    }
    return body;
  }

  /** A top-level name of the expected kind; reports it undefined or of the wrong kind otherwise. */
  resolveTop(segment: Segment, expected: 'host' | 'switch' | 'array'): string | undefined {
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

  /** The child named by `segment` in container `parentId` (with a reference to it), or reports it missing. */
  child(parentId: string, segment: Segment, missing: string): Element | undefined {
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
  uniqueId(base: string): string {
    const uses = (this.idUses.get(base) ?? 0) + 1;
    this.idUses.set(base, uses);
    return uses === 1 ? base : `${base}#${uses}`;
  }

  /** "; did you mean 'x'?" within the per-file budget, so bad files stay linear. */
  suggest(word: string, candidates: readonly string[]): string {
    if (this.suggestionsLeft <= 0 || candidates.length === 0) return '';
    this.suggestionsLeft--;
    return didYouMean(word, candidates);
  }

  /**
   * Records that `memberId` belongs to the group `groupId`; reports (and returns false) when it
   * already belongs to a group, since a NIC or port can be in one team, LAG or trunk only.
   */
  claim(memberId: string, groupId: string, groupLabel: string, value: Value): boolean {
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

  ethernet(body: Body, target: { ips: Ip[]; speedMbps?: number; mtu?: number; vlan?: number; gateway?: Address }): void {
    // `map` makes the list at its length, as the model keeps it; an address that does not parse is reported and left out.
    const ips = list(body, 'ip').map((value) => this.parse(value, parseIp));
    target.ips = ips.every((ip): ip is Ip => ip !== undefined) ? ips : ips.filter((ip): ip is Ip => ip !== undefined);
    const gatewayValue = first(body, 'gateway');
    const gateway = this.parse(gatewayValue, parseAddress);
    if (gateway !== undefined && gatewayValue) {
      target.gateway = gateway;
      if (target.ips.length > 0 && !target.ips.some((ip) => inNetwork(gateway, ip))) {
        this.report(
          'gatewayOutsideSubnet',
          `gateway ${gateway.address} is in none of the interface's subnets (${target.ips.map((ip) => ip.subnet).join(', ')}): it cannot reach the gateway`,
          gatewayValue.span,
        );
      }
    }
    const mtu = this.parse(first(body, 'mtu'), parseMtu);
    if (mtu !== undefined) target.mtu = mtu;
    const vlan = this.parse(first(body, 'vlan'), parseVlan);
    if (vlan !== undefined) target.vlan = vlan;
    const speed = this.parse(first(body, 'speed'), parseSpeed);
    if (speed !== undefined) target.speedMbps = speed;
  }

  /** Runs a value parser, keeping its problem or warning. */
  parse<T>(value: Value | undefined, parser: (text: string, span: Span) => Parsed<T>): T | undefined {
    return value ? this.keep(parser(value.text, value.span)) : undefined;
  }

  /** A team's or trunk's `mode`, with where it is written (quick fixes rewrite it). */
  mode<T extends string>(body: Body, what: string, target: { mode: T; modeSpan?: Span }): void {
    const written = findProperty(body, 'mode');
    if (!written) return;
    const mode = this.choice<T>(body, written.values[0], 'mode', what);
    if (mode === undefined) return;
    target.mode = mode;
    target.modeSpan = written.span;
  }

  /**
   * `value`, one of the choices the grammar spec allows for property `key` of the body's entity
   * (a team mode, a policy...); `what` names the setting in the message.
   */
  choice<T extends string>(body: Body, value: Value | undefined, key: string, what: string): T | undefined {
    const allowed = GRAMMAR[body.entity].properties[key].choices as readonly T[];
    return value ? this.keep(parseChoice(value.text, value.span, allowed, what)) : undefined;
  }

  /** The parsed value, keeping the parser's problem or warning. */
  keep<T>(result: Parsed<T>): T | undefined {
    if (!result.ok) {
      this.problems.push(result.problem);
      return undefined;
    }
    if (result.warning) this.problems.push(result.warning);
    return result.value;
  }

  /** Records a reference to `id`, which is also the model's `Ref` to it. */
  reference(id: string, span: Span): Ref {
    const reference = { id, span };
    this.references.push(reference);
    return reference;
  }

  report(name: ModelCodeName, message: string, span: Span, related?: RelatedLocation[]): void {
    this.problems.push(modelProblem(name, message, span, related));
  }
}

export function isTopLevel(element: Element): element is Host | Switch | StorageArray {
  return element.kind === 'host' || element.kind === 'switch' || element.kind === 'array';
}

function isImplicitPort(element: Element): boolean {
  return element.kind === 'switch-port' && element.implicit === true;
}

/**
 * `NIC 'hv01.eth0'`, or `a link`: the owner of a body, in messages. Made only for one, since a
 * body is read on every build and rarely reports anything.
 */
function ownerPhrase(spec: CompiledSpec, name: string | undefined): string {
  const what = spec.entity.label;
  return name === undefined ? what : `${what} '${name}'`;
}

/** ` in 'parent'` for a nested element's messages. */
function containerPhrase(parentId: string | undefined): string {
  return parentId === undefined ? '' : ` in '${parentId}'`;
}

/**
 * Whether a body holds only blocks its spec allows and properties it knows, each with values, set
 * once and with no more values than it takes: then it keeps them all, as written (the common
 * case, checked first).
 */
function allBelong(items: readonly BodyItem[], spec: CompiledSpec): boolean {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.kind === 'block') {
      if (!spec.blocks.has(item.keywordText)) return false;
      continue;
    }
    if (item.values.length === 0) return false;
    const property = Object.hasOwn(spec.entity.properties, item.keyText) ? spec.entity.properties[item.keyText] : undefined;
    if (property === undefined || (property.arity === 'one' && item.values.length > 1)) return false;
    for (let j = 0; j < i; j++) {
      const earlier = items[j];
      if (earlier.kind === 'property' && earlier.keyText === item.keyText) return false;
    }
  }
  return true;
}

export function findProperty(body: Body, key: string): Property | undefined {
  for (const item of body.items) if (item.kind === 'property' && item.keyText === key) return item;
  return undefined;
}

export function first(body: Body, key: string): Value | undefined {
  return findProperty(body, key)?.values[0];
}

export function list(body: Body, key: string): readonly Value[] {
  return findProperty(body, key)?.values ?? [];
}

// Spans are shared with the tree rather than copied: the tree and model of an open document stay
// in memory together, and a re-parse that moves a statement (syntax/reparse.ts) moves both.
export function ref(id: string, span: Span): Ref {
  return { id, span };
}

/** `eonstor.A.ch0` → `eonstor`, `A`, `ch0`, each with its own span. Strings are one segment. */
export function segmentsOf(value: Value): Segment[] {
  if (value.valueKind === 'string') return [value];
  const segments: Segment[] = [];
  let start = 0;
  for (const part of value.text.split('.')) {
    const from = value.span.start + start;
    segments.push({ text: part, span: spanWithin(value.span, from, from + part.length) });
    start += part.length + 1;
  }
  return segments;
}
