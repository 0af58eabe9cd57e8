// What the server reads from the editor's `storageTopology` settings section: the checker's part
// (rule severities, subnet layout), checked by the config module, and the server's own debounce
// and outline limit.
import { checkEditorSettings } from '../config/load';
import type { SettingsInput } from '../config/schema';

export const DEFAULT_DEBOUNCE_MS = 150;

/** Node's timers take at most 2³¹ − 1 ms; a longer delay would fire at once. */
export const MAX_DEBOUNCE_MS = 2 ** 31 - 1;

/** As VS Code's JSON language features cap their outline (`json.maxItemsComputed`). */
export const DEFAULT_OUTLINE_MAX_SYMBOLS = 5000;

export interface EditorSettings {
  checker: SettingsInput;
  debounceMs: number;
  /** Over this many symbols, a file's outline lists its top-level elements alone (features/outlineLimit.ts). */
  outlineMaxSymbols: number;
  /** One message per entry that was left out because its value is wrong. */
  problems: string[];
}

export function readEditorSettings(section: unknown): EditorSettings {
  const record = isRecord(section) ? section : {};
  const checked: Record<string, unknown> = {};
  if (record.rules !== undefined) checked.rules = record.rules;
  if (record.subnetLayout !== undefined) checked.subnetLayout = record.subnetLayout;
  const { settings, problems } = checkEditorSettings(checked);
  const diagnostics = isRecord(record.diagnostics) ? record.diagnostics : {};
  const debounce = diagnostics.debounceMs;
  const valid = typeof debounce === 'number' && debounce >= 0 && debounce <= MAX_DEBOUNCE_MS;
  if (debounce !== undefined && !valid) {
    problems.push(`'diagnostics.debounceMs' must be a number of milliseconds from 0 to ${MAX_DEBOUNCE_MS}, not ${JSON.stringify(debounce)}`);
  }
  const outline = isRecord(record.outline) ? record.outline : {};
  const maxSymbols = outline.maxSymbols;
  const validMax = typeof maxSymbols === 'number' && Number.isSafeInteger(maxSymbols) && maxSymbols >= 0;
  if (maxSymbols !== undefined && !validMax) {
    problems.push(`'outline.maxSymbols' must be a whole number of symbols, 0 or more, not ${JSON.stringify(maxSymbols)}`);
  }
  return { checker: settings, debounceMs: valid ? debounce : DEFAULT_DEBOUNCE_MS, outlineMaxSymbols: validMax ? maxSymbols : DEFAULT_OUTLINE_MAX_SYMBOLS, problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
