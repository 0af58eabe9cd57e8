// A document beyond the server's size limit (MAX_ANALYZED_CHARS) over LSP: opening it and typing
// in it answer at once with one diagnostic that says why nothing is checked, folding and the
// outline from a scan, and empty answers elsewhere; cut back under the limit, it is checked again.
// Needs `node esbuild.mjs` first. The timeout is a hang guard: analysing the document would take minutes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { DocumentSymbol, FoldingRange } from 'vscode-languageserver-types';
import { MAX_ANALYZED_CHARS } from '../../server/src/features/syntaxOnly';
import { LspClient } from '../protocol/lspClient';

const HANG_GUARD = { timeout: 120_000 };
const SERVERFAULT = readFileSync(path.resolve(import.meta.dirname, '../../examples/serverfault-lacp-team.topo'), 'utf8');
const uri = pathToFileURL(path.join(tmpdir(), 'topo-size', 'huge.topo')).href;

describe('robustness: a document beyond the size limit', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ diagnostics: { debounceMs: 0 } });
  });
  after(async () => {
    await client.stop();
  });

  it('gets a clear diagnostic, folding and the outline, never a stall, and is checked again once under the limit', HANG_GUARD, async () => {
    const padding = `# ${'x'.repeat(MAX_ANALYZED_CHARS)}\n`;
    const huge = `${SERVERFAULT}${padding}host hv99 { nic eth0 { speed 10G } }  # a { in a comment\nswitch sw9 {\n  port 1 { speed 10G }\n}\n`;
    const opened = await client.open(uri, huge);
    assert.equal(opened.length, 1, JSON.stringify(opened));
    assert.equal(opened[0]!.code, 'document-too-large');
    assert.match(opened[0]!.message as string, /^This document is 4 MB; designs larger than 4 MB are not checked in the editor\. It gets folding and the outline only/);

    const origin = { line: 0, character: 0 };
    const typed = await client.change(uri, '', [{ range: { start: origin, end: origin }, text: '# typed\n' }]);
    const swLine = `# typed\n${huge}`.split('\n').indexOf('switch sw9 {');
    assert.deepEqual(typed, opened, 'each keystroke is answered with the same diagnostic');

    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const names = symbols.map((symbol) => `${symbol.detail} ${symbol.name}`);
    assert.ok(names.includes('host hv01') && names.includes('switch sw9') && names.includes('host hv99'), names.join(', '));
    const sw9 = symbols.find((symbol) => symbol.name === 'sw9')!;
    assert.deepEqual(sw9.range, { start: { line: swLine, character: 0 }, end: { line: swLine + 2, character: 1 } });
    const folding = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folding.some((range) => range.startLine === swLine && range.endLine === swLine + 1), JSON.stringify(folding.slice(-3)));
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } }), null);

    const checked = await client.change(uri, SERVERFAULT);
    assert.ok(checked.some((d) => d.code === 'iscsi-over-team'), JSON.stringify(checked.map((d) => d.code)));
    assert.ok(!checked.some((d) => d.code === 'document-too-large'));
  });

  it('leaves a closed workspace file beyond the limit out of workspace symbols, and indexes the others', HANG_GUARD, async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'topo-size-'));
    try {
      writeFileSync(path.join(folder, 'small.topo'), 'host small1 { nic eth0 { speed 10G } }\n');
      writeFileSync(path.join(folder, 'huge.topo'), `host huge1 { nic eth0 { speed 10G } }\n# ${'x'.repeat(MAX_ANALYZED_CHARS)}\n`);
      const workspace = await LspClient.start(undefined, {}, { workspaceFolders: [folder] });
      try {
        const symbols = await workspace.request<{ name: string }[]>('workspace/symbol', { query: '' });
        const names = symbols.map((symbol) => symbol.name);
        assert.ok(names.includes('small1'), names.join(', '));
        assert.ok(!names.includes('huge1'), names.join(', '));
      } finally {
        await workspace.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
