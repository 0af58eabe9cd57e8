// The benchmark report. For generated designs of 10 to 5,000 hosts (with the findings of a real
// estate: a tenth of the hosts team their NICs under iSCSI on one switch):
// - in this process, the time of each stage of the pipeline (parse, model, analyses, N-1
//   simulation, rules, diagram), and parse+model as a ratio to JSON.parse of the same model;
// - through the server process on stdio, driven as VS Code 1.100 drives it (bench/editorClient.ts):
//   rounds of typing a NIC into a host at 120 ms a keystroke with the diagnostics debounce at 0,
//   each followed by a pause of 2 s (until the follow-ups are answered), with the follow-up requests
//   scheduled as VS Code schedules them (semantic tokens throttled, code lenses, folding and the
//   outline debounced, mostly into the pauses; completion at the keystrokes that ask it, the
//   lightbulb's code actions after the burst) or, with --eager-follow-ups, all of them after every
//   change (a stress mode); keystroke → diagnostics p50/p95 and the p95 of each request, and the
//   server's resident memory;
// - the preview as the user meets it after an edit (whitespace, then structural): from the change
//   to a drawing ready, i.e. the server's diagram answer (a patch to the previous one), the patch
//   applied, laid out through the webview's LayoutCache and drawn as SVG in this process;
// - the same editor session against a baseline server bundle (by default the 0.1.0 release,
//   built from its commit), in the same run, so the two are compared on the same machine load;
// - the same typing in a design of 50 files (a folder holding a `.topo.json`: the switches and
//   arrays in one file, the hosts in 49), with one host file open and the others read by the server
//   from disk, at 5,000 hosts, with the one-file design's targets.
//
//   npm run bench                         table on stdout
//   npm run bench -- --json               one JSON object on stdout, progress on stderr
//   npm run bench -- --sizes 10,100       only those sizes
//   npm run bench -- --baseline <rev|path> compare with another revision or server bundle
//   npm run bench -- --no-baseline        this server only
//   npm run bench -- --eager-follow-ups   the editor client asks every follow-up after every change (stress mode)
//   npm run bench -- --design-files       only the design of 50 files (at 5,000 hosts, or --sizes)
//   npm run bench -- --stages             only the pipeline stages in this process (no server, no baseline)
//   npm run bench -- --rest               also read the server's memory at rest (45 s a size)
//   npm run bench -- --cli                how topo lint and topo render grow with the design (bench/cliScaling.ts)
//   npm run bench -- --size-limit         open and keystroke times around the editor's size limit (bench/sizeLimit.ts)
//   npm run bench -- --vscode-schedule    the follow-ups VS Code itself sends while typing, beside this client's (bench/vscodeSchedule.mjs)
// The editor session ends with the preview open (as a user has it), so memory after edits and at
// rest include what the server keeps for the preview.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { analyzeNetwork, simulateFailure } from '../server/src/analysis';
import { DEFAULT_SETTINGS } from '../server/src/config/schema';
import { parseSuppressions } from '../server/src/config/suppressions';
import { LineIndex } from '../server/src/syntax/lineIndex';
import { buildDiagram } from '../server/src/diagram/build';
import { LayoutCache, layoutDiagram } from '../server/src/diagram/layout';
import { changesDrawing, heldDiagram, takePatch, type HeldDiagram } from '../server/src/diagram/patch';
import type { DiagramResult } from '../server/src/diagram/protocol';
import { renderDiagramSvg } from '../server/src/diagram/svg';
import { buildModel } from '../server/src/model/build';
import { RULE_IDS, runRules } from '../server/src/rules';
import { analyzeDocument, analyzeNextVersion } from '../server/src/service/languageService';
import { parse } from '../server/src/syntax/parser';
import type { TextEdit } from '../server/src/syntax/reparse';
import { baselineBundle, DEFAULT_BASELINE } from './baseline';
import { CLI_SIZES, formatCliScaling, runCliScaling } from './cliScaling';
import { EditorClient, residentMb, typingRound, type AnswerWeight, type FollowUp, type TextChange } from './editorClient';
import { generateDesignFiles, generateTopology } from './generate';
import { formatSizeLimit, measureConfigCap, runSizeLimit, SIZE_LIMIT_MBS } from './sizeLimit';

const DEFAULT_SIZES = [10, 100, 1000, 5000];
/** The sizes the design of several files is measured at, and how many files it is written over. */
const DESIGN_SIZES = [5000];
const DESIGN_FILES = 50;
const ROOT = path.resolve(import.meta.dirname, '..');

interface Repetitions {
  warmups: number;
  runs: number;
}

/**
 * Repetitions per size: many for small inputs, fewer for large, to keep the run within minutes.
 * At 5,000 hosts one run's time swings by up to half with where collections land, so the median
 * is taken over nine. `typingRounds` rounds of typing a line are timed after one untimed round
 * that warms the server up; each round is 22 keystrokes.
 */
const plan = (hosts: number) =>
  hosts <= 10
    ? { warmups: 5, runs: 21, typingRounds: 4 }
    : hosts <= 100
      ? { warmups: 3, runs: 15, typingRounds: 4 }
      : hosts <= 1000
        ? { warmups: 2, runs: 11, typingRounds: 5 }
        : { warmups: 1, runs: 9, typingRounds: 3 };

/**
 * Runs behind the ratio to JSON.parse: at 1,000 hosts collections land in some runs of parse and
 * model and not in others, so the median of 11 runs swings with where they fall.
 */
const RATIO_RUNS = 21;

/** Edits in each timed run of the one-host edit through the facade. */
const EDITS_PER_RUN = 100;

/** Typing speed: a keystroke every 120 ms, whether or not the server has answered. */
const KEYSTROKE_INTERVAL_MS = 120;
/**
 * The user's pause after each round: VS Code asks for code lenses, folding ranges and the outline
 * only once the typing has paused for their delays (a few hundred ms), so these are answered here.
 */
const PAUSE_MS = 2_000;
/** How long after the last keystroke a server may take to catch up before the session is cut off. */
const DRAIN_MS = 30_000;
const REST_MS = 45_000;

interface RequestStats {
  p50Ms: number;
  p95Ms: number;
  answered: number;
  cancelled: number;
  /** Declined by the server as overtaken by a later change (ContentModified). */
  superseded: number;
}

/** One editor session against one server bundle. */
interface EditorResult {
  openMs: number;
  diagnostics: number;
  keystrokeP50Ms: number;
  keystrokeP95Ms: number;
  keystrokes: number;
  /** Keystrokes still without diagnostics when the session was cut off: their times are lower bounds. */
  unanswered: number;
  requests: Partial<Record<FollowUp, RequestStats>>;
  /** From a change to the preview's drawing of it: whitespace edits (span shifts only) and structural ones (a NIC added or removed). */
  preview?: { whitespaceP50Ms: number; whitespaceP95Ms: number; structuralP50Ms: number; structuralP95Ms: number; edits: number };
  /** The last answer of each kind the typing received: its size and what reading it costs a client. */
  answers: Partial<Record<FollowUp | 'publishDiagnostics', AnswerWeight>>;
  /** Server RSS right after the edits, with the document open. */
  rssAfterEditsMb: number;
  /** Server RSS with the document open, once the server has rested (with --rest). */
  rssAtRestMb?: number;
}

/** The editor session in a design of several files, this server only (a baseline may predate them). */
interface DesignResult {
  hosts: number;
  files: number;
  session: EditorResult;
}

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
  diagramModelMs: number;
  layoutMs: number;
  svgMs: number;
  previewMs: number;
  diagramNodes: number;
  server: EditorResult;
  baseline?: EditorResult;
}

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const json = args.includes('--json');
const rest = args.includes('--rest');
const cliScaling = args.includes('--cli');
const sizeLimit = args.includes('--size-limit');
const designOnly = args.includes('--design-files');
const stagesOnly = args.includes('--stages');
const vscodeSchedule = args.includes('--vscode-schedule');
const schedule = { eagerFollowUps: args.includes('--eager-follow-ups') };
const sizes =
  option('--sizes')?.split(',').map(Number).filter((n) => n > 0) ?? (cliScaling ? CLI_SIZES : sizeLimit ? SIZE_LIMIT_MBS : designOnly ? DESIGN_SIZES : DEFAULT_SIZES);
const baselineSpec = args.includes('--no-baseline') ? undefined : (option('--baseline') ?? DEFAULT_BASELINE);
const followUpsMode = schedule.eagerFollowUps ? 'after every change (--eager-follow-ups, stress mode)' : 'as VS Code 1.100 schedules them';
const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Small inputs need many calls before the JIT has optimised the code; timing them cold would
 * compare interpreted code with the native JSON.parse. So warm-up lasts at least this long.
 */
const WARMUP_MS = 300;
const MAX_WARMUP_CALLS = 2000;

const warmingUp = (calls: number, warmups: number, until: number) =>
  calls < warmups || (calls < MAX_WARMUP_CALLS && performance.now() < until);

/**
 * Warms `fn` up (see WARMUP_MS), then runs it `runs` times; the median of the timed runs and the
 * last result. `input`, when given, makes each call's argument, untimed, before it.
 */
function timed<T, I = undefined>({ warmups, runs }: Repetitions, fn: (input: I) => T, input: () => I = () => undefined as I): { ms: number; value: T } {
  const until = performance.now() + WARMUP_MS;
  let value = fn(input());
  for (let calls = 1; warmingUp(calls, warmups, until); calls++) value = fn(input());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const argument = input();
    const start = performance.now();
    value = fn(argument);
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

/**
 * A space typed before the first NIC of the host the editor's session types into (the middle one:
 * the same line of a host at every size), and the edit as the editor reports it.
 */
function keystrokeEdit(text: string): { text: string; edit: TextEdit } {
  const hosts = [...text.matchAll(/^host /gm)];
  const host = hosts[hosts.length >> 1]!.index;
  const at = text.indexOf('\n  nic ', host) + 1;
  return { text: `${text.slice(0, at)} ${text.slice(at)}`, edit: { prefix: at, changeEnd: at } };
}

type InProcessResult = Omit<SizeResult, 'server' | 'baseline'>;

/** Each stage of the pipeline timed in this process. Returns figures only, so nothing it built outlives it. */
async function measureInProcess(hosts: number, text: string, volumes: number): Promise<InProcessResult> {
  const runs = plan(hosts);
  const parsed = timed(runs, () => parse(text));
  const built = timed(runs, () => buildModel(parsed.value.tree));
  const model = built.value.model;
  const serialised = JSON.stringify(model);
  // The ratio times parse and model build as one run: the collections a parse's allocations set
  // off often land in the build, so the sum of the two medians would leave out collections that
  // neither stage pays in most of its own runs.
  const ratioRuns = { warmups: runs.warmups, runs: Math.max(runs.runs, RATIO_RUNS) };
  const parsedAndBuilt = timed(ratioRuns, () => buildModel(parse(text).tree));
  const jsonParse = timed(ratioRuns, () => JSON.parse(serialised) as unknown);
  const options = { subnetLayout: DEFAULT_SETTINGS.subnetLayout };
  const analysed = timed(runs, () => analyzeNetwork(model, options));
  const analysis = analysed.value;

  const switches = analysis.components.filter((c) => c.kind === 'switch').map((c) => c.id);
  const nMinus1 = timed(runs, () => switches.map((id) => simulateFailure(analysis, id)));
  const suppressions = parseSuppressions(parsed.value.tree.comments, RULE_IDS, new LineIndex(text));
  // Each run is given an analysis of its own, untimed: the rules keep their problems per analysis
  // version, so a second run on the same one would only read them back.
  const rules = timed(
    runs,
    (fresh) => runRules({ model, analysis: fresh, options }, { rules: DEFAULT_SETTINGS.rules, suppressions }),
    () => analyzeNetwork(model, options),
  );
  const whole = timed(runs, () => analyzeDocument(text, DEFAULT_SETTINGS));
  // An edit like the keystrokes below, in process: the facade as the server calls it, given the
  // previous version (whose tree and model it takes over) and the edit the editor reported.
  const typed = keystrokeEdit(text);
  const versions = [typed, { text, edit: { prefix: typed.edit.prefix, changeEnd: typed.edit.prefix + 1 } }];
  let previous = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
  let version = 0;
  // Timed in runs of many edits: one edit takes well under a millisecond, and the collections its
  // garbage sets off land in a few of them, so a median of single edits leaves them out, or not.
  const edits = timed(runs, () => {
    for (let k = 0; k < EDITS_PER_RUN; k++) {
      const { text: next, edit } = versions[version++ % 2]!;
      previous = analyzeNextVersion(next, DEFAULT_SETTINGS, previous, edit);
    }
  });
  const incremental = { ms: edits.ms / EDITS_PER_RUN };
  const problems = whole.value.problems;

  const diagram = timed(runs, () => buildDiagram(model, analysis, problems, { groupHosts: true }));
  const layout = await timedAsync(runs, () => layoutDiagram(diagram.value));
  const svg = timed(runs, () => renderDiagramSvg(diagram.value, layout.value, { style: 'light', embedStyles: true }));

  const parseModelMs = parsedAndBuilt.ms;
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


/** The editor session against one server bundle, on a design of one file: open, type, read memory. */
function measureEditor(bundle: string, hosts: number, text: string): Promise<EditorResult> {
  return editorSession(bundle, hosts, ROOT, pathToFileURL(path.join(ROOT, `bench-${hosts}.topo`)).href, text, { preview: true });
}

/**
 * The session in a design of several files: the generated design written to a folder with a
 * `.topo.json`, the server started there, and the host file in the middle opened and typed into.
 */
async function measureDesignEditor(bundle: string, hosts: number): Promise<DesignResult> {
  const design = generateDesignFiles({ hosts, seed: 42, files: DESIGN_FILES });
  const folder = mkdtempSync(path.join(tmpdir(), 'topo-bench-design-'));
  try {
    writeFileSync(path.join(folder, '.topo.json'), '{}\n');
    for (const file of design.files) writeFileSync(path.join(folder, file.name), file.text);
    const opened = design.files[design.files.length >> 1]!;
    const session = await editorSession(bundle, hosts, folder, pathToFileURL(path.join(folder, opened.name)).href, opened.text, { preview: false });
    return { hosts, files: design.files.length, session };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Opens `uri` with `text` in a workspace at `root`, types into it, measures the preview when asked, reads memory. */
async function editorSession(bundle: string, hosts: number, root: string, uri: string, text: string, measures: { preview: boolean }): Promise<EditorResult> {
  const client = await EditorClient.start(bundle, { diagnostics: { debounceMs: 0 } }, root, schedule);
  try {
    const opening = performance.now();
    await client.open(uri, text);
    const openMs = performance.now() - opening;
    const round = typingRound(text);
    const pace = { intervalMs: KEYSTROKE_INTERVAL_MS, pauseMs: PAUSE_MS, drainMs: DRAIN_MS };
    await client.type(uri, [round], pace);
    const typed = await client.type(uri, Array.from({ length: plan(hosts).typingRounds }, () => round), pace);
    // Each round ends as it began: the findings of the design as opened, over all its files.
    const diagnostics = client.publishedDiagnosticCount;
    const answers = client.answerWeights(uri);
    const preview = measures.preview ? await measurePreview(client, uri, text) : undefined;
    const rssAfterEditsMb = residentMb(client.pid);
    let rssAtRestMb: number | undefined;
    if (rest) {
      await new Promise((resolve) => setTimeout(resolve, REST_MS));
      rssAtRestMb = residentMb(client.pid);
    }
    const requests: Partial<Record<FollowUp, RequestStats>> = {};
    for (const kind of client.followUps) {
      const times = typed.requestMs[kind] ?? [];
      requests[kind] = { p50Ms: median(times), p95Ms: percentile(times, 95), answered: times.length, cancelled: typed.cancelled[kind] ?? 0, superseded: typed.superseded[kind] ?? 0 };
    }
    await client.close(uri);
    return {
      openMs,
      diagnostics,
      keystrokeP50Ms: median(typed.keystrokeMs),
      keystrokeP95Ms: percentile(typed.keystrokeMs, 95),
      keystrokes: typed.keystrokeMs.length,
      unanswered: typed.unanswered,
      requests,
      answers,
      preview,
      rssAfterEditsMb,
      rssAtRestMb,
    };
  } finally {
    await client.stop();
  }
}

/** How many edits of each kind the preview measurement makes (half of them undo the other half). */
const PREVIEW_EDITS = 6;

/**
 * The preview after edits, as the webview meets them: the change is sent, the diagram asked for
 * its version as a patch to the answer held, the patch applied, the result laid out through a
 * LayoutCache (elkjs runs only when what it places changed) and drawn, unless the patch only
 * moved spans (the webview then keeps its drawing). The preview's own 200 ms
 * debounce is left out. Undefined when the server has no diagram request that answers.
 */
async function measurePreview(client: EditorClient, uri: string, text: string): Promise<EditorResult['preview']> {
  const layouts = new LayoutCache();
  let held: { resultId?: string; diagram: HeldDiagram } | undefined;
  const draw = async (answer: DiagramResult | null): Promise<boolean> => {
    if (!answer) return false;
    const diagram = 'model' in answer ? heldDiagram(answer.model) : held && takePatch(held.diagram, answer.patch);
    if (!diagram) return false;
    held = { resultId: answer.resultId, diagram };
    // As the webview does, a patch that only moves spans is taken without moving them, and leaves the drawing as it is.
    if ('model' in answer || changesDrawing(answer.patch)) renderDiagramSvg(diagram.model, await layouts.layout(diagram.model), { style: 'light', embedStyles: false });
    return true;
  };
  const timeEdit = async (changes: TextChange[]): Promise<number | undefined> => {
    const start = performance.now();
    const version = client.edit(uri, changes);
    const drawn = await draw(await client.diagram<DiagramResult | null>(uri, version, held?.resultId));
    return drawn ? performance.now() - start : undefined;
  };
  try {
    if (!(await draw(await client.diagram<DiagramResult | null>(uri, client.versionOf(uri), undefined)))) return undefined;
  } catch {
    return undefined;
  }
  const hostStarts = [...text.matchAll(/^host [^\n]*\{$/gm)];
  const host = hostStarts[hostStarts.length >> 1]!;
  const line = text.slice(0, host.index).split('\n').length - 1;
  const brace = host[0].length - 1;
  const at = (character: number, l = line) => ({ line: l, character });
  const whitespace = [
    [{ range: { start: at(brace), end: at(brace) }, text: ' ' }],
    [{ range: { start: at(brace), end: at(brace + 1) }, text: '' }],
  ];
  const structural = [
    [{ range: { start: at(0, line + 1), end: at(0, line + 1) }, text: '  nic eth9 { speed 10G }\n' }],
    [{ range: { start: at(0, line + 1), end: at(0, line + 2) }, text: '' }],
  ];
  const whitespaceMs: number[] = [];
  const structuralMs: number[] = [];
  for (let i = 0; i < PREVIEW_EDITS; i++) {
    const ms = await timeEdit(whitespace[i % 2]!);
    if (ms !== undefined) whitespaceMs.push(ms);
  }
  for (let i = 0; i < PREVIEW_EDITS; i++) {
    const ms = await timeEdit(structural[i % 2]!);
    if (ms !== undefined) structuralMs.push(ms);
  }
  return {
    whitespaceP50Ms: median(whitespaceMs),
    whitespaceP95Ms: percentile(whitespaceMs, 95),
    structuralP50Ms: median(structuralMs),
    structuralP95Ms: percentile(structuralMs, 95),
    edits: whitespaceMs.length + structuralMs.length,
  };
}

async function measure(hosts: number, servers: { server: string; baseline?: string }): Promise<SizeResult> {
  const topology = generateTopology({ hosts, seed: 42 });
  // The editor sessions come first: the garbage of the in-process stages, collected during the
  // session after them, stretched its latencies (the first server measured read up to 1.4× slower).
  const server = await measureEditor(servers.server, hosts, topology.text);
  const baseline = servers.baseline === undefined ? undefined : await measureEditor(servers.baseline, hosts, topology.text);
  const inProcess = await measureInProcess(hosts, topology.text, topology.volumes);
  return { ...inProcess, server, baseline };
}

const fixed = (n: number | undefined, digits = 1) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

function formatTable<R>(columns: [string, (r: R) => string][], results: R[]): string {
  const rows = [columns.map(([name]) => name), ...results.map((r) => columns.map(([, cell]) => cell(r)))];
  const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padStart(widths[i]!)).join('  ')).join('\n');
}

const STAGE_COLUMNS: [string, (r: InProcessResult) => string][] = [
  ['hosts', (r) => String(r.hosts)],
  ['bytes', (r) => String(r.bytes)],
  ['parse', (r) => fixed(r.parseMs)],
  ['model', (r) => fixed(r.modelMs)],
  ['parse+model', (r) => fixed(r.parseModelMs)],
  ['JSON.parse', (r) => fixed(r.jsonParseMs, 2)],
  ['ratio', (r) => fixed(r.parseRatio)],
  ['analyses', (r) => fixed(r.analysisMs)],
  ['N-1 all sw', (r) => fixed(r.nMinus1AllSwitchesMs)],
  ['N-1 /sw', (r) => fixed(r.nMinus1PerSwitchMs, 2)],
  ['rules', (r) => fixed(r.rulesMs)],
  ['facade', (r) => fixed(r.analyzeDocumentMs)],
  ['facade edit', (r) => fixed(r.incrementalAnalyzeDocumentMs, 2)],
  ['diagram', (r) => fixed(r.diagramModelMs)],
  ['layout', (r) => fixed(r.layoutMs)],
  ['svg', (r) => fixed(r.svgMs)],
  ['preview', (r) => fixed(r.previewMs)],
];

const FOLLOW_UPS: FollowUp[] = ['semanticTokens', 'codeLens', 'documentSymbol', 'foldingRange', 'diagnostic', 'completion', 'codeAction'];
const SHORT: Record<FollowUp, string> = { semanticTokens: 'tokens', codeLens: 'lens', documentSymbol: 'symbols', foldingRange: 'folding', diagnostic: 'pull', completion: 'complete', codeAction: 'actions' };

/** A latency that is a lower bound (the session was cut off before the server answered) shows as `>n`. */
const bounded = (ms: number, session: EditorResult) => (session.unanswered > 0 ? `>${fixed(ms)}` : fixed(ms));

function editorColumns<R>(session: (r: R) => EditorResult | undefined): [string, (r: R) => string][] {
  const cell = (read: (s: EditorResult) => string) => (r: R) => {
    const s = session(r);
    return s ? read(s) : '–';
  };
  return [
    ['open', cell((s) => fixed(s.openMs))],
    ['key p50', cell((s) => bounded(s.keystrokeP50Ms, s))],
    ['key p95', cell((s) => bounded(s.keystrokeP95Ms, s))],
    ...FOLLOW_UPS.map((kind): [string, (r: R) => string] => [
      `${SHORT[kind]} p95`,
      cell((s) => {
        const stats = s.requests[kind];
        return stats ? `${fixed(stats.p95Ms)} (${stats.answered}/${stats.answered + stats.cancelled + stats.superseded})` : '–';
      }),
    ]),
    ['preview ws p95', cell((s) => fixed(s.preview?.whitespaceP95Ms))],
    ['preview edit p95', cell((s) => fixed(s.preview?.structuralP95Ms))],
    ['RSS edits', cell((s) => fixed(s.rssAfterEditsMb))],
    ['RSS rest', cell((s) => fixed(s.rssAtRestMb))],
  ];
}

interface Target<R = SizeResult> {
  name: string;
  hosts: number;
  actual: (r: R) => number | undefined;
  /** The same figure for the baseline, when it has one. */
  baseline?: (r: R) => number | undefined;
  limit: number;
  unit: string;
}

const worstRequestP95 = (s: EditorResult | undefined) => (s ? Math.max(...Object.values(s.requests).map((stats) => stats.p95Ms)) : undefined);

const TARGETS: Target[] = [
  ...DEFAULT_SIZES.map((hosts) => ({ name: 'parse+model / JSON.parse', hosts, actual: (r: SizeResult) => r.parseRatio, limit: 2, unit: '×' })),
  { name: 'keystroke → diagnostics p95', hosts: 1000, actual: (r) => r.server.keystrokeP95Ms, baseline: (r) => r.baseline?.keystrokeP95Ms, limit: 16, unit: 'ms' },
  { name: 'keystroke → diagnostics p95', hosts: 5000, actual: (r) => r.server.keystrokeP95Ms, baseline: (r) => r.baseline?.keystrokeP95Ms, limit: 30, unit: 'ms' },
  { name: 'slowest follow-up request p95', hosts: 5000, actual: (r) => worstRequestP95(r.server), baseline: (r) => worstRequestP95(r.baseline), limit: 20, unit: 'ms' },
  { name: 'preview (grouped, in process)', hosts: 5000, actual: (r) => r.previewMs, limit: 1000, unit: 'ms' },
  { name: 'preview after a whitespace edit p95', hosts: 5000, actual: (r) => r.server.preview?.whitespaceP95Ms, baseline: (r) => r.baseline?.preview?.whitespaceP95Ms, limit: 50, unit: 'ms' },
  { name: 'preview after a structural edit p95', hosts: 5000, actual: (r) => r.server.preview?.structuralP95Ms, baseline: (r) => r.baseline?.preview?.structuralP95Ms, limit: 1000, unit: 'ms' },
  { name: 'server RSS at rest', hosts: 5000, actual: (r) => r.server.rssAtRestMb, baseline: (r) => r.baseline?.rssAtRestMb, limit: 250, unit: 'MB' },
];

/** A design of several files is held to the one-file design's targets. */
const DESIGN_TARGETS: Target<DesignResult>[] = [
  { name: `keystroke → diagnostics p95, ${DESIGN_FILES} files`, hosts: 5000, actual: (r) => r.session.keystrokeP95Ms, limit: 30, unit: 'ms' },
  { name: `slowest follow-up request p95, ${DESIGN_FILES} files`, hosts: 5000, actual: (r) => worstRequestP95(r.session), limit: 20, unit: 'ms' },
];

interface TargetStatus {
  target: string;
  hosts: number;
  actual: number;
  baseline?: number;
  limit: number;
  unit: string;
  /** actual / limit: ≤ 1 meets the target. */
  ratio: number;
  met: boolean;
}

function targetStatus<R extends { hosts: number }>(targets: readonly Target<R>[], results: R[]): TargetStatus[] {
  return targets.flatMap((target) => {
    const result = results.find((r) => r.hosts === target.hosts);
    const actual = result && target.actual(result);
    if (!result || actual === undefined) return [];
    const baseline = target.baseline?.(result);
    return [{ target: target.name, hosts: target.hosts, actual, baseline, limit: target.limit, unit: target.unit, ratio: actual / target.limit, met: actual <= target.limit }];
  });
}

/** Growth of one pair of figures between consecutive sizes: the ratio, and the exponent (1 linear, 2 quadratic). */
function growth(results: readonly InProcessResult[], figure: (r: InProcessResult) => number): { from: number; to: number; ratio: number; exponent: number }[] {
  return results.slice(1).map((r, i) => {
    const previous = results[i]!;
    const ratio = figure(r) / figure(previous);
    return { from: previous.hosts, to: r.hosts, ratio, exponent: Math.log(ratio) / Math.log(r.hosts / previous.hosts) };
  });
}

function buildServer(): string {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(ROOT, 'dist/server.js');
}

async function main(): Promise<void> {
  if (vscodeSchedule) {
    execFileSync(process.execPath, [path.join(ROOT, 'bench/vscodeSchedule.mjs')], { cwd: ROOT, stdio: 'inherit' });
    return;
  }
  if (cliScaling) {
    buildServer(); // esbuild.mjs builds the command beside the server
    const cli = path.join(ROOT, 'dist/cli.js');
    log(formatCliScaling(runCliScaling(cli, sizes, (line) => process.stderr.write(`${line}\n`))));
    return;
  }
  if (sizeLimit) {
    log(formatSizeLimit(await runSizeLimit(buildServer(), sizes, ROOT, (line) => process.stderr.write(`${line}\n`))));
    log('');
    log(measureConfigCap());
    return;
  }
  if (designOnly) {
    const server = buildServer();
    const designs: DesignResult[] = [];
    for (const hosts of sizes) designs.push(await measureDesignEditor(server, hosts));
    const targets = targetStatus(DESIGN_TARGETS, designs);
    if (json) process.stdout.write(`${JSON.stringify({ followUps: followUpsMode, designs, targets })}\n`);
    else logDesigns(designs, targets);
    return;
  }
  if (stagesOnly) {
    const results: InProcessResult[] = [];
    for (const hosts of sizes) {
      const topology = generateTopology({ hosts, seed: 42 });
      results.push(await measureInProcess(hosts, topology.text, topology.volumes));
    }
    if (json) process.stdout.write(`${JSON.stringify({ sizes: results })}\n`);
    else logStages(results);
    return;
  }
  const servers = { server: buildServer(), baseline: baselineSpec === undefined ? undefined : baselineBundle(baselineSpec, ROOT, log) };
  const results: SizeResult[] = [];
  for (const hosts of sizes) {
    const start = performance.now();
    results.push(await measure(hosts, servers));
    log(`measured ${hosts} hosts in ${fixed((performance.now() - start) / 1000)} s`);
  }
  const designs: DesignResult[] = [];
  for (const hosts of sizes.filter((size) => DESIGN_SIZES.includes(size))) {
    const start = performance.now();
    designs.push(await measureDesignEditor(servers.server, hosts));
    log(`measured ${hosts} hosts in ${DESIGN_FILES} files in ${fixed((performance.now() - start) / 1000)} s`);
  }
  const targets = targetStatus(TARGETS, results);
  const designTargets = targetStatus(DESIGN_TARGETS, designs);
  const nMinus1Growth = growth(results, (r) => r.nMinus1PerSwitchMs);
  const editGrowth = growth(results, (r) => r.incrementalAnalyzeDocumentMs);
  if (json) {
    process.stdout.write(`${JSON.stringify({ baseline: baselineSpec, followUps: followUpsMode, sizes: results, targets, designs, designTargets, nMinus1Growth, editGrowth })}\n`);
    return;
  }
  log('');
  logStages(results);
  log('');
  log(`Editor session (VS Code-like client, rounds of ${KEYSTROKE_INTERVAL_MS} ms keystrokes and ${PAUSE_MS} ms pauses, debounce 0, follow-ups ${followUpsMode}; ms; request p95 (answered / asked: the rest were cancelled by the client or declined as overtaken by a change)):`);
  const hostsColumn: [string, (r: SizeResult) => string] = ['hosts', (r) => String(r.hosts)];
  const findings: [string, (r: SizeResult) => string] = ['findings', (r) => String(r.server.diagnostics)];
  log('this server:');
  log(formatTable([hostsColumn, findings, ...editorColumns((r: SizeResult) => r.server)], results));
  for (const r of results) logAnswers(`${r.hosts} hosts`, r.server);
  if (baselineSpec !== undefined) {
    log(`baseline (${baselineSpec}):`);
    log(formatTable([hostsColumn, ...editorColumns((r: SizeResult) => r.baseline)], results));
    log('this server / baseline (key p95, slowest request p95):');
    for (const r of results) {
      if (!r.baseline) continue;
      const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? `${fixed(a / b, 3)}×` : 'n/a');
      log(`  ${r.hosts} hosts: ${ratio(r.server.keystrokeP95Ms, r.baseline.keystrokeP95Ms)}, ${ratio(worstRequestP95(r.server), worstRequestP95(r.baseline))}`);
    }
  }
  if (designs.length > 0) logDesigns(designs, []);
  log('');
  logTargets([...targets, ...designTargets]);
  if (!rest) log('(server RSS at rest: run with --rest)');
  for (const g of editGrowth) log(`one-host edit (facade), ${g.from} → ${g.to} hosts: ×${fixed(g.ratio, 2)}`);
  for (const g of nMinus1Growth) log(`N-1 cost per failed switch, ${g.from} → ${g.to} hosts: grows as hosts^${fixed(g.exponent, 2)}`);
}

function logStages(results: InProcessResult[]): void {
  log('Pipeline stages in this process (ms, medians after a warm-up; parse+model: both in one timed run; ratio = parse+model / JSON.parse of the model):');
  log(formatTable(STAGE_COLUMNS, results));
  for (const g of growth(results, (r) => r.incrementalAnalyzeDocumentMs)) log(`one-host edit (facade), ${g.from} → ${g.to} hosts: ×${fixed(g.ratio, 2)}`);
}

/** The sessions in a design of several files, in the columns of the one-file sessions. */
function logDesigns(designs: DesignResult[], targets: TargetStatus[]): void {
  log(`a design of ${DESIGN_FILES} files (a folder with a .topo.json; one host file open, the others read from disk; follow-ups ${followUpsMode}):`);
  const columns: [string, (r: DesignResult) => string][] = [
    ['hosts', (r) => String(r.hosts)],
    ['files', (r) => String(r.files)],
    ['findings', (r) => String(r.session.diagnostics)],
    ...editorColumns((r: DesignResult) => r.session).filter(([name]) => !name.startsWith('preview')),
  ];
  log(formatTable(columns, designs));
  for (const r of designs) logAnswers(`${r.hosts} hosts in ${r.files} files`, r.session);
  if (targets.length > 0) {
    log('');
    logTargets(targets);
  }
}

/**
 * The answers' weights: an answer arrives no sooner than the client has read it, so a large one
 * (the outline of a design in one file) sets a floor under its request's time that no server lowers.
 */
function logAnswers(label: string, session: EditorResult): void {
  const kinds = Object.entries(session.answers) as [FollowUp | 'publishDiagnostics', AnswerWeight][];
  const each = kinds.map(([kind, { bytes, parseMs }]) => `${kind === 'publishDiagnostics' ? 'diagnostics' : SHORT[kind]} ${bytes >= 1e6 ? `${fixed(bytes / 1e6, 2)} MB` : `${fixed(bytes / 1e3)} KB`}, ${fixed(parseMs)} ms`);
  log(`  last answers at ${label} (JSON size, JSON.parse here): ${each.join('; ')}`);
}

function logTargets(targets: TargetStatus[]): void {
  for (const t of targets) {
    const against = t.baseline === undefined ? '' : `; baseline ${fixed(t.baseline)} ${t.unit}`;
    log(`${t.met ? 'met   ' : 'MISSED'}  ${t.target} at ${t.hosts} hosts: ${fixed(t.actual)} ${t.unit} (limit ${t.limit} ${t.unit}, ${fixed(t.ratio, 2)}× of limit${against})`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
