// Workspace symbols: every named element of the open documents and of the workspace's `.topo`
// files, matched against the query by subsequence, as editors expect (`hv1` finds `hv01`).
import type { Location, SymbolInformation } from 'vscode-languageserver-types';
import { containerIdOf, type SymbolDefinition } from '../model/symbols';
import type { Span } from '../syntax/tree';
import { SYMBOL_KINDS } from './symbolKinds';

/** The definitions of a file, or of a design of several files, and where a span of them is written. */
export interface SymbolSource {
  definitions: ReadonlyMap<string, SymbolDefinition>;
  locate(span: Span): Location;
}

export function workspaceSymbols(sources: readonly SymbolSource[], query: string): SymbolInformation[] {
  const needle = query.toLowerCase();
  const result: SymbolInformation[] = [];
  for (const source of sources) {
    for (const definition of source.definitions.values()) {
      if (definition.implicit || !isSubsequence(needle, definition.id.toLowerCase())) continue;
      const info: SymbolInformation = {
        name: definition.name,
        kind: SYMBOL_KINDS[definition.kind],
        location: source.locate(definition.nameSpan),
      };
      const containerId = containerIdOf(definition);
      if (containerId !== undefined) info.containerName = containerId;
      result.push(info);
    }
  }
  return result;
}

function isSubsequence(needle: string, haystack: string): boolean {
  let at = 0;
  for (const char of haystack) {
    if (at < needle.length && needle[at] === char) at++;
  }
  return at === needle.length;
}
