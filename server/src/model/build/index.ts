// Tree → model: checks each entity's body against the grammar spec (grammar.ts), parses values,
// resolves names, and records every definition and reference in the symbol table. Each entity has
// its part: hosts.ts, switches.ts, arrays.ts, hostGroups.ts, links.ts, sessions.ts; context.ts holds what they share.
//
// Two passes keep it linear: pass 1 declares every named element (ids in one Map) and parses values;
// pass 2 resolves references that may point forward (host groups' members first, then links,
// sessions, volume hosts, switch peers).
// Anything that does not resolve is reported and left out, so the model obeys schema.ts's invariants.
import type { ChunkedList } from '../../chunkedList';
import type { Problem } from '../../problem';
import { replaceEntries } from '../../replaceEntries';
import { leadingWordSpan, type Block, type Document, type Link as LinkNode, type Session as SessionNode, type TopItem } from '../../syntax/tree';
import { keptByReparse } from '../../syntax/reparse';
import { containersOf, GRAMMAR, TOP_LEVEL_KEYWORDS } from '../grammar';
import type { Host, Link, Model, Session, Switch, SwitchPort } from '../schema';
import { didYouMean } from '../suggest';
import type { SymbolDefinition, SymbolReference, SymbolTable } from '../symbols';
import { buildArray } from './arrays';
import { BuildContext, type Element } from './context';
import { buildHost } from './hosts';
import { buildHostGroup } from './hostGroups';
import { buildLink } from './links';
import { buildSession } from './sessions';
import { buildSwitch, makePeersSymmetric } from './switches';

export interface ModelResult {
  model: Model;
  problems: Problem[];
  symbols: SymbolTable;
  /**
   * Which names the statements define and refer to, and the kinds of what they name: a result keeps
   * its previous version's revision when every statement both trees hold (the same objects) defines
   * and refers to exactly what it did there, and has a new one otherwise. Features that keep
   * something per statement that depends on its names (semantic tokens) trust it while the revision
   * stays the same.
   */
  namesRevision: number;
  /** Per statement, what building it added; kept only when built for editing (see `buildModel`). */
  records?: EditRecords;
}

let namesRevisions = 0;

/**
 * The names building `statement` added to the symbol table (its definitions, of which only those
 * the table holds name anything, and its references), when an editing build recorded it: host
 * blocks, links and sessions that built.
 */
export function recordedNames(result: ModelResult, statement: TopItem): { definitions: readonly SymbolDefinition[]; references: readonly SymbolReference[] } | undefined {
  const record = result.records?.get(statement as Block);
  if (!record) return undefined;
  return record.kind === 'host' ? record : { definitions: record.implicitPorts, references: record.references };
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
  /**
   * The problems building the block reported, sorted by position: its own (hosts.ts), so building
   * it anywhere reports them again; their spans lie in the block and move with it.
   */
  problems: Problem[];
}

/** A link or a session. */
interface ConnectionRecord {
  kind: 'connection';
  element: Link | Session;
  /** Each must still name a target of the kind it named in the build that made the record. */
  references: SymbolReference[];
  /** Switch ports this link was the first to name (implicit ones). */
  implicitPorts: SwitchPort[];
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
  const previous = editing?.previous;
  return (previous && withHostsRebuilt(tree, previous)) ?? new ModelBuilder(editing !== undefined, previous).build(tree);
}

/** What an editing build keeps beside its records for the next version (see `withHostsRebuilt`). */
interface EditState {
  /** The document's statements, as the build read them. */
  statements: ChunkedList<TopItem>;
  /** How many of the result's problems are its host records' (the rest are other statements'). */
  hostProblems: number;
  /** The links and sessions built without a record. */
  unrecorded: readonly (LinkNode | SessionNode)[];
}

const editStates = new WeakMap<EditRecords, EditState>();

/** A model `withHostsRebuilt` made: the model it took over, and the hosts it built again there (old and new, the same id). */
export interface HostsRebuilt {
  previous: Model;
  hosts: readonly { old: Host; host: Host }[];
}

const rebuiltFrom = new WeakMap<Model, HostsRebuilt>();

/**
 * What an editing build changed of the previous version's model, when it only built some hosts
 * again under their ids: the index and the analysis then update those hosts' entries alone.
 */
export function hostsRebuilt(model: Model): HostsRebuilt | undefined {
  return rebuiltFrom.get(model);
}

/**
 * The hosts of `model` that replaced hosts of `before`, an earlier version's list of as many hosts,
 * each with the one it replaced: those the builder built again when it took that version's model
 * over, else every host that is another object than the one in its place.
 */
export function hostsReplaced(model: Model, before: readonly Host[]): readonly { old: Host; host: Host }[] {
  const rebuilt = rebuiltFrom.get(model);
  if (rebuilt?.previous.hosts === before) return rebuilt.hosts;
  return model.hosts.flatMap((host, i) => (host === before[i] ? [] : [{ old: before[i]!, host }]));
}

/**
 * The common keystroke: an edit that re-parsed only host blocks, in a design whose problems are all
 * its hosts' own. A host refers only to its own interfaces, and what other statements name of it
 * are ids, so every other statement builds exactly as before as long as the ids they name keep
 * their kinds: a host may declare other elements than before when the ids it adds are free (no
 * other element has one, and no statement named one, since no name was left unresolved) and no
 * other statement names the ids it drops. The previous result is then taken over with those hosts
 * built again and put in their places, their problems among the others' by position (every span
 * the builder made lies in a statement and moved with it in the re-parse). Anything else returns
 * undefined, for a build that replays the records.
 */
function withHostsRebuilt(tree: Document, previous: ModelResult): ModelResult | undefined {
  const records = previous.records as Map<Block | LinkNode | SessionNode, EditRecord> | undefined;
  const state = records && editStates.get(records);
  if (!state || previous.problems.length !== state.hostProblems) return undefined;
  const before = state.statements;
  const after = tree.items;
  const limit = Math.min(before.length, after.length);
  // The re-parse says how many statements it kept at either end: only those between are compared.
  const kept = keptByReparse(tree);
  const known = kept?.before === before ? kept : undefined;
  let head = Math.min(known?.head ?? 0, limit);
  while (head < limit && before.at(head) === after.at(head)) head++;
  let tail = Math.min(known?.tail ?? 0, limit - head);
  while (tail < limit - head && before.at(before.length - 1 - tail) === after.at(after.length - 1 - tail)) tail++;
  const removed = before.slice(head, before.length - tail);
  const added = after.slice(head, after.length - tail);
  if (removed.length === 0 || removed.length !== added.length) return undefined;

  const { definitions, definitionsInOrder, references } = previous.symbols;
  const rebuilt: { old: HostRecord; oldStatement: TopItem; statement: Block; record: HostRecord }[] = [];
  for (let i = 0; i < removed.length; i++) {
    const old = records.get(removed[i]);
    const statement = added[i];
    if (old?.kind !== 'host' || statement.kind !== 'block' || statement.keywordText !== GRAMMAR.host.keyword) return undefined;
    const b = new BuildContext();
    b.declaredLog = [];
    const host = buildHost(b, statement);
    const declared = b.declaredLog;
    if (!host) return undefined;
    // The host's references go where its old ones were (a fresh build adds them in statement order).
    const at = old.references.length > 0 ? references.indexOf(old.references[0]) : -1;
    if (at < 0 && b.references.length > 0) return undefined;
    // The host's definitions go where its old ones were, which lie together, itself first.
    if (old.definitions.length === 0 ? declared.length > 0 : !liesTogether(old.definitions, definitionsInOrder)) return undefined;
    if (!sameDeclarations(declared, old.definitions) && !declaresFreely(declared, old, previous.symbols, at)) return undefined;
    const problems = b.problems.sort(byPosition);
    rebuilt.push({ old, oldStatement: removed[i], statement, record: { kind: 'host', host, definitions: declared, references: b.references, problems } });
  }
  // Two hosts built again may not both add an id: a fresh build would find it defined twice.
  const newIds = new Set<string>();
  for (const { old, record } of rebuilt) {
    const before = new Set(old.definitions.map((element) => element.id));
    for (const element of record.definitions) {
      if (before.has(element.id)) continue;
      if (newIds.has(element.id)) return undefined;
      newIds.add(element.id);
    }
  }
  // The statements the edit replaced are where they were before it.
  const editStart = removed[0].span.start;
  // Only host blocks were replaced, so the links and sessions after them are those of the previous tree.
  if (state.unrecorded.some((statement) => statement.span.start >= editStart)) return undefined;
  // The previous problems are the hosts' (each in its block, which moved with the statement): those
  // before the edit, the replaced hosts' (left out), then those after it.
  const replaced = new Set(rebuilt.flatMap(({ old }) => old.problems));
  const problems: Problem[] = [];
  let next = 0;
  for (; next < previous.problems.length && previous.problems[next].span.start < editStart; next++) problems.push(previous.problems[next]);
  for (const { record } of rebuilt) problems.push(...record.problems);
  for (; next < previous.problems.length; next++) if (!replaced.has(previous.problems[next])) problems.push(previous.problems[next]);

  const hosts = previous.model.hosts.slice();
  let hostProblems = state.hostProblems;
  // The tables are taken over and changed in place, each host's entries where its old ones were
  // (found as each is replaced: one before it may have changed their number).
  for (const { old, oldStatement, statement, record } of rebuilt) {
    hosts[hosts.indexOf(old.host)] = record.host;
    if (old.references.length > 0) references.splice(references.indexOf(old.references[0]), old.references.length, ...record.references);
    if (old.definitions.length > 0) definitionsInOrder.splice(definitionsInOrder.indexOf(old.definitions[0]), old.definitions.length, ...record.definitions);
    replaceEntries(definitions, old.definitions, record.definitions);
    hostProblems += record.problems.length - old.problems.length;
    records.delete(oldStatement as Block);
    records.set(statement, record);
  }
  editStates.set(records, { ...state, statements: after, hostProblems });
  const model = { ...previous.model, hosts };
  // The previous model is taken over: its own link to the one before goes, so that a model keeps
  // only the version before it alive, not every version since the last whole build.
  rebuiltFrom.delete(previous.model);
  if (rebuilt.every(({ old, record }) => old.host.id === record.host.id)) {
    rebuiltFrom.set(model, { previous: previous.model, hosts: rebuilt.map(({ old, record }) => ({ old: old.host, host: record.host })) });
  }
  // The other statements build as before (see above), so they name what they named.
  return { model, problems, symbols: { definitions, definitionsInOrder, references }, namesRevision: previous.namesRevision, records };
}

/** Whether a host declares the same elements as before: the same ids, of the same kinds, in the same order. */
function sameDeclarations(elements: readonly Element[] | undefined, before: readonly Element[]): boolean {
  return elements !== undefined && elements.length === before.length && elements.every((element, i) => element.id === before[i].id && element.kind === before[i].kind);
}

/**
 * Whether a host's new declarations leave the other statements as they built: no other element
 * has an id it adds, and no reference but the host's own (from `at` in the table) names an id it
 * no longer declares as the same kind.
 */
function declaresFreely(elements: readonly Element[], old: HostRecord, symbols: SymbolTable, at: number): boolean {
  const kindBefore = new Map(old.definitions.map((element) => [element.id, element.kind]));
  for (const element of elements) if (!kindBefore.has(element.id) && symbols.definitions.has(element.id)) return false;
  const kindNow = new Map(elements.map((element) => [element.id, element.kind]));
  const dropped = new Set(old.definitions.filter((element) => kindNow.get(element.id) !== element.kind).map((element) => element.id));
  if (dropped.size === 0) return true;
  const ownEnd = at + old.references.length;
  return !symbols.references.some((reference, i) => (i < at || i >= ownEnd) && dropped.has(reference.id));
}

/** Whether `elements` lie one after another in `inOrder`. */
function liesTogether(elements: readonly Element[], inOrder: readonly SymbolDefinition[]): boolean {
  if (elements.length === 0) return true;
  const at = inOrder.indexOf(elements[0]);
  return at >= 0 && elements.every((element, k) => inOrder[at + k] === element);
}

/**
 * The driver: dispatches each statement to its entity's part, in two passes, and keeps the
 * records an editing build replays.
 */
class ModelBuilder {
  private readonly context = new BuildContext();
  private readonly records: Map<Block | LinkNode | SessionNode, EditRecord> | undefined;
  private readonly previousRecords: EditRecords | undefined;
  /**
   * The previous build's names. A record replayed there was checked against them, so they still
   * hold the kind each of its references had when it was made (the first definition of a name wins).
   */
  private readonly previousDefinitions: ReadonlyMap<string, SymbolDefinition> | undefined;
  /** How many problems the recorded hosts reported. */
  private hostProblems = 0;
  /** The links and sessions that got no record. */
  private readonly unrecorded: (LinkNode | SessionNode)[] = [];

  constructor(recording: boolean, previous: ModelResult | undefined) {
    this.records = recording ? new Map() : undefined;
    this.previousRecords = previous?.records;
    this.previousDefinitions = previous?.symbols.definitions;
  }

  build(tree: Document): ModelResult {
    const b = this.context;
    for (const item of tree.items ?? []) {
      if (item.kind === 'block') this.topBlock(item);
      else b.deferred.push(item);
    }
    for (const resolve of b.early) resolve();
    for (const resolve of b.deferred) {
      if (typeof resolve === 'function') resolve();
      else this.connection(resolve);
    }
    makePeersSymmetric(b.model, (id) => b.definitions.get(id) as Switch);
    b.problems.sort(byPosition);
    const result: ModelResult = {
      model: b.model,
      problems: b.problems,
      symbols: { definitions: b.definitions, definitionsInOrder: [...b.definitions.values()], references: b.references },
      namesRevision: ++namesRevisions,
    };
    if (this.records) {
      result.records = this.records;
      editStates.set(this.records, { statements: tree.items, hostProblems: this.hostProblems, unrecorded: this.unrecorded });
    }
    return result;
  }

  private topBlock(block: Block): void {
    const keyword = block.keywordText;
    if (keyword === GRAMMAR.host.keyword) this.host(block);
    else if (keyword === GRAMMAR.switch.keyword) buildSwitch(this.context, block);
    else if (keyword === GRAMMAR.array.keyword) buildArray(this.context, block);
    else if (keyword === GRAMMAR.hostGroup.keyword) buildHostGroup(this.context, block);
    else if (containersOf(keyword).length > 0) {
      const where = containersOf(keyword).map((entity) => GRAMMAR[entity].container).join(' or ');
      this.context.report('unknownEntity', `'${keyword}' blocks belong inside ${where}`, leadingWordSpan(block));
    } else {
      const hint = didYouMean(keyword, TOP_LEVEL_KEYWORDS) || `; expected one of ${TOP_LEVEL_KEYWORDS.join(', ')}`;
      this.context.report('unknownEntity', `unknown keyword '${keyword}'${hint}`, leadingWordSpan(block));
    }
  }

  private host(block: Block): void {
    const b = this.context;
    const record = this.previousRecords?.get(block);
    if (record?.kind === 'host' && this.replayHost(block, record)) return;
    const problems = b.problems.length;
    const references = b.references.length;
    if (this.records) b.declaredLog = [];
    const host = buildHost(b, block);
    const definitions = b.declaredLog;
    b.declaredLog = undefined;
    // A host without a name of its own (none, or a taken one) is built again next time.
    if (!this.records || !definitions || !host) return;
    const own = b.problems.splice(problems).sort(byPosition);
    b.problems.push(...own);
    this.hostProblems += own.length;
    this.records.set(block, { kind: 'host', host, definitions, references: b.references.slice(references), problems: own });
  }

  /** Adds a host exactly as building `block` added it before; false when a name it declares is taken. */
  private replayHost(block: Block, record: HostRecord): boolean {
    const b = this.context;
    for (const definition of record.definitions) if (b.definitions.has(definition.id)) return false;
    const { host } = record;
    for (const element of record.definitions) b.define(element);
    for (const reference of record.references) b.references.push(reference);
    b.model.hosts.push(host);
    b.problems.push(...record.problems);
    this.hostProblems += record.problems.length;
    this.records?.set(block, record);
    return true;
  }

  /**
   * Adds a link or session: from its record when the statement is unchanged and its names resolve
   * as before, else by building it, recording it when it built without a problem.
   */
  private connection(node: LinkNode | SessionNode): void {
    const b = this.context;
    const record = this.previousRecords?.get(node);
    if (record?.kind === 'connection' && this.replayConnection(node, record)) {
      this.addConnection(record.element);
      return;
    }
    if (!this.records) {
      const element = buildConnection(b, node);
      if (element) this.addConnection(element);
      return;
    }
    const problems = b.problems.length;
    const references = b.references.length;
    b.portLog = [];
    const element = buildConnection(b, node);
    const implicitPorts = b.portLog;
    b.portLog = undefined;
    if (element) this.addConnection(element);
    // Only a statement that took a fresh id and built cleanly is added again the same way.
    if (!element || b.problems.length !== problems || b.idUses.get(element.id) !== 1) {
      this.unrecorded.push(node);
      return;
    }
    const added = b.references.slice(references);
    this.records.set(node, {
      kind: 'connection',
      element,
      references: added,
      implicitPorts,
    });
  }

  private addConnection(element: Link | Session): void {
    if (element.kind === 'link') this.context.model.links.push(element);
    else this.context.model.sessions.push(element);
  }

  /** Adds a link or session as building it added it before; false when a name now resolves otherwise. */
  private replayConnection(node: LinkNode | SessionNode, record: ConnectionRecord): boolean {
    const b = this.context;
    const { element } = record;
    if (b.idUses.has(element.id)) return false;
    for (const { id } of record.references) {
      if (b.definitions.get(id)?.kind !== this.previousDefinitions!.get(id)!.kind) return false;
    }
    // A port the link named first is its own definition, not a reference: if something declares
    // it now, the link refers to it instead.
    if (record.implicitPorts.some((port) => b.definitions.has(port.id))) return false;
    // A session's portal must still be an iSCSI port.
    if (element.kind === 'session' && element.connections.some(({ portal }) => isFcPort(b.definitions.get(portal.id)))) return false;
    for (const port of record.implicitPorts) {
      b.definitions.set(port.id, port);
      (b.definitions.get(port.switch) as Switch).ports.push(port);
    }
    b.idUses.set(element.id, 1);
    for (const reference of record.references) b.references.push(reference);
    this.records?.set(node, record);
    return true;
  }
}

function buildConnection(b: BuildContext, node: LinkNode | SessionNode): Link | Session | undefined {
  return node.kind === 'link' ? buildLink(b, node) : buildSession(b, node);
}

function isFcPort(element: Element | undefined): boolean {
  return element?.kind === 'array-port' && element.protocol === 'fc';
}

/** The order of a build's problems: by position, then code. */
function byPosition(x: Problem, y: Problem): number {
  return x.span.start - y.span.start || x.span.end - y.span.end || compare(x.code, y.code);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
