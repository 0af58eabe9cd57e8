// Cabling helpers the switch and controller fixes share: which switch a cable's far end is on,
// a free port number on a switch, and new statement lines written after an existing one.
import type { Endpoint, Link, Session } from '../../model/schema';
import type { Span } from '../../syntax/tree';
import type { FixContext } from './fixContext';
import { eol, indentAt, lineEnd, type SpanEdit } from './textEdits';

/** The switch id of a cable end on a switch (port or bare switch), else undefined. */
export function switchOfEnd(end: Endpoint): string | undefined {
  return end.kind === 'switch' || end.kind === 'switch-port' ? end.switch : undefined;
}

/** The cable joining `endId` (a host interface or array port) to a switch, with that switch. */
export function switchLinks(context: FixContext, endId: string): { link: Link; switchId: string; far: Endpoint }[] {
  return (context.index.linksByEnd.get(endId) ?? []).flatMap((link) => {
    const far = link.a.ref.id === endId ? link.b : link.a;
    const switchId = switchOfEnd(far);
    return switchId ? [{ link, switchId, far }] : [];
  });
}

/** The switches an interface is cabled to. */
export function switchesOf(context: FixContext, endId: string): string[] {
  return [...new Set(switchLinks(context, endId).map((cable) => cable.switchId))];
}

/** The next numbered port of a switch no cable or block names yet (`core1:9` after 1, 7, 8). */
export function freePortName(context: FixContext, switchId: string, taken: ReadonlySet<string> = new Set()): string {
  const sw = context.index.switches.get(switchId);
  const numbers = (sw?.ports ?? []).map((port) => Number(port.name)).filter((n) => Number.isInteger(n));
  let next = Math.max(0, ...numbers) + 1;
  while (taken.has(`${switchId}:${next}`)) next++;
  return String(next);
}

/** Inserts whole lines after the statement at `span`, at its indentation. */
export function insertLinesAfter(text: string, span: Span, lines: readonly string[]): SpanEdit {
  const at = lineEnd(text, span.end);
  const indent = indentAt(text, span.start);
  return { start: at, end: at, newText: lines.map((line) => `${eol(text)}${indent}${line}`).join('') };
}

/** A host's written sessions to one array. */
export function sessionsTo(context: FixContext, hostId: string, arrayId: string): Session[] {
  return context.index.model.sessions.filter((session) => session.host.id === hostId && session.array.id === arrayId);
}

/** Where new links go: after the last link, else after the last top-level statement. */
export function linkAnchor(context: FixContext): Span {
  const links = context.index.model.links;
  if (links.length > 0) return links[links.length - 1].span;
  const items = context.doc.parse.tree.items;
  return items.at(items.length - 1)?.span ?? { start: 0, end: 0 };
}
