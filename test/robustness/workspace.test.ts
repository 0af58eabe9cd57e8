// The server process against a hostile workspace and a careless client: a `.topo.json` that is a
// FIFO, huge, full of unknown rule ids or starts with a byte order mark; a version number sent
// twice with different texts; a debounce no timer can hold. Each must leave the server answering,
// every folder checked, and the client told what happened, once. Needs `node esbuild.mjs` first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { LspClient } from '../protocol/lspClient';

/** Each test's bound: a server that stalls fails it instead of hanging the run. */
const BOUND = { timeout: 60_000 };
const SERVERFAULT = readFileSync(path.resolve(import.meta.dirname, '../../examples/serverfault-lacp-team.topo'), 'utf8');
const temp = mkdtempSync(path.join(tmpdir(), 'topo-workspace-'));
after(() => rmSync(temp, { recursive: true, force: true }));

function folder(name: string, config?: (file: string) => void): string {
  const dir = path.join(temp, name);
  mkdirSync(dir, { recursive: true });
  config?.(path.join(dir, '.topo.json'));
  return dir;
}

const uriIn = (dir: string, name = 'design.topo') => pathToFileURL(path.join(dir, name)).href;
const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => String(d.code));

describe('robustness: hostile workspace settings', () => {
  it('a .topo.json that is a FIFO, 30 MB, UTF-16 or full of unknown ids is refused by name, and every folder is checked', BOUND, async () => {
    const fifo = folder('fifo', (file) => spawnSync('mkfifo', [file]));
    const huge = folder('huge', (file) => {
      writeFileSync(file, '');
      truncateSync(file, 30 * 1024 * 1024);
    });
    const unknown = folder('unknown', (file) =>
      writeFileSync(file, JSON.stringify({ rules: Object.fromEntries(Array.from({ length: 8_000 }, (_, i) => [`rule-${i}`, 'off'])) })),
    );
    const bom = folder('bom', (file) => writeFileSync(file, '\ufeff{ "rules": { "iscsi-over-team": "off" } }'));
    const utf16 = folder('utf16', (file) => writeFileSync(file, Buffer.from('\ufeff{ "rules": { "iscsi-over-team": "off" } }', 'utf16le')));
    const repeated = folder('repeated', (file) => writeFileSync(file, '{\n  "rules": { "iscsi-over-team": "error", "iscsi-over-team": "off" }\n}\n'));
    const plain = folder('plain');
    const client = await LspClient.start(undefined, {}, { workspaceFolders: [fifo, huge, unknown, bom, utf16, repeated, plain] });
    try {
        const refusals = new Map([
        [fifo, /^\.topo\.json is not a regular file; this folder is checked with the default settings$/],
        [huge, /is 30 MB; settings files larger than 256 KB are not read/],
        [utf16, /^\.topo\.json is UTF-16LE text; save it as UTF-8; this folder is checked with the default settings$/],
      ]);
      for (const [dir, expected] of refusals) {
        const diagnostics = await client.open(uriIn(dir), SERVERFAULT);
        assert.ok(codes(diagnostics).includes('iscsi-over-team'), `${dir}: checked with the default settings`);
        const [refusal, ...rest] = client.latest.get(pathToFileURL(path.join(dir, '.topo.json')).href) ?? [];
        assert.equal(rest.length, 0);
        assert.match(String(refusal!.message), expected);
      }
      assert.ok(codes(await client.open(uriIn(unknown), SERVERFAULT)).includes('iscsi-over-team'));
      const listed = client.latest.get(pathToFileURL(path.join(unknown, '.topo.json')).href) ?? [];
      assert.equal(listed.length, 101);
      assert.match(String(listed.at(-1)!.message), /^7900 more problems from here on are not listed$/);
      const withBom = await client.open(uriIn(bom), SERVERFAULT);
      assert.ok(!codes(withBom).includes('iscsi-over-team'), 'the settings of a .topo.json with a byte order mark apply');
      assert.deepEqual(client.latest.get(pathToFileURL(path.join(bom, '.topo.json')).href), []);
      assert.ok(!codes(await client.open(uriIn(repeated), SERVERFAULT)).includes('iscsi-over-team'), 'the last of a repeated key applies');
      const [repeatedKey, ...others] = client.latest.get(pathToFileURL(path.join(repeated, '.topo.json')).href) ?? [];
      assert.equal(others.length, 0);
      assert.equal(repeatedKey!.message, "'iscsi-over-team' is given more than once; the last one applies");
      assert.deepEqual(repeatedKey!.range.start, { line: 1, character: 41 });
      assert.ok(codes(await client.open(uriIn(plain), SERVERFAULT)).includes('iscsi-over-team'));
    } finally {
      await client.stop();
    }
  });
});

describe('robustness: a careless client', () => {
  it('a version number sent twice with different texts is answered for the latest text', BOUND, async () => {
    const client = await LspClient.start();
    try {
      const uri = uriIn(temp, 'repeated.topo');
      const symbolNames = async () =>
        (await client.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri } })).map((symbol) => symbol.name);
      await client.open(uri, 'host first {\n}\n');
      assert.deepEqual(await symbolNames(), ['first']);
      for (const text of ['host second {\n}\n', 'host third {\n}\n']) {
        await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
      }
      assert.deepEqual(await symbolNames(), ['third']);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      await client.open(uri, 'host reopened {\n}\n');
      assert.deepEqual(await symbolNames(), ['reopened']);
    } finally {
      await client.stop();
    }
  });

  it('a debounce beyond what a timer holds is refused with one warning, each settings warning is logged once, and checks still run', BOUND, async () => {
    const log: string[] = [];
    const settings = { diagnostics: { debounceMs: 2 ** 31 }, rules: { 'single-swich': 'off' } };
    const client = await LspClient.start(settings, {}, { log: (message) => log.push(message) });
    try {
      for (const name of ['one.topo', 'two.topo']) {
        assert.ok(codes(await client.open(uriIn(temp, name), SERVERFAULT)).includes('iscsi-over-team'));
      }
      const warnings = log.filter((message) => message.startsWith('Settings: '));
      assert.deepEqual([...warnings].sort(), [
        `Settings: 'diagnostics.debounceMs' must be a number of milliseconds from 0 to 2147483647, not 2147483648`,
        `Settings: unknown rule 'single-swich' (did you mean 'single-switch'?)`,
      ]);
    } finally {
      await client.stop();
    }
  });
});
