// `topo report [files] [--format text|json|markdown]`: the design review report of each design
// (report/build.ts), written for a terminal, a tool or a change request.
import * as path from 'node:path';
import { buildReport } from '../report/build';
import { formatReports, type FileReport } from '../report/format';
import { DesignFiles } from '../service/designFiles';
import { analyzeDesign } from '../service/languageService';
import { ConfigResolver } from './config';
import { groupDesigns, readDesignFiles } from './designs';
import { resolveInputs } from './files';
import { isSyntaxCode } from './lint';

export interface ReportOptions {
  format: 'text' | 'json' | 'markdown';
  config: string | undefined;
}

/** The report of every design the inputs name; warnings for designs that did not parse and for bad settings files. */
export async function reportDesigns(inputs: readonly string[], options: ReportOptions, cwd: string): Promise<{ output: string; warnings: string[] }> {
  const shownName = (file: string) => path.relative(cwd, file) || file;
  const configs = new ConfigResolver(options.config === undefined ? undefined : path.resolve(cwd, options.config), {}, shownName);
  const reports: FileReport[] = [];
  const warnings: string[] = [];
  const configsSeen = new Set<string | undefined>();
  for (const design of await groupDesigns(await resolveInputs(inputs.length > 0 ? inputs : ['.'], cwd), configs)) {
    const configFile = configs.configFileFor(design.files[0]!);
    const { settings, problems } = configs.load(configFile);
    if (!configsSeen.has(configFile)) {
      configsSeen.add(configFile);
      for (const problem of problems) warnings.push(`${problem.file}:${problem.position.line + 1}:${problem.position.character + 1}: ${problem.message}`);
    }
    const texts = readDesignFiles(design, shownName);
    const document = analyzeDesign(new DesignFiles(texts), settings);
    // A design folder is reported once, under the folder's name.
    const name = shownName(design.folder ?? design.files[0]!);
    const syntaxErrors = document.problems.filter((problem) => isSyntaxCode(problem.code)).length;
    if (syntaxErrors > 0) warnings.push(`${name} has ${syntaxErrors} syntax error(s); the report covers what parsed`);
    reports.push({ file: name, report: buildReport(document.analysis) });
  }
  return { output: formatReports(reports, options.format), warnings };
}
