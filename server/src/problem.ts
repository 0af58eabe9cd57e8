// A problem found in a document, by any stage: lexer, parser, model builder or a rule.
// Stages report problems with spans (character offsets); the language service turns them into
// LSP diagnostics and the CLI into lines and columns.
import type { Span } from './syntax/tree';
import { firstIndex } from './firstIndex';

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedLocation {
  span: Span;
  message: string;
}

export interface Problem {
  /** Stable code: TOPO1xx lexer, TOPO2xx parser, TOPO3xx model, or a rule id such as `single-switch`. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedLocation[];
  /** The element is unused or redundant (shown faded by editors). */
  unnecessary?: boolean;
  /** Facts a quick fix needs (ids of the team, host, switch involved), passed through untouched. */
  data?: Record<string, string>;
}

/** Whether two problems say the same thing, wherever they point. */
export function sameProblem(a: Problem, b: Problem): boolean {
  if (a === b) return true;
  if (a.code !== b.code || a.severity !== b.severity || a.message !== b.message || a.unnecessary !== b.unnecessary || !sameData(a.data, b.data)) return false;
  const related = a.related ?? [];
  const other = b.related ?? [];
  return related.length === other.length && related.every((location, i) => location.message === other[i]!.message);
}

/** Whether two problems point at the same places (spans and related spans). */
export function samePlaces(a: Problem, b: Problem): boolean {
  if (!sameSpan(a.span, b.span)) return false;
  const related = a.related ?? [];
  const other = b.related ?? [];
  return related.length === other.length && related.every((location, i) => sameSpan(location.span, other[i]!.span));
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/** Whether two problems' `data` hold the same facts. */
export function sameData(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** `list` without the items of `removed`, in order. */
export function withoutItems<T>(list: readonly T[], removed: ReadonlySet<T>): T[] {
  // Made at its length and cut to what is left (see `mergedSorted`).
  const result = new Array<T>(list.length);
  let at = 0;
  for (const item of list) if (!removed.has(item)) result[at++] = item;
  result.length = at;
  return result;
}

/**
 * `list`, sorted by `compare`, without the items of `removed`. Each removed item is found by
 * halving, then by identity among the items equal to it, and the runs between are copied, so an
 * edit's few problems are not looked up once per problem of the design. When one is not found
 * there (the problems of a statement an edit replaced keep the offsets they had, which the moved
 * statements after it may have passed), every item is looked up instead.
 */
export function withoutSorted<T>(list: readonly T[], removed: ReadonlySet<T>, compare: (a: T, b: T) => number): T[] {
  const places: number[] = [];
  for (const item of removed) {
    let place = firstIndex(list, (other) => compare(other, item) >= 0);
    while (place < list.length && list[place] !== item && compare(list[place]!, item) === 0) place++;
    if (list[place] !== item) return withoutItems(list, removed);
    places.push(place);
  }
  places.sort((a, b) => a - b);
  const result = new Array<T>(list.length - places.length);
  let at = 0;
  let from = 0;
  for (const place of places) {
    while (from < place) result[at++] = list[from++]!;
    from = place + 1;
  }
  while (from < list.length) result[at++] = list[from++]!;
  return result;
}

/**
 * Two lists, each sorted by `compare`, as one sorted list; at a tie the first list's item comes
 * first. Each item of the shorter list finds its place in the longer by halving, so that merging an
 * edit's few problems into a design's many compares a few of them, not every one.
 */
export function mergedSorted<T>(first: readonly T[], second: readonly T[], compare: (a: T, b: T) => number): readonly T[] {
  const fewFirst = first.length < second.length;
  const few = fewFirst ? first : second;
  const many = fewFirst ? second : first;
  if (few.length === 0) return many;
  // Made at its length: a list grown by pushes is copied as it grows, and a design's is long.
  const result = new Array<T>(first.length + second.length);
  let at = 0;
  let from = 0;
  for (const item of few) {
    const place = fewFirst ? firstIndex(many, (other) => compare(other, item) >= 0, from) : firstIndex(many, (other) => compare(item, other) < 0, from);
    while (from < place) result[at++] = many[from++]!;
    result[at++] = item;
  }
  while (from < many.length) result[at++] = many[from++]!;
  return result;
}
