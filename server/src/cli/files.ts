// Which files `topo lint` checks: files as given, every `*.topo` under a folder (not inside
// node_modules or dot-folders), and the `*.topo` files a glob matches. Each argument must name at
// least one file, so a typo in CI fails loudly instead of checking nothing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { UsageError } from './errors';

const EXTENSION = '.topo';

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
  if (stats?.isFile()) return [absolute];
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

function walk(dir: string): string[] {
  const files: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new UsageError(`cannot read folder '${dir}': ${describeFsError(error)}`);
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else if (entry.isFile()) files.push(full);
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

/** A design file's text; a file that cannot be read or holds NUL bytes (not text) is a user error. */
export function readDesign(file: string, shownName: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read '${shownName}': ${describeFsError(error)}`);
  }
  if (bytes.includes(0)) throw new UsageError(`'${shownName}' is a binary file, not a ${EXTENSION} design`);
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return code ?? 'read error';
}
