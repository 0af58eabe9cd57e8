// Answers worked out in a design's text go back to the files they lie in, and positions in a file
// go to the design's text, by the file's first line alone. Each is checked against the file table
// (service/designFiles.ts), which maps through each file's own line index — also after an edit in
// an earlier file has moved a later file's lines, when placed answers kept from before must move.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic, DocumentSymbol } from 'vscode-languageserver-types';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { codeLenses } from '../../../server/src/features/codeLens';
import { designPosition, diagnosticsPerFile, FileDiagnostics, fileCodeLenses, fileFoldingRanges, fileSymbols } from '../../../server/src/features/designLocations';
import { DiagnosticsMade } from '../../../server/src/features/diagnostics';
import { documentSymbols } from '../../../server/src/features/documentSymbols';
import { foldingRanges } from '../../../server/src/features/foldingRanges';
import { DesignFiles } from '../../../server/src/service/designFiles';
import { analyzeNextDesignVersion, type DocumentAnalysis } from '../../../server/src/service/languageService';
import type { DocLinks } from '../../../server/src/service/lspConversion';

const EXAMPLE = path.join(import.meta.dirname, '../../../examples/site-a');
const links: DocLinks = { href: (code) => `https://example.test/${code}` };
const DESIGN = 'design';

/** The example's files, one written with CRLF line breaks, and an empty one. */
function exampleFiles() {
  const files = readdirSync(EXAMPLE)
    .filter((name) => name.endsWith('.topo'))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(EXAMPLE, name), 'utf8') }));
  files[1] = { ...files[1]!, text: files[1]!.text.replace(/\n/g, '\r\n') };
  return [...files, { name: 'zz-empty.topo', text: '' }];
}

/** A range of the design's text as the file table places it: through the file's own line index. */
function placedByTable(doc: DocumentAnalysis, range: { start: { line: number; character: number }; end: { line: number; character: number } }) {
  const at = doc.files.range({ start: doc.lineIndex.offset(range.start), end: doc.lineIndex.offset(range.end) });
  return { uri: at.file.name, range: { start: at.start, end: at.end } };
}

function checkAnswers(doc: DocumentAnalysis, made: DiagnosticsMade, placed: FileDiagnostics): void {
  const diagnostics = made.of(doc, DESIGN, links);
  const expected = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const at = placedByTable(doc, diagnostic.range);
    const related = diagnostic.relatedInformation?.map((information) => (information.location.uri === DESIGN ? { ...information, location: placedByTable(doc, information.location.range) } : information));
    const list = expected.get(at.uri) ?? [];
    list.push({ ...diagnostic, range: at.range, ...(related ? { relatedInformation: related } : {}) });
    expected.set(at.uri, list);
  }
  assert.deepEqual(diagnosticsPerFile(doc, DESIGN, diagnostics), expected);
  assert.deepEqual(placed.of(doc, links), new Map(doc.files.files.map((file) => [file.name, expected.get(file.name) ?? []])));
  for (const file of doc.files.files) {
    const symbols = fileSymbols(doc, file.name, documentSymbols(doc));
    const expectedSymbols = (list: readonly DocumentSymbol[]): DocumentSymbol[] =>
      list.flatMap((symbol) => {
        const range = placedByTable(doc, symbol.range);
        if (range.uri !== file.name) return [];
        const { children, ...rest } = symbol;
        return [{ ...rest, range: range.range, selectionRange: placedByTable(doc, symbol.selectionRange).range, ...(children ? { children: expectedSymbols(children) } : {}) }];
      });
    assert.deepEqual(symbols, expectedSymbols(documentSymbols(doc)), `symbols of ${file.name}`);
    const folding = fileFoldingRanges(doc, file.name, foldingRanges(doc));
    const expectedFolding = foldingRanges(doc).flatMap((range) => {
      const at = placedByTable(doc, { start: { line: range.startLine, character: 0 }, end: { line: range.endLine, character: 0 } });
      return at.uri === file.name ? [{ ...range, startLine: at.range.start.line, endLine: at.range.end.line }] : [];
    });
    assert.deepEqual(folding, expectedFolding, `folding of ${file.name}`);
    const lenses = fileCodeLenses(doc, file.name, codeLenses(doc));
    const expectedLenses = codeLenses(doc).flatMap((lens) => {
      const at = placedByTable(doc, lens.range);
      return at.uri === file.name ? [{ ...lens, range: at.range }] : [];
    });
    assert.deepEqual(lenses, expectedLenses, `code lenses of ${file.name}`);
  }
}

describe('design locations', () => {
  it('place diagnostics, symbols, folding and lenses in their files as the file table does, before and after an edit moves later files', () => {
    const files = exampleFiles();
    const made = new DiagnosticsMade();
    const placed = new FileDiagnostics();
    let doc = analyzeNextDesignVersion(new DesignFiles(files), DEFAULT_SETTINGS, undefined);
    assert.ok(doc.problems.length > 0 && doc.problems.some((problem) => problem.related?.length), 'the example has findings with related locations');
    checkAnswers(doc, made, placed);
    // Lines added to and taken from the first file, then from the one with findings, then from one
    // their related locations lie in: every later file begins at another line, and the edited
    // file's own findings and related locations move in it (also where their offsets stay), or stay.
    const fileOf = (span: { start: number }) => files.findIndex((file) => file.name === doc.files.fileAt(span.start).name);
    const withFindings = fileOf(doc.problems[0]!.span);
    const withRelated = doc.problems.flatMap((problem) => (problem.related ?? []).map((related) => fileOf(related.span))).find((at) => at !== withFindings)!;
    assert.ok(withFindings > 0 && withFindings < files.length - 1 && withRelated !== undefined);
    const edits = [
      ...[`# a note\n# another\n${files[0]!.text}`, files[0]!.text.replace(/\n/, '\n\n\n\n'), files[0]!.text].map((text) => ({ at: 0, text })),
      ...[`\n\n${files[withFindings]!.text}`, files[withFindings]!.text, ` ${files[withFindings]!.text}`, `\n${files[withFindings]!.text}`.slice(0, -1)].map((text) => ({ at: withFindings, text })),
      ...[`\n${files[withRelated]!.text}`, files[withRelated]!.text].map((text) => ({ at: withRelated, text })),
    ];
    for (const { at, text } of edits) {
      doc = analyzeNextDesignVersion(new DesignFiles(files.map((file, i) => (i === at ? { ...file, text } : file))), DEFAULT_SETTINGS, doc);
      checkAnswers(doc, made, placed);
    }
  });

  it('places an answer kept from before anew where its file now begins at another line', () => {
    const files = exampleFiles();
    const before = analyzeNextDesignVersion(new DesignFiles(files), DEFAULT_SETTINGS, undefined);
    const after = analyzeNextDesignVersion(new DesignFiles([{ ...files[0]!, text: `# a note\n${files[0]!.text}` }, ...files.slice(1)]), DEFAULT_SETTINGS, undefined);
    const last = files[files.length - 2]!.name;
    const symbols = documentSymbols(before);
    const inLastFile = symbols.filter((symbol) => placedByTable(before, symbol.range).uri === last);
    assert.ok(inLastFile.length > 0);
    assert.deepEqual(fileSymbols(before, last, symbols).map((symbol) => symbol.range), inLastFile.map((symbol) => placedByTable(before, symbol.range).range));
    // The same symbols in the design whose last file begins a line later lie a line earlier in it.
    assert.deepEqual(
      fileSymbols(after, last, symbols).map((symbol) => symbol.range.start.line),
      inLastFile.map((symbol) => placedByTable(before, symbol.range).range.start.line - 1),
    );
  });

  it('gives a position in a file as the offset of the file table, past a line end and past the last line too', () => {
    const files = exampleFiles();
    const doc = analyzeNextDesignVersion(new DesignFiles(files), DEFAULT_SETTINGS, undefined);
    for (const file of doc.files.files) {
      const lineCount = file.lineIndex.lineCount;
      for (const position of [
        { line: 0, character: 0 },
        { line: 0, character: 500 },
        { line: Math.floor(lineCount / 2), character: 3 },
        { line: lineCount - 1, character: 0 },
        { line: lineCount + 4, character: 2 },
      ]) {
        const inDesign = designPosition(doc, file.name, position)!;
        assert.equal(doc.lineIndex.offset(inDesign), doc.files.offset(file.name, position), `${file.name} ${position.line}:${position.character}`);
      }
    }
    assert.equal(designPosition(doc, 'other.topo', { line: 0, character: 0 }), undefined);
  });
});
