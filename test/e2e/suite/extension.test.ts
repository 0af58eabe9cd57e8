// The packaged extension inside a real VS Code extension host, driven through the public API the
// way the editor's own UI drives it. The workspace is a throwaway copy of examples/.
import * as assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, waitForEvent } from './waitFor';

const EXTENSION_ID = 'storage-topology.storage-topology';
const SERVERFAULT = 'serverfault-lacp-team.topo';
const EXAMPLES = [
  SERVERFAULT,
  'dual-fabric-mpio.topo',
  'infortrend-trunk-mcs.topo',
  'linux-dm-multipath.topo',
  'vmware-esxi-port-binding.topo',
  'fc-dual-fabric.topo',
];

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with the examples folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function positionOf(document: vscode.TextDocument, text: string, from = 0): vscode.Position {
  const offset = document.getText().indexOf(text, from);
  assert.ok(offset >= 0, `"${text}" occurs in ${document.uri.path}`);
  return document.positionAt(offset);
}

async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(document);
}

function flattenSymbols(symbols: vscode.DocumentSymbol[]): string[] {
  return symbols.flatMap((symbol) => [symbol.name, ...flattenSymbols(symbol.children ?? [])]);
}

describe('Storage Topology in VS Code', () => {
  before(async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile(SERVERFAULT));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'topo', '.topo files get the topo language');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    // Resolves once activate() has finished, i.e. the language server is up.
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reports the serverfault design problems with their rule codes and ranges', async () => {
    const editor = await open(SERVERFAULT);
    const diagnostics = await waitForDiagnostics(
      editor.document.uri,
      (found) => found.some((diagnostic) => codeOf(diagnostic) === 'iscsi-over-team'),
      'the iscsi-over-team diagnostic',
    );
    const codes = new Set(diagnostics.map(codeOf));
    for (const code of ['iscsi-over-team', 'single-switch', 'single-controller']) {
      assert.ok(codes.has(code), `${code} is reported; got ${[...codes].join(', ')}`);
    }
    const teamWarning = diagnostics.find((diagnostic) => codeOf(diagnostic) === 'iscsi-over-team');
    assert.ok(teamWarning);
    const teamStart = positionOf(editor.document, 'team team0');
    assert.deepEqual(
      [teamWarning.range.start.line, teamWarning.range.start.character, teamWarning.range.end.line, teamWarning.range.end.character],
      [teamStart.line, teamStart.character, teamStart.line, teamStart.character + 'team team0'.length],
      'iscsi-over-team points at the team definition',
    );
    assert.notEqual(teamWarning.severity, vscode.DiagnosticSeverity.Hint);
    assert.match(teamWarning.message, /team0/);
  });

  it('checks every example: the server answers and each diagnostic carries a rule code', async () => {
    for (const name of EXAMPLES) {
      const editor = await open(name);
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
        'vscode.executeDocumentSymbolProvider',
        editor.document.uri,
      );
      assert.ok(symbols && symbols.length > 0, `${name} has an outline`);
      for (const diagnostic of vscode.languages.getDiagnostics(editor.document.uri)) {
        assert.match(codeOf(diagnostic), /^[a-z0-9-]+$/, `${name}: "${diagnostic.message}" has a rule code`);
      }
    }
  });

  it('applies "Convert the team to MPIO" and the iscsi-over-team warning goes away', async () => {
    // An untitled copy: the edit must not reach the example on disk, which later tests read.
    const example = await vscode.workspace.openTextDocument(workspaceFile(SERVERFAULT));
    const copy = await vscode.workspace.openTextDocument({ language: 'topo', content: example.getText() });
    const editor = await vscode.window.showTextDocument(copy);
    const uri = editor.document.uri;
    const before = await waitForDiagnostics(
      uri,
      (found) => found.some((diagnostic) => codeOf(diagnostic) === 'iscsi-over-team'),
      'the iscsi-over-team diagnostic',
    );
    const teamWarning = before.find((diagnostic) => codeOf(diagnostic) === 'iscsi-over-team');
    assert.ok(teamWarning);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      teamWarning.range,
    );
    const titles = actions.map((action) => action.title);
    const convert = actions.find((action) => /convert .*team.* to mpio/i.test(action.title));
    assert.ok(convert, `a "Convert team to MPIO" quick fix is offered; got ${titles.join(' | ')}`);
    assert.ok(convert.edit, 'the quick fix carries its edit');
    assert.equal(await vscode.workspace.applyEdit(convert.edit), true);
    if (convert.command) {
      await vscode.commands.executeCommand(convert.command.command, ...(convert.command.arguments ?? []));
    }
    assert.doesNotMatch(editor.document.getText(), /team team0/, 'the team is dissolved');
    await waitForDiagnostics(
      uri,
      (found) => !found.some((diagnostic) => codeOf(diagnostic) === 'iscsi-over-team'),
      'iscsi-over-team to go away after the quick fix',
    );
  });

  it('answers hover, completion, definition, rename, symbols and formatting', async () => {
    const editor = await open(SERVERFAULT);
    const document = editor.document;
    const uri = document.uri;
    const linkStart = document.getText().indexOf('link hv01.eth0');
    const hostReference = positionOf(document, 'hv01', linkStart);
    const hostDefinition = positionOf(document, 'host hv01');

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, hostReference);
    const hoverText = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : content.value))
      .join('\n');
    assert.match(hoverText, /hv01/, 'hover on a host reference describes the host');

    const definitions = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      uri,
      hostReference,
    );
    assert.ok(definitions.length > 0, 'go to definition finds the host');
    const target = definitions[0];
    const targetRange = 'targetRange' in target ? target.targetRange : target.range;
    assert.equal(targetRange.start.line, hostDefinition.line, 'the definition is the host block');

    const completions = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      new vscode.Position(document.lineCount, 0),
    );
    const labels = completions.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes('host'), `completion at top level offers "host"; got ${labels.slice(0, 20).join(', ')}`);

    const rename = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      uri,
      hostReference,
      'hyperv01',
    );
    const renameEdits = rename.get(uri);
    const hostMentions = document.getText().match(/\bhv01\b/g)?.length ?? 0;
    assert.ok(renameEdits.length >= 3, `rename edits the definition and the references; got ${renameEdits.length}`);
    assert.ok(renameEdits.length <= hostMentions, 'rename touches only names of the host');
    assert.ok(renameEdits.every((edit) => edit.newText === 'hyperv01'));

    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    const names = flattenSymbols(symbols);
    for (const name of ['hv01', 'core1', 'eonstor', 'team0']) {
      assert.ok(names.includes(name), `the outline lists ${name}; got ${names.join(', ')}`);
    }

    const messy = await vscode.workspace.openTextDocument({
      language: 'topo',
      content: 'switch   core9 {\nlag po1 { ports 1, 2  mode lacp }\n     }\n',
    });
    const formatting = await vscode.commands.executeCommand<vscode.TextEdit[]>(
      'vscode.executeFormatDocumentProvider',
      messy.uri,
      { tabSize: 2, insertSpaces: true },
    );
    assert.ok(formatting && formatting.length > 0, 'formatting re-indents a badly indented file');
  });

  it('exports the diagram as a draw.io file: a cell per element, an edge per cable', async () => {
    const editor = await open(SERVERFAULT);
    await waitForDiagnostics(editor.document.uri, (found) => found.length > 0, 'the first diagnostics');
    const target = workspaceFile('exported/serverfault.drawio');
    await vscode.commands.executeCommand('storageTopology.exportDrawio', target);
    const xml = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.equal(XMLValidator.validate(xml), true);
    const file = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'object' }).parse(xml);
    const objects: { id: string; topoId: string; topoKind: string; mxCell: { parent: string; source?: string; target?: string } }[] =
      file.mxfile.diagram.mxGraphModel.root.object;
    const byTopoId = new Map(objects.map((object) => [object.topoId, object]));
    for (const id of ['hv01', 'hv01.team0', 'hv01.eth0', 'hv01.eth1', 'core1', 'core1:7', 'eonstor', 'eonstor.A', 'eonstor.B.ch0', 'eonstor.vms']) {
      assert.ok(byTopoId.has(id), `${id} is a cell`);
    }
    assert.equal(byTopoId.get('eonstor.A.ch0')?.mxCell.parent, byTopoId.get('eonstor.A')?.id, 'a port inside its controller');
    const cable = byTopoId.get('link@hv01.eth0--core1:7')?.mxCell;
    assert.deepEqual([cable?.source, cable?.target], [byTopoId.get('hv01.eth0')?.id, byTopoId.get('core1:7')?.id]);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(target, '..'), { recursive: true });
  });

  it('opens the diagram preview in a webview beside the editor', async () => {
    await open(SERVERFAULT);
    const isPreview = (tab: vscode.Tab) =>
      tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('storageTopology.preview');
    const findPreview = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find(isPreview);
    assert.equal(findPreview(), undefined, 'no preview before the command');
    await vscode.commands.executeCommand('storageTopology.openPreviewToSide');
    const preview = await waitForEvent(vscode.window.tabGroups.onDidChangeTabs, findPreview, 30_000, 'the preview tab');
    assert.ok(vscode.window.tabGroups.all.length >= 2, 'the preview opens to the side');
    assert.notEqual(preview.group.viewColumn, vscode.window.tabGroups.all[0].viewColumn);
  });
});
