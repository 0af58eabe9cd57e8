// Go to definition: from a name (a reference segment such as `eth0` in `hv01.eth0`) to where the
// element is defined. A switch port never declared in a `port` block goes to its first mention.
import type { Location, Position } from 'vscode-languageserver-types';
import { symbolAt } from '../model/symbols';
import type { DocumentAnalysis } from '../service/languageService';
import { toRange } from '../service/lspConversion';

export function definition(doc: DocumentAnalysis, uri: string, position: Position): Location[] {
  const symbols = doc.modelResult.symbols;
  const found = symbolAt(symbols, doc.lineIndex.offset(position));
  const target = found && symbols.definitions.get(found.id);
  return target ? [{ uri, range: toRange(doc.lineIndex, target.nameSpan) }] : [];
}
