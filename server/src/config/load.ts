// Reading settings: the workspace file `.topo.json` (JSON, every problem located by line and
// column) and the editor's settings object (already parsed, so problems are named by key).
// Neither throws: a bad entry is reported and left out, the good entries still apply.
import type { Problem } from '../problem';
import { DRIFT_RULE_IDS } from '../drift';
import { RULE_IDS } from '../rules';
import { LineIndex, type LinePosition } from '../syntax/lineIndex';
import type { Span } from '../syntax/tree';
import { CONFIG_CODES } from './codes';
import { parseJson, type JsonMember, type JsonNode } from './json';
import {
  RuleSettingSchema,
  SETTINGS_KEYS,
  SettingsInputSchema,
  SubnetLayoutSchema,
  type RuleSetting,
  type SettingsInput,
} from './schema';
import { didYouMean } from './suggest';

/**
 * The largest settings file read, in bytes. A `.topo.json` sets a few dozen rules in a few hundred
 * bytes (every rule in under 2 KB); a larger file is not settings (a log, a dump), and the server
 * answers nothing else while it reads one. Measured with `npm run bench -- --size-limit`: the
 * costliest 256 KB file (every key an unknown rule id) is read and checked in 15–45 ms of
 * processor time, 1 MB in 0.2 s, 4 MB in 0.7–0.9 s.
 */
export const MAX_CONFIG_BYTES = 256 * 1024;

/** Problems listed per settings file; the rest are counted in one last problem. */
export const MAX_CONFIG_PROBLEMS = 100;

/** A problem in a settings file, with its 0-based position for printing. */
export interface ConfigProblem extends Problem {
  file: string;
  position: LinePosition;
}

export interface ConfigResult {
  settings: SettingsInput;
  problems: ConfigProblem[];
  /** Where each entry of `settings.state` is written, for messages about the files it names. */
  stateSpans: Span[];
}

/** Rules a severity can be set for: the design's rules and `topo drift`'s. */
const CONFIGURABLE_RULE_IDS: readonly string[] = [...RULE_IDS, ...DRIFT_RULE_IDS];

/** The settings of a `.topo.json` file and its problems, located in `text`. */
export function loadConfig(
  text: string,
  fileName: string,
  knownRuleIds: readonly string[] = CONFIGURABLE_RULE_IDS,
): ConfigResult {
  const lines = new LineIndex(text);
  const located = (problem: Problem): ConfigProblem => ({
    ...problem,
    file: fileName,
    position: lines.position(problem.span.start),
  });
  // A byte order mark is read as a space, so that offsets still point into `text`.
  const parsed = parseJson(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  if (!parsed.ok) {
    const problem: Problem = {
      code: CONFIG_CODES.syntax,
      severity: 'error',
      message: `${fileName} is not valid JSON: ${parsed.error.message}`,
      span: parsed.error.span,
    };
    return { settings: {}, problems: [located(problem)], stateSpans: [] };
  }
  const { settings, problems, stateSpans } = checkSettingsNode(parsed.value, knownRuleIds, true);
  return { settings, problems: problems.map(located), stateSpans };
}

/**
 * The checker's part of the editor settings (the `storageTopology` section; other keys of it belong to other
 * features and are ignored) and a message for each entry that was left out.
 */
export function checkEditorSettings(
  value: unknown,
  knownRuleIds: readonly string[] = CONFIGURABLE_RULE_IDS,
): { settings: SettingsInput; problems: string[] } {
  if (value === undefined || value === null) return { settings: {}, problems: [] };
  const { settings, problems } = checkSettingsNode(toJsonNode(value), knownRuleIds, false);
  return { settings, problems: problems.map((problem) => problem.message) };
}

function checkSettingsNode(
  root: JsonNode,
  knownRuleIds: readonly string[],
  strictKeys: boolean,
): { settings: SettingsInput; problems: Problem[]; stateSpans: Span[] } {
  const problems: Problem[] = [];
  const stateSpans: Span[] = [];
  let unlisted: { count: number; severity: Problem['severity']; span: Span } | undefined;
  // The message is built only for a problem that is listed: 50,000 unknown rule ids would
  // otherwise cost 50,000 "did you mean" searches.
  const report: Report = (code, severity, message, span) => {
    if (problems.length < MAX_CONFIG_PROBLEMS) problems.push({ code, severity, message: message(), span });
    else if (!unlisted) unlisted = { count: 1, severity, span };
    else {
      unlisted.count++;
      if (severity === 'error') unlisted.severity = severity;
    }
  };
  const settings: SettingsInput = {};

  if (root.type !== 'object') {
    report(CONFIG_CODES.invalidValue, 'error', () => 'settings must be a JSON object', root.span);
    return { settings, problems, stateSpans };
  }
  reportDuplicateKeys(root.members, report);
  for (const member of root.members) {
    const { key, keySpan, value } = member;
    if (key === '$schema') {
      if (value.type === 'string') settings.$schema = value.value;
      else report(CONFIG_CODES.invalidValue, 'error', () => "'$schema' must be a string", value.span);
    } else if (key === 'subnetLayout') {
      const layout = SubnetLayoutSchema.safeParse(value.type === 'string' ? value.value : undefined);
      if (layout.success) settings.subnetLayout = layout.data;
      else
        report(
          CONFIG_CODES.invalidValue,
          'error',
          () => `'subnetLayout' must be one of ${quoteAll(SubnetLayoutSchema.options)}, not ${show(value)}`,
          value.span,
        );
    } else if (key === 'rules') {
      settings.rules = checkRules(value, knownRuleIds, report);
    } else if (key === 'state' && strictKeys) {
      const entries = checkState(value, report);
      settings.state = entries.map((entry) => entry.path);
      stateSpans.splice(0, stateSpans.length, ...entries.map((entry) => entry.span));
    } else if (strictKeys) {
      report(
        CONFIG_CODES.unknownSetting,
        'warning',
        () => `unknown setting '${key}'${didYouMean(key, SETTINGS_KEYS)}`,
        keySpan,
      );
    }
  }
  if (unlisted) {
    const { count, severity, span } = unlisted;
    const message = `${count} more ${count === 1 ? 'problem' : 'problems'} from here on are not listed`;
    problems.push({ code: CONFIG_CODES.tooManyProblems, severity, message, span });
  }
  // The per-entry checks above admit only valid values; the schema is the contract they meet.
  return { settings: SettingsInputSchema.parse(settings), problems, stateSpans };
}

type Report = (code: string, severity: Problem['severity'], message: () => string, span: Span) => void;

/** JSON lets a key repeat and the last one wins; a repeated key is almost always a mistake. */
function reportDuplicateKeys(members: readonly JsonMember[], report: Report): void {
  const seen = new Set<string>();
  for (const { key, keySpan } of members) {
    if (seen.has(key)) report(CONFIG_CODES.duplicateKey, 'warning', () => `'${key}' is given more than once; the last one applies`, keySpan);
    seen.add(key);
  }
}

function checkRules(node: JsonNode, knownRuleIds: readonly string[], report: Report): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  if (node.type !== 'object') {
    report(
      CONFIG_CODES.invalidValue,
      'error',
      () => `'rules' must be an object mapping rule ids to a severity, not ${show(node)}`,
      node.span,
    );
    return rules;
  }
  reportDuplicateKeys(node.members, report);
  const known = new Set(knownRuleIds);
  for (const { key, keySpan, value } of node.members) {
    if (!known.has(key)) {
      report(
        CONFIG_CODES.unknownRule,
        'warning',
        () => `unknown rule '${key}'${didYouMean(key, knownRuleIds)}`,
        keySpan,
      );
      continue;
    }
    const setting = RuleSettingSchema.safeParse(value.type === 'string' ? value.value : undefined);
    if (setting.success) rules[key] = setting.data;
    else
      report(
        CONFIG_CODES.invalidValue,
        'error',
        () => `rule '${key}' must be set to one of ${quoteAll(RuleSettingSchema.options)}, not ${show(value)}`,
        value.span,
      );
  }
  return rules;
}

/** `"state": "state/"` or a list of such paths; an empty or non-string entry is left out. */
function checkState(node: JsonNode, report: Report): Array<{ path: string; span: Span }> {
  const items = node.type === 'array' ? node.items : [node];
  if (node.type === 'array' && items.length === 0) {
    report(CONFIG_CODES.invalidValue, 'warning', () => "'state' lists no file or folder; no drift is checked", node.span);
  }
  const entries: Array<{ path: string; span: Span }> = [];
  for (const item of items) {
    if (item.type === 'string' && item.value.trim() !== '') entries.push({ path: item.value, span: item.span });
    else
      report(
        CONFIG_CODES.invalidValue,
        'error',
        () => `'state' must name the files or folders of collected command outputs (a path or a list of paths), not ${item.type === 'string' ? 'an empty path' : show(item)}`,
        item.span,
      );
  }
  return entries;
}

function quoteAll(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

function show(node: JsonNode): string {
  switch (node.type) {
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    default:
      return `an ${node.type}`;
  }
}

/** A plain value as a JSON tree with empty spans: editor settings have no text to point into. */
function toJsonNode(value: unknown): JsonNode {
  const span = { start: 0, end: 0 };
  if (typeof value === 'string') return { type: 'string', value, span };
  if (typeof value === 'number') return { type: 'number', value, span };
  if (typeof value === 'boolean') return { type: 'boolean', value, span };
  if (Array.isArray(value)) return { type: 'array', items: value.map(toJsonNode), span };
  if (value !== null && typeof value === 'object')
    return {
      type: 'object',
      members: Object.entries(value).map(([key, member]) => ({ key, keySpan: span, value: toJsonNode(member) })),
      span,
    };
  return { type: 'null', span };
}
