// Quick fixes over the real server: each fix is requested for a published diagnostic, applied to
// the text, sent back as a change, and the diagnostics published for that version are re-checked.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, Diagnostic, WorkspaceEdit } from 'vscode-languageserver-types';
import { LspClient, applyEdits, exampleUri } from './lspClient';

const root = path.resolve(import.meta.dirname, '../..');
const ERROR = 1;
const WARNING = 2;
const MAX_ROUNDS = 10;
let client: LspClient;

before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

function read(relative: string): string {
  return readFileSync(path.join(root, relative), 'utf8');
}

function quickFixes(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
}

/** A fix of the design itself, not a suppression comment or a link to the docs. */
function isDomainFix(action: CodeAction): boolean {
  return action.edit !== undefined && !action.title.startsWith('Disable ') && !action.title.startsWith('Show documentation');
}

function editedText(text: string, uri: string, action: CodeAction): string {
  const edits = (action.edit as WorkspaceEdit).changes?.[uri];
  assert.ok(edits && edits.length > 0, `${action.title} edits the document`);
  return applyEdits(text, edits);
}

const errorKeys = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === ERROR).map((d) => `${d.code}|${d.message}`);
const findings = (diagnostics: Diagnostic[]) =>
  diagnostics.filter((d) => d.severity === ERROR || d.severity === WARNING).map((d) => `${d.code}: ${d.message}`);

test('quick fixes alone turn the serverfault example into a design with no warning or error', async () => {
  const uri = 'untitled:serverfault-fixed.topo';
  let text = read('examples/serverfault-lacp-team.topo');
  let diagnostics = await client.open(uri, text);
  const applied: string[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let fix: CodeAction | undefined;
    for (const diagnostic of diagnostics.filter((d) => d.severity === ERROR || d.severity === WARNING)) {
      fix = (await quickFixes(uri, diagnostic)).find(isDomainFix);
      if (fix) break;
    }
    if (!fix) break;
    text = editedText(text, uri, fix);
    diagnostics = await client.change(uri, text);
    applied.push(fix.title);
  }
  assert.deepEqual(findings(diagnostics), [], `after ${applied.join(' → ')}`);
  assert.ok(applied.some((title) => title.startsWith('Convert the team to MPIO paths')), applied.join(', '));
  assert.ok(applied.length >= 3, 'team, controller and switch were each fixed');
  assert.doesNotMatch(text, /team team0/);
});

const cases = [
  { fixture: 'single-switch.topo', code: 'single-switch', title: 'Add a second switch and move half of the links to it' },
  { fixture: 'single-controller.topo', code: 'single-controller', title: 'Add paths to the partner controller' },
  { fixture: 'partner-without-port.topo', code: 'single-controller', title: 'Add paths to the partner controller' },
  { fixture: 'no-optimized-path.topo', code: 'no-optimized-path', title: 'Add paths to the owning controller' },
  { fixture: 'mcs-on-linux.topo', code: 'mcs-unsupported-os', title: 'Replace MC/S with MPIO (one session per path)' },
  { fixture: 'mpio-on-windows-client.topo', code: 'mpio-unsupported-os', title: 'Replace MPIO with one MC/S session' },
  { fixture: 'mtu-mismatch.topo', code: 'mtu-mismatch', title: 'Set the MTU to the value the rest of the path uses' },
];

for (const { fixture, code, title } of cases) {
  test(`${title} clears ${code} in ${fixture} and adds no error`, async () => {
    const uri = `untitled:fix-${fixture}`;
    const text = read(`test/fixtures/fixes/${fixture}`);
    const before = await client.open(uri, text);
    const diagnostic = before.find((d) => d.code === code);
    assert.ok(diagnostic, `${code} is published for ${fixture}`);
    const actions = await quickFixes(uri, diagnostic);
    const fix = actions.find((action) => action.title === title);
    assert.ok(fix, `offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind, 'quickfix');
    const after = await client.change(uri, editedText(text, uri, fix));
    assert.deepEqual(after.filter((d) => d.code === code).map((d) => d.message), [], `${code} is gone`);
    const errorsBefore = new Set(errorKeys(before));
    assert.deepEqual(errorKeys(after).filter((key) => !errorsBefore.has(key)), [], 'no new error');
  });
}

test('fix-all turns the serverfault example clean, and offers nothing on the result', async () => {
  const uri = exampleUri('serverfault-lacp-team.topo');
  const text = read('examples/serverfault-lacp-team.topo');
  await client.open(uri, text);
  const fixAll = () =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.topo'] },
    });
  const [action] = await fixAll();
  assert.equal(action.kind, 'source.fixAll.topo');
  const fixed = editedText(text, uri, action);
  assert.deepEqual(findings(await client.change(uri, fixed)), []);
  assert.deepEqual(await fixAll(), []);
});
