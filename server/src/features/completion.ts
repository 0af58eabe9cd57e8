// Completion: the keywords and properties allowed in the block around the cursor, and the values
// of a property whose set is fixed (OS names, multipath methods, policies, modes, capabilities,
// on/off), or names of defined entities where the property refers to them.
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver-types';
import { KNOWN_OS_NAMES } from '../model/os';
import { PolicySchema } from '../model/schema';
import type { DocumentAnalysis } from '../service/languageService';
import type { Block } from '../syntax/tree';

const TOP_LEVEL = ['host', 'switch', 'array', 'link', 'session'];
const ALLOWED: Record<string, string[]> = {
  host: ['os', 'iqn', 'multipath', 'policy', 'arp-filter', 'nic', 'team', 'vmk', 'hba'],
  nic: ['ip', 'speed', 'mtu', 'vlan', 'card'],
  team: ['members', 'mode', 'ip', 'mtu', 'vlan'],
  vmk: ['ip', 'mtu', 'vlan', 'active', 'standby', 'bound'],
  hba: ['wwpn', 'speed', 'card'],
  switch: ['model', 'mtu', 'vlans', 'stack', 'mlag', 'routing', 'fabric', 'lag', 'port'],
  lag: ['ports', 'mode'],
  array: ['model', 'capabilities', 'controller', 'trunk', 'volume'],
  controller: ['port'],
  port: ['ip', 'speed', 'mtu', 'vlan', 'wwpn'],
  trunk: ['members', 'mode', 'ip', 'mtu', 'vlan'],
  volume: ['size', 'owner', 'hosts', 'lun'],
};
const BLOCK_KEYWORDS = new Set(['host', 'nic', 'team', 'vmk', 'hba', 'switch', 'lag', 'port', 'array', 'controller', 'trunk', 'volume']);
const VALUES: Record<string, readonly string[]> = {
  os: KNOWN_OS_NAMES,
  multipath: ['mpio', 'mcs', 'none'],
  policy: PolicySchema.options,
  'arp-filter': ['on', 'off'],
  bound: ['on', 'off'],
  routing: ['on', 'off'],
  capabilities: ['mcs', 'alua'],
  speed: ['1G', '10G', '25G', '40G', '100G', '16G', '32G'],
  mtu: ['1500', '9000', '9216'],
  size: ['500G', '1T', '4T', '8T'],
};

export function completion(doc: DocumentAnalysis, position: Position): CompletionItem[] {
  const offset = doc.lineIndex.offset(position);
  const lineStart = doc.lineIndex.offset({ line: position.line, character: 0 });
  const statement = doc.text.slice(lineStart, offset).split(/[{};]/).pop() ?? '';
  const words = statement.trim().split(/\s+/).filter(Boolean);
  const typing = /\S$/.test(statement);
  const complete = typing ? words.slice(0, -1) : words;
  const block = innermostBlock(doc.parse.tree.items.filter((item): item is Block => item.kind === 'block'), offset);
  const model = doc.modelResult.model;

  if (complete.length === 0) {
    const keys = block ? (ALLOWED[block.keyword.text] ?? []) : TOP_LEVEL;
    return keys.map((key) => ({ label: key, kind: BLOCK_KEYWORDS.has(key) || !block ? CompletionItemKind.Keyword : CompletionItemKind.Property }));
  }
  const key = complete[0];
  if (key === 'mode') {
    const modes = block?.keyword.text === 'team' ? ['lacp', 'static', 'switch-independent'] : ['lacp', 'static'];
    return values(modes);
  }
  if (VALUES[key]) return values(VALUES[key]);
  if (key === 'hosts' || key === 'session') return values(model.hosts.map((host) => host.name), CompletionItemKind.Reference);
  if (key === 'stack' || key === 'mlag') return values(model.switches.map((sw) => sw.name), CompletionItemKind.Reference);
  if (key === 'link') {
    const prefix = typing ? words[words.length - 1] : '';
    const dot = prefix.lastIndexOf('.');
    const host = dot > 0 ? model.hosts.find((candidate) => candidate.name === prefix.slice(0, dot)) : undefined;
    if (host) return values([...host.nics, ...host.hbas].map((iface) => iface.id), CompletionItemKind.Reference);
    return values([...model.hosts.map((h) => h.name), ...model.switches.map((s) => s.name), ...model.arrays.flatMap((a) => a.controllers.flatMap((c) => c.ports.map((p) => p.id)))], CompletionItemKind.Reference);
  }
  return [];
}

function values(names: readonly string[], kind: CompletionItemKind = CompletionItemKind.EnumMember): CompletionItem[] {
  return names.map((label) => ({ label, kind }));
}

function innermostBlock(blocks: Block[], offset: number): Block | undefined {
  for (const block of blocks) {
    const end = block.close?.start ?? block.span.end;
    if (offset > block.open.start && offset <= end) {
      const inner = innermostBlock(block.body.filter((item): item is Block => item.kind === 'block'), offset);
      return inner ?? block;
    }
  }
  return undefined;
}
