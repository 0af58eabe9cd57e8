import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateTopology } from '../../../bench/generate';
import { DiagnosticsMade, PublishedDiagnostics } from '../../../server/src/features/diagnostics';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { analyzeDocument, analyzeNextVersion } from '../../../server/src/service/languageService';
import { toDiagnostic, type DocLinks } from '../../../server/src/service/lspConversion';

const links: DocLinks = { href: (code) => `https://example.org/docs/${code}.md` };
const uri = 'file:///design.topo';

test('a finding an edit left at its line and character keeps its diagnostic; one it moved gets a new one, as made afresh', () => {
  const text = generateTopology({ hosts: 30, seed: 2 }).text;
  const made = new DiagnosticsMade();
  const published = new PublishedDiagnostics();
  let doc = analyzeNextVersion(text, DEFAULT_SETTINGS, undefined);
  const first = made.of(doc, uri, links);
  assert.ok(first.length > 0, 'the design has findings');
  assert.equal(published.record(uri, 1, first), true);

  const commentEnd = text.indexOf('\n');
  const typed = `${text.slice(0, commentEnd)} x${text.slice(commentEnd)}`;
  doc = analyzeNextVersion(typed, DEFAULT_SETTINGS, doc);
  const moved = made.of(doc, uri, links);
  assert.ok(moved.every((diagnostic, i) => diagnostic === first[i]));
  assert.equal(published.record(uri, 2, moved), false);

  const lineAdded = `# site A\n${typed}`;
  doc = analyzeNextVersion(lineAdded, DEFAULT_SETTINGS, doc);
  const down = made.of(doc, uri, links);
  assert.ok(down.every((diagnostic, i) => diagnostic !== first[i]));
  assert.deepEqual(down, analyzeDocument(lineAdded, DEFAULT_SETTINGS).problems.map((problem) => toDiagnostic(problem, doc.lineIndex, uri, links)));
  assert.equal(published.record(uri, 3, down), true);
});

test('diagnostics made again with the same content are not published again', () => {
  const doc = analyzeDocument(generateTopology({ hosts: 10, seed: 4 }).text, DEFAULT_SETTINGS);
  const published = new PublishedDiagnostics();
  const fresh = () => doc.problems.map((problem) => toDiagnostic(problem, doc.lineIndex, uri, links));
  assert.equal(published.record(uri, 1, fresh()), true);
  assert.equal(published.record(uri, 2, fresh()), false);
  const changed = fresh();
  changed[0] = { ...changed[0]!, message: `${changed[0]!.message}!` };
  assert.equal(published.record(uri, 3, changed), true);
});
