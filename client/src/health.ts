/** Counts of one file's diagnostics by severity. */
export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export interface HealthText {
  /** Status bar text, with a codicon. */
  text: string;
  tooltip: string;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** What the status bar says about a .topo file, most severe first. */
export function describeHealth(fileName: string, counts: ProblemCounts): HealthText {
  const parts: string[] = [];
  if (counts.errors > 0) parts.push(plural(counts.errors, 'error'));
  if (counts.warnings > 0) parts.push(plural(counts.warnings, 'warning'));
  if (counts.infos > 0) parts.push(plural(counts.infos, 'info'));
  const icon = counts.errors > 0 ? '$(error)' : counts.warnings > 0 ? '$(warning)' : counts.infos > 0 ? '$(info)' : '$(check)';
  const summary = parts.length > 0 ? parts.join(', ') : 'no problems';
  return {
    text: `${icon} Topo: ${summary}`,
    tooltip: `${fileName}: ${summary}. Click to open the Problems view.`,
  };
}
