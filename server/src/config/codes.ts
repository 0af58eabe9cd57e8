// Codes of the problems found in settings and suppression comments, and in reading a design's files.
export const CONFIG_CODES = {
  /** The settings file is not valid JSON. */
  syntax: 'config-syntax',
  /** A key the settings do not have. */
  unknownSetting: 'config-unknown-setting',
  /** A value of the wrong type, or not one of the allowed values. */
  invalidValue: 'config-invalid-value',
  /** A key given twice in one object of the settings file (the last one applies). */
  duplicateKey: 'config-duplicate-key',
  /** Stands for the problems past the first MAX_CONFIG_PROBLEMS of a settings file. */
  tooManyProblems: 'config-too-many-problems',
  /** A settings file that is not a regular file, too large, or not UTF-8 text. */
  unreadable: 'config-unreadable',
  /** A file of a design folder that the editor cannot read (not a regular file, too large, not UTF-8 text): the design is checked without it. */
  unreadableDesignFile: 'design-file-unreadable',
  /** The observed state a settings file names cannot be read, or holds no command output. */
  state: 'config-state',
  /** A rule id that no rule has, in the settings or in a suppression comment. */
  unknownRule: 'unknown-rule',
  /** A suppression comment that covers no problem. */
  unusedSuppression: 'unused-suppression',
} as const;
