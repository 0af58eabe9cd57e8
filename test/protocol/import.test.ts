// `storageTopology/importOutputs` over LSP, as the editor's import command sends it: a folder of
// collected outputs gives the design `topo import` writes, named from the folder's parent, with its
// report; a folder that cannot be imported is an InvalidParams error saying why.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { ImportResult } from '../../server/src/import/protocol';
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

const importing = (folder: string) => client.request<ImportResult>('storageTopology/importOutputs', { folderUri: pathToFileURL(folder).href });

test('a folder of collected outputs gives the design, each line naming its output, and the report', async () => {
  const folder = path.join(scratch, 'topo-state');
  cpSync(path.join(root, 'test/fixtures/drift/drift-cable/state'), folder, { recursive: true });
  writeFileSync(path.join(folder, 'notes.txt'), 'collected on Monday\n');
  const result = await importing(folder);
  assert.match(result.design, /^host db01 \{/m);
  assert.match(result.design, /# topo-state\/db01\/[a-z-]+\.txt:\d+/);
  assert.deepEqual([result.hosts, result.switches], [1, 2]);
  assert.ok(result.files.some((file) => file.file === 'topo-state/db01/multipath-ll.txt' && file.format !== undefined));
  assert.deepEqual(result.files.find((file) => file.file === 'topo-state/notes.txt'), { file: 'topo-state/notes.txt' });
  assert.ok(result.unplaced.some((entry) => entry.file === 'topo-state/notes.txt' && entry.line === 1 && /not a command output/.test(entry.message)));
});

test('a missing folder, a folder of no outputs and params of the wrong shape are errors that say why', async () => {
  await assert.rejects(importing(path.join(scratch, 'gone')), { code: -32602, message: "folder 'gone' cannot be read: no such file or folder" });
  const notes = path.join(scratch, 'notes');
  mkdirSync(notes);
  writeFileSync(path.join(notes, 'README.md'), '# nothing collected yet\n');
  await assert.rejects(importing(notes), { code: -32602, message: /^none of the 1 file\(s\) of folder 'notes' is a command output the import reads/ });
  await assert.rejects(client.request('storageTopology/importOutputs', { folder: 3 }), { code: -32602, message: /expects \{ folderUri: string \}/ });
  await assert.rejects(client.request('storageTopology/importOutputs', { folderUri: 'untitled:x' }), { code: -32602, message: /only folders on this machine's disk/ });
});
