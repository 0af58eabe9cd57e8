// Combining the settings from their three sources into the one set the checker uses.
//
// Precedence, lowest to highest: built-in defaults < editor settings < workspace file.
// The workspace file (`.topo.json`) is the project's decision, checked into the repository and
// read by the command line too, so the editor and CI report the same problems; editor settings
// fill in whatever the file does not say. Rule severities merge per rule id: the file setting one
// rule leaves the editor's settings for the other rules in force.
import type { Settings, SettingsInput } from './schema';

export function mergeSettings(
  defaults: Settings,
  workspaceFile: SettingsInput | undefined,
  editorSettings: SettingsInput | undefined,
): Settings {
  return {
    rules: { ...defaults.rules, ...editorSettings?.rules, ...workspaceFile?.rules },
    subnetLayout: workspaceFile?.subnetLayout ?? editorSettings?.subnetLayout ?? defaults.subnetLayout,
  };
}
