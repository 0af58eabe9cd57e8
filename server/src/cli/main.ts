// Entry of the `topo` executable (bundled to dist/cli.js): real I/O for `runCli`, the exit code,
// and one line instead of a stack trace should something unexpected go wrong.
import { runCli } from './cli';

// A reader that stops early (`topo lint | head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  bundleDir: __dirname,
  // The server bundle reads its transport (--stdio) from process.argv and keeps the process alive.
  startServer: (serverBundle) => require(serverBundle),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`topo: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
