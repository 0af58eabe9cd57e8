// Which hosts of a new version of a document are unchanged since the previous version, so their
// analysis can be carried over (analysis/carryOver.ts). A keystroke inside one host leaves every
// other statement's text as it was, only moved; comparing the text of each top-level statement
// finds that at the cost of a string comparison, before any analysis runs.
//
// A host is unchanged when its block's text is the same, its name is written once in both
// versions, every statement that is not a host block (switches, arrays, links, sessions) is the
// same, and no cable joins it to another host (the other host might have changed).
import type { Model } from '../model/schema';
import type { Document } from '../syntax/tree';

/** The text of a document's top-level statements, grouped for comparison with the next version. */
export interface StatementTexts {
  /** Every statement but named host blocks, joined. */
  shared: string;
  /** Host name → its block's text; null when several blocks carry the name. */
  hosts: Map<string, string | null>;
}

const SEPARATOR = '\u0000';

export function statementTexts(text: string, tree: Document): StatementTexts {
  const shared: string[] = [];
  const hosts = new Map<string, string | null>();
  for (const item of tree.items) {
    const source = text.slice(item.span.start, item.span.end);
    if (item.kind === 'block' && item.keywordText === 'host' && item.name) {
      const name = item.name.text;
      hosts.set(name, hosts.has(name) ? null : source);
    } else shared.push(source);
  }
  return { shared: shared.join(SEPARATOR), hosts };
}

/** The hosts of `model` (built from the text `next` describes) whose analysis can be carried over. */
export function unchangedHosts(previous: StatementTexts, next: StatementTexts, model: Model): Set<string> {
  const unchanged = new Set<string>();
  if (previous.shared !== next.shared) return unchanged;
  for (const host of model.hosts) {
    const source = next.hosts.get(host.name);
    if (source != null && previous.hosts.get(host.name) === source) unchanged.add(host.id);
  }
  for (const link of model.links) {
    if (link.a.kind !== 'host-interface' || link.b.kind !== 'host-interface') continue;
    unchanged.delete(hostOf(link.a.ref.id));
    unchanged.delete(hostOf(link.b.ref.id));
  }
  return unchanged;
}

/** The host of a host interface id (`host.nic`). */
function hostOf(interfaceId: string): string {
  const dot = interfaceId.indexOf('.');
  return dot < 0 ? interfaceId : interfaceId.slice(0, dot);
}
