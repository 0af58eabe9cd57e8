// Where the server's links lead in VS Code. The server speaks plain LSP to every editor: rule
// pages are `file:` links to markdown, and the code lens above a host is a title without a
// command. Here a rule page opens rendered (the markdown preview) rather than as its source, and
// the lens opens the host's paths (its hover) when clicked.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

export const OPEN_DOCUMENTATION_COMMAND = 'storageTopology.openDocumentation';
export const SHOW_HOST_PATHS_COMMAND = 'storageTopology.showHostPaths';

function isMarkdown(uri: vscode.Uri): boolean {
  return uri.path.toLowerCase().endsWith('.md');
}

/** Opens a documentation page: markdown rendered in the preview, anything else as VS Code would. */
async function openDocumentation(uri: vscode.Uri): Promise<void> {
  if (isMarkdown(uri) && uri.scheme !== 'http' && uri.scheme !== 'https') {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } else {
    await vscode.commands.executeCommand('vscode.open', uri);
  }
}

/** A diagnostic's link to its rule page, as a command link that opens the page rendered. */
function renderedLink(target: vscode.Uri): vscode.Uri {
  if (!isMarkdown(target) || target.scheme === 'http' || target.scheme === 'https') return target;
  const args = encodeURIComponent(JSON.stringify([target.toString()]));
  return vscode.Uri.parse(`command:${OPEN_DOCUMENTATION_COMMAND}?${args}`);
}

function withRenderedLink(diagnostic: vscode.Diagnostic): vscode.Diagnostic {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) diagnostic.code = { value: code.value, target: renderedLink(code.target) };
  return diagnostic;
}

/** Diagnostics whose rule links open the rule's page rendered. */
export function withRenderedLinks(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.map(withRenderedLink);
}

/** The server's host lenses carry a title and an empty command: make them open the host's paths. */
function withHostPaths(document: vscode.TextDocument, lens: vscode.CodeLens): vscode.CodeLens {
  if (lens.command === undefined || lens.command.command !== '') return lens;
  lens.command = {
    title: lens.command.title,
    tooltip: 'Show the paths of this host',
    command: SHOW_HOST_PATHS_COMMAND,
    arguments: [document.uri, lens.range.end],
  };
  return lens;
}

export function editorLinksMiddleware(): Middleware {
  return {
    provideCodeLenses: async (document, token, next) => {
      const lenses = await next(document, token);
      return lenses?.map((lens) => withHostPaths(document, lens));
    },
    window: {
      // The server's "Show documentation" code action asks the editor to show the page.
      showDocument: async (params, token, next) => {
        const uri = vscode.Uri.parse(params.uri);
        if (params.external === true || !isMarkdown(uri)) return next(params, token);
        await openDocumentation(uri);
        return { success: true };
      },
    },
  };
}

async function showHostPaths(uri: unknown, position: unknown): Promise<void> {
  if (!(uri instanceof vscode.Uri) || !(position instanceof vscode.Position)) return;
  const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
  const editor = await vscode.window.showTextDocument(uri, { viewColumn: visible?.viewColumn });
  // The lens ends at the host's name: put the cursor inside the name, whose hover lists the paths.
  const inName = position.character > 0 ? position.translate(0, -1) : position;
  editor.selection = new vscode.Selection(inName, inName);
  editor.revealRange(new vscode.Range(inName, inName));
  await vscode.commands.executeCommand('editor.action.showHover');
}

export function registerEditorLinkCommands(): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(OPEN_DOCUMENTATION_COMMAND, async (href: unknown) => {
      if (typeof href === 'string') await openDocumentation(vscode.Uri.parse(href, true));
    }),
    vscode.commands.registerCommand(SHOW_HOST_PATHS_COMMAND, showHostPaths),
  ];
}
