// What changed between two diagram models of one document, so that the preview is sent that
// instead of the whole model (2 MB at 5,000 hosts) after every pause in typing. Text typed or
// deleted moves the spans of everything after it: one shift (`at`, `by`) says so for all of
// them, and only the elements that changed otherwise are listed, by key (an element's id, a
// pair's host and volume), with the new order of the keys when elements came, went or moved. A
// patch of a whitespace or comment edit is therefore the shift alone, and an edit that changes
// nothing is empty. Pure and free of Node imports: the server makes patches, the webview applies
// them.
import * as z from 'zod/mini';
import {
  DiagramEdgeSchema,
  DiagramNodeSchema,
  DiagramPairSchema,
  DiagramPathSchema,
  DiagramPortSchema,
  type DiagramModel,
  type DiagramPair,
  type DiagramSpan,
} from './schema';

/** The spans after `at` (an offset in the previous text) move by `by`: see moveSpan. */
export const SpanShiftSchema = z.object({ at: z.int().check(z.nonnegative()), by: z.int() });

/**
 * The elements of one kind: each `changed` element replaces the one with its key, or is new;
 * `keys`, when elements came, went or moved, is the new list of keys in order (the others are
 * the previous elements with those keys).
 */
function elementsPatch<T extends z.core.$ZodType>(element: T) {
  return z.object({ changed: z.array(element), keys: z.optional(z.array(z.string())) });
}

/** Absent parts are unchanged (after the shift). */
export const DiagramPatchSchema = z.object({
  shift: z.optional(SpanShiftSchema),
  nodes: z.optional(elementsPatch(DiagramNodeSchema)),
  ports: z.optional(elementsPatch(DiagramPortSchema)),
  edges: z.optional(elementsPatch(DiagramEdgeSchema)),
  paths: z.optional(elementsPatch(DiagramPathSchema)),
  pairs: z.optional(elementsPatch(DiagramPairSchema)),
});

export type SpanShift = z.infer<typeof SpanShiftSchema>;
export type DiagramPatch = z.infer<typeof DiagramPatchSchema>;

/**
 * A span after the shift: a start at or after `at` moves, an end moves when it lies after `at`
 * (text inserted right after a token does not become part of it), an empty span moves as a point.
 */
export function moveSpan(span: DiagramSpan, shift: SpanShift | undefined): DiagramSpan {
  if (shift === undefined) return span;
  const start = span.start >= shift.at ? span.start + shift.by : span.start;
  const end = span.end > shift.at || (span.end === span.start && span.start >= shift.at) ? span.end + shift.by : span.end;
  return { start, end };
}

/** Equality of JSON-like values; an absent property equals one set to undefined. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return sameProperties(a as Record<string, unknown>, b as Record<string, unknown>, undefined);
}

function sameProperties(a: Record<string, unknown>, b: Record<string, unknown>, shift: SpanShift | undefined): boolean {
  for (const key in a) {
    if (key === 'span' && shift !== undefined && a.span !== undefined && b.span !== undefined) {
      const span = moveSpan(a.span as DiagramSpan, shift);
      const other = b.span as DiagramSpan;
      if (span.start !== other.start || span.end !== other.end) return false;
    } else if (!same(a[key], b[key])) {
      return false;
    }
  }
  for (const key in b) if (!(key in a) && b[key] !== undefined) return false;
  return true;
}

/** Nodes, ports and edges have spans; paths and pairs none. */
type Element = object & { span?: DiagramSpan };
type ElementsPatch<T> = { changed: T[]; keys?: string[] };

const byId = (element: { id: string }) => element.id;
/** A host draws one pair per volume. */
const pairKey = (pair: DiagramPair) => `${pair.host}\n${pair.volume}`;

function diffElements<T extends Element>(before: T[], after: T[], key: (element: T) => string, shift: SpanShift | undefined): ElementsPatch<T> | undefined {
  const sameKeys = before.length === after.length && before.every((element, i) => key(element) === key(after[i]!));
  if (sameKeys) {
    const changed = after.filter((element, i) => !sameProperties(before[i]! as Record<string, unknown>, element as Record<string, unknown>, shift));
    return changed.length === 0 ? undefined : { changed };
  }
  const earlier = new Map(before.map((element) => [key(element), element]));
  const changed = after.filter((element) => {
    const old = earlier.get(key(element));
    return old === undefined || !sameProperties(old as Record<string, unknown>, element as Record<string, unknown>, shift);
  });
  return { changed, keys: after.map(key) };
}

/** The patch that turns `before` into `after`, given how the text moved between them. */
export function diffDiagram(before: DiagramModel, after: DiagramModel, shift: SpanShift | undefined): DiagramPatch {
  const patch: DiagramPatch = {};
  if (shift !== undefined) patch.shift = shift;
  const nodes = diffElements(before.nodes, after.nodes, byId, shift);
  if (nodes !== undefined) patch.nodes = nodes;
  const ports = diffElements(before.ports, after.ports, byId, shift);
  if (ports !== undefined) patch.ports = ports;
  const edges = diffElements(before.edges, after.edges, byId, shift);
  if (edges !== undefined) patch.edges = edges;
  const paths = diffElements(before.paths, after.paths, byId, shift);
  if (paths !== undefined) patch.paths = paths;
  const pairs = diffElements(before.pairs, after.pairs, pairKey, shift);
  if (pairs !== undefined) patch.pairs = pairs;
  return patch;
}

/** Whether the patch changes what is drawn: anything but the spans. */
export function changesDrawing(patch: DiagramPatch): boolean {
  return Object.keys(patch).some((key) => key !== 'shift');
}

/** A span moved by each of `shifts` in turn. */
export function moveSpanBy(span: DiagramSpan, shifts: readonly SpanShift[]): DiagramSpan {
  let moved = span;
  for (const shift of shifts) moved = moveSpan(moved, shift);
  return moved;
}

function applyElements<T extends Element>(before: T[], patch: ElementsPatch<T> | undefined, key: (element: T) => string, shifts: readonly SpanShift[]): T[] | undefined {
  const moved = (element: T) => (shifts.length === 0 || element.span === undefined ? element : { ...element, span: moveSpanBy(element.span, shifts) });
  const replaced = new Map(patch?.changed.map((element) => [key(element), element]));
  if (patch?.keys === undefined) {
    const result = before.map((element) => {
      const next = replaced.get(key(element));
      if (next === undefined) return moved(element);
      replaced.delete(key(element));
      return next;
    });
    // A changed element the previous model did not have: the patch was made against another model.
    return replaced.size === 0 ? result : undefined;
  }
  const earlier = new Map(before.map((element) => [key(element), element]));
  const result: T[] = [];
  for (const each of patch.keys) {
    const next = replaced.get(each);
    const old = next === undefined ? earlier.get(each) : undefined;
    // A key neither sent nor held: the patch was made against another model.
    if (next === undefined && old === undefined) return undefined;
    result.push(next ?? moved(old!));
  }
  return result;
}

/**
 * `before` with `patch` applied, its spans first moved by `pending` (the shifts of patches taken
 * but not yet applied, oldest first); undefined when the patch does not fit it (made against
 * another model).
 */
export function applyDiagramPatch(before: DiagramModel, patch: DiagramPatch, pending: readonly SpanShift[] = []): DiagramModel | undefined {
  const shifts = patch.shift === undefined ? pending : [...pending, patch.shift];
  const nodes = applyElements(before.nodes, patch.nodes, byId, shifts);
  const ports = applyElements(before.ports, patch.ports, byId, shifts);
  const edges = applyElements(before.edges, patch.edges, byId, shifts);
  const paths = applyElements(before.paths, patch.paths, byId, shifts);
  const pairs = applyElements(before.pairs, patch.pairs, pairKey, shifts);
  if (nodes === undefined || ports === undefined || edges === undefined || paths === undefined || pairs === undefined) return undefined;
  return { nodes, ports, edges, paths, pairs };
}

/**
 * A diagram as whoever takes patches holds it: `model`, its spans still to be moved by `shifts`
 * (oldest first). A patch that only moves spans adds its shift, so taking it costs nothing however
 * large the diagram; the spans are moved in one pass when they are read (`shiftedModel`) or when a
 * patch that changes the drawing is applied.
 */
export interface HeldDiagram {
  readonly model: DiagramModel;
  readonly shifts: readonly SpanShift[];
}

export function heldDiagram(model: DiagramModel): HeldDiagram {
  return { model, shifts: [] };
}

/** `held` with `patch` taken; undefined when the patch does not fit it (made against another model). */
export function takePatch(held: HeldDiagram, patch: DiagramPatch): HeldDiagram | undefined {
  if (!changesDrawing(patch)) return patch.shift === undefined ? held : { model: held.model, shifts: [...held.shifts, patch.shift] };
  const model = applyDiagramPatch(held.model, patch, held.shifts);
  return model && heldDiagram(model);
}

/** The held diagram's model with its spans moved. */
export function shiftedModel(held: HeldDiagram): DiagramModel {
  return held.shifts.length === 0 ? held.model : applyDiagramPatch(held.model, {}, held.shifts)!;
}
