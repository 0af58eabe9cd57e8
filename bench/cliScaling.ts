// How the built command's cost grows with the design: `topo lint` and `topo render` (SVG) of
// generated designs at doubling sizes, each run as a user runs it (a new process, the design read
// from a file, the report written to a pipe). The growth per doubling (×2 is linear) is taken on
// the processor time the command used (user + system, from /usr/bin/time), which other work on a
// shared machine hardly changes; the wall-clock time beside it is what the user waited this once.
//
//   npm run bench -- --cli                        2,500, 5,000, 10,000 and 20,000 hosts
//   npm run bench -- --cli --sizes 2500,5000      other sizes
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateTopology } from './generate';

export const CLI_SIZES = [2500, 5000, 10000, 20000];
/** Runs per command and size; the median is reported. */
const RUNS = 3;

interface CommandTime {
  wallMs: number;
  /** User + system processor time of the command's process. */
  cpuMs: number;
  peakMb: number;
}

interface CliSizeResult {
  hosts: number;
  bytes: number;
  lint: CommandTime;
  render: CommandTime;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** Runs `topo ARGS` under /usr/bin/time, which prints the processor time and peak memory on the last line of stderr. */
function timeCommand(cli: string, args: string[]): CommandTime {
  const runs: CommandTime[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const result = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const wallMs = performance.now() - start;
    if (result.error) throw result.error;
    // Exit 1 is a design with errors, which the generated ones have; anything else is a failure.
    if (result.status !== 0 && result.status !== 1) throw new Error(`topo ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    const [user, system, peakKb] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    runs.push({ wallMs, cpuMs: (user! + system!) * 1000, peakMb: peakKb! / 1024 });
  }
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), peakMb: median(runs.map((r) => r.peakMb)) };
}

export function runCliScaling(cli: string, sizes: readonly number[], log: (line: string) => void): CliSizeResult[] {
  const scratch = mkdtempSync(path.join(tmpdir(), 'topo-cli-scaling-'));
  try {
    const results: CliSizeResult[] = [];
    for (const hosts of sizes) {
      const design = path.join(scratch, `design-${hosts}.topo`);
      const text = generateTopology({ hosts, seed: 42 }).text;
      writeFileSync(design, text);
      const lint = timeCommand(cli, ['lint', design]);
      const render = timeCommand(cli, ['render', design, '-o', path.join(scratch, `design-${hosts}.svg`)]);
      results.push({ hosts, bytes: Buffer.byteLength(text), lint, render });
      log(`measured ${hosts} hosts: lint ${seconds(lint.cpuMs)} s, render ${seconds(render.cpuMs)} s of processor time`);
    }
    return results;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

export function formatCliScaling(results: readonly CliSizeResult[]): string {
  const growth = (i: number, figure: (r: CliSizeResult) => number) => (i === 0 ? '' : `×${(figure(results[i]!) / figure(results[i - 1]!)).toFixed(2)}`);
  const columns = (name: string, time: (r: CliSizeResult) => CommandTime): [string, (r: CliSizeResult, i: number) => string][] => [
    [`${name} cpu s`, (r) => seconds(time(r).cpuMs)],
    ['growth', (_, i) => growth(i, (r) => time(r).cpuMs)],
    ['wall s', (r) => seconds(time(r).wallMs)],
    ['peak MB', (r) => time(r).peakMb.toFixed(0)],
  ];
  const all: [string, (r: CliSizeResult, i: number) => string][] = [
    ['hosts', (r) => String(r.hosts)],
    ['size MB', (r) => (r.bytes / 1048576).toFixed(1)],
    ['×size', (_, i) => growth(i, (r) => r.bytes)],
    ...columns('lint', (r) => r.lint),
    ...columns('render', (r) => r.render),
  ];
  const rows = [all.map(([name]) => name), ...results.map((r, i) => all.map(([, cell]) => cell(r, i)))];
  const widths = all.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const table = rows.map((row) => row.map((cell, column) => cell.padStart(widths[column]!)).join('  ')).join('\n');
  return `topo lint and topo render (SVG) of generated designs, medians of ${RUNS} runs: processor time (user + system) and its growth from the size before (×size when linear), wall clock, peak RSS:\n${table}`;
}
