// What a quick fix works with: the analysed document, the model's lookup tables, the syntax tree
// node behind each model element, and helpers to write sessions and property updates.
import { modelIndex, type ModelIndex } from '../../analysis/modelIndex';
import type { Session } from '../../model/schema';
import type { Problem } from '../../problem';
import type { DocumentAnalysis } from '../../service/languageService';
import { leadingWordSpan, type Block, type Session as SessionNode, type Span } from '../../syntax/tree';
import { findProperty, insertItems, trailingCommentRemoval, type SpanEdit } from './textEdits';

export interface FixContext {
  doc: DocumentAnalysis;
  text: string;
  index: ModelIndex;
  /** `initiator->portal` id pairs that must not get a session (they could not log in). */
  exclude: ReadonlySet<string>;
  /** The block written at a model element's span. */
  block(element: { span: Span }): Block | undefined;
  sessionNode(session: Session): SessionNode | undefined;
}

/** A quick fix: edits for one problem, or undefined when it does not apply or would be unsafe. */
export interface QuickFix {
  id: string;
  edits(context: FixContext, problem: Problem): SpanEdit[] | undefined;
  /** A title naming what else the fix changes here, when the rule's general title would not say it. */
  title?(context: FixContext, problem: Problem): string | undefined;
}

export function fixContext(doc: DocumentAnalysis, exclude: ReadonlySet<string> = new Set()): FixContext {
  const blocks = new Map<number, Block>();
  const sessions = new Map<number, SessionNode>();
  const visit = (block: Block): void => {
    blocks.set(block.span.start, block);
    for (const item of block.body) if (item.kind === 'block') visit(item);
  };
  for (const item of doc.parse.tree.items) {
    if (item.kind === 'block') visit(item);
    else if (item.kind === 'session') sessions.set(item.span.start, item);
  }
  return {
    doc,
    text: doc.text,
    index: modelIndex(doc.modelResult.model),
    exclude,
    block: (element) => blocks.get(element.span.start),
    sessionNode: (session) => sessions.get(session.span.start),
  };
}

export function connectionKey(initiator: string, portal: string): string {
  return `${initiator}->${portal}`;
}

/** `session hv01 -> eonstor.vms via eth0 -> eonstor.A.ch0` */
export function sessionLine(host: string, target: string, initiatorName: string, portalId: string): string {
  return `session ${host} -> ${target} via ${initiatorName} -> ${portalId}`;
}

/** The target as written in a session (`eonstor` or `eonstor.vms`). */
export function sessionTarget(context: FixContext, session: Session): string {
  const node = context.sessionNode(session);
  return node?.target?.text ?? (session.volume ? session.volume.id : session.array.id);
}

/**
 * Sets several properties of one block at once: existing ones are replaced in place (a comment
 * ending the line goes with the old value), missing ones inserted together (one insertion point,
 * so the edits never collide).
 */
export function updateBlock(text: string, block: Block, properties: ReadonlyArray<readonly [string, string]>): SpanEdit[] {
  const edits: SpanEdit[] = [];
  const missing: string[] = [];
  for (const [key, value] of properties) {
    const existing = findProperty(block, key);
    if (existing && existing.values.length > 0) {
      const end = existing.values[existing.values.length - 1].span.end;
      edits.push({ start: existing.values[0].span.start, end, newText: value });
      const comment = trailingCommentRemoval(text, end);
      if (comment) edits.push(comment);
    } else if (existing) {
      edits.push({ start: leadingWordSpan(existing).end, end: leadingWordSpan(existing).end, newText: ` ${value}` });
    } else {
      missing.push(`${key} ${value}`);
    }
  }
  if (missing.length > 0) edits.push(insertItems(text, block, missing));
  return edits;
}

/** The iSCSI portals of an array: ports with an address, and trunks with an address. */
export function portalsOf(context: FixContext, arrayId: string): { id: string; ips: { subnet: string }[] }[] {
  const array = context.index.arrays.get(arrayId);
  if (!array) return [];
  return [
    ...array.controllers.flatMap((controller) => controller.ports.filter((port) => port.protocol === 'iscsi' && port.ips.length > 0)),
    ...array.trunks.filter((trunk) => trunk.ips.length > 0),
  ];
}

