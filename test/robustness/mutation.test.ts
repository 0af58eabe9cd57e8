// Hostile and half-typed input through every pure stage: the example files mutated (deleted,
// duplicated, swapped and truncated lines, random tokens and bytes, huge numbers, deep nesting,
// 1 MB lines) and generated topologies go through the lexer, parser, model, analyses and rules
// (via analyzeDocument), N-1 simulation, the formatter, fix-all and the diagram model. None may
// throw, and each case must finish within a bound. FC_RUNS=<n> runs more cases than CI does.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { simulateFailure } from '../../server/src/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/config/schema';
import { buildDiagram } from '../../server/src/diagram/build';
import { fixAll } from '../../server/src/features/codeActions';
import { formatTree } from '../../server/src/features/formatting';
import { analyzeDocument } from '../../server/src/service/languageService';
import { scan } from '../../server/src/syntax/lexer';
import { generateTopology } from '../../bench/generate';

const RUNS = Number(process.env.FC_RUNS ?? 60);
/**
 * A hang guard per case, not a speed check (the benchmark measures speed): real cases take a few
 * milliseconds, the 1 MB ones about a second, and a busy two-core machine stretches them severalfold.
 */
const CASE_BOUND_MS = 10_000;

const examplesDir = path.resolve(import.meta.dirname, '../../examples');
const EXAMPLES = readdirSync(examplesDir)
  .filter((name) => name.endsWith('.topo'))
  .sort()
  .map((name) => readFileSync(path.join(examplesDir, name), 'utf8'));

const TOKENS = [
  'host', 'switch', 'array', 'controller', 'port', 'volume', 'link', 'session', 'team', 'nic', 'lag',
  '{', '}', '--', '->', '.', ':', ',', '"', '#', 'via', 'members', 'mode', 'lacp', 'ip', 'speed',
  'mtu', 'owner', 'hosts', 'stack', 'mlag', 'multipath', 'mpio', 'mcs', 'policy', '10.0.0.1/24',
  '::1/128', '999.999.999.999/99', '10G', '4T', '0G', '-1', '\n', '\r\n', '\t', '\u0000', '\u202e',
  '\u200b', '\ud800', '🙂', '99999999999999999999999999999999G', '1e400', 'NaN', '__proto__', 'constructor',
];

const HUGE_NUMBERS = ['9'.repeat(400), '1'.repeat(40) + 'T', `${Number.MAX_SAFE_INTEGER}9G`, '1e308G', '0x7fffffff', '4294967296'];

type Mutation = (text: string) => string;

const lines = (text: string) => text.split('\n');
const at = (length: number, fraction: number) => Math.floor(fraction * (length + 1));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 6 })).map(([where, count]): Mutation => (text) => {
    const all = lines(text);
    all.splice(at(all.length, where), count);
    return all.join('\n');
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 12 })).map(([where, count]): Mutation => (text) => {
    const all = lines(text);
    const start = at(all.length, where);
    all.splice(start, 0, ...all.slice(start, start + count));
    return all.join('\n');
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, b]): Mutation => (text) => {
    const all = lines(text);
    const i = Math.min(all.length - 1, at(all.length, a));
    const j = Math.min(all.length - 1, at(all.length, b));
    [all[i], all[j]] = [all[j]!, all[i]!];
    return all.join('\n');
  }),
  fc.double({ min: 0, max: 1, noNaN: true }).map((where): Mutation => (text) => text.slice(0, at(text.length, where))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 8 })).map(
    ([where, tokens]): Mutation => (text) => {
      const i = at(text.length, where);
      return `${text.slice(0, i)} ${tokens.join(' ')} ${text.slice(i)}`;
    },
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ unit: 'binary', maxLength: 40 })).map(([where, bytes]): Mutation => (text) => {
    const i = at(text.length, where);
    return text.slice(0, i) + bytes + text.slice(i);
  }),
  fc.constantFrom(...HUGE_NUMBERS).map((number): Mutation => (text) => text.replace(/\b\d+(?=[GT]?\b)/g, number)),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 3000 }), fc.constantFrom('{', 'host h {', '{ }', '}')).map(
    ([where, depth, opener]): Mutation => (text) => {
      const i = at(text.length, where);
      return text.slice(0, i) + opener.repeat(depth) + text.slice(i);
    },
  ),
);

const mutatedExample = fc.tuple(fc.integer({ min: 0, max: EXAMPLES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 5 })).map(
  ([index, mutations]) => mutations.reduce((text, mutate) => mutate(text), EXAMPLES[index]!),
);

/** Every pure stage on one text; returns how long it took. */
function throughEveryStage(text: string, options: { fixes: boolean }): number {
  const start = performance.now();
  scan(text);
  const doc = analyzeDocument(text, DEFAULT_SETTINGS);
  for (const component of doc.analysis.components) simulateFailure(doc.analysis, component.id);
  formatTree(text, doc.parse.tree);
  buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: true });
  buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: false });
  if (options.fixes) fixAll(doc, (next) => analyzeDocument(next, DEFAULT_SETTINGS));
  return performance.now() - start;
}

function assertBounded(text: string, options: { fixes: boolean }, boundMs = CASE_BOUND_MS): void {
  const ms = throughEveryStage(text, options);
  assert.ok(ms < boundMs, `took ${ms.toFixed(0)} ms (bound ${boundMs} ms) on a ${text.length}-character input`);
}

describe('robustness: mutated examples', () => {
  it('every example goes through every stage', () => {
    for (const text of EXAMPLES) assertBounded(text, { fixes: true });
  });

  it('mutated examples never throw and finish within the bound', () => {
    fc.assert(fc.property(mutatedExample, (text) => assertBounded(text, { fixes: false })), { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 8) });
  });

  it('fix-all on mutated examples never throws', () => {
    fc.assert(fc.property(mutatedExample, (text) => assertBounded(text, { fixes: true }, 2 * CASE_BOUND_MS)), {
      numRuns: Math.max(5, Math.floor(RUNS / 4)),
      seed: Number(process.env.FC_SEED ?? 9),
    });
  });

  it('arbitrary strings and token soups never throw', () => {
    const soup = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })), { maxLength: 200 }).map((parts) => parts.join(' '));
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), soup), (text) => assertBounded(text, { fixes: false })), {
      numRuns: RUNS,
      seed: Number(process.env.FC_SEED ?? 10),
    });
  });
});

describe('robustness: extreme inputs', () => {
  const example = EXAMPLES[0]!;
  const cases: [string, string][] = [
    ['empty', ''],
    ['only a BOM', '\ufeff'],
    ['1 MB comment line', `# ${'x'.repeat(1 << 20)}\n${example}`],
    ['1 MB line of tokens', `${'host a { nic b { speed 10G } } '.repeat((1 << 20) / 31)}\n`],
    ['1 MB string literal, unterminated', `host h { iqn "${'q'.repeat(1 << 20)}`],
    ['1 MB of random bytes', String.fromCharCode(...Array.from({ length: 1 << 16 }, (_, i) => (i * 7919) % 65536)).repeat(16)],
    ['50,000 opening braces', `host h ${'{'.repeat(50_000)}`],
    ['50,000 closing braces', '}'.repeat(50_000)],
    ['50,000 nested hosts', 'host h {'.repeat(50_000)],
    ['huge numbers everywhere', example.replace(/\b\d+\b/g, '9'.repeat(400))],
    ['CR-only line ends', example.replace(/\n/g, '\r')],
    ['NUL bytes between every character', example.split('').join('\u0000')],
  ];
  for (const [name, text] of cases) {
    it(`${name}: never throws, finishes within the bound`, () => assertBounded(text, { fixes: false }, 4 * CASE_BOUND_MS));
  }
});

describe('robustness: generated topologies', () => {
  it('generated topologies with any share of bad designs go through every stage', () => {
    const options = fc.record({
      hosts: fc.integer({ min: 1, max: 40 }),
      switchPairs: fc.integer({ min: 1, max: 4 }),
      arrays: fc.integer({ min: 1, max: 3 }),
      groupSize: fc.integer({ min: 1, max: 12 }),
      badShare: fc.double({ min: 0, max: 1, noNaN: true }),
      seed: fc.integer(),
    });
    fc.assert(fc.property(options, (o) => assertBounded(generateTopology(o).text, { fixes: false })), {
      numRuns: Math.max(5, Math.floor(RUNS / 4)),
      seed: Number(process.env.FC_SEED ?? 11),
    });
  });

  it('the generator is deterministic for a seed', () => {
    assert.equal(generateTopology({ hosts: 30, seed: 5 }).text, generateTopology({ hosts: 30, seed: 5 }).text);
    assert.notEqual(generateTopology({ hosts: 30, seed: 5 }).text, generateTopology({ hosts: 30, seed: 6 }).text);
  });

  it('a generated clean design has no error and its bad hosts are flagged', () => {
    const clean = generateTopology({ hosts: 20, badShare: 0 });
    const problems = analyzeDocument(clean.text, DEFAULT_SETTINGS).problems;
    assert.deepEqual(problems.filter((p) => p.severity === 'error').map((p) => p.code), []);
    const bad = generateTopology({ hosts: 20, badShare: 1 });
    const teamed = analyzeDocument(bad.text, DEFAULT_SETTINGS).problems.filter((p) => p.code === 'iscsi-over-team');
    assert.equal(teamed.length, bad.badHosts);
  });
});
