// The symbol table: every named element's definition and every place a name refers to one.
// Editor features (definition, references, rename, outline, highlight) read only this.
import { offsetsOf, type Span } from '../syntax/tree';

export type SymbolKind =
  | 'host'
  | 'nic'
  | 'team'
  | 'vswitch'
  | 'vmk'
  | 'hba'
  | 'route'
  | 'switch'
  | 'lag'
  | 'switch-port'
  | 'array'
  | 'controller'
  | 'array-port'
  | 'trunk'
  | 'portal'
  | 'volume'
  | 'host-group';

/**
 * A named element where it is declared. A built table's definitions are the model's elements
 * themselves (schema.ts), each of which has these fields; a detached one has only these.
 */
export interface SymbolDefinition {
  /** The model id (`hv01`, `hv01.eth0`, `core1:7`, `eonstor.A.ch0`). */
  id: string;
  kind: SymbolKind;
  name: string;
  nameSpan: Span;
  /** The whole block; for a switch port never declared in a `port` block, its first mention. */
  span: Span;
  /** A switch port that exists only because a LAG or link names it: its "definition" is that first mention. */
  implicit?: boolean;
}

/**
 * Id of the element a definition is declared in; undefined for hosts, switches and arrays. The id
 * says it (schema.ts): `hv01.eth0` is in `hv01`, `eonstor.A.ch0` in `eonstor.A`, and a switch's
 * ports and LAGs follow a ':' (`core1:Ethernet1.7` is in `core1`; a port name may hold dots, a
 * switch name cannot). An array port's name may hold colons after the dots of its path
 * (`primera.node0.0:2:1` is in `primera.node0`).
 */
export function containerIdOf(definition: SymbolDefinition): string | undefined {
  const { id } = definition;
  const colon = id.indexOf(':');
  const firstDot = id.indexOf('.');
  if (colon >= 0 && (firstDot < 0 || colon < firstDot)) return id.slice(0, colon);
  const dot = id.lastIndexOf('.');
  return dot >= 0 ? id.slice(0, dot) : undefined;
}

/**
 * Shaped as the model's `Ref`: where both name the same span, the builder gives an element the
 * reference it records rather than a copy.
 */
export interface SymbolReference {
  /** The id of the element referred to. */
  id: string;
  /** Exactly the referring name segment: in `hv01.eth0`, `hv01` refers to the host, `eth0` to the NIC. */
  span: Span;
}

export interface SymbolTable {
  /** By id, to look up: an editing build updates it in place, so its order is not the source's. */
  definitions: Map<string, SymbolDefinition>;
  /** The same definitions in source order of definition: a host's lie together, itself first. */
  definitionsInOrder: SymbolDefinition[];
  /** In source order. Never includes a definition's own name. */
  references: SymbolReference[];
}

/**
 * A copy of a table's definitions that holds offsets only, for what outlives the document's
 * version (workspace symbols). A built table's definitions are model elements and their spans
 * lie in the syntax tree's statements, which the next version's re-parse moves; kept after their document
 * is gone, they would also keep the model and the whole tree alive.
 */
export function detachedDefinitions(symbols: SymbolTable): Map<string, SymbolDefinition> {
  const definitions = new Map<string, SymbolDefinition>();
  for (const { id, kind, name, nameSpan, span, implicit } of symbols.definitionsInOrder) {
    const detached: SymbolDefinition = { id, kind, name, nameSpan: offsetsOf(nameSpan), span: offsetsOf(span) };
    if (implicit) detached.implicit = true;
    definitions.set(id, detached);
  }
  return definitions;
}

/** Human name of a kind, with its article, for messages: "a NIC", "an array port". */
export function describeKind(kind: SymbolKind): string {
  return KIND_NAMES[kind];
}

const KIND_NAMES: Record<SymbolKind, string> = {
  host: 'a host',
  nic: 'a NIC',
  team: 'a team',
  vswitch: 'a vSwitch',
  vmk: 'a VMkernel port',
  hba: 'an HBA',
  route: 'a route',
  switch: 'a switch',
  lag: 'a LAG',
  'switch-port': 'a switch port',
  array: 'an array',
  controller: 'a controller',
  'array-port': 'an array port',
  trunk: 'a trunk',
  portal: 'a portal',
  volume: 'a volume',
  'host-group': 'a host group',
};

/** The symbol whose name (definition or reference) covers `offset`, with that name's span. */
export function symbolAt(
  table: SymbolTable,
  offset: number,
): { id: string; span: Span; isDefinition: boolean } | undefined {
  for (const definition of table.definitionsInOrder) {
    if (contains(definition.nameSpan, offset)) {
      return { id: definition.id, span: definition.nameSpan, isDefinition: true };
    }
  }
  for (const reference of table.references) {
    if (contains(reference.span, offset)) return { id: reference.id, span: reference.span, isDefinition: false };
  }
  return undefined;
}

/** Every span naming `id`: its definition's name first (when it has one), then its references. */
export function occurrencesOf(table: SymbolTable, id: string): Span[] {
  const spans: Span[] = [];
  const definition = table.definitions.get(id);
  if (definition) spans.push(definition.nameSpan);
  for (const reference of table.references) {
    if (reference.id === id) spans.push(reference.span);
  }
  return spans;
}

/** Ends are inclusive so a cursor just after a name still finds it. */
function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}
