// `--format json`: the shape of ESLint's JSON formatter, so tools that read ESLint results read
// these too. Severity 2 is an error, 1 a warning or info; syntax errors carry `fatal: true`.
import { countMessages, type FileResult } from '../lint';

export interface JsonMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: true;
}

export interface JsonFileResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  infoCount: number;
}

export function toJsonResults(results: readonly FileResult[]): JsonFileResult[] {
  return results.map((result) => {
    const counts = countMessages(result.messages);
    return {
      filePath: result.file,
      messages: result.messages.map((message) => ({
        ruleId: message.code,
        severity: message.severity === 'error' ? 2 : 1,
        message: message.message,
        line: message.line,
        column: message.column,
        endLine: message.endLine,
        endColumn: message.endColumn,
        ...(message.fatal ? { fatal: true as const } : {}),
      })),
      errorCount: counts.errors,
      warningCount: counts.warnings,
      fatalErrorCount: counts.fatal,
      infoCount: counts.infos,
    };
  });
}

export function formatJson(results: readonly FileResult[]): string {
  return JSON.stringify(toJsonResults(results)) + '\n';
}
