// The settings each design is checked with: `--config FILE`, or else the nearest `.topo.json`
// walking up from the design's folder (as the editor uses the workspace's), then the `--rule`
// overrides, which win over both.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig, MAX_CONFIG_BYTES, type ConfigProblem } from '../config/load';
import { mergeSettings } from '../config/merge';
import { DEFAULT_SETTINGS, RuleSettingSchema, type RuleSetting, type Settings } from '../config/schema';
import { didYouMean } from '../config/suggest';
import { RULE_IDS } from '../rules';
import { UsageError } from './errors';
import { readTextFileSync } from '../config/textFile';
import { DESIGN_FILE_NAME } from '../config/designFolder';



export interface LoadedConfig {
  settings: Settings;
  problems: ConfigProblem[];
  /** The observed state the file names (`"state"`), as absolute paths. */
  state: string[];
}

/** `id=severity` pairs from `--rule`, checked against the registry. */
export function parseRuleOverrides(values: readonly string[], knownIds: readonly string[] = RULE_IDS): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  for (const value of values) {
    const separator = value.indexOf('=');
    if (separator < 0) throw new UsageError(`--rule expects id=severity, not '${value}'`);
    const id = value.slice(0, separator).trim();
    const severity = value.slice(separator + 1).trim();
    if (!knownIds.includes(id)) throw new UsageError(`unknown rule '${id}'${didYouMean(id, knownIds)}`);
    const parsed = RuleSettingSchema.safeParse(severity);
    if (!parsed.success)
      throw new UsageError(
        `unknown severity '${severity}' for rule '${id}'${didYouMean(severity, RuleSettingSchema.options)}; ` +
          `use ${RuleSettingSchema.options.join(', ')}`,
      );
    rules[id] = parsed.data;
  }
  return rules;
}

/** Loads and caches config files; `shownName` turns absolute paths into what the user typed. */
export class ConfigResolver {
  private readonly byFile = new Map<string, LoadedConfig>();
  private readonly nearestByFolder = new Map<string, string | undefined>();

  constructor(
    private readonly explicitFile: string | undefined,
    private readonly overrides: Record<string, RuleSetting>,
    private readonly shownName: (file: string) => string,
  ) {}

  /** The config file that applies to `designFile`, if any. */
  configFileFor(designFile: string): string | undefined {
    return this.explicitFile ?? this.nearest(path.dirname(designFile));
  }

  /**
   * The folder of the design `designFile` belongs to: the nearest folder above it that holds a
   * `.topo.json` (whichever settings `--config` names), or undefined for a file that is a design alone.
   */
  designFolderFor(designFile: string): string | undefined {
    const found = this.nearest(path.dirname(designFile));
    return found && path.dirname(found);
  }

  load(configFile: string | undefined): LoadedConfig {
    if (configFile === undefined) return { settings: this.withOverrides(DEFAULT_SETTINGS), problems: [], state: [] };
    const cached = this.byFile.get(configFile);
    if (cached) return cached;
    const { text, error } = readTextFileSync(configFile, { maxBytes: MAX_CONFIG_BYTES, noun: 'settings file' });
    if (error !== undefined) throw new UsageError(`config '${this.shownName(configFile)}' ${error}`);
    const { settings, problems } = loadConfig(text, this.shownName(configFile));
    const state = (settings.state ?? []).map((entry) => path.resolve(path.dirname(configFile), entry));
    const loaded = { settings: this.withOverrides(mergeSettings(DEFAULT_SETTINGS, settings, undefined)), problems, state };
    this.byFile.set(configFile, loaded);
    return loaded;
  }

  private withOverrides(settings: Settings): Settings {
    return { ...settings, rules: { ...settings.rules, ...this.overrides } };
  }

  private nearest(folder: string): string | undefined {
    if (this.nearestByFolder.has(folder)) return this.nearestByFolder.get(folder);
    const candidate = path.join(folder, DESIGN_FILE_NAME);
    const parent = path.dirname(folder);
    // Whatever is there is taken, so that a .topo.json that is a FIFO or a folder is refused by name.
    const found = exists(candidate) ? candidate : parent === folder ? undefined : this.nearest(parent);
    this.nearestByFolder.set(folder, found);
    return found;
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}
