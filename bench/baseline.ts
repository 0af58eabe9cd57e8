// The server bundle the benchmark compares against: a path to a bundle (or to a checkout holding
// dist/server.js), or a git revision of this repository, which is checked out once into a worktree
// in the system's temporary folder (sharing this checkout's node_modules) and built there.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The 0.1.0 release. */
export const DEFAULT_BASELINE = '009ad59';

export function baselineBundle(spec: string, repoRoot: string, log: (line: string) => void): string {
  if (existsSync(spec)) {
    const bundle = statSync(spec).isDirectory() ? path.join(spec, 'dist/server.js') : spec;
    if (!existsSync(bundle)) throw new Error(`--baseline ${spec}: no ${bundle}; build it there with \`node esbuild.mjs\``);
    return path.resolve(bundle);
  }
  const git = (...args: string[]) => execFileSync('git', ['-C', repoRoot, ...args], { encoding: 'utf8' }).trim();
  let commit: string;
  try {
    commit = git('rev-parse', '--verify', `${spec}^{commit}`);
  } catch {
    throw new Error(`--baseline ${spec}: neither a file nor a revision of this repository`);
  }
  const checkout = path.join(tmpdir(), `storage-topology-baseline-${commit.slice(0, 12)}`);
  const bundle = path.join(checkout, 'dist/server.js');
  if (existsSync(bundle)) return bundle;
  if (!existsSync(checkout)) {
    log(`checking out ${spec} (${commit.slice(0, 12)}) into ${checkout}`);
    git('worktree', 'add', '--detach', checkout, commit);
  }
  const modules = path.join(checkout, 'node_modules');
  if (!existsSync(modules)) symlinkSync(path.join(repoRoot, 'node_modules'), modules, 'dir');
  log(`building the baseline server in ${checkout}`);
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: checkout, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(bundle)) throw new Error(`--baseline ${spec}: the build made no ${bundle}`);
  return bundle;
}
