/** Every file under `roots` (files or folders) whose name ends with `suffix`, sorted. */
export function collectFiles(roots: readonly string[], suffix: string): string[];
