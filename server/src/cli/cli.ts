// The `topo` command line: argument parsing and the subcommands. Input and output go through
// `CliIo` so tests can run commands in-process; user errors end as one line and exit code 2.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../config/suggest';
import { buildDiagram } from '../diagram/build';
import { renderDrawio } from '../diagram/drawio';
import { renderSvg } from '../diagram/render';
import type { DiagramModel, DiagramSpan } from '../diagram/schema';
import { RULES } from '../rules';
import { DesignFiles } from '../service/designFiles';
import { analyzeDesign } from '../service/languageService';
import { ConfigResolver, parseRuleOverrides } from './config';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError } from './errors';
import { describeFsError } from '../config/textFile';
import { resolveInputs, writeOutput } from './files';
import { DRIFT_RULES } from '../drift';
import { COLLECTOR_OSES, collectorScript } from '../import/collect';
import { runDriftCommand } from './drift';
import { runImport } from './import';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { countMessages, isSyntaxCode, lintDesign, lintText, type FileResult } from './lint';
import { groupDesigns, namedDesign, readDesignFiles } from './designs';
import { findPackage, ruleDocFile, type PackageInfo } from './packageRoot';
import { reportDesigns } from './report';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (colour in text output). */
  isTTY: boolean;
  /** Where the running bundle lives: the package's files and the server bundle are found from it. */
  bundleDir: string;
  /** Starts the language server bundle in this process. */
  startServer(serverBundle: string): void;
}

const USAGE = `Usage: topo <command> [options]

Commands:
  lint [files, folders, globs...]   check designs (default: every .topo file under .)
      --format text|json|sarif      output format (default text)
      --config FILE                 settings file (default: the nearest .topo.json)
      --rule id=severity            override a rule's severity (off, info, warning, error); repeatable
      --max-warnings N              exit 1 when there are more than N warnings
      --docs-base-url URL           rule help links in SARIF output point here
  render FILE|FOLDER -o OUT.svg|OUT.png|OUT.drawio
                                    draw the design's diagram (.drawio: editable in diagrams.net)
      --format svg|png|drawio       output format (default: from the extension of OUT)
      --theme light                 diagram colours
  import FILES|FOLDERS...           write the design that collected command outputs describe
      -o FILE                       write the design here (default: stdout; the report goes to stderr)
      --design FOLDER               write it as a design of several files: FOLDER/.topo.json, fabric.topo
                                    (switches, their cables), arrays.topo, one HOST.topo per host
      --force                       let --design replace files that exist (it refuses otherwise)
      --format text|json            json: the design and the report of what could not be placed
  report [files, folders, globs...] paths, bandwidth alone and shared, and what each single failure
                                    costs, per host and volume (default: every .topo file under .)
      --format text|json|markdown   output format (default text; markdown for a change request)
      --config FILE                 settings file (default: the nearest .topo.json)
  collect linux|windows|esxi        print the read-only script that collects those outputs on a machine
      -o FILE                       write it to FILE instead
  drift FILE|FOLDER [STATE...]      compare a design (file or design folder) with collected command outputs (drift-… rules; default: the .topo.json's "state")
      --format text|json|sarif, --config FILE, --rule id=severity, --max-warnings N: as lint
  explain [rule-id]                 print a rule's documentation (without an id: list the rules)
  lsp --stdio                       run the language server on stdin/stdout

Options:
  -h, --help                        show this help
  -v, --version                     show the version

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 bad usage or unreadable files.
`;

const COMMANDS = ['lint', 'render', 'import', 'collect', 'report', 'drift', 'explain', 'lsp'];

export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`topo: ${error.message}\n`);
    return EXIT_USAGE;
  }
}

async function dispatch(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(`${packageInfo(io).version}\n`);
    return EXIT_OK;
  }
  switch (command) {
    case 'lint':
      return lint(rest, io);
    case 'render':
      return render(rest, io);
    case 'import':
      return importCommand(rest, io);
    case 'report':
      return report(rest, io);
    case 'drift':
      return driftCommand(rest, io);
    case 'collect':
      return collect(rest, io);
    case 'explain':
      return explain(rest, io);
    case 'lsp':
      return lsp(rest, io);
    default:
      throw new UsageError(`unknown command '${command}'${didYouMean(command, COMMANDS)}; see 'topo --help'`);
  }
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.split(/\. |\n/)[0].replace(/\.$/, '');
    throw new UsageError(`${command}: ${message}; see 'topo --help'`);
  }
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`unknown ${name} '${value}'${didYouMean(value, allowed)}; use ${allowed.join(', ')}`);
}

function packageInfo(io: CliIo): PackageInfo {
  const info = findPackage(io.bundleDir);
  if (!info) throw new Error(`package.json of storage-topology not found above ${io.bundleDir}`);
  return info;
}

async function lint(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('lint', args, {
    format: { type: 'string', default: 'text' },
    config: { type: 'string' },
    rule: { type: 'string', multiple: true, default: [] },
    'max-warnings': { type: 'string' },
    'docs-base-url': { type: 'string' },
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = oneOf('format', values.format, ['text', 'json', 'sarif'] as const);
  const maxWarnings = values['max-warnings'] === undefined ? undefined : parseCount('--max-warnings', values['max-warnings']);
  const overrides = parseRuleOverrides(values.rule);
  const explicitConfig = values.config === undefined ? undefined : path.resolve(io.cwd, values.config);
  // The --config file is named as typed (`/dev/zero`, not `../../dev/zero`).
  const shownName = (file: string) => (file === explicitConfig ? values.config! : path.relative(io.cwd, file) || file);
  const configs = new ConfigResolver(explicitConfig, overrides, shownName);
  const files = await resolveInputs(positionals.length > 0 ? positionals : ['.'], io.cwd);

  const results: FileResult[] = [];
  const reportedConfigs = new Set<string | undefined>();
  let configError = false;
  for (const design of await groupDesigns(files, configs)) {
    const configFile = configs.configFileFor(design.files[0]!);
    const config = configs.load(configFile);
    if (!reportedConfigs.has(configFile)) {
      reportedConfigs.add(configFile);
      for (const problem of config.problems) {
        io.stderr(`${problem.file}:${problem.position.line + 1}:${problem.position.character + 1}: ${problem.severity}: ${problem.message}\n`);
        if (problem.severity === 'error') configError = true;
      }
    }
    const texts = readDesignFiles(design, shownName);
    if (design.folder === undefined) results.push(lintText(texts[0]!.name, texts[0]!.text, config.settings));
    else results.push(...lintDesign(texts, config.settings, design.named));
  }
  results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (configError) return EXIT_USAGE;

  if (format === 'text') {
    io.stdout(formatText(results, { cwd: io.cwd, color: io.isTTY && !io.env.NO_COLOR }));
  } else if (format === 'json') {
    io.stdout(formatJson(results));
  } else {
    const info = packageInfo(io);
    io.stdout(formatSarif(results, { cwd: io.cwd, version: info.version, packageRoot: info.root, docsBaseUrl: values['docs-base-url'] }));
  }
  const counts = countMessages(results.flatMap((result) => result.messages));
  if (counts.errors > 0) return EXIT_PROBLEMS;
  if (maxWarnings !== undefined && counts.warnings > maxWarnings) {
    if (format === 'text') io.stderr(`topo: ${counts.warnings} warnings exceed --max-warnings ${maxWarnings}\n`);
    return EXIT_PROBLEMS;
  }
  return EXIT_OK;
}


function parseCount(option: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${option} expects a whole number, not '${value}'`);
  return Number(value);
}

async function render(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('render', args, {
    output: { type: 'string', short: 'o' },
    format: { type: 'string' },
    theme: { type: 'string', default: 'light' },
    config: { type: 'string' },
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('render expects one design: topo render FILE|FOLDER -o OUT.svg|OUT.png|OUT.drawio');
  if (values.output === undefined) throw new UsageError('render needs an output file: -o OUT.svg, -o OUT.png or -o OUT.drawio');
  oneOf('theme', values.theme, ['light'] as const);
  const extension = path.extname(values.output).slice(1).toLowerCase();
  const format = oneOf('format', values.format ?? extension, ['svg', 'png', 'drawio'] as const);

  const shownName = (file: string) => path.relative(io.cwd, file) || file;
  const configs = new ConfigResolver(values.config === undefined ? undefined : path.resolve(io.cwd, values.config), {}, shownName);
  // A design folder, or a file of one, draws the whole design.
  const named = path.resolve(io.cwd, positionals[0]);
  const design = await namedDesign(positionals[0], io.cwd, configs);
  const file = design.folder ?? named;
  const { settings } = configs.load(configs.configFileFor(design.files[0]!));
  const texts = readDesignFiles(design, (each) => (each === named ? positionals[0] : shownName(each)));
  const document = analyzeDesign(new DesignFiles(texts), settings);
  const syntaxErrors = document.problems.filter((problem) => isSyntaxCode(problem.code)).length;
  if (syntaxErrors > 0)
    io.stderr(`topo: warning: ${positionals[0]} has ${syntaxErrors} syntax error(s); the diagram shows what parsed\n`);

  const diagram = buildDiagram(document.modelResult.model, document.analysis, document.problems, { groupHosts: true });
  // A file named inside a design folder: the whole design, that file's elements emphasised.
  const namedFile = design.named.size === 1 && texts.length > 1 ? document.files.files.find((each) => design.named.has(each.name)) : undefined;
  const emphasis = namedFile && { start: namedFile.start, end: namedFile.start + namedFile.text.length };
  const image = format === 'drawio' ? await renderDrawio(diagram, path.basename(file)) : await renderImage(diagram, format, emphasis);
  writeOutput(path.resolve(io.cwd, values.output), values.output, image);
  return EXIT_OK;
}

async function renderImage(diagram: DiagramModel, format: 'svg' | 'png', emphasis: DiagramSpan | undefined): Promise<string | Buffer> {
  const svg = await renderSvg(diagram, { style: 'light', ...(emphasis ? { emphasis } : {}) });
  return format === 'svg' ? svg : toPng(svg);
}

/** PNG needs the native resvg module, loaded only here so the other commands run without it. */
async function toPng(svg: string): Promise<Buffer> {
  let renderPng: typeof import('../diagram/renderPng').renderPng;
  try {
    ({ renderPng } = await import('../diagram/renderPng'));
  } catch {
    throw new UsageError("PNG output needs the package '@resvg/resvg-js' (npm install @resvg/resvg-js); SVG output works without it");
  }
  return renderPng(svg);
}

async function importCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('import', args, {
    output: { type: 'string', short: 'o' },
    design: { type: 'string' },
    force: { type: 'boolean', default: false },
    format: { type: 'string', default: 'text' },
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = oneOf('format', values.format, ['text', 'json'] as const);
  return runImport({ inputs: positionals, output: values.output, design: values.design, force: values.force, format, cwd: io.cwd, stdout: io.stdout, stderr: io.stderr });
}

async function report(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('report', args, { format: { type: 'string', default: 'text' }, config: { type: 'string' } });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = oneOf('format', values.format, ['text', 'json', 'markdown'] as const);
  const { output, warnings } = await reportDesigns(positionals, { format, config: values.config }, io.cwd);
  for (const warning of warnings) io.stderr(`topo: warning: ${warning}\n`);
  io.stdout(output);
  return EXIT_OK;
}

function collect(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse('collect', args, { output: { type: 'string', short: 'o' } });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`collect expects one OS: topo collect ${COLLECTOR_OSES.join('|')} [-o FILE]`);
  const script = collectorScript(oneOf('OS', positionals[0], COLLECTOR_OSES));
  if (values.output === undefined) {
    io.stdout(script);
    return EXIT_OK;
  }
  writeOutput(path.resolve(io.cwd, values.output), values.output, script, 0o755);
  return EXIT_OK;
}

async function driftCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('drift', args, {
    format: { type: 'string', default: 'text' },
    config: { type: 'string' },
    rule: { type: 'string', multiple: true, default: [] },
    'max-warnings': { type: 'string' },
    'docs-base-url': { type: 'string' },
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('drift expects a design and the collected state: topo drift design.topo STATE...');
  const [design, ...state] = positionals;
  return runDriftCommand({
    design,
    state,
    format: oneOf('format', values.format, ['text', 'json', 'sarif'] as const),
    config: values.config,
    rules: values.rule,
    maxWarnings: values['max-warnings'] === undefined ? undefined : parseCount('--max-warnings', values['max-warnings']),
    docsBaseUrl: values['docs-base-url'],
    cwd: io.cwd,
    color: io.isTTY && !io.env.NO_COLOR,
    packageInfo: () => packageInfo(io),
    stdout: io.stdout,
    stderr: io.stderr,
  });
}

function explain(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse('explain', args, {});
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const rules = [...RULES, ...DRIFT_RULES];
  const ids = rules.map(({ meta }) => meta.id);
  if (positionals.length === 0) {
    const width = Math.max(...ids.map((id) => id.length));
    io.stdout(rules.map(({ meta }) => `${meta.id.padEnd(width)}  ${meta.defaultSeverity.padEnd(7)}  ${meta.summary}\n`).join(''));
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError('explain expects one rule id');
  const id = positionals[0];
  if (!ids.includes(id)) throw new UsageError(`unknown rule '${id}'${didYouMean(id, ids)}; 'topo explain' lists them`);
  const docFile = ruleDocFile(packageInfo(io).root, id);
  try {
    io.stdout(readFileSync(docFile, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the page of '${id}': ${describeFsError(error)}`);
  }
  return EXIT_OK;
}

function lsp(args: readonly string[], io: CliIo): number {
  const { values } = parse('lsp', args, { stdio: { type: 'boolean' } });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (!values.stdio) throw new UsageError('lsp supports only --stdio: topo lsp --stdio');
  io.startServer(path.join(io.bundleDir, 'server.js'));
  return EXIT_OK;
}
