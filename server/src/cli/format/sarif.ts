// `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it. One run; the driver lists
// every registered rule with its doc page as help; results point at files relative to the
// checked-out source root (%SRCROOT%), so the same log is valid on any machine.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../../problem';
import { RULES } from '../../rules';
import type { RuleMeta } from '../../rules/rule';
import type { FileResult, Region } from '../lint';
import { ruleDocFile } from '../packageRoot';

export interface SarifOptions {
  cwd: string;
  version: string;
  packageRoot: string;
  /** Where the rule pages are published (`<base>/<id>.md`); the installed pages otherwise. */
  docsBaseUrl?: string;
  /** The rules the results come from (default: the design's rules). */
  rules?: ReadonlyArray<{ meta: RuleMeta }>;
}

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function toSarif(results: readonly FileResult[], options: SarifOptions): object {
  const registry = options.rules ?? RULES;
  const ruleIndex = new Map(registry.map((rule, index) => [rule.meta.id, index]));
  const rules = registry.map(({ meta }) => {
    const docFile = ruleDocFile(options.packageRoot, meta.id);
    const page = existsSync(docFile) ? readFileSync(docFile, 'utf8') : `${meta.summary}\n\n${meta.rationale}`;
    return {
      id: meta.id,
      name: meta.id,
      shortDescription: { text: meta.summary },
      fullDescription: { text: meta.rationale },
      help: { text: `${meta.summary}\n\n${meta.rationale}`, markdown: page },
      helpUri: options.docsBaseUrl
        ? `${options.docsBaseUrl.replace(/\/*$/, '/')}${meta.id}.md`
        : pathToFileURL(docFile).href,
      defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    };
  });
  const sarifResults = results.flatMap((result) => {
    const artifact = artifactLocation(result.file, options.cwd);
    return result.messages.map((message) => {
      const index = ruleIndex.get(message.code);
      return {
        ruleId: message.code,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: LEVEL[message.severity],
        message: { text: message.message },
        locations: [{ physicalLocation: { artifactLocation: artifact, region: sarifRegion(message) } }],
        ...(message.related.length > 0
          ? {
              relatedLocations: message.related.map((related, id) => ({
                id,
                message: { text: related.message },
                physicalLocation: { artifactLocation: related.file === undefined ? artifact : artifactLocation(related.file, options.cwd), region: sarifRegion(related) },
              })),
            }
          : {}),
      };
    });
  });
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'topo',
            version: options.version,
            informationUri: pathToFileURL(path.join(options.packageRoot, 'README.md')).href,
            rules,
          },
        },
        results: sarifResults,
      },
    ],
  };
}

export function formatSarif(results: readonly FileResult[], options: SarifOptions): string {
  return JSON.stringify(toSarif(results, options), null, 2) + '\n';
}

function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(cwd, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(file).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function sarifRegion(region: Region) {
  return {
    startLine: region.line,
    startColumn: region.column,
    endLine: region.endLine,
    endColumn: region.endColumn,
  };
}
