// The main job on the bundled examples: lint every example, then render each one's diagram
// into out/. Run after `npm run build` (as `npm run setup` does).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const cli = 'dist/cli.js';
const examplesDir = 'examples';
const outDir = 'out';

function fail(message) {
  console.error(`✖ ${message}`);
  process.exit(1);
}

function runCli(args) {
  console.log(`\n$ node ${cli} ${args.join(' ')}`);
  return spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' }).status;
}

if (!existsSync(cli)) fail(`${cli} is missing: the build did not produce the command-line tool (server/src/cli/main.ts).`);
// An example is a design file, or a folder holding a .topo.json (a design written over several files).
const isDesignFolder = (name) => statSync(join(examplesDir, name)).isDirectory() && existsSync(join(examplesDir, name, '.topo.json'));
const examples = existsSync(examplesDir)
  ? readdirSync(examplesDir).filter((name) => name.endsWith('.topo') || isDesignFolder(name)).sort()
  : [];
if (examples.length === 0) fail(`no .topo files or design folders in ${examplesDir}/`);

// Several examples are deliberately bad designs, so lint reporting error-level findings
// (exit 1) is the expected outcome; only a failure to run (exit 2 or a crash) stops the job.
const lintStatus = runCli(['lint', examplesDir]);
if (lintStatus !== 0 && lintStatus !== 1) fail(`topo lint failed to run (exit ${lintStatus})`);

mkdirSync(outDir, { recursive: true });
for (const example of examples) {
  const target = join(outDir, `${basename(example, '.topo')}.svg`);
  const renderStatus = runCli(['render', join(examplesDir, example), '-o', target]);
  if (renderStatus !== 0) fail(`topo render ${example} failed (exit ${renderStatus})`);
}
console.log(`\n✔ linted ${examples.length} examples; diagrams in ${outDir}/`);
