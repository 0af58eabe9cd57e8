// Which files `topo lint` checks: files as given, every `*.topo` under a folder (not inside
// node_modules or dot-folders), and the `*.topo` files a glob matches. Each argument must name at
// least one file, so a typo in CI fails loudly instead of checking nothing.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { describeFsError, readTextFileSync } from '../config/textFile';
import { UsageError } from './errors';

export { describeFsError } from '../config/textFile';

const EXTENSION = '.topo';

/**
 * Designs are text written by people: even 50,000 hosts stay under 20 MB. A larger file is almost
 * surely not a design (a disk image, a log), and reading it would take the machine's memory.
 */
export const MAX_DESIGN_BYTES = 32 * 1024 * 1024;

export function resolveInputs(inputs: readonly string[], cwd: string): string[] {
  const files = new Set<string>();
  for (const input of inputs) {
    for (const file of resolveInput(input, cwd)) files.add(file);
  }
  return [...files].sort();
}

function resolveInput(input: string, cwd: string): string[] {
  const absolute = path.resolve(cwd, input);
  const stats = statOrUndefined(absolute);
  // Anything else that exists (a FIFO, a device) is passed on for readDesign to refuse by name.
  if (stats && !stats.isDirectory()) return [absolute];
  if (stats?.isDirectory()) {
    const found = walk(absolute).filter(isTopoFile);
    if (found.length === 0) throw new UsageError(`no ${EXTENSION} files in folder '${input}'`);
    return found;
  }
  if (isGlob(input)) {
    const found = matchGlob(input, cwd);
    if (found.length === 0) throw new UsageError(`no ${EXTENSION} files match '${input}'`);
    return found;
  }
  throw new UsageError(`no such file or folder: '${input}'`);
}

function isTopoFile(file: string): boolean {
  return file.endsWith(EXTENSION);
}

function isGlob(input: string): boolean {
  return /[*?[\]{}]/.test(input);
}

/** Walks only below the glob's literal leading folders, matching paths relative to `cwd`. */
function matchGlob(pattern: string, cwd: string): string[] {
  const posixPattern = pattern.split(path.sep).join('/');
  const segments = posixPattern.split('/');
  const literal: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (isGlob(segment)) break;
    literal.push(segment);
  }
  const base = path.resolve(cwd, literal.join('/') || '.');
  if (!statOrUndefined(base)?.isDirectory()) return [];
  const absolutePattern = path.isAbsolute(posixPattern);
  return walk(base)
    .filter(isTopoFile)
    .filter((file) => {
      const candidate = absolutePattern ? file : path.relative(cwd, file);
      return minimatch(candidate.split(path.sep).join('/'), posixPattern, { dot: false });
    });
}

/**
 * Every file below `dir`. Symbolic links are followed, to folders too, each real folder walked
 * once (a link to a parent would loop); a link to nothing is kept for readDesign to report.
 */
function walk(dir: string, walked = new Set<string>()): string[] {
  const files: string[] = [];
  let entries;
  try {
    const real = realpathSync(dir);
    if (walked.has(real)) return files;
    walked.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new UsageError(`cannot read folder '${dir}': ${describeFsError(error)}`);
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    const target = entry.isSymbolicLink() ? statOrUndefined(full) : entry;
    if (target?.isDirectory()) for (const file of walk(full, walked)) files.push(file);
    else files.push(full);
  }
  return files;
}

function statOrUndefined(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * A design file's text. What cannot be a design is a user error, reported before any work: a file
 * that cannot be read, that is not a regular file, that is larger than MAX_DESIGN_BYTES, that is
 * not UTF-8 text, or that holds nothing at all.
 */
export function readDesign(file: string, shownName: string): string {
  const { text, error } = readTextFileSync(file, { maxBytes: MAX_DESIGN_BYTES, noun: 'design' });
  if (error !== undefined) throw new UsageError(`'${shownName}' ${error}`);
  if (text.trim() === '') throw new UsageError(`'${shownName}' is empty: there is no design to check`);
  return text;
}
