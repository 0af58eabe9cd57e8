// Rename: the definition and every reference, path segments included (`hv01.eth0` → `hv01.nic0`).
// A new name must be a valid name for that kind of element and must not clash with a sibling.
import type { Position, Range, WorkspaceEdit } from 'vscode-languageserver-types';
import { containerIdOf, describeKind, symbolAt, occurrencesOf, type SymbolDefinition } from '../model/symbols';
import type { DocumentAnalysis } from '../service/languageService';
import { toRange } from '../service/lspConversion';

/** Names are idents; switch ports are named by whatever the switch calls them (`Ethernet1/7`). */
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const SWITCH_PORT = /^[A-Za-z0-9_][A-Za-z0-9_\-/]*$/;
/** Array ports as the array names them (`0:2:1`, `ETH4`). */
const ARRAY_PORT = /^[A-Za-z0-9_][A-Za-z0-9_:-]*$/;

export function prepareRename(doc: DocumentAnalysis, position: Position): { range: Range; placeholder: string } | null {
  const found = symbolAt(doc.modelResult.symbols, doc.lineIndex.offset(position));
  if (!found || !doc.modelResult.symbols.definitions.has(found.id)) return null;
  return { range: toRange(doc.lineIndex, found.span), placeholder: doc.text.slice(found.span.start, found.span.end) };
}

export type RenameResult = { edit: WorkspaceEdit } | { error: string };

export function rename(doc: DocumentAnalysis, uri: string, position: Position, newName: string): RenameResult | null {
  const symbols = doc.modelResult.symbols;
  const found = symbolAt(symbols, doc.lineIndex.offset(position));
  const target = found && symbols.definitions.get(found.id);
  if (!target) return null;
  const problem = invalidName(doc, target, newName);
  if (problem) return { error: problem };
  const edits = occurrencesOf(symbols, target.id).map((span) => ({ range: toRange(doc.lineIndex, span), newText: newName }));
  return { edit: { changes: { [uri]: edits } } };
}

/** Why `newName` cannot name `target`, or undefined when it can. */
export function invalidName(doc: DocumentAnalysis, target: SymbolDefinition, newName: string): string | undefined {
  const pattern = target.kind === 'switch-port' ? SWITCH_PORT : target.kind === 'array-port' ? ARRAY_PORT : IDENT;
  if (!pattern.test(newName)) {
    if (target.kind === 'switch-port') return `'${newName}' is not a valid switch port name: use letters, digits, '_', '-' and '/'`;
    if (target.kind === 'array-port') return `'${newName}' is not a valid array port name: use letters, digits, '_', '-' and ':'`;
    return `'${newName}' is not a valid name: start with a letter or '_', then letters, digits, '_' or '-'`;
  }
  if (newName === target.name) return undefined;
  const containerId = containerIdOf(target);
  for (const other of doc.modelResult.symbols.definitionsInOrder) {
    if (other.id !== target.id && other.name === newName && containerIdOf(other) === containerId) {
      return `cannot rename ${describeKind(target.kind)} to '${newName}': ${describeKind(other.kind)} of that name already exists here`;
    }
  }
  return undefined;
}
