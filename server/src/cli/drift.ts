// `topo drift <design> <state...>`: the design against collected command outputs. The state is
// read and joined as `topo import` reads it; differences are reported on the design's lines as
// `drift-…` findings, in the formats and with the exit codes of `topo lint`. A design folder (or a
// file of one) is compared as a whole, each finding reported in the file it lies in.
import * as path from 'node:path';
import { DRIFT_RULE_IDS, DRIFT_RULES, runDrift } from '../drift';
import { joinObservations } from '../import/join';
import { oversizedOutput, readOutput } from '../import/read';
import { where } from '../import/write';
import { DesignFiles } from '../service/designFiles';
import { analyzeDesign } from '../service/languageService';
import { ConfigResolver, parseRuleOverrides } from './config';
import { namedDesign, readDesignFiles } from './designs';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError } from './errors';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { collect } from './import';
import { countMessages, fileResults, isSyntaxCode } from './lint';
import type { PackageInfo } from './packageRoot';

export interface DriftOptions {
  design: string;
  state: readonly string[];
  format: 'text' | 'json' | 'sarif';
  config?: string;
  rules: readonly string[];
  maxWarnings?: number;
  docsBaseUrl?: string;
  cwd: string;
  color: boolean;
  packageInfo: () => PackageInfo;
  stdout(text: string): void;
  stderr(text: string): void;
}

export async function runDriftCommand(options: DriftOptions): Promise<number> {
  const overrides = parseRuleOverrides(options.rules, DRIFT_RULE_IDS);
  const shownName = (file: string) => path.relative(options.cwd, file) || file;
  const configs = new ConfigResolver(options.config === undefined ? undefined : path.resolve(options.cwd, options.config), overrides, shownName);
  const design = await namedDesign(options.design, options.cwd, configs);
  const named = path.resolve(options.cwd, options.design);
  const texts = readDesignFiles(design, (each) => (each === named ? options.design : shownName(each)));
  const config = configs.load(configs.configFileFor(design.files[0]!));
  for (const problem of config.problems) {
    options.stderr(`${problem.file}:${problem.position.line + 1}:${problem.position.character + 1}: ${problem.severity}: ${problem.message}\n`);
  }
  if (config.problems.some((problem) => problem.severity === 'error')) return EXIT_USAGE;
  // Without state arguments, the state the design's .topo.json names, as the editor reads it.
  const state = options.state.length > 0 ? options.state : config.state;
  if (state.length === 0) throw new UsageError('drift expects a design and the collected state: topo drift design.topo STATE... (or "state" in its .topo.json)');

  const collected = await collect(state, options.cwd);
  const read = collected.map((entry) => ({ file: entry.file, folder: entry.folder, read: entry.bytes ? readOutput(entry.bytes) : oversizedOutput(entry.size) }));
  if (!read.some((entry) => entry.read.format)) throw new UsageError(`none of the ${read.length} state file(s) is a command output the import reads; 'topo collect' prints a script that gathers them`);
  const files = new DesignFiles(texts);
  const document = analyzeDesign(files, config.settings);
  const syntaxErrors = document.problems.filter((problem) => isSyntaxCode(problem.code)).length;
  if (syntaxErrors > 0) options.stderr(`topo: warning: ${options.design} has ${syntaxErrors} syntax error(s); drift compares what parsed\n`);
  const observed = joinObservations(read);
  const drift = runDrift(document.modelResult.model, document.analysis, observed, config.settings);
  const results = fileResults(files, drift.problems, design.named);

  if (options.format === 'text') {
    options.stdout(formatText(results, { cwd: options.cwd, color: options.color }));
    if (drift.uncollected.length > 0) options.stderr(`topo drift: no state collected for ${drift.uncollected.join(', ')}; not compared\n`);
    const unread = observed.unplaced.filter((entry) => !read.find((file) => file.file === entry.source.file)?.read.format);
    for (const entry of unread) options.stderr(`topo drift: ${where(entry.source)}: ${entry.message}\n`);
  } else if (options.format === 'json') {
    options.stdout(formatJson(results));
  } else {
    const info = options.packageInfo();
    options.stdout(formatSarif(results, { cwd: options.cwd, version: info.version, packageRoot: info.root, docsBaseUrl: options.docsBaseUrl, rules: DRIFT_RULES }));
  }
  const counts = countMessages(results.flatMap((result) => result.messages));
  if (counts.errors > 0) return EXIT_PROBLEMS;
  if (options.maxWarnings !== undefined && counts.warnings > options.maxWarnings) {
    if (options.format === 'text') options.stderr(`topo: ${counts.warnings} warnings exceed --max-warnings ${options.maxWarnings}\n`);
    return EXIT_PROBLEMS;
  }
  return EXIT_OK;
}
