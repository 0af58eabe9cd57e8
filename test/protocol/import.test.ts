// `storageTopology/importOutputs` over LSP, as the editor's import command sends it: a folder of
// collected outputs gives the design `topo import` writes, named from the folder's parent, with its
// report — one text, or the files `topo import --design` writes; a folder that cannot be imported,
// or params of the wrong shape, are an InvalidParams error saying why.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { ImportLayout, ImportResult } from '../../server/src/import/protocol';
import { LspClient } from './lspClient';

const root = path.resolve(import.meta.dirname, '../..');
let client: LspClient;
const scratch = mkdtempSync(path.join(tmpdir(), 'topo-import-'));

before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const importing = (folder: string, layout?: ImportLayout) =>
  client.request<ImportResult>('storageTopology/importOutputs', { folderUri: pathToFileURL(folder).href, ...(layout ? { layout } : {}) });
const stateFolder = (name: string) => {
  const folder = path.join(scratch, name);
  cpSync(path.join(root, 'test/fixtures/drift/drift-cable/state'), folder, { recursive: true });
  return folder;
};

test('a folder of collected outputs gives the design, each line naming its output, and the report', async () => {
  const folder = stateFolder('topo-state');
  writeFileSync(path.join(folder, 'notes.txt'), 'collected on Monday\n');
  const result = await importing(folder);
  assert.equal(result.layout, 'file', 'one file when the layout is not named');
  assert.ok(result.layout === 'file');
  assert.deepEqual(await importing(folder, 'file'), result);
  assert.match(result.design, /^host db01 \{/m);
  assert.match(result.design, /# topo-state\/db01\/[a-z-]+\.txt:\d+/);
  assert.deepEqual([result.hosts, result.switches], [1, 2]);
  assert.ok(result.files.some((file) => file.file === 'topo-state/db01/multipath-ll.txt' && file.format !== undefined));
  assert.deepEqual(result.files.find((file) => file.file === 'topo-state/notes.txt'), { file: 'topo-state/notes.txt' });
  assert.ok(result.unplaced.some((entry) => entry.file === 'topo-state/notes.txt' && entry.line === 1 && /not a command output/.test(entry.message)));
});

test('the folder layout gives the files `topo import --design` writes, with the same report', async () => {
  const folder = stateFolder('site-state');
  const single = await importing(folder, 'file');
  const result = await importing(folder, 'folder');
  assert.ok(result.layout === 'folder');
  assert.deepEqual(
    result.designFiles.map((file) => file.name),
    ['arrays.topo', 'db01.topo', 'fabric.topo'],
  );
  const [arrays, host, fabric] = result.designFiles.map((file) => file.text);
  assert.match(arrays!, /^array [\w-]+ \{/m);
  assert.match(host!, /^host db01 \{/m);
  assert.match(host!, /# site-state\/db01\/[a-z-]+\.txt:\d+/);
  assert.match(fabric!, /^switch [\w-]+ \{\s+# site-state\//m);
  assert.doesNotMatch(fabric!, /^host /m);
  const { design: _design, layout: _file, ...singleReport } = single as Extract<ImportResult, { layout: 'file' }>;
  const { designFiles: _files, layout: _folder, ...folderReport } = result;
  assert.deepEqual(folderReport, singleReport);
});

test('a missing folder, a folder of no outputs and params of the wrong shape, a layout among them, are errors that say why', async () => {
  await assert.rejects(importing(path.join(scratch, 'gone')), { code: -32602, message: "folder 'gone' cannot be read: no such file or folder" });
  const notes = path.join(scratch, 'notes');
  mkdirSync(notes);
  writeFileSync(path.join(notes, 'README.md'), '# nothing collected yet\n');
  await assert.rejects(importing(notes), { code: -32602, message: /^none of the 1 file\(s\) of folder 'notes' is a command output the import reads/ });
  const shape = /expects \{ folderUri: string, layout\?: 'file' \| 'folder' \}/;
  await assert.rejects(client.request('storageTopology/importOutputs', { folder: 3 }), { code: -32602, message: shape });
  const folder = pathToFileURL(stateFolder('layouts')).href;
  for (const layout of ['files', 3, null]) {
    await assert.rejects(client.request('storageTopology/importOutputs', { folderUri: folder, layout }), { code: -32602, message: shape }, `layout ${layout}`);
  }
  await assert.rejects(client.request('storageTopology/importOutputs', { folderUri: 'untitled:x' }), { code: -32602, message: /only folders on this machine's disk/ });
});
