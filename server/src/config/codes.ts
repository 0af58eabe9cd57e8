// Codes of the problems found in settings and suppression comments.
export const CONFIG_CODES = {
  /** The settings file is not valid JSON. */
  syntax: 'config-syntax',
  /** A key the settings do not have. */
  unknownSetting: 'config-unknown-setting',
  /** A value of the wrong type, or not one of the allowed values. */
  invalidValue: 'config-invalid-value',
  /** A rule id that no rule has, in the settings or in a suppression comment. */
  unknownRule: 'unknown-rule',
  /** A suppression comment that covers no problem. */
  unusedSuppression: 'unused-suppression',
} as const;
