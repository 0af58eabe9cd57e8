// What a document near the editor's size limit (MAX_ANALYZED_CHARS) costs, measured to set that
// limit: generated designs of a few megabytes up to beyond it, each opened in the built server over
// stdio by the VS Code-like client (bench/editorClient.ts) and then typed into, a keystroke every
// 120 ms. Beyond the limit the server would only scan the braces, so it is measured with a copy
// of the server bundle whose limit is lifted (the one constant replaced); the figures are what a
// larger limit would make users wait. On a shared machine the waits stretch with the load, so the
// server's processor time (from /proc) is reported beside them, close to what a machine of its own would wait.
//
// Then the same for the settings file's cap (MAX_CONFIG_BYTES): the time to read and check a
// `.topo.json` of a few kilobytes to a few megabytes, in this process, as the server does on every
// change of the file while it answers nothing else.
//
//   npm run bench -- --size-limit                 2, 4, 6 and 8 MB
//   npm run bench -- --size-limit --sizes 4,8     other sizes, in MB
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../server/src/config/load';
import { EditorClient, residentMb, type TextChange } from './editorClient';
import { generateTopology } from './generate';

export const SIZE_LIMIT_MBS = [2, 4, 6, 8];
/** Keystrokes typed once untimed (the server's code warms up, as in the main report), then timed. */
const KEYSTROKES = 10;
const KEYSTROKE_INTERVAL_MS = 120;
/** A server this slow is past any limit worth setting; the keystrokes not answered by then are lower bounds. */
const DRAIN_MS = 180_000;
/** Bytes per generated host, to pick the host count of a size; the report gives the real size. */
const BYTES_PER_HOST = 297;
const LIMIT_DECLARATION = /var MAX_ANALYZED_CHARS = [^;]+;/;

interface SizeLimitResult {
  hosts: number;
  megabytes: number;
  openMs: number;
  /** The server's processor time (user + system) from didOpen to its first diagnostics and follow-ups. */
  openCpuMs: number;
  /** The server's processor time while the timed keystrokes were typed and answered, per keystroke. */
  keystrokeCpuMs: number;
  diagnostics: number;
  keystrokeP50Ms: number;
  keystrokeMaxMs: number;
  unanswered: number;
  rssMb: number;
}

/** User + system processor time of a process so far, from /proc/PID/stat (in clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A copy of the server bundle, beside it (the bundle finds its package from its folder), that analyses documents of any size. */
function liftedBundle(serverBundle: string): string {
  const source = readFileSync(serverBundle, 'utf8');
  if (!LIMIT_DECLARATION.test(source)) throw new Error(`${serverBundle} declares no MAX_ANALYZED_CHARS to lift`);
  const lifted = path.join(path.dirname(serverBundle), 'server-size-limit-lifted.js');
  writeFileSync(lifted, source.replace(LIMIT_DECLARATION, 'var MAX_ANALYZED_CHARS = Number.MAX_SAFE_INTEGER;'));
  return lifted;
}

/** A space typed `KEYSTROKES` times at the start of the middle host's first property line. */
function keystrokes(text: string): TextChange[][] {
  const hostStarts = [...text.matchAll(/^host [^\n]*$/gm)];
  const host = hostStarts[hostStarts.length >> 1]!;
  const line = text.slice(0, host.index).split('\n').length;
  return Array.from({ length: KEYSTROKES }, () => [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }]);
}

export async function runSizeLimit(serverBundle: string, megabytes: readonly number[], root: string, log: (line: string) => void): Promise<SizeLimitResult[]> {
  const bundle = liftedBundle(serverBundle);
  try {
    const results: SizeLimitResult[] = [];
    for (const size of megabytes) {
      const topology = generateTopology({ hosts: Math.round((size * 1048576) / BYTES_PER_HOST), seed: 42 });
      const client = await EditorClient.start(bundle, { diagnostics: { debounceMs: 0 } }, root);
      try {
        const uri = pathToFileURL(path.join(root, `size-limit-${size}.topo`)).href;
        const opening = performance.now();
        const cpuAtStart = processCpuMs(client.pid);
        await client.open(uri, topology.text);
        const openMs = performance.now() - opening;
        await client.type(uri, [keystrokes(topology.text)], { intervalMs: KEYSTROKE_INTERVAL_MS, pauseMs: 0, drainMs: DRAIN_MS });
        const cpuOpened = processCpuMs(client.pid);
        const typed = await client.type(uri, [keystrokes(topology.text)], { intervalMs: KEYSTROKE_INTERVAL_MS, pauseMs: 0, drainMs: DRAIN_MS });
        const cpuTyped = processCpuMs(client.pid);
        const sorted = [...typed.keystrokeMs].sort((a, b) => a - b);
        const result = {
          hosts: topology.hosts,
          megabytes: topology.text.length / 1048576,
          openMs,
          openCpuMs: cpuOpened - cpuAtStart,
          keystrokeCpuMs: (cpuTyped - cpuOpened) / KEYSTROKES,
          diagnostics: client.diagnosticCount,
          keystrokeP50Ms: sorted[sorted.length >> 1]!,
          keystrokeMaxMs: sorted.at(-1)!,
          unanswered: typed.unanswered,
          rssMb: residentMb(client.pid),
        };
        results.push(result);
        log(`measured ${size} MB: open ${(openMs / 1000).toFixed(1)} s (processor ${(result.openCpuMs / 1000).toFixed(1)} s), keystroke p50 ${(result.keystrokeP50Ms / 1000).toFixed(1)} s`);
      } finally {
        await client.stop();
      }
    }
    return results;
  } finally {
    rmSync(bundle, { force: true });
  }
}

export function formatSizeLimit(results: readonly SizeLimitResult[]): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const rows = [
    ['MB (chars)', 'hosts', 'findings', 'open s', 'open cpu s', 'key p50 s', 'key max s', 'cpu/key s', 'RSS MB'],
    ...results.map((r) => [
      r.megabytes.toFixed(1),
      String(r.hosts),
      String(r.diagnostics),
      seconds(r.openMs),
      seconds(r.openCpuMs),
      seconds(r.keystrokeP50Ms),
      `${r.unanswered > 0 ? '>' : ''}${seconds(r.keystrokeMaxMs)}`,
      seconds(r.keystrokeCpuMs),
      r.rssMb.toFixed(0),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const table = rows.map((row) => row.map((cell, column) => cell.padStart(widths[column]!)).join('  ')).join('\n');
  return `Documents around the editor's size limit, analysed in full (limit lifted), ${KEYSTROKES} keystrokes ${KEYSTROKE_INTERVAL_MS} ms apart after ${KEYSTROKES} untimed, debounce 0: open → first diagnostics and follow-ups (wall clock, and the server's processor time), keystroke → its diagnostics, the server's processor time per keystroke, its RSS after typing:\n${table}`;
}

export const CONFIG_KBS = [16, 64, 256, 1024, 4096];

/** The two costliest kinds of settings file of a size: every key an unknown rule id, or one known rule set again and again. */
function settingsFile(kilobytes: number, kind: 'unknown' | 'repeated'): string {
  const entries: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < kilobytes * 1024; i++) {
    const entry = kind === 'unknown' ? `    "rule-${i}": "off"` : '    "single-switch": "off"';
    entries.push(entry);
    bytes += entry.length + 2;
  }
  return `{\n  "rules": {\n${entries.join(',\n')}\n  }\n}\n`;
}

/** Processor time of this process for `fn`, the least of a few runs after one untimed. */
function leastCpuMs(fn: () => unknown): number {
  fn();
  let least = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    least = Math.min(least, (used.user + used.system) / 1000);
  }
  return least;
}

export function measureConfigCap(kilobytes: readonly number[] = CONFIG_KBS): string {
  const rows = [['KB', 'unknown ids ms', 'repeated key ms']];
  for (const size of kilobytes) {
    const unknown = settingsFile(size, 'unknown');
    const repeated = settingsFile(size, 'repeated');
    rows.push([String(size), leastCpuMs(() => loadConfig(unknown, '.topo.json')).toFixed(0), leastCpuMs(() => loadConfig(repeated, '.topo.json')).toFixed(0)]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const table = rows.map((row) => row.map((cell, column) => cell.padStart(widths[column]!)).join('  ')).join('\n');
  return `A .topo.json read and checked (loadConfig) in this process, processor time, least of 3 runs:\n${table}`;
}
