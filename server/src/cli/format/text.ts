// `--format text`: ESLint's "stylish" layout. One block per file with problems, aligned
// `line:col  severity  message  rule-id` rows, and a summary line. Colour only when asked for.
import * as path from 'node:path';
import { countMessages, type FileResult } from '../lint';

export interface TextOptions {
  cwd: string;
  color: boolean;
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', underline: '\x1b[4m', red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m' };

export function formatText(results: readonly FileResult[], options: TextOptions): string {
  const paint = (codes: string, text: string) => (options.color ? `${codes}${text}${ANSI.reset}` : text);
  const severityColor = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.blue };
  const out: string[] = [];
  const all = results.flatMap((result) => result.messages);
  for (const result of results) {
    if (result.messages.length === 0) continue;
    out.push(paint(ANSI.underline, path.relative(options.cwd, result.file) || result.file));
    const rows = result.messages.map((message) => ({
      position: `${message.line}:${message.column}`,
      severity: message.severity,
      message: message.message,
      code: message.code,
    }));
    // A reduce, not Math.max(...rows): spreading 125,000 arguments overflows the stack.
    const width = (key: 'position' | 'severity' | 'message') => rows.reduce((widest, row) => Math.max(widest, row[key].length), 0);
    const [positionWidth, severityWidth, messageWidth] = [width('position'), width('severity'), width('message')];
    for (const row of rows) {
      out.push(
        '  ' +
          paint(ANSI.dim, row.position.padEnd(positionWidth)) +
          '  ' +
          paint(severityColor[row.severity], row.severity.padEnd(severityWidth)) +
          '  ' +
          row.message.padEnd(messageWidth) +
          '  ' +
          paint(ANSI.dim, row.code),
      );
    }
    out.push('');
  }
  if (all.length === 0) return '';
  const counts = countMessages(all);
  const summary =
    `✖ ${all.length} ${plural(all.length, 'problem')} (${counts.errors} ${plural(counts.errors, 'error')}, ` +
    `${counts.warnings} ${plural(counts.warnings, 'warning')}, ${counts.infos} ${plural(counts.infos, 'info')})`;
  out.push(paint(ANSI.bold + (counts.errors > 0 ? ANSI.red : ANSI.yellow), summary));
  return out.join('\n') + '\n';
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
