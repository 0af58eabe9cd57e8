// Settings of the checker, one shape for both places they come from: the editor's settings
// (`storageTopology.rules`, `storageTopology.subnetLayout`) and the workspace file `.topo.json`. Both are partial; the
// merged result (see merge.ts) is complete. `state` is the workspace file's alone: the observed state
// that `topo drift` and the editor compare the folder's designs with.
import * as z from 'zod/mini';

/** What a user may set a rule to: a severity, or `off` to skip the rule. */
export const RuleSettingSchema = z.enum(['off', 'info', 'warning', 'error']);

/**
 * Vendors disagree on whether the paths of one host belong in one subnet or in one subnet each
 * (see docs/rules/subnet-layout.md); the checker follows the layout chosen here.
 */
export const SubnetLayoutSchema = z.enum(['separate', 'single']);

/** Settings as written in `.topo.json` or the editor: every field optional. */
export const SettingsInputSchema = z.strictObject({
  $schema: z.optional(z.string()),
  rules: z.optional(z.record(z.string(), RuleSettingSchema)),
  subnetLayout: z.optional(SubnetLayoutSchema),
  /** Files and folders of collected command outputs, relative to the settings file's folder. */
  state: z.optional(z.array(z.string().check(z.minLength(1)))),
});

/** Settings after merging: complete. `rules` holds only the overrides; absent ids use defaults. */
export const SettingsSchema = z.object({
  rules: z.record(z.string(), RuleSettingSchema),
  subnetLayout: SubnetLayoutSchema,
});

export type RuleSetting = z.infer<typeof RuleSettingSchema>;
export type SubnetLayout = z.infer<typeof SubnetLayoutSchema>;
export type SettingsInput = z.infer<typeof SettingsInputSchema>;
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = { rules: {}, subnetLayout: 'separate' };

/** The keys a settings object may hold, for "did you mean" on unknown keys. */
export const SETTINGS_KEYS = Object.keys(SettingsInputSchema.shape);
