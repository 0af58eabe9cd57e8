// Completion: the keywords and properties allowed in the block around the cursor, snippets (the only source of them) for
// whole entities, the values of a property whose set is fixed (OS names, multipath methods,
// policies, modes, capabilities, on/off, units after a typed number), or names of defined
// entities where a property, link or session refers to them.
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position, type Range } from 'vscode-languageserver-types';
import snippets from '../../../snippets/topo.json';
import { entityOfBlock, GRAMMAR, SUGGESTED_VALUES, TOP_LEVEL_KEYWORDS, UNITS, type EntityName } from '../model/grammar';
import type { Model } from '../model/schema';
import type { DocumentAnalysis } from '../service/languageService';
import { closeBraceOf, openBraceOf, type Block } from '../syntax/tree';

/** The part of a name the user has typed before the cursor (`hv01.`, `sw-a:`, `san01.A.p`); a `--` or `->` before it is no part of it. */
const TYPED_NAME = /[A-Za-z0-9_][A-Za-z0-9_.:/-]*$/;

/**
 * Every item replaces what the user typed of the word at the cursor. An editor's own notion of a
 * word would stop at a trailing `.` or `:` and write `hv01.hv01.eth0`.
 */
export function completion(doc: DocumentAnalysis, position: Position): CompletionItem[] {
  const offset = doc.lineIndex.offset(position);
  const lineStart = doc.lineIndex.offset({ line: position.line, character: 0 });
  const statement = doc.text.slice(lineStart, offset).split(/[{};]/).pop() ?? '';
  const typed = TYPED_NAME.exec(statement)?.[0] ?? '';
  const range: Range = { start: { line: position.line, character: position.character - typed.length }, end: position };
  return candidates(doc, offset, statement, typed).map((item) => ({ ...item, textEdit: { range, newText: item.insertText ?? item.label }, insertText: undefined }));
}

function candidates(doc: DocumentAnalysis, offset: number, statement: string, typed: string): CompletionItem[] {
  const words = statement.trim().split(/\s+/).filter(Boolean);
  const typing = /\S$/.test(statement);
  const block = innermostBlock([...doc.parse.tree.items].filter((item): item is Block => item.kind === 'block'), offset, undefined);
  const spec = block?.entity === undefined ? undefined : GRAMMAR[block.entity];
  const blockKeywords = spec?.blocks.map((child) => GRAMMAR[child].keyword) ?? [];
  const keys = block ? [...Object.keys(spec?.properties ?? {}), ...blockKeywords] : TOP_LEVEL_KEYWORDS;
  const complete = currentProperty(typing ? words.slice(0, -1) : words, block ? keys : []);
  const model = doc.modelResult.model;

  if (complete.length === 0) {
    const keywords = keys.map((key) => ({ label: key, kind: blockKeywords.includes(key) || !block ? CompletionItemKind.Keyword : CompletionItemKind.Property }));
    return [...keywords, ...entitySnippets(keys)];
  }
  const key = complete[0];
  const property = spec && Object.hasOwn(spec.properties, key) ? spec.properties[key] : undefined;
  const units = property && UNITS[property.kind];
  if (units && /^\d+(\.\d+)?$/.test(typed)) return values(units.map((unit) => `${typed}${unit}`), CompletionItemKind.Unit);
  if (key === 'session') return sessionCompletion(model, statement, typed !== '');
  const offered = property && (property.choices ?? SUGGESTED_VALUES[property.kind]);
  if (offered) return values(offered);
  if (key === 'hosts') {
    const hosts = values(model.hosts.map((host) => host.name), CompletionItemKind.Reference);
    // A group maps volumes; it lists hosts only.
    return block?.entity === 'volume' ? [...hosts, ...values(model.hostGroups.map((group) => group.name), CompletionItemKind.Reference)] : hosts;
  }
  if (key === 'stack' || key === 'mlag') return values(model.switches.map((sw) => sw.name), CompletionItemKind.Reference);
  // A LAG's MLAG pair: the LAGs of the other switches.
  if (key === 'peer') {
    const own = switchOf(doc, offset);
    return values(model.switches.filter((sw) => sw.id !== own).flatMap((sw) => sw.lags.map((lag) => lag.id)), CompletionItemKind.Reference);
  }
  if (key === 'link') return values(linkEndpoints(model, typed), CompletionItemKind.Reference);
  if (block && (block.entity === 'team' || block.entity === 'vswitch' || block.entity === 'vmk')) return hostLocalNames(model, block.entity, block.block, key);
  if (block && ((block.entity === 'portal' && key === 'ports') || (block.entity === 'trunk' && key === 'members'))) return arrayLocalPorts(model, block.block);
  return [];
}

/** A portal's ports and a trunk's members: the iSCSI ports of its own array, as `controller.port`. */
function arrayLocalPorts(model: Model, block: Block): CompletionItem[] {
  const array = model.arrays.find((candidate) => block.span.start >= candidate.span.start && block.span.end <= candidate.span.end);
  if (!array) return [];
  const ports = array.controllers.flatMap((controller) => controller.ports.filter((port) => port.protocol === 'iscsi').map((port) => `${controller.name}.${port.name}`));
  return values(ports, CompletionItemKind.Reference);
}

/**
 * Names a team, vSwitch or vmk takes from its own host: NICs for team members and vSwitch uplinks,
 * the vSwitch's uplinks for its standby and a vmk's uplinks when the vmk is on a vSwitch, the host's
 * vSwitches for a vmk's `vswitch`.
 */
function hostLocalNames(model: Model, entity: 'team' | 'vswitch' | 'vmk', block: Block, key: string): CompletionItem[] {
  const host = model.hosts.find((candidate) => block.span.start >= candidate.span.start && block.span.end <= candidate.span.end);
  if (!host) return [];
  const nicNames = host.nics.map((nic) => nic.name);
  const own = [...host.vswitches, ...host.vmks].find((element) => element.span.start === block.span.start);
  if (entity === 'vmk' && key === 'vswitch') return values(host.vswitches.map((vswitch) => vswitch.name), CompletionItemKind.Reference);
  if (entity === 'vmk' && (key === 'active' || key === 'standby')) {
    const vswitch = own?.kind === 'vmk' && own.vswitch ? host.vswitches.find((candidate) => candidate.id === own.vswitch!.id) : undefined;
    return values(vswitch ? vswitch.uplinks.map((ref) => ref.id.slice(host.id.length + 1)) : nicNames, CompletionItemKind.Reference);
  }
  if (entity === 'vswitch' && key === 'standby' && own?.kind === 'vswitch') return values(own.uplinks.map((ref) => ref.id.slice(host.id.length + 1)), CompletionItemKind.Reference);
  if ((entity === 'team' && key === 'members') || (entity === 'vswitch' && (key === 'uplinks' || key === 'standby'))) return values(nicNames, CompletionItemKind.Reference);
  return [];
}

/**
 * The ends a link can name, narrowed by what is typed: `hv01.` → that host's NICs and HBAs,
 * `san01.` → that array's ports, `sw-a:` → that switch's ports not yet cabled, then the next free number.
 */
function linkEndpoints(model: Model, typed: string): string[] {
  const colon = typed.indexOf(':');
  const sw = colon > 0 ? model.switches.find((candidate) => candidate.name === typed.slice(0, colon)) : undefined;
  if (sw) {
    const cabled = new Set(model.links.flatMap((link) => [link.a.ref.id, link.b.ref.id]));
    const highest = sw.ports.reduce((max, port) => (Number.isInteger(Number(port.name)) ? Math.max(max, Number(port.name)) : max), 0);
    const next = `${sw.name}:${highest + 1}`;
    return [...sw.ports.filter((port) => !cabled.has(port.id)).map((port) => port.id), next];
  }
  const owner = typed.split('.')[0];
  const host = typed.includes('.') ? model.hosts.find((candidate) => candidate.name === owner) : undefined;
  if (host) return [...host.nics, ...host.hbas].map((iface) => iface.id);
  const arrayPorts = (names: readonly string[]) => model.arrays.filter((array) => names.includes(array.name)).flatMap((array) => array.controllers.flatMap((controller) => controller.ports.map((port) => port.id)));
  if (typed.includes('.')) return arrayPorts([owner]);
  return [...model.hosts.map((h) => h.name), ...model.switches.map((s) => s.name), ...arrayPorts(model.arrays.map((array) => array.name))];
}

/**
 * The words of the property the cursor is in. Several properties may share a line
 * (`nic eth0 { ip 10.0.0.1/24  speed 10G }`): the last allowed key starts the current one, and once
 * it has its value (no trailing comma) the next word starts a new property.
 */
function currentProperty(complete: string[], keys: readonly string[]): string[] {
  let start = complete.length - 1;
  while (start >= 0 && !keys.includes(complete[start])) start--;
  if (start < 0) return complete;
  const property = complete.slice(start);
  return property.length > 1 && !property[property.length - 1].endsWith(',') ? [] : property;
}

/** Snippets whose entity keyword (the prefix up to its first '-') is allowed where the cursor is. */
function entitySnippets(keys: readonly string[]): CompletionItem[] {
  return Object.entries(snippets)
    .filter(([, snippet]) => keys.includes(snippet.prefix.split('-')[0]))
    .map(([name, snippet]) => ({
      label: snippet.prefix,
      kind: CompletionItemKind.Snippet,
      detail: name,
      documentation: snippet.description,
      insertText: snippet.body.join('\n'),
      insertTextFormat: InsertTextFormat.Snippet,
    }));
}

/**
 * `session HOST -> ARRAY[.VOLUME] via IFACE -> PORTAL, ...`: what the token at the cursor can be,
 * from the tokens before it (host, target, initiator of the host, portal of the target array).
 */
function sessionCompletion(model: Model, statement: string, typing: boolean): CompletionItem[] {
  const tokens = statement.replace(/->/g, ' -> ').replace(/,/g, ' , ').trim().split(/\s+/);
  const before = typing ? tokens.slice(0, -1) : tokens;
  const previous = before[before.length - 1];
  const host = model.hosts.find((candidate) => candidate.name === before[1]);
  const array = model.arrays.find((candidate) => candidate.name === before[3]?.split('.')[0]);
  const afterVia = before.includes('via');
  if (previous === 'session') return values(model.hosts.map((h) => h.name), CompletionItemKind.Reference);
  if (previous === '->' && !afterVia) {
    return values(model.arrays.flatMap((a) => [a.name, ...a.volumes.map((volume) => volume.id)]), CompletionItemKind.Reference);
  }
  if ((previous === 'via' || (previous === ',' && afterVia)) && host) {
    return values([...host.nics, ...host.teams, ...host.vmks].map((iface) => iface.name), CompletionItemKind.Reference);
  }
  if (previous === '->' && afterVia && array) {
    return values([...array.controllers.flatMap((c) => c.ports.map((port) => port.id)), ...array.trunks.map((trunk) => trunk.id), ...array.portals.map((portal) => portal.id)], CompletionItemKind.Reference);
  }
  return [];
}

/** The switch whose block holds `offset`. */
function switchOf(doc: DocumentAnalysis, offset: number): string | undefined {
  return doc.modelResult.model.switches.find((sw) => offset >= sw.span.start && offset <= sw.span.end)?.id;
}

function values(names: readonly string[], kind: CompletionItemKind = CompletionItemKind.EnumMember): CompletionItem[] {
  return names.map((label) => ({ label, kind }));
}

/** The innermost block around `offset`, and which entity of the grammar spec it is (if any). */
function innermostBlock(blocks: Block[], offset: number, parent: EntityName | undefined): { block: Block; entity: EntityName | undefined } | undefined {
  for (const block of blocks) {
    const end = closeBraceOf(block) ?? block.span.end;
    if (offset > openBraceOf(block) && offset <= end) {
      const entity = entityOfBlock(parent, block.keywordText);
      const inner = entity && innermostBlock(block.body.filter((item): item is Block => item.kind === 'block'), offset, entity);
      return inner ?? { block, entity };
    }
  }
  return undefined;
}
