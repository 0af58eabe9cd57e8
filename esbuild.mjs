// Bundles the extension into dist/: one file per entry, so the packaged extension needs no
// node_modules. Usage: `node esbuild.mjs` (sourcemaps) or `node esbuild.mjs --production` (minified).
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

// `module` first: some dependencies (jsonc-parser) point `main` at a UMD build whose dynamic
// requires esbuild cannot follow, and ship an ES module build beside it.
const nodeBundle = { platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'] };

/**
 * Every bundle the extension ships. `required: false` marks the entries whose sources land
 * independently of the extension skeleton (the CLI and the preview's webview): they are built
 * when their entry file exists, and a missing one is reported rather than failing the build of
 * the others.
 */
const entries = [
  { name: 'client', in: 'client/src/extension.ts', out: 'dist/client.js', required: true,
    options: { ...nodeBundle, external: ['vscode'] } },
  { name: 'server', in: 'server/src/server.ts', out: 'dist/server.js', required: true,
    options: nodeBundle },
  // resvg is a native module: loaded from node_modules at run time, only by `topo render -o x.png`.
  { name: 'cli', in: 'server/src/cli/main.ts', out: 'dist/cli.js', required: false, executable: true,
    options: { ...nodeBundle, external: ['@resvg/resvg-js'] } },
  { name: 'webview', in: 'client/webview/main.ts', out: 'dist/webview.js', required: false,
    options: { platform: 'browser', format: 'iife', target: 'es2022' } },
];

function startsWithHashbang(file) {
  return readFileSync(file, 'utf8').startsWith('#!');
}

async function build(entry) {
  const hashbang = entry.executable && !startsWithHashbang(entry.in)
    ? { banner: { js: '#!/usr/bin/env node' } }
    : {};
  const result = await esbuild.build({
    entryPoints: [entry.in],
    outfile: entry.out,
    bundle: true,
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'warning',
    ...entry.options,
    ...hashbang,
  });
  if (entry.executable) chmodSync(entry.out, 0o755);
  return result;
}

let failed = false;
for (const entry of entries) {
  if (!existsSync(entry.in)) {
    if (entry.required) {
      console.error(`✖ ${entry.name}: entry ${entry.in} does not exist`);
      failed = true;
    } else {
      console.log(`- ${entry.name}: skipped, ${entry.in} does not exist`);
    }
    continue;
  }
  try {
    await build(entry);
    console.log(`✔ ${entry.name}: ${entry.in} → ${entry.out}`);
  } catch {
    // esbuild has already printed the located errors.
    console.error(`✖ ${entry.name}: build failed`);
    failed = true;
  }
}
if (failed) process.exit(1);
