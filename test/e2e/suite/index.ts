// Extension-host entry point in the @vscode/test-electron convention: the editor loads this
// module (bundled with mocha into one file) and awaits `run()`; a rejection fails the run.
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // The bundle carries the test files, so they are registered by hand: bind describe/it to this
  // runner, then evaluate the test module.
  mocha.suite.emit('pre-require', globalThis, 'extension.test.js', mocha);
  await import('./extension.test');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} end-to-end test(s) failed`);
}
