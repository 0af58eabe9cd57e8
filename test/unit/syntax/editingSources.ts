// What the tests of editing (re-parse, model records) share: the designs they edit, and a way to
// list the span objects a structure holds, which must move with the statements they lie in.
import { readdirSync, readFileSync } from 'node:fs';
import { generateTopology } from '../../../bench/generate';
import { LineIndex } from '../../../server/src/syntax/lineIndex';
import { parse } from '../../../server/src/syntax/parser';
import type { ParseResult, Span } from '../../../server/src/syntax/tree';

/** Every example, a generated design with bad hosts, and one whose hosts have model problems of their own. */
export const editingSources = [
  ...readdirSync('examples')
    .filter((name) => name.endsWith('.topo'))
    .map((name) => ({ name, text: readFileSync(`examples/${name}`, 'utf8') })),
  { name: 'a generated design', text: generateTopology({ hosts: 30, seed: 7, badShare: 0.3 }).text },
  // Hundreds of statements: a re-parse meets the runs they move in (syntax/tree.ts) at their ends.
  { name: 'a larger generated design', text: generateTopology({ hosts: 120, seed: 9, badShare: 0.2 }).text },
  {
    name: 'a generated design with mistyped host properties',
    text: generateTopology({ hosts: 20, seed: 8 }).text.replaceAll('multipath mpio', 'multipath mpoi').replaceAll('speed 10G', 'speed 10Q'),
  },
];

/** A version of a document to edit from, as `reparse` takes it. */
export function versionOf(text: string, parsed: ParseResult = parse(text)) {
  return { text, parse: parsed, lineIndex: new LineIndex(text) };
}

/** Every span object reachable from `root`, as often as it is reached. */
export function spanObjects(root: unknown): Span[] {
  const spans: Span[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node instanceof Map) [...node.values()].forEach(visit);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.start === 'number' && typeof record.end === 'number') spans.push(record as unknown as Span);
      Object.values(record).forEach(visit);
    }
  };
  visit(root);
  return spans;
}
