// The benchmark report: for generated topologies of 10 to 5,000 hosts, the time of each stage of
// the pipeline (parse, model, analyses, N-1 simulation, rules, diagram), the parse+model cost as a
// ratio to JSON.parse of the same model, keystroke → publishDiagnostics latency through the real
// server process on stdio (debounce 0), for one space typed and deleted and for typing a whole line
// through its syntax errors, and the server's resident memory.
//
//   npm run bench                      table on stdout
//   npm run bench -- --json            one JSON object on stdout, progress on stderr
//   npm run bench -- --sizes 10,100    only those sizes
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { analyzeNetwork, simulateFailure } from '../server/src/analysis';
import { DEFAULT_SETTINGS } from '../server/src/config/schema';
import { parseSuppressions } from '../server/src/config/suppressions';
import { buildDiagram } from '../server/src/diagram/build';
import { layoutDiagram } from '../server/src/diagram/layout';
import { renderDiagramSvg } from '../server/src/diagram/svg';
import { buildModel } from '../server/src/model/build';
import { RULE_IDS, runRules } from '../server/src/rules';
import { analyzeDocument, analyzeNextVersion } from '../server/src/service/languageService';
import { parse } from '../server/src/syntax/parser';
import { isSyntaxNode, offsetsOf, type Span } from '../server/src/syntax/tree';
import { LspClient } from '../test/protocol/lspClient';
import { generateTopology } from './generate';

const DEFAULT_SIZES = [10, 100, 1000, 5000];

interface Repetitions {
  warmups: number;
  runs: number;
}

/**
 * Repetitions per size: many for small inputs, fewer for large, to keep the run within minutes.
 * At 5,000 hosts one run's time swings by up to half with where collections land, so the median
 * is taken over nine; a keystroke p95 needs a hundred samples to be stable (from forty it moved
 * between 33 and 50 ms at 1,000 hosts).
 */
const plan = (hosts: number) =>
  hosts <= 10
    ? { warmups: 5, runs: 21, keystrokes: 100, typingRounds: 4 }
    : hosts <= 100
      ? { warmups: 3, runs: 15, keystrokes: 60, typingRounds: 3 }
      : hosts <= 1000
        ? { warmups: 2, runs: 11, keystrokes: 100, typingRounds: 3 }
        : { warmups: 1, runs: 9, keystrokes: 24, typingRounds: 1 };

interface SizeResult {
  hosts: number;
  switches: number;
  volumes: number;
  paths: number;
  bytes: number;
  parseMs: number;
  modelMs: number;
  parseModelMs: number;
  jsonBytes: number;
  jsonParseMs: number;
  parseRatio: number;
  analysisMs: number;
  nMinus1AllSwitchesMs: number;
  nMinus1PerSwitchMs: number;
  rulesMs: number;
  analyzeDocumentMs: number;
  /** The facade after a one-line edit inside a host, as the editor calls it (analyzeNextVersion). */
  incrementalAnalyzeDocumentMs: number;
  keystrokeP50Ms: number;
  keystrokeP95Ms: number;
  keystrokeSamples: number;
  /** Typing a line into a host, through its syntax errors (see typingLatencies). */
  typingP50Ms: number;
  typingP95Ms: number;
  diagramModelMs: number;
  layoutMs: number;
  svgMs: number;
  previewMs: number;
  diagramNodes: number;
  /** Server RSS right after the edits, with the document open. */
  rssAfterEditsMb: number;
  /** Server RSS with the document open, once the server has rested (see restingResidentMb). */
  rssMb: number;
}

const json = process.argv.includes('--json');
const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg >= 0 ? (process.argv[sizesArg + 1] ?? '').split(',').map(Number).filter((n) => n > 0) : DEFAULT_SIZES;
const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Small inputs need many calls before the JIT has optimised the code; timing them cold would
 * compare interpreted code with the native JSON.parse. So warm-up lasts at least this long.
 */
const WARMUP_MS = 300;
const MAX_WARMUP_CALLS = 2000;
const SERVER_WARMUP_MS = 1500;

const warmingUp = (calls: number, warmups: number, until: number) =>
  calls < warmups || (calls < MAX_WARMUP_CALLS && performance.now() < until);

/** Warms `fn` up (see WARMUP_MS), then runs it `runs` times; the median of the timed runs and the last result. */
function timed<T>({ warmups, runs }: Repetitions, fn: () => T): { ms: number; value: T } {
  const until = performance.now() + WARMUP_MS;
  let value = fn();
  for (let calls = 1; warmingUp(calls, warmups, until); calls++) value = fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = fn();
    times.push(performance.now() - start);
  }
  return { ms: median(times), value };
}

async function timedAsync<T>({ warmups, runs }: Repetitions, fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const until = performance.now() + WARMUP_MS;
  let value = await fn();
  for (let calls = 1; warmingUp(calls, warmups, until); calls++) value = await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = await fn();
    times.push(performance.now() - start);
  }
  return { ms: median(times), value };
}

function residentMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** The line the keystrokes edit: the one in the middle of the file. */
const middleLine = (text: string) => text.slice(0, text.length >> 1).split('\n').length;

/** The text with a space typed at the start of its middle line. */
function keystrokeEdit(text: string): string {
  const lines = text.split('\n');
  const line = middleLine(text);
  lines[line] = ` ${lines[line]}`;
  return lines.join('\n');
}

/** Keystrokes in the middle of the file: type a space at the start of a middle line, then delete it. */
async function keystrokeLatencies(client: LspClient, uri: string, text: string, count: number): Promise<number[]> {
  const line = middleLine(text);
  const at = { line, character: 0 };
  const latencies: number[] = [];
  // The server's own code warms up over more calls than one function's; give it longer.
  const until = performance.now() + SERVER_WARMUP_MS;
  let warmups = 0;
  // An even number of edits, so the text ends as it began.
  for (let i = 0; latencies.length < count || i % 2 === 1; i++) {
    const change = i % 2 === 0 ? { range: { start: at, end: at }, text: ' ' } : { range: { start: at, end: { line, character: 1 } }, text: '' };
    const start = performance.now();
    await client.change(uri, '', [change]);
    if (warmingUp(warmups, 4, until)) warmups++;
    else if (latencies.length < count) latencies.push(performance.now() - start);
  }
  return latencies;
}

/** What an editor that closes braces holds after each keystroke of typing a NIC into a host. */
const TYPED_LINE_STATES = (() => {
  const head = '  nic eth9 ';
  const inner = ' mtu 9000 ';
  return [
    ...Array.from({ length: head.length }, (_, i) => head.slice(0, i + 1)),
    `${head}{}`,
    ...Array.from({ length: inner.length }, (_, i) => `${head}{${inner.slice(0, i + 1)}}`),
  ];
})();

/**
 * Keystrokes typing a whole line into the host in the middle of the design: a third of them leave
 * a syntax error (a property without its value), as typing does. The line is then deleted.
 */
async function typingLatencies(client: LspClient, uri: string, text: string, rounds: number): Promise<number[]> {
  const hostStarts = [...text.matchAll(/^host /gm)].map((match) => match.index);
  const middleHost = hostStarts[hostStarts.length >> 1] ?? 0;
  const line = text.slice(0, middleHost).split('\n').length;
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let typed = '';
    const timedChange = async (range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string) => {
      const start = performance.now();
      await client.change(uri, '', [{ range, text: newText }]);
      latencies.push(performance.now() - start);
    };
    await client.change(uri, '', [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '\n' }]);
    for (const state of TYPED_LINE_STATES) {
      await timedChange({ start: { line, character: 0 }, end: { line, character: typed.length } }, state);
      typed = state;
    }
    await client.change(uri, '', [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }]);
  }
  return latencies;
}

const REST_MS = 45_000;

/**
 * The server's RSS once it has been idle a while. V8 gives back the pages a burst of edits freed
 * only when its memory reducer runs, in steps some seconds apart that end 15 to 30 s after the
 * edits; until then RSS shows the burst rather than what the open document holds.
 */
async function restingResidentMb(pid: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, REST_MS));
  return residentMb(pid);
}

type InProcessResult = Omit<SizeResult, keyof Awaited<ReturnType<typeof measureServer>>>;

/** Each stage of the pipeline timed in this process. Returns figures only, so nothing it built outlives it. */
async function measureInProcess(hosts: number, text: string, volumes: number): Promise<InProcessResult> {
  const runs = plan(hosts);
  const parsed = timed(runs, () => parse(text));
  const built = timed(runs, () => buildModel(parsed.value.tree));
  const model = built.value.model;
  // The model as data: spans as their offsets (a syntax node is its own span, text and all).
  const serialised = JSON.stringify(model, (_key, value: unknown) => (isSyntaxNode(value as Span) ? offsetsOf(value as Span) : value));
  const jsonParse = timed(runs, () => JSON.parse(serialised) as unknown);
  const options = { subnetLayout: DEFAULT_SETTINGS.subnetLayout };
  const analysed = timed(runs, () => analyzeNetwork(model, options));
  const analysis = analysed.value;

  const switches = analysis.components.filter((c) => c.kind === 'switch').map((c) => c.id);
  const nMinus1 = timed(runs, () => switches.map((id) => simulateFailure(analysis, id)));
  const suppressions = parseSuppressions(text, parsed.value.tree.comments, RULE_IDS);
  // Each run has a context of its own, so it works out the verdicts the rules share, as a keystroke does.
  const rules = timed(runs, () => runRules({ model, analysis, options }, { rules: DEFAULT_SETTINGS.rules, suppressions }));
  const whole = timed(runs, () => analyzeDocument(text, DEFAULT_SETTINGS));
  // The same edit as the keystrokes below, in process: the facade as the editor calls it, given
  // the previous version (whose tree and model it takes over).
  const versions = [keystrokeEdit(text), text];
  let previous = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
  let version = 0;
  const incremental = timed(runs, () => (previous = analyzeNextVersion(versions[version++ % 2]!, DEFAULT_SETTINGS, previous)));
  const problems = whole.value.problems;

  const diagram = timed(runs, () => buildDiagram(model, analysis, problems, { groupHosts: true }));
  const layout = await timedAsync(runs, () => layoutDiagram(diagram.value));
  const svg = timed(runs, () => renderDiagramSvg(diagram.value, layout.value, { style: 'light', embedStyles: true }));

  const parseModelMs = parsed.ms + built.ms;
  return {
    hosts,
    switches: switches.length,
    volumes,
    paths: analysis.paths.length,
    bytes: Buffer.byteLength(text),
    parseMs: parsed.ms,
    modelMs: built.ms,
    parseModelMs,
    jsonBytes: Buffer.byteLength(serialised),
    jsonParseMs: jsonParse.ms,
    parseRatio: parseModelMs / jsonParse.ms,
    analysisMs: analysed.ms,
    nMinus1AllSwitchesMs: nMinus1.ms,
    nMinus1PerSwitchMs: nMinus1.ms / Math.max(1, switches.length),
    rulesMs: rules.ms,
    analyzeDocumentMs: whole.ms,
    incrementalAnalyzeDocumentMs: incremental.ms,
    diagramModelMs: diagram.ms,
    layoutMs: layout.ms,
    svgMs: svg.ms,
    previewMs: diagram.ms + layout.ms + svg.ms,
    diagramNodes: diagram.value.nodes.length,
  };
}

/**
 * The server's side: one document open through the edits and the memory readings, as in an
 * editor. It runs after the in-process stage has let go of what it built, so the latencies are
 * not stretched by this process collecting a large heap while it reads the server's replies.
 */
async function measureServer(hosts: number, text: string, client: LspClient, serverPid: number) {
  const { keystrokes, typingRounds } = plan(hosts);
  const uri = pathToFileURL(path.resolve(`bench-${hosts}.topo`)).href;
  await client.open(uri, text);
  const latencies = await keystrokeLatencies(client, uri, text, keystrokes);
  const typing = await typingLatencies(client, uri, text, typingRounds);
  const rssAfterEditsMb = residentMb(serverPid);
  const rssMb = await restingResidentMb(serverPid);
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return {
    keystrokeP50Ms: median(latencies),
    keystrokeP95Ms: percentile(latencies, 95),
    keystrokeSamples: latencies.length,
    typingP50Ms: median(typing),
    typingP95Ms: percentile(typing, 95),
    rssAfterEditsMb,
    rssMb,
  };
}

async function measure(hosts: number, client: LspClient, serverPid: number): Promise<SizeResult> {
  const topology = generateTopology({ hosts, seed: 42 });
  const inProcess = await measureInProcess(hosts, topology.text, topology.volumes);
  return { ...inProcess, ...(await measureServer(hosts, topology.text, client, serverPid)) };
}

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

function table(results: SizeResult[]): string {
  const columns: [string, (r: SizeResult) => string][] = [
    ['hosts', (r) => String(r.hosts)],
    ['bytes', (r) => String(r.bytes)],
    ['parse', (r) => fixed(r.parseMs)],
    ['model', (r) => fixed(r.modelMs)],
    ['JSON.parse', (r) => fixed(r.jsonParseMs, 2)],
    ['ratio', (r) => fixed(r.parseRatio)],
    ['analyses', (r) => fixed(r.analysisMs)],
    ['N-1 all sw', (r) => fixed(r.nMinus1AllSwitchesMs)],
    ['N-1 /sw', (r) => fixed(r.nMinus1PerSwitchMs, 2)],
    ['rules', (r) => fixed(r.rulesMs)],
    ['facade', (r) => fixed(r.analyzeDocumentMs)],
    ['facade edit', (r) => fixed(r.incrementalAnalyzeDocumentMs)],
    ['key p50', (r) => fixed(r.keystrokeP50Ms)],
    ['key p95', (r) => fixed(r.keystrokeP95Ms)],
    ['typing p50', (r) => fixed(r.typingP50Ms)],
    ['typing p95', (r) => fixed(r.typingP95Ms)],
    ['diagram', (r) => fixed(r.diagramModelMs)],
    ['layout', (r) => fixed(r.layoutMs)],
    ['svg', (r) => fixed(r.svgMs)],
    ['preview', (r) => fixed(r.previewMs)],
    ['RSS MB after edits', (r) => fixed(r.rssAfterEditsMb)],
    ['RSS MB at rest', (r) => fixed(r.rssMb)],
  ];
  const rows = [columns.map(([name]) => name), ...results.map((r) => columns.map(([, cell]) => cell(r)))];
  const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padStart(widths[i]!)).join('  ')).join('\n');
}

interface Target {
  name: string;
  hosts: number;
  actual: (r: SizeResult) => number;
  limit: number;
  unit: string;
}

const TARGETS: Target[] = [
  ...DEFAULT_SIZES.map((hosts) => ({ name: 'parse+model / JSON.parse', hosts, actual: (r: SizeResult) => r.parseRatio, limit: 3, unit: '×' })),
  { name: 'keystroke p95', hosts: 100, actual: (r) => r.keystrokeP95Ms, limit: 16, unit: 'ms' },
  { name: 'keystroke p95', hosts: 1000, actual: (r) => r.keystrokeP95Ms, limit: 50, unit: 'ms' },
  { name: 'preview (grouped)', hosts: 100, actual: (r) => r.previewMs, limit: 300, unit: 'ms' },
  { name: 'preview (grouped)', hosts: 5000, actual: (r) => r.previewMs, limit: 1000, unit: 'ms' },
  { name: 'server RSS at rest', hosts: 5000, actual: (r) => r.rssMb, limit: 150, unit: 'MB' },
];

interface TargetStatus {
  target: string;
  hosts: number;
  actual: number;
  limit: number;
  unit: string;
  /** actual / limit: ≤ 1 meets the target. */
  ratio: number;
  met: boolean;
}

function targetStatus(results: SizeResult[]): TargetStatus[] {
  return TARGETS.flatMap((target) => {
    const result = results.find((r) => r.hosts === target.hosts);
    if (!result) return [];
    const actual = target.actual(result);
    return [{ target: target.name, hosts: target.hosts, actual, limit: target.limit, unit: target.unit, ratio: actual / target.limit, met: actual <= target.limit }];
  });
}

/** Growth exponent of N-1 cost per failed switch between consecutive sizes: 1 is linear, 2 quadratic. */
function nMinus1Growth(results: SizeResult[]): { from: number; to: number; exponent: number }[] {
  return results.slice(1).map((r, i) => {
    const previous = results[i]!;
    return { from: previous.hosts, to: r.hosts, exponent: Math.log(r.nMinus1PerSwitchMs / previous.nMinus1PerSwitchMs) / Math.log(r.hosts / previous.hosts) };
  });
}

async function main(): Promise<void> {
  const client = await LspClient.start({ diagnostics: { debounceMs: 0 } });
  const serverPid = client.pid;
  if (serverPid === undefined) throw new Error('the language server process did not start');
  const results: SizeResult[] = [];
  try {
    for (const hosts of sizes) {
      const start = performance.now();
      results.push(await measure(hosts, client, serverPid));
      log(`measured ${hosts} hosts in ${fixed((performance.now() - start) / 1000)} s`);
    }
  } finally {
    await client.stop();
  }
  const targets = targetStatus(results);
  const growth = nMinus1Growth(results);
  if (json) {
    process.stdout.write(`${JSON.stringify({ sizes: results, targets, nMinus1Growth: growth })}\n`);
    return;
  }
  log('');
  log(table(results));
  log('');
  log('Times in ms (medians after a warm-up); ratio = (parse + model) / JSON.parse of the model; server RSS with the document open, right after the edits and at rest.');
  log('');
  for (const t of targets) {
    log(`${t.met ? 'met   ' : 'MISSED'}  ${t.target} at ${t.hosts} hosts: ${fixed(t.actual)} ${t.unit} (limit ${t.limit} ${t.unit}, ${fixed(t.ratio, 2)}× of limit)`);
  }
  for (const g of growth) log(`N-1 cost per failed switch, ${g.from} → ${g.to} hosts: grows as hosts^${fixed(g.exponent, 2)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
