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

/**
 * Whether the diagnostics shown are those of the open version: `first` while no version of the
 * file has been checked yet (there are no counts to show, and none is not "no problems"), `edit`
 * while the latest edit is being checked (the counts are the previous version's).
 */
export type Checking = 'no' | 'first' | 'edit';

/** What the status bar says about a .topo file, most severe first. */
export function describeHealth(fileName: string, counts: ProblemCounts, checking: Checking = 'no'): HealthText {
  if (checking === 'first') {
    return { text: '$(sync~spin) Topo: checking…', tooltip: `${fileName}: checking the design…` };
  }
  const parts: string[] = [];
  if (counts.errors > 0) parts.push(plural(counts.errors, 'error'));
  if (counts.warnings > 0) parts.push(plural(counts.warnings, 'warning'));
  if (counts.infos > 0) parts.push(plural(counts.infos, 'info'));
  const icon = counts.errors > 0 ? '$(error)' : counts.warnings > 0 ? '$(warning)' : counts.infos > 0 ? '$(info)' : '$(check)';
  const summary = parts.length > 0 ? parts.join(', ') : 'no problems';
  if (checking === 'edit') {
    return {
      text: `$(sync~spin) Topo: ${summary}`,
      tooltip: `${fileName}: checking the latest edit; before it, ${summary}. Click to open the Problems view.`,
    };
  }
  return {
    text: `${icon} Topo: ${summary}`,
    tooltip: `${fileName}: ${summary}. Click to open the Problems view.`,
  };
}
