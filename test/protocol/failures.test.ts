// `storageTopology/simulateFailures` over LSP, as the preview sends it when the user fails or
// restores components: answered by the analysis of the version asked for, in the figures of the
// report's N-1 table and of hover (bandwidth under failure included); a document changed since
// answers ContentModified, params of the wrong shape InvalidParams.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import type { FailureSimulationResult } from '../../server/src/diagram/messages';
import { impactSentence } from '../../server/src/report/format';
import { LspClient, positionAt } from './lspClient';

const root = path.resolve(import.meta.dirname, '../..');
const text = readFileSync(path.join(root, 'test/fixtures/rules/bandwidth-inter-switch-link.topo'), 'utf8');
const uri = pathToFileURL(path.join(root, 'test/fixtures/rules/bandwidth-inter-switch-link.topo')).href;
let client: LspClient;

before(async () => {
  client = await LspClient.start();
  await client.open(uri, text);
});
after(async () => {
  await client.stop();
});

const simulate = (version: number, failed: unknown) =>
  client.request<FailureSimulationResult | null>('storageTopology/simulateFailures', { uri, version, failed });

test('one failed component: the figures of the N-1 line hover shows, behind the shared 10G inter-switch link', async () => {
  const answer = await simulate(1, ['st.A.p0']);
  assert.ok(answer !== null);
  assert.equal(answer.version, 1);
  assert.deepEqual(answer.failed, ['st.A.p0']);
  const sentences = answer.pairs.map(impactSentence);
  assert.deepEqual(sentences, ['app01 keeps 2 of 4 paths to st.v1, 10 of 10 Gb/s', 'app02 keeps 2 of 4 paths to st.v1, 10 of 10 Gb/s']);
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('p0 {')) });
  const shown = (hover?.contents as { value?: string } | undefined)?.value ?? '';
  assert.ok(shown.includes(`after losing it: ${sentences.join('; ')}`), shown);
});

test('several failed components together, and ids that name nothing', async () => {
  const answer = await simulate(1, ['app01.e0', 'st.A.p0', 'gone']);
  assert.ok(answer !== null);
  assert.deepEqual(answer.unknown, ['gone']);
  assert.deepEqual(answer.pairs.map(impactSentence), ['app01 keeps 1 of 4 paths to st.v1, 10 of 10 Gb/s', 'app02 keeps 2 of 4 paths to st.v1, 10 of 10 Gb/s']);
  assert.deepEqual((await simulate(1, []))?.pairs, []);
});

test('a version the document has left answers ContentModified; the new one is simulated', async () => {
  await client.change(uri, text.replace('link s1:49 -- s2:49 { speed 10G }', 'link s1:49 -- s2:49 { speed 40G }'));
  await assert.rejects(simulate(1, ['st.A.p0']), { code: -32801 });
  const answer = await simulate(2, ['st.A.p0']);
  assert.equal(answer?.version, 2);
  assert.deepEqual(answer?.pairs.map(impactSentence), ['app01 keeps 2 of 4 paths to st.v1, 25 of 40 Gb/s', 'app02 keeps 2 of 4 paths to st.v1, 25 of 40 Gb/s']);
});

test('params of the wrong shape are InvalidParams; a document not open answers null', async () => {
  await assert.rejects(simulate(2, 'st.A.p0'), { code: -32602, message: /expects \{ uri: string, version: integer, failed: string\[\] \}/ });
  await assert.rejects(client.request('storageTopology/simulateFailures', { uri, failed: [] }), { code: -32602 });
  assert.equal(await client.request('storageTopology/simulateFailures', { uri: 'file:///nowhere/x.topo', version: 1, failed: [] }), null);
});
