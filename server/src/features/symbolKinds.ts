// The LSP symbol kind shown for each kind of element, shared by the outline and workspace symbols.
import { SymbolKind } from 'vscode-languageserver-types';
import type { SymbolKind as ElementKind } from '../model/symbols';

export const SYMBOL_KINDS: Record<ElementKind, SymbolKind> = {
  host: SymbolKind.Class,
  nic: SymbolKind.Field,
  team: SymbolKind.Struct,
  vswitch: SymbolKind.Struct,
  route: SymbolKind.Event,
  vmk: SymbolKind.Field,
  hba: SymbolKind.Field,
  switch: SymbolKind.Interface,
  lag: SymbolKind.Struct,
  'switch-port': SymbolKind.EnumMember,
  array: SymbolKind.Module,
  controller: SymbolKind.Namespace,
  'array-port': SymbolKind.Field,
  trunk: SymbolKind.Struct,
  portal: SymbolKind.Interface,
  volume: SymbolKind.File,
  'host-group': SymbolKind.Array,
};

/** What the element is, shown beside its name: `host`, `array port`. */
export function kindLabel(kind: ElementKind): string {
  return kind.replace('-', ' ');
}
