// The design review report as text for a terminal, JSON for tools, and Markdown that a reviewer
// pastes into a change request.
import type { DesignReport, ReportImpact, ReportPair, ReportPath } from './build';

export type ReportFormat = 'text' | 'json' | 'markdown';

export interface FileReport {
  /** The file as the user named it. */
  file: string;
  report: DesignReport;
}

export function formatReports(reports: readonly FileReport[], format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(reports, null, 2)}\n`;
  const write = format === 'text' ? textReport : markdownReport;
  return reports.map(write).join('\n');
}

/** `50 Gb/s`, `2.5 Gb/s`, `100 Mb/s`. */
export function rate(mbps: number): string {
  return mbps >= 1000 ? `${Number((mbps / 1000).toFixed(2))} Gb/s` : `${Number(mbps.toFixed(2))} Mb/s`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `2 paths (1 optimized)`. */
function pathCount(pair: ReportPair): string {
  const optimized = pair.optimizedPaths === pair.paths.length ? '' : ` (${pair.optimizedPaths} optimized)`;
  return `${count(pair.paths.length, 'path')}${optimized}`;
}

function pairBandwidth(pair: ReportPair): string {
  if (!pair.known) return 'speed not declared';
  const shared = pair.sharedMbps === pair.aloneMbps ? 'the same shared' : `${rate(pair.sharedMbps)} shared`;
  return `${rate(pair.aloneMbps)} alone, ${shared}`;
}

function pathState(path: ReportPath): string {
  return [path.optimized ? 'optimized' : 'non-optimized', path.active ? 'active' : 'standby'].join(', ');
}

/** `app017 keeps 1 of 2 paths to ds01, 25 of 50 Gb/s`, or `app017 loses every path to ds01`. */
export function impactSentence(impact: ReportImpact): string {
  if (impact.cutOff) return `${impact.host} loses every path to ${impact.volume}`;
  const bandwidth = impact.known ? `, ${rateOf(impact.mbpsAfter, impact.mbpsBefore)}` : '';
  return `${impact.host} keeps ${impact.pathsAfter} of ${count(impact.pathsBefore, 'path')} to ${impact.volume}${bandwidth}`;
}

/** `25 of 50 Gb/s`; both units when they differ (`500 Mb/s of 10 Gb/s`). */
function rateOf(part: number, whole: number): string {
  if (part === 0) return `0 of ${rate(whole)}`;
  const [value, unit] = rate(part).split(' ');
  return unit === rate(whole).split(' ')[1] ? `${value} of ${rate(whole)}` : `${rate(part)} of ${rate(whole)}`;
}

function textReport({ file, report }: FileReport): string {
  const lines = [file, ''];
  lines.push('Host ↔ volume');
  if (report.pairs.length === 0) lines.push('  no volume is mapped to a host');
  for (const pair of report.pairs) {
    lines.push(`  ${pair.host} ↔ ${pair.volume}: ${pathCount(pair)}, ${pairBandwidth(pair)}${pair.known && pair.bottleneck ? ` (${pair.bottleneck})` : ''}`);
    for (const path of pair.paths) lines.push(`    ${path.route.join(' → ')}  [${pathState(path)}]`);
  }
  if (report.switches.length > 0) {
    lines.push('', 'All hosts of a switch at once');
    for (const share of report.switches) {
      const total = share.known ? `${rate(share.mbps)} together (${rate(share.aloneMbps)} alone)` : 'speed not declared';
      lines.push(`  ${share.switch}: ${share.hosts.join(', ')}: ${total}${share.known && share.bottleneck ? `, limited by ${share.bottleneck}` : ''}`);
    }
  }
  lines.push('', 'After losing one component (N-1)');
  for (const failure of report.failures) {
    lines.push(`  after losing ${failure.label}:`);
    for (const impact of failure.impacts) lines.push(`    ${impactSentence(impact)}`);
  }
  lines.push(`  ${failureSummary(report)}`);
  return `${lines.join('\n')}\n`;
}

function markdownReport({ file, report }: FileReport): string {
  const lines = [`## Design review: \`${code(file)}\``, ''];
  lines.push('### Host ↔ volume', '');
  if (report.pairs.length === 0) lines.push('No volume is mapped to a host.');
  else {
    lines.push('| Host | Volume | Paths | Alone | Shared | Bottleneck | Single points of failure |', '|---|---|---|---|---|---|---|');
    for (const pair of report.pairs) {
      const alone = pair.known ? rate(pair.aloneMbps) : 'not declared';
      const shared = pair.known ? rate(pair.sharedMbps) : 'not declared';
      const spofs = pair.singlePointsOfFailure.length > 0 ? pair.singlePointsOfFailure.join(', ') : 'none';
      lines.push(row([pair.host, pair.volume, pathCount(pair), alone, shared, pair.known ? pair.bottleneck : '', spofs].map(cell)));
    }
    lines.push('', '#### Paths', '');
    for (const pair of report.pairs) {
      lines.push(`- **${cell(pair.host)} ↔ ${cell(pair.volume)}**`);
      if (pair.paths.length === 0) lines.push('  - no path');
      for (const path of pair.paths) lines.push(`  - ${path.route.map((hop) => `\`${code(hop)}\``).join(' → ')} (${pathState(path)})`);
    }
  }
  if (report.switches.length > 0) {
    lines.push('', '### All hosts of a switch at once', '');
    lines.push('| Switch | Hosts | Together | Alone | Bottleneck |', '|---|---|---|---|---|');
    for (const share of report.switches) {
      const together = share.known ? rate(share.mbps) : 'not declared';
      const alone = share.known ? rate(share.aloneMbps) : 'not declared';
      lines.push(row([share.switch, share.hosts.join(', '), together, alone, share.known ? share.bottleneck : ''].map(cell)));
    }
  }
  lines.push('', '### After losing one component (N-1)', '');
  if (report.failures.length > 0) {
    lines.push('| Component lost | Host ↔ volume | Paths left | Bandwidth left |', '|---|---|---|---|');
    for (const failure of report.failures) {
      for (const impact of failure.impacts) {
        // Bold, so that a reviewer sees the pairs cut off at a glance.
        const paths = impact.cutOff ? `**0 of ${impact.pathsBefore}**` : `${impact.pathsAfter} of ${impact.pathsBefore}`;
        const bandwidth = impact.known ? rateOf(impact.mbpsAfter, impact.mbpsBefore) : 'not declared';
        lines.push(row([cell(failure.label), cell(`${impact.host} ↔ ${impact.volume}`), paths, cell(bandwidth)]));
      }
    }
    lines.push('');
  }
  lines.push(failureSummary(report));
  return `${lines.join('\n')}\n`;
}

function failureSummary(report: DesignReport): string {
  const cutting = report.failures.filter((failure) => failure.impacts.some((impact) => impact.cutOff)).length;
  const total = report.failures.length + report.harmless;
  return (
    `${count(total, 'component')}: ${cutting} cut${cutting === 1 ? 's' : ''} some host off a volume, ` +
    `${report.failures.length - cutting} only reduce${report.failures.length - cutting === 1 ? 's' : ''} paths or bandwidth, ${report.harmless} change${report.harmless === 1 ? 's' : ''} nothing`
  );
}

/** Text inside a table cell: pipes and line breaks would end the cell or the table. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([*_`[\]<>])/g, '\\$1');
}

/** Text inside a code span: a backtick would end it. */
function code(text: string): string {
  return text.replace(/`/g, "'").replace(/[\r\n]+/g, ' ');
}

/** A table row of cells already escaped (see `cell`). */
function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}
