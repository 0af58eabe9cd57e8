// The language server process: LSP connection wiring only. Every answer comes from the pure
// language service (service/) through one feature module (features/); this file fetches settings,
// keeps the per-text analysis cache, debounces diagnostics and turns failures into empty results.
// Transport: `--stdio`, `--socket=N` or `--pipe=NAME` (streams this file reads itself, see
// framedTransport), or `--node-ipc`, as vscode-languageserver reads it from argv.
import { stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeLensRefreshRequest,
  ErrorCodes,
  SocketMessageReader,
  StreamMessageReader,
  type ConnectionOptions,
  type MessageReader,
  type MessageWriter,
  LSPErrorCodes,
  DidChangeConfigurationNotification,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CancellationToken,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentEdits } from './documentEdits';
import { DEFAULT_SETTINGS } from './config/schema';
import { CONFIG_CODES } from './config/codes';
import { loadConfig, MAX_CONFIG_BYTES } from './config/load';
import { DESIGN_FILE_NAME } from './config/designFolder';
import { readTextFile } from './config/textFile';
import { mergeSettings } from './config/merge';
import type { Settings, SettingsInput } from './config/schema';
import { createMessageGuard, INVALID_PARAMS_METHOD, NOT_INITIALIZED_METHOD, type RejectedRequest } from './messageGuard';
import { OutgoingMessages } from './outgoingMessages';
import { REST_MS, RestCollector } from './restCollector';
import { codeActions, CODE_ACTION_KINDS, fixAllYielding, wantsFixAll } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { completion } from './features/completion';
import { definition } from './features/definition';
import { createDiagnosticsScheduler, DiagnosticsMade, MessageBacklog, PublishedDiagnostics } from './features/diagnostics';
import { DriftDiagnostics } from './features/drift';
import { importFolder } from './features/importOutputs';
import { simulateComponentFailures } from './report/simulation';
import { IMPORT_METHOD, ImportParamsSchema } from './import/protocol';
import { documentHighlights } from './features/documentHighlight';
import { documentOutline } from './features/documentSymbols';
import { foldingRanges, foldingRangesWithin } from './features/foldingRanges';
import { forgetAnswers } from './features/perVersion';
import { MAX_ANALYZED_CHARS, oversizedDesign, oversizedDiagnostic, syntaxOnlyService, type SyntaxOnlyService } from './features/syntaxOnly';
import { formatDocument } from './features/formatting';
import {
  designPosition,
  designRange,
  diagnosticsPerFile,
  FileDiagnostics,
  fileCodeLenses,
  fileFoldingRanges,
  fileLocation,
  fileRange,
  fileSemanticTokens,
  fileOutline,
  fileWorkspaceEdit,
} from './features/designLocations';
import { hover } from './features/hover';
import { listOutline, outlineWithin, type BoundedOutline, type OutlineParts } from './features/outlineLimit';
import { references } from './features/references';
import { prepareRename, rename } from './features/rename';
import { SEMANTIC_TOKENS_LEGEND, SemanticTokensHistory, semanticTokensInRange } from './features/semanticTokens';
import { workspaceSymbols, type SymbolSource } from './features/workspaceSymbols';
import { detachedDefinitions } from './model/symbols';
import {
  CHECKED_NOTIFICATION,
  OUTLINE_LIMITED_NOTIFICATION,
  SHOW_RULE_DOCUMENTATION_COMMAND,
  type CheckedParams,
  type InitializationOptions,
  type OutlineLimitedParams,
} from './protocol';
import { AnalysisCache } from './service/documentCache';
import { analyzeDesign, analyzeNextDesignVersion, indexDocument, ruleDocsPath, type DocumentAnalysis, type KnownEdits } from './service/languageService';
import { DesignFiles } from './service/designFiles';
import { WorkspaceDesigns, type DesignMembers } from './service/workspaceDesigns';
import { docLinksFrom, toDiagnostic, toRange, type DocLinks } from './service/lspConversion';
import { DEFAULT_DEBOUNCE_MS, readEditorSettings, type EditorSettings } from './service/settings';
import { findTopoFiles } from './service/workspaceFiles';
import { LineIndex } from './syntax/lineIndex';
import type { Diagnostic, DocumentSymbol, Position, Range } from 'vscode-languageserver-types';
import {
  DIAGRAM_CHANGED_METHOD,
  DIAGRAM_METHOD,
  SIMULATE_FAILURES_METHOD,
  SimulateFailuresParamsSchema,
  type DiagramChangedParams,
  type DiagramParams,
} from './diagram/protocol';
import { DiagramAnswers } from './diagram/request';

const SECTION = 'storageTopology';

// Every keystroke on a large design makes a new version of its analysis, and opening one builds
// its tree, model and analysis at once. By default V8 lets the heap grow to several times the live
// data before collecting, which at 5,000 hosts means gigabytes; growing by half at most keeps the
// server's memory near what it holds, for a fifth more time spent collecting.
setFlagsFromString('--heap-growing-percent=50');

const backlog = new MessageBacklog();
const restCollector = new RestCollector(REST_MS);
const guard = createMessageGuard((message) => connection.console.error(message));
const connectionOptions: ConnectionOptions = {
  messageStrategy: {
    handleMessage: (message, next) => {
      backlog.handling();
      restCollector.handling();
      return guard.handleMessage(message, next);
    },
  },
};
const transport = framedTransport(process.argv.slice(2));
const connection = transport
  ? createConnection(ProposedFeatures.all, transport.reader, transport.writer, connectionOptions)
  : createConnection(ProposedFeatures.all, connectionOptions);
const documentEdits = new DocumentEdits();
const documents = new TextDocuments({ create: TextDocument.create, update: documentEdits.update });
/** The edits the editor reported, for the analysis of a file's next version (a file not open has none). */
const knownEdits: KnownEdits = (uri, before, after) => documentEdits.take(uri, before, after);
const cache = new AnalysisCache();
const published = new PublishedDiagnostics();
const diagnosticsMade = new DiagnosticsMade();
const fileDiagnostics = new FileDiagnostics();
const semanticTokensSent = new SemanticTokensHistory();
const diagrams = new DiagramAnswers();
const designs = new WorkspaceDesigns(MAX_ANALYZED_CHARS);
/** The files whose diagnostics were last published for each design folder (URI). */
const designPublished = new Map<string, Set<string>>();
/**
 * Counts the changes of what a design's check reads: an open file's text, a file opened or closed,
 * files changed on disk, settings. A check that began at another count is of an older design.
 */
let designInputs = 0;
/**
 * The folder whose `.topo.json` applies to each analysis: its design's folder, else its workspace
 * folder. Kept with the analysis, so that it goes when the analysis does.
 */
const settingsFolders = new WeakMap<DocumentAnalysis, string | undefined>();

let supportsConfigurationRequest = false;
let supportsDynamicConfiguration = false;
let supportsDynamicWatchers = false;
let supportsRelativePatterns = false;
let supportsCodeLensRefresh = false;
let supportsDocumentChanges = false;
/** How many folding ranges the client keeps of a document (VS Code: 5,000); more are only encoded to be dropped. */
let foldingRangeLimit: number | undefined;
/** Whether the client asked to hear which version each check was of (`storageTopology/checked`). */
let sendsChecked = false;
/** Whether the client asked to hear when a diagram changes without an edit (`storageTopology/diagramChanged`). */
let sendsDiagramChanged = false;
/** Whether the client asked to hear when an outline starts or stops being limited (`storageTopology/outlineLimited`). */
let sendsOutlineLimited = false;
/** Per document URI, what `storageTopology/outlineLimited` last said of its outline, while that was limited. */
const outlineLimits = new Map<string, OutlineLimitedParams>();
let supportsWorkspaceFolders = false;
let workspaceFolders: WorkspaceFolder[] = [];
let docLinks: DocLinks = docLinksFrom(extensionRootUri(), ruleDocsPath);
let debounceMs = DEFAULT_DEBOUNCE_MS;
/** Settings pushed with `didChangeConfiguration` by clients that cannot be asked for them. */
let pushedSettings: unknown;

/** Editor settings per document URI, and `.topo.json` contents per folder URI, until they change. */
const editorSettings = new Map<string, Promise<EditorSettings>>();
const workspaceFiles = new Map<string, Promise<SettingsInput | undefined>>();
/** The settings problems logged since the settings last changed. */
const loggedSettingsProblems = new Set<string>();

const drift = new DriftDiagnostics({
  publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
  stateChanged: (folderUri) => {
    recheckOpenDocuments();
    if (!sendsDiagramChanged) return;
    void (async () => {
      for (const document of documents.all()) {
        if ((await settingsFolderOf(document.uri)) === folderUri) await connection.sendNotification(DIAGRAM_CHANGED_METHOD, { uri: document.uri } satisfies DiagramChangedParams);
      }
    })().catch((error) => logError('diagramChanged', error));
  },
  watch: (watchers) => (supportsDynamicWatchers ? connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }) : Promise.resolve({ dispose() {} })),
  get relativePatterns() {
    return supportsRelativePatterns;
  },
  log: (message) => connection.console.error(message),
});

const scheduler = createDiagnosticsScheduler(
  () => debounceMs,
  (uri) => void publishDiagnostics(uri),
);

connection.onRequest(NOT_INITIALIZED_METHOD, (rejected: RejectedRequest) => new ResponseError(ErrorCodes.ServerNotInitialized, rejected.message));
connection.onRequest(INVALID_PARAMS_METHOD, (rejected: RejectedRequest) => new ResponseError(ErrorCodes.InvalidParams, rejected.message));

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const capabilities = params.capabilities;
  supportsConfigurationRequest = capabilities.workspace?.configuration === true;
  supportsDynamicConfiguration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  supportsDynamicWatchers = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  supportsRelativePatterns = capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport === true;
  supportsCodeLensRefresh = capabilities.workspace?.codeLens?.refreshSupport === true;
  supportsDocumentChanges = capabilities.workspace?.workspaceEdit?.documentChanges === true;
  foldingRangeLimit = capabilities.textDocument?.foldingRange?.rangeLimit;
  supportsWorkspaceFolders = capabilities.workspace?.workspaceFolders === true;
  workspaceFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  if (typeof options.docsBaseUri === 'string' && options.docsBaseUri !== '') {
    docLinks = docLinksFrom(options.docsBaseUri, ruleDocsPath);
  }
  sendsChecked = options.checkedNotifications === true;
  sendsDiagramChanged = options.diagramNotifications === true;
  sendsOutlineLimited = options.outlineNotifications === true;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: false },
      executeCommandProvider: { commands: [SHOW_RULE_DOCUMENTATION_COMMAND] },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['.', ':', ' '] },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      documentHighlightProvider: true,
      documentFormattingProvider: true,
      foldingRangeProvider: true,
      semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true }, range: true },
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: supportsWorkspaceFolders, changeNotifications: supportsWorkspaceFolders } },
    },
    serverInfo: { name: 'storage-topology' },
  };
});

connection.onInitialized(() => {
  void refreshDebounce();
  if (supportsDynamicConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
  }
  if (supportsDynamicWatchers) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      // A design's files that are not open are read from disk, and read again when they change.
      watchers: [{ globPattern: `**/${DESIGN_FILE_NAME}` }, { globPattern: '**/*.topo' }],
    });
  }
  // Clients that only send `rootUri` have no folder events; asking for them would throw.
  if (supportsWorkspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((folder) => folder.uri));
      workspaceFolders = [...workspaceFolders.filter((folder) => !removed.has(folder.uri)), ...event.added];
      // Every design is found again, and a folder outside the workspace now is none.
      designs.clear();
      for (const folderUri of [...designKeys.keys()]) forgetDesign(folderUri);
      settingsChanged();
    });
  }
});

connection.onDidChangeConfiguration((change) => {
  const settings = (change.settings ?? {}) as Record<string, unknown>;
  pushedSettings = settings[SECTION];
  settingsChanged();
});

connection.onDidChangeWatchedFiles((change) => {
  const uris = change.changes.map((event) => event.uri);
  designs.changed(uris);
  for (const event of change.changes) {
    if (event.type === FileChangeType.Deleted && event.uri.endsWith(`/${DESIGN_FILE_NAME}`)) forgetDesign(event.uri.slice(0, -DESIGN_FILE_NAME.length - 1));
  }
  // Saving an open file changes it on disk, not what is checked: its editor's text wins.
  const designChanges = change.changes.filter((event) => event.type !== FileChangeType.Changed || !documents.get(event.uri)).map((event) => event.uri);
  if (uris.some((uri) => uri.endsWith(`/${DESIGN_FILE_NAME}`))) settingsChanged();
  else if (designChanges.some((uri) => uri.endsWith('.topo'))) recheckOpenDocuments();
  drift.filesChanged(uris);
  void designDiagramsChanged(designChanges).catch((error) => logError('didChangeWatchedFiles', error));
});

/**
 * A file of a design folder changed on disk (or joined or left it): the diagrams of the design's
 * open files changed without an edit of them, which clients that ask hear (`diagramChanged`).
 */
async function designDiagramsChanged(uris: readonly string[]): Promise<void> {
  if (!sendsDiagramChanged) return;
  const changed = uris.filter((uri) => uri.endsWith('.topo'));
  if (changed.length === 0) return;
  for (const document of documents.all()) {
    const { folderUri } = await designOf(document.uri);
    if (folderUri === undefined) continue;
    const inside = `${folderUri.replace(/\/$/, '')}/`;
    if (changed.some((uri) => uri.startsWith(inside))) void connection.sendNotification(DIAGRAM_CHANGED_METHOD, { uri: document.uri } satisfies DiagramChangedParams);
  }
}

documents.onDidChangeContent((change) => {
  designInputs++;
  scheduler.schedule(change.document.uri);
});

documents.onDidClose((event) => {
  const uri = event.document.uri;
  designInputs++;
  designs.closed(uri);
  documentEdits.forget(uri);
  scheduler.cancel(uri);
  semanticTokensSent.forget(uri);
  forgetAnswers(uri);
  outlineLimits.delete(uri);
  diagrams.forget(uri);
  editorSettings.delete(uri);
  syntaxOnlyVersions.delete(uri);
  void (async () => {
    // A file of a design folder goes back to its text on disk as it is now (its editor may just have
    // saved it), and its design is checked again; a file that is a design alone is forgotten.
    if ((await designOf(uri)).folderUri !== undefined) return scheduler.schedule(uri);
    cache.delete(uri);
    published.forget(uri);
    await connection.sendDiagnostics({ uri, diagnostics: [] });
  })().catch((error) => logError('didClose', error));
});

connection.onExecuteCommand(async (params) => {
  if (params.command !== SHOW_RULE_DOCUMENTATION_COMMAND) return;
  const [href] = params.arguments ?? [];
  if (typeof href === 'string') await connection.window.showDocument({ uri: href, takeFocus: true });
});

connection.onCodeAction(async (params, token) => {
  const uri = params.textDocument.uri;
  // A fix's edits may lie in several files of a design: its result is the design with each file edited.
  const reanalyzer = (doc: DocumentAnalysis) => (_text: string, base: DocumentAnalysis, edits: readonly { start: number; end: number; newText: string }[]) =>
    analyzeDesign(base.files.edited(edits), doc.settings, base);
  const request = (doc: DocumentAnalysis, fixedText?: string) => ({
    uri,
    range: params.range,
    context: params.context,
    docLinks,
    reanalyze: reanalyzer(doc),
    fixedText,
  });
  if (!wantsFixAll(params.context.only)) return answer('codeAction', [], token, uri, (doc) => designCodeActions(doc, uri, request(doc), params.range, params.context.diagnostics));
  // Fix-all on a large design takes many re-analyses: run it between other messages, so typing
  // and cancelling go on, and give up if the document changes meanwhile (the edit would be stale).
  try {
    const version = documents.get(uri)?.version;
    const doc = await currentAnalysis(uri);
    // Fix-all edits the file asked about alone (as on its save), checking each fix on the whole design.
    if (!doc || version === undefined || !doc.files.file(uri)) return [];
    const stale = () => token.isCancellationRequested || documents.get(uri)?.version !== version;
    const fixedText = await fixAllYielding(doc, reanalyzer(doc), uri, stale, () => new Promise((resolve) => setImmediate(resolve)));
    return fixedText === undefined || stale() ? [] : designCodeActions(doc, uri, request(doc, fixedText), params.range, params.context.diagnostics);
  } catch (error) {
    logError('codeAction', error);
    return [];
  }
});
// The features answer in the design's text; a design of several files is asked and answered in
// its files' positions (features/designLocations.ts).
connection.onHover((params, token) =>
  answer('hover', null, token, params.textDocument.uri, (doc) =>
    atPosition(doc, params.textDocument.uri, params.position, null, (position) => {
      const found = hover(doc, position, docLinks);
      if (!found?.range) return found;
      const range = fileRange(doc, params.textDocument.uri, found.range);
      return range ? { ...found, range } : { contents: found.contents };
    }),
  ),
);
connection.onCompletion((params, token) =>
  answer('completion', [], token, params.textDocument.uri, (doc) =>
    atPosition(doc, params.textDocument.uri, params.position, [], (position) =>
      completion(doc, position).map((item) => {
        const range = item.textEdit && 'range' in item.textEdit ? fileRange(doc, params.textDocument.uri, item.textEdit.range) : undefined;
        return range && item.textEdit ? { ...item, textEdit: { ...item.textEdit, range } } : item;
      }),
    ),
  ),
);
connection.onDefinition((params, token) =>
  answer('definition', [], token, params.textDocument.uri, (doc) =>
    atPosition(doc, params.textDocument.uri, params.position, [], (position) =>
      definition(doc, params.textDocument.uri, position).map((location) => fileLocation(doc, params.textDocument.uri, location.range)),
    ),
  ),
);
connection.onReferences((params, token) =>
  answer('references', [], token, params.textDocument.uri, (doc) =>
    atPosition(doc, params.textDocument.uri, params.position, [], (position) =>
      references(doc, params.textDocument.uri, position, params.context.includeDeclaration).map((location) =>
        fileLocation(doc, params.textDocument.uri, location.range),
      ),
    ),
  ),
);
connection.onPrepareRename((params, token) =>
  answer('prepareRename', null, token, params.textDocument.uri, (doc) =>
    atPosition(doc, params.textDocument.uri, params.position, null, (position) => {
      const found = prepareRename(doc, position);
      const range = found && fileRange(doc, params.textDocument.uri, found.range);
      return found && range ? { ...found, range } : null;
    }),
  ),
);
connection.onRenameRequest(async (params, token) => {
  const uri = params.textDocument.uri;
  const result = await answer('rename', null, token, uri, (doc) =>
    atPosition(doc, uri, params.position, null, (position) => {
      const renamed = rename(doc, uri, position, params.newName);
      if (!renamed || 'error' in renamed) return renamed;
      return { edit: fileWorkspaceEdit(doc, uri, renamed.edit, editVersions()) };
    }),
  );
  if (result instanceof ResponseError) return result;
  if (result && 'error' in result) return new ResponseError(-32602, result.error);
  return result?.edit ?? null;
});
connection.onDocumentSymbol(async (params, token) => {
  const uri = params.textDocument.uri;
  const { outlineMaxSymbols } = await editorSettingsFor(undefined);
  const within = (outline: OutlineParts) => {
    const bounded = outlineWithin(outline, outlineMaxSymbols);
    tellOutlineLimit(uri, bounded, outlineMaxSymbols);
    return bounded.symbols as DocumentSymbol[];
  };
  return answer('documentSymbol', [], token, uri, (doc) => within(fileOutline(doc, uri, documentOutline(doc))), (large) => within(listOutline(large.documentSymbols)));
});

/** Tells a client that asked (`storageTopology/outlineLimited`) when the outline of `uri` starts or stops being limited, or its count or limit changes while it is. */
function tellOutlineLimit(uri: string, outline: BoundedOutline, maxSymbols: number): void {
  if (!sendsOutlineLimited) return;
  const told = outlineLimits.get(uri);
  if (!outline.limited && !told) return;
  if (outline.limited && told?.symbolCount === outline.symbolCount && told.maxSymbols === maxSymbols) return;
  const params: OutlineLimitedParams = { uri, limited: outline.limited, symbolCount: outline.symbolCount, maxSymbols };
  if (outline.limited) outlineLimits.set(uri, params);
  else outlineLimits.delete(uri);
  void connection.sendNotification(OUTLINE_LIMITED_NOTIFICATION, params);
}

connection.onDocumentHighlight((params, token) =>
  answer('documentHighlight', [], token, params.textDocument.uri, (doc) =>
    atPosition(doc, params.textDocument.uri, params.position, [], (position) =>
      documentHighlights(doc, position).flatMap((highlight) => {
        const range = fileRange(doc, params.textDocument.uri, highlight.range);
        return range ? [{ ...highlight, range }] : [];
      }),
    ),
  ),
);
connection.onDocumentFormatting((params, token) =>
  answer('formatting', [], token, params.textDocument.uri, (doc) => {
    const file = doc.files.file(params.textDocument.uri);
    return file ? formatDocument(doc, file).map((edit) => ({ ...edit, range: fileLocation(doc, params.textDocument.uri, edit.range).range })) : [];
  }),
);
connection.onFoldingRanges((params, token) =>
  answer(
    'foldingRange',
    [],
    token,
    params.textDocument.uri,
    (doc) => foldingRangesWithin(fileFoldingRanges(doc, params.textDocument.uri, foldingRanges(doc)), foldingRangeLimit),
    (large) => foldingRangesWithin(large.foldingRanges, foldingRangeLimit),
  ),
);
connection.languages.semanticTokens.on((params, token) =>
  answer('semanticTokens', { data: [] }, token, params.textDocument.uri, (doc) =>
    semanticTokensSent.full(params.textDocument.uri, doc),
  ),
);
connection.languages.semanticTokens.onDelta((params, token) =>
  answer('semanticTokens/delta', { data: [] }, token, params.textDocument.uri, (doc) =>
    semanticTokensSent.delta(params.textDocument.uri, doc, params.previousResultId),
  ),
);
connection.languages.semanticTokens.onRange((params, token) =>
  answer('semanticTokens/range', { data: [] }, token, params.textDocument.uri, (doc) => {
    const range = designRange(doc, params.textDocument.uri, params.range);
    return range ? fileSemanticTokens(doc, params.textDocument.uri, semanticTokensInRange(doc, range)) : { data: [] };
  }),
);
connection.onCodeLens((params, token) =>
  answer('codeLens', [], token, params.textDocument.uri, (doc) =>
    fileCodeLenses(doc, params.textDocument.uri, codeLenses(doc)),
  ),
);
connection.onRequest(IMPORT_METHOD, async (params: unknown) => {
  const parsed = ImportParamsSchema.safeParse(params);
  if (!parsed.success) return new ResponseError(ErrorCodes.InvalidParams, `${IMPORT_METHOD} expects { folderUri: string, layout?: 'file' | 'folder' }`);
  try {
    const result = await importFolder(parsed.data.folderUri, parsed.data.layout ?? 'file');
    return 'error' in result ? new ResponseError(ErrorCodes.InvalidParams, result.error) : result;
  } catch (error) {
    logError('importOutputs', error);
    return new ResponseError(ErrorCodes.InternalError, 'the import failed; the Storage Topology output has the details');
  }
});
connection.onRequest(DIAGRAM_METHOD, async (params: DiagramParams, token: CancellationToken) => {
  try {
    for (;;) {
      // The preview waits for the keystrokes that had arrived and for the diagnostics of the
      // version they make (published now if their debounce is still pending); it is built in
      // slices, and built again for the newest version when a change arrives in between: the
      // diagram never delays diagnostics.
      await publishDiagnostics(params.uri);
      const doc = await currentAnalysis(params.uri);
      const version = documents.get(params.uri)?.version;
      if (!doc || version === undefined || token.isCancellationRequested) return null;
      const folder = settingsFolders.get(doc);
      const observedPaths = drift.pathStates(folder, doc);
      const problems = observedPaths ? [...doc.problems, ...drift.problems(folder, doc)] : doc.problems;
      const source = {
        version,
        text: doc.text,
        model: doc.modelResult.model,
        analysis: doc.analysis,
        problems,
        ...(observedPaths ? { observedPaths } : {}),
        settings: doc.settings,
        syntaxErrors: doc.parse.errors.length > 0,
        files: doc.files.files.map((file) => ({ uri: file.name, start: file.start, length: file.text.length })),
      };
      const current = () => !token.isCancellationRequested && documents.get(params.uri)?.version === version;
      const result = await diagrams.answer(params, source, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return current();
      });
      if (result !== undefined) return result;
    }
  } catch (error) {
    logError('diagram', error);
    return null;
  }
});
connection.onRequest(SIMULATE_FAILURES_METHOD, async (params: unknown, token: CancellationToken) => {
  const parsed = SimulateFailuresParamsSchema.safeParse(params);
  if (!parsed.success) return new ResponseError(ErrorCodes.InvalidParams, `${SIMULATE_FAILURES_METHOD} expects { uri: string, version: integer, failed: string[] }`);
  const { uri, version, failed } = parsed.data;
  try {
    // Answered by the analysis of the version asked for, once the changes that had arrived are in.
    await backlog.drained();
    const doc = await currentAnalysis(uri);
    const current = documents.get(uri)?.version;
    if (!doc || current === undefined || token.isCancellationRequested) return null;
    if (current !== version) return new ResponseError(LSPErrorCodes.ContentModified, `${uri} is at version ${current}, not ${version}`);
    return { version, ...simulateComponentFailures(doc.analysis, failed) };
  } catch (error) {
    logError('simulateFailures', error);
    return new ResponseError(ErrorCodes.InternalError, 'the failure simulation failed; the Storage Topology output has the details');
  }
});
connection.onWorkspaceSymbol(async (params, token) => {
  try {
    const sources = await workspaceSymbolSources(token);
    return token.isCancellationRequested ? [] : workspaceSymbols(sources, params.query);
  } catch (error) {
    logError('workspaceSymbol', error);
    return [];
  }
});

/**
 * Runs one feature on the current analysis of `uri`. A request the client cancelled answers
 * RequestCancelled, as its answer would if it were cancelled while waiting to be written; unknown
 * documents and failures give `empty`: a bad request never takes the server down.
 */
async function answer<T>(
  name: string,
  empty: T,
  token: CancellationToken,
  uri: string,
  feature: (doc: DocumentAnalysis) => T,
  syntaxOnly?: (large: SyntaxOnlyService) => T,
): Promise<T | ResponseError> {
  try {
    const doc = await analysisAsked(uri, token);
    if (doc === 'superseded') return new ResponseError(LSPErrorCodes.ContentModified, 'the document has changed since');
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'the request was cancelled');
    const large = syntaxOnlyOf(uri);
    if (large) return syntaxOnly ? syntaxOnly(large) : empty;
    if (!doc) return empty;
    return feature(doc);
  } catch (error) {
    logError(name, error);
    return empty;
  }
}

/** A feature at a position of the file `uri`, given as a position of the design's text; `empty` for a file not in the design. */
function atPosition<T>(doc: DocumentAnalysis, uri: string, position: Position, empty: T, feature: (position: Position) => T): T {
  const inDesign = designPosition(doc, uri, position);
  return inDesign ? feature(inDesign) : empty;
}

/**
 * With clients that take `documentChanges`, each file's edits name the version they were worked out
 * for (an open file's, null for one read from disk), so that an edit is never applied to a newer text.
 */
function editVersions(): ((uri: string) => number | null) | undefined {
  return supportsDocumentChanges ? (file) => documents.get(file)?.version ?? null : undefined;
}

/**
 * Code actions asked in the file `uri`: the client's diagnostics are placed in the design's text,
 * and each fix's edits go back to the files they lie in (a fix may edit several).
 */
function designCodeActions(doc: DocumentAnalysis, uri: string, request: Parameters<typeof codeActions>[1], range: Range, diagnostics: readonly Diagnostic[]) {
  const placed = diagnostics.flatMap((diagnostic) => {
    const inDesign = designRange(doc, uri, diagnostic.range);
    return inDesign ? [{ placed: { ...diagnostic, range: inDesign }, diagnostic }] : [];
  });
  const original = new Map(placed.map(({ placed, diagnostic }) => [placed, diagnostic]));
  const designRangeAsked = designRange(doc, uri, range);
  if (!designRangeAsked) return [];
  const versionOf = editVersions();
  return codeActions(doc, { ...request, range: designRangeAsked, context: { ...request.context, diagnostics: placed.map((each) => each.placed) } }).map((action) => ({
    ...action,
    ...(action.diagnostics ? { diagnostics: action.diagnostics.map((diagnostic) => original.get(diagnostic) ?? diagnostic) } : {}),
    ...(action.edit ? { edit: fileWorkspaceEdit(doc, uri, action.edit, versionOf) } : {}),
  }));
}

/**
 * The analysis a request asks about, once the messages that arrived before it are handled and the
 * diagnostics of the version it asks about are out (published now if their debounce is pending):
 * an editor hears of a version's problems before its other answers. A change typed meanwhile
 * makes it 'superseded' (the client asks again for the new version), so a burst of keystrokes is
 * analysed once, for its last version.
 */
async function analysisAsked(uri: string, token: CancellationToken): Promise<DocumentAnalysis | 'superseded' | undefined> {
  const version = documents.get(uri)?.version;
  // Publishing waits for the messages that had arrived first.
  await publishDiagnostics(uri);
  if (token.isCancellationRequested) return undefined;
  if (documents.get(uri)?.version !== version) return 'superseded';
  return currentAnalysis(uri);
}

/** The design `uri` belongs to (docs/language.md, "Designs of several files"). */
function designOf(uri: string): Promise<DesignMembers> {
  return designs.designOf(uri, folderOf(uri)?.uri);
}

/** The folder whose `.topo.json` applies to `uri`: its design folder, else its workspace folder. */
async function settingsFolderOf(uri: string): Promise<string | undefined> {
  return (await designOf(uri)).folderUri ?? folderOf(uri)?.uri;
}

/**
 * The analysis of the design `uri` belongs to: for a file alone, its open document's; for a file of
 * a design folder, the folder's files, each as its editor has it or else as it is on disk.
 */
async function currentAnalysis(uri: string): Promise<DocumentAnalysis | undefined> {
  const design = await designOf(uri);
  const settingsFolder = design.folderUri ?? folderOf(uri)?.uri;
  const doc = design.folderUri !== undefined ? await designAnalysis(uri, design.folderUri, design.files) : await fileAnalysis(uri, settingsFolder);
  if (doc) settingsFolders.set(doc, settingsFolder);
  return doc;
}

/** The analysis of an open document that is a design alone. */
async function fileAnalysis(uri: string, settingsFolder: string | undefined): Promise<DocumentAnalysis | undefined> {
  const document = documents.get(uri);
  if (!document) return undefined;
  const settings = await checkerSettings(uri, settingsFolder);
  const current = documents.get(uri);
  if (!current) return undefined;
  const text = current.getText();
  // Never analysed beyond the limit (syntaxOnlyOf serves it): that would take minutes and gigabytes.
  if (text.length > MAX_ANALYZED_CHARS) {
    cache.delete(uri);
    // Never taken by an analysis, the changes recorded would keep the text they began from.
    documentEdits.forget(uri);
    return undefined;
  }
  return cache.get(uri, text, (previous) => analyzeNextDesignVersion(DesignFiles.single(text, uri), settings, previous, knownEdits));
}

/** The cache key of each design folder's analysis: the folder and its files, so that a file joining or leaving starts afresh. */
const designKeys = new Map<string, string>();
/** Each design folder's files as last read, to be given again while none of them changed. */
const lastDesigns = new Map<string, DesignFiles>();
/** The files of each design folder too large to check, with what they weigh together (the warning each of them gets). */
const oversizedDesigns = new Map<string, { files: readonly string[]; tooLarge: string }>();

/** A folder that is no longer a design (its `.topo.json` went, or its workspace folder): what is kept of its design goes. */
function forgetDesign(folderUri: string): void {
  const key = designKeys.get(folderUri);
  if (key !== undefined) cache.delete(key);
  designKeys.delete(folderUri);
  lastDesigns.delete(folderUri);
  oversizedDesigns.delete(folderUri);
}

/** The paths of a design's files, worked out once per listing of its folder. */
const memberPaths = new WeakMap<readonly string[], string[]>();

async function designAnalysis(uri: string, folderUri: string, members: readonly string[]): Promise<DocumentAnalysis | undefined> {
  const settings = await checkerSettings(uri, folderUri);
  // The open documents of the design, matched by path (a client may spell a URI otherwise).
  const open = new Map<string, string>();
  for (const document of documents.all()) if (document.uri.startsWith('file:')) open.set(fileURLToPath(document.uri), document.uri);
  let paths = memberPaths.get(members);
  if (!paths) memberPaths.set(members, (paths = members.map((member) => fileURLToPath(member))));
  const files = members.map((member, i) => open.get(paths[i]!) ?? member);
  // A file of the design the walk did not list (under a dot-folder) is still in it while it is open.
  if (documents.get(uri) && !files.includes(uri)) files.push(uri);
  files.sort();
  const texts = await designs.texts(files, (file) => documents.get(file)?.getText());
  // The same files with the same texts are the same design: its text is not joined again, so the
  // cache below knows it by identity, as it knows an unchanged document's.
  const last = lastDesigns.get(folderUri);
  const unchanged =
    last !== undefined &&
    last.files.length === texts.length &&
    last.files.every((file, i) => file.name === texts[i]!.name && file.text === texts[i]!.text && file.leftOut === texts[i]!.leftOut);
  const design = unchanged ? last : new DesignFiles(texts);
  lastDesigns.set(folderUri, design);
  // A file left out (its text empty) is another design than the file read empty.
  const key = `${folderUri}\n${texts.map((file) => (file.leftOut === undefined ? file.name : `${file.name} (left out)`)).join('\n')}`;
  const previousKey = designKeys.get(folderUri);
  if (previousKey !== undefined && previousKey !== key) cache.delete(previousKey);
  designKeys.set(folderUri, key);
  // Never analysed beyond the limit, as a document alone: its files get the syntax-only service.
  if (design.text.length > MAX_ANALYZED_CHARS) {
    cache.delete(key);
    for (const file of files) documentEdits.forget(file);
    oversizedDesigns.set(folderUri, { files, tooLarge: oversizedDesign(files.length, design.text.length) });
    return undefined;
  }
  oversizedDesigns.delete(folderUri);
  return cache.get(key, design.text, (previous) => analyzeNextDesignVersion(design, settings, previous, knownEdits));
}

/** Why the design folder `uri` is in is not checked, when its files are too large together. */
function oversizedDesignOf(uri: string): string | undefined {
  for (const { files, tooLarge } of oversizedDesigns.values()) if (files.includes(uri)) return tooLarge;
  return undefined;
}

/**
 * The syntax-only service of the current version of `uri` when it is too large to analyse, or a
 * file of a design too large together (as last found by its analysis), else undefined.
 */
const syntaxOnlyVersions = new Map<string, { text: string; tooLarge: string | undefined; service: SyntaxOnlyService }>();
function syntaxOnlyOf(uri: string): SyntaxOnlyService | undefined {
  const text = documents.get(uri)?.getText();
  const designTooLarge = oversizedDesignOf(uri);
  if (text === undefined || (text.length <= MAX_ANALYZED_CHARS && designTooLarge === undefined)) {
    syntaxOnlyVersions.delete(uri);
    return undefined;
  }
  const known = syntaxOnlyVersions.get(uri);
  if (known?.text === text && known.tooLarge === designTooLarge) return known.service;
  const service = syntaxOnlyService(text, designTooLarge);
  syntaxOnlyVersions.set(uri, { text, tooLarge: designTooLarge, service });
  return service;
}

/**
 * Pushes the diagnostics of the newest version, once the changes that had arrived are applied,
 * unless they are those already published (a keystroke mostly leaves them so). Diagnostics are
 * pushed to every client, also to those that could pull them: an unchanged list costs nothing on
 * the wire (a pull would be asked and answered `unchanged` at every keystroke), an editor cancels
 * its pull at each keystroke, and the files of a design that are not open get theirs pushed.
 */
async function publishDiagnostics(uri: string): Promise<void> {
  try {
    await backlog.drained();
    const design = await designOf(uri);
    if (design.folderUri !== undefined) return await publishDesignDiagnostics(uri, design.folderUri);
    const version = documents.get(uri)?.version;
    if (version === undefined || published.checked(uri) === version) return;
    const large = syntaxOnlyOf(uri);
    const doc = large ? undefined : await currentAnalysis(uri);
    // A newer change arrived while settings were read: its own run will publish; another run
    // (the debounced one, or the preview's) may have published this version meanwhile.
    if ((!large && !doc) || documents.get(uri)?.version !== version || published.checked(uri) === version) return;
    const diagnostics = large ? [large.diagnostic] : documentDiagnostics(uri, doc!);
    // Written at once with the record of the check: whoever finds the version checked (a request
    // waiting for its diagnostics) writes after them.
    const changed = published.record(uri, version, diagnostics);
    await Promise.all([
      sendsChecked && connection.sendNotification(CHECKED_NOTIFICATION, { uri, version, published: changed } satisfies CheckedParams),
      changed && connection.sendDiagnostics({ uri, version, diagnostics }),
    ]);
  } catch (error) {
    logError('diagnostics', error);
  }
}

/**
 * Publishes the diagnostics of every file of the design folder `uri` is in, each on its own file
 * (those not open too, as their problems are part of the design's), and clears them on a file that
 * left the design. A check overtaken by a change of any of the design's inputs while it was worked
 * out publishes nothing: each file's list is recorded as published for the file's current version,
 * so it must be of the current design, and it is checked again. The files' lists are recorded and
 * sent in one go, so that no change, nor another check, comes between them.
 */
async function publishDesignDiagnostics(uri: string, folderUri: string): Promise<void> {
  const version = documents.get(uri)?.version;
  if (version !== undefined && published.checked(uri) === version) return;
  const inputs = designInputs;
  const doc = await currentAnalysis(uri);
  if (designInputs !== inputs) return scheduler.schedule(uri);
  const perFile = designFileDiagnostics(uri, folderUri, doc);
  if (!perFile) return;
  const files = [...perFile.keys()];
  const before = designPublished.get(folderUri) ?? new Set<string>();
  designPublished.set(folderUri, new Set(files));
  const sent: Promise<void>[] = [];
  for (const file of new Set([...files, ...before])) {
    const diagnostics = perFile.get(file) ?? [];
    const fileVersion = documents.get(file)?.version;
    const changed = published.record(file, fileVersion ?? -1, diagnostics);
    if (sendsChecked && fileVersion !== undefined) {
      sent.push(connection.sendNotification(CHECKED_NOTIFICATION, { uri: file, version: fileVersion, published: changed } satisfies CheckedParams));
    }
    if (changed) sent.push(connection.sendDiagnostics({ uri: file, ...(fileVersion === undefined ? {} : { version: fileVersion }), diagnostics }));
  }
  await Promise.all(sent);
}

/** Each file of a design folder with its diagnostics: the design's problems, or the warning that its files are too large together to check. */
function designFileDiagnostics(uri: string, folderUri: string, doc: DocumentAnalysis | undefined): Map<string, Diagnostic[]> | undefined {
  if (doc) {
    const perFile = fileDiagnostics.of(doc, docLinks);
    for (const [file, drifted] of diagnosticsPerFile(doc, uri, drift.diagnostics(settingsFolders.get(doc), doc, uri, docLinks))) perFile.get(file)!.push(...drifted);
    return perFile;
  }
  const oversized = oversizedDesigns.get(folderUri);
  return oversized && new Map(oversized.files.map((file) => [file, [oversizedDiagnostic(oversized.tooLarge)]]));
}

/** The design's own problems and, when its folder names an observed state, how it drifts from it. */
function documentDiagnostics(uri: string, doc: DocumentAnalysis) {
  return [...diagnosticsMade.of(doc, uri, docLinks), ...drift.diagnostics(settingsFolders.get(doc), doc, uri, docLinks)];
}

function settingsChanged(): void {
  editorSettings.clear();
  loggedSettingsProblems.clear();
  workspaceFiles.clear();
  cache.invalidateAll();
  void refreshDebounce();
  recheckOpenDocuments();
  if (supportsCodeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type);
}

function recheckOpenDocuments(): void {
  designInputs++;
  published.clear();
  for (const document of documents.all()) scheduler.schedule(document.uri);
  // The designs whose files are all closed are checked again too; a file that is no longer in a
  // design folder (its .topo.json went) loses the diagnostics it had there.
  const open = new Set(documents.all().map((document) => document.uri));
  for (const [folderUri, files] of designPublished) {
    designPublished.delete(folderUri);
    for (const file of files) {
      if (!open.has(file)) void connection.sendDiagnostics({ uri: file, diagnostics: [] });
    }
    const closed = [...files].find((file) => !open.has(file));
    if (closed && ![...files].some((file) => open.has(file))) scheduler.schedule(closed);
  }
}

async function refreshDebounce(): Promise<void> {
  debounceMs = (await editorSettingsFor(undefined)).debounceMs;
}

async function checkerSettings(uri: string, settingsFolder: string | undefined): Promise<Settings> {
  const [editor, file] = await Promise.all([editorSettingsFor(uri), workspaceFileSettings(settingsFolder)]);
  return mergeSettings(DEFAULT_SETTINGS, file, editor.checker);
}

function editorSettingsFor(uri: string | undefined): Promise<EditorSettings> {
  const key = uri ?? '';
  let settings = editorSettings.get(key);
  if (!settings) {
    settings = fetchEditorSettings(uri);
    editorSettings.set(key, settings);
  }
  return settings;
}

async function fetchEditorSettings(uri: string | undefined): Promise<EditorSettings> {
  let section = pushedSettings;
  if (supportsConfigurationRequest) {
    try {
      section = await connection.workspace.getConfiguration(uri ? { scopeUri: uri, section: SECTION } : { section: SECTION });
    } catch (error) {
      logError('workspace/configuration', error);
    }
  }
  const settings = readEditorSettings(section);
  // Settings are read once per scope (the window, each document): say each problem once.
  for (const problem of settings.problems) {
    if (loggedSettingsProblems.has(problem)) continue;
    loggedSettingsProblems.add(problem);
    connection.console.warn(`Settings: ${problem}`);
  }
  return settings;
}

/**
 * The `.topo.json` of the folder whose settings apply to a file (its design folder, else its
 * workspace folder); its problems are published on that file.
 */
function workspaceFileSettings(folderUri: string | undefined): Promise<SettingsInput | undefined> {
  if (folderUri === undefined) return Promise.resolve(undefined);
  let settings = workspaceFiles.get(folderUri);
  if (!settings) {
    settings = readWorkspaceFile(folderUri);
    workspaceFiles.set(folderUri, settings);
  }
  return settings;
}

async function readWorkspaceFile(folderUri: string): Promise<SettingsInput | undefined> {
  const fileUri = `${folderUri.replace(/\/$/, '')}/${DESIGN_FILE_NAME}`;
  // Opened without blocking and refused unless a regular file under the size cap: a FIFO or a
  // huge file there must not hold up this folder's checks, nor anyone else's.
  const { text, error, missing } = await readTextFile(new URL(fileUri), { maxBytes: MAX_CONFIG_BYTES, noun: 'settings file' });
  if (error !== undefined) {
    const message = `${DESIGN_FILE_NAME} ${error}; this folder is checked with the default settings`;
    if (!missing) connection.console.warn(`${fileUri}: ${message}`);
    const start = { line: 0, character: 0 };
    const diagnostics = missing ? [] : [{ range: { start, end: start }, severity: DiagnosticSeverity.Error, code: CONFIG_CODES.unreadable, source: 'topo', message }];
    await connection.sendDiagnostics({ uri: fileUri, diagnostics });
    drift.settingsRead(folderUri, fileUri, undefined);
    return undefined;
  }
  const { settings, problems, stateSpans } = loadConfig(text, DESIGN_FILE_NAME);
  const lineIndex = new LineIndex(text);
  const diagnostics = problems.map((problem) => toDiagnostic(problem, lineIndex, fileUri, docLinks));
  drift.settingsRead(folderUri, fileUri, { entries: settings.state ?? [], spans: stateSpans, lineIndex, diagnostics });
  return settings;
}

function folderOf(uri: string): WorkspaceFolder | undefined {
  const inside = workspaceFolders.filter((folder) => uri.startsWith(folder.uri.replace(/\/?$/, '/')));
  return inside.sort((a, b) => b.uri.length - a.uri.length)[0];
}

/**
 * The designs of the open documents (with their files that are not open), then the `.topo` files
 * of the workspace folders that are in none of them (read lazily, kept by mtime).
 */
async function workspaceSymbolSources(token: CancellationToken): Promise<SymbolSource[]> {
  const sources: SymbolSource[] = [];
  const open = new Set<string>();
  const listed = new Set<DocumentAnalysis>();
  for (const document of documents.all()) {
    open.add(document.uri);
    const doc = await currentAnalysis(document.uri);
    if (!doc || listed.has(doc)) continue;
    listed.add(doc);
    const { files, lineIndex } = doc;
    for (const file of files.files) open.add(file.name);
    const uri = document.uri;
    // Detached: the next keystroke moves this version's spans in place while the files below are read.
    sources.push({
      definitions: detachedDefinitions(doc.modelResult.symbols),
      locate: (span) => fileLocation(doc, uri, toRange(lineIndex, span)),
    });
  }
  for (const folder of workspaceFolders) {
    if (!folder.uri.startsWith('file:')) continue;
    for (const file of await findTopoFiles(new URL(folder.uri))) {
      if (token.isCancellationRequested) return sources;
      const uri = pathToFileURL(file).href;
      if (open.has(uri)) continue;
      const source = await closedFileSource(file, uri);
      if (source) sources.push(source);
    }
  }
  return sources;
}

const closedFiles = new Map<string, { mtimeMs: number; source: SymbolSource }>();

async function closedFileSource(file: string, uri: string): Promise<SymbolSource | undefined> {
  try {
    const { mtimeMs } = await stat(file);
    const known = closedFiles.get(file);
    if (known?.mtimeMs === mtimeMs) return known.source;
    // Refused as an open document would be served: beyond the size limit it is not indexed at all.
    const { text } = await readTextFile(file, { maxBytes: MAX_ANALYZED_CHARS, noun: 'design' });
    if (text === undefined) throw new Error(`${file} is not indexed`);
    const { lineIndex, definitions } = indexDocument(text);
    const source: SymbolSource = { definitions, locate: (span) => ({ uri, range: toRange(lineIndex, span) }) };
    closedFiles.set(file, { mtimeMs, source });
    return source;
  } catch {
    closedFiles.delete(file);
    return undefined;
  }
}

/**
 * The framed message streams of `--stdio`, `--socket=N` and `--pipe=NAME`, read by the server
 * itself (undefined for `--node-ipc`, whose messages arrive whole). After a framing error (a
 * missing or non-numeric Content-Length) a stream cannot be found in step again: the server says
 * so and exits non-zero, so that the client restarts it, rather than staying alive and never
 * reading again; a stream that closes before `shutdown` exits non-zero too. A body that is not
 * JSON leaves the framing intact and is only logged. On stdio the console goes to stderr: stdout
 * is the protocol channel. Messages are written by `OutgoingMessages` (notifications before
 * responses, a cancelled request's answer as RequestCancelled), which sees the client's
 * cancellations as they are read.
 */
function framedTransport(argv: readonly string[]): { reader: MessageReader; writer: MessageWriter } | undefined {
  const option = (name: string) => {
    const at = argv.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
    return at < 0 ? undefined : argv[at] === name ? argv[at + 1] : argv[at]!.slice(name.length + 1);
  };
  let reader: MessageReader;
  let writer: OutgoingMessages;
  let client: string;
  const port = option('--socket');
  const pipe = option('--pipe');
  if (argv.includes('--stdio')) {
    for (const method of ['log', 'info', 'debug', 'warn'] as const) console[method] = console.error;
    reader = new StreamMessageReader(process.stdin);
    writer = new OutgoingMessages(process.stdout);
    client = 'stdin';
  } else if (port !== undefined && Number(port) > 0) {
    const socket = connect(Number(port), '127.0.0.1');
    [reader, writer] = [new SocketMessageReader(socket), new OutgoingMessages(socket)];
    client = `port ${Number(port)} of 127.0.0.1`;
  } else if (pipe) {
    const socket = connect(pipe);
    [reader, writer] = [new SocketMessageReader(socket), new OutgoingMessages(socket)];
    client = `pipe '${pipe}'`;
  } else return undefined;
  reader.onError((error) => {
    if (error instanceof SyntaxError) return;
    process.stderr.write(`storage-topology: ${transportFailure(error, client)}; exiting\n`);
    process.exit(1);
  });
  reader.onClose(() => process.exit(guard.shutdownReceived ? 0 : 1));
  return { reader: writer.watching(reader), writer };
}

/**
 * Why the message stream ended, for the one line before exiting: a socket or pipe that cannot be
 * reached (the client listens first, then starts the server with its address) is not corrupt data.
 */
function transportFailure(error: Error, client: string): string {
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (code === undefined) return `the message stream is corrupt (${error.message.split('\n')[0]})`;
  if (syscall !== 'connect') return `the connection to ${client} failed (${code})`;
  if (code === 'ECONNREFUSED') return `cannot connect to ${client}: nothing listens there (ECONNREFUSED); the client must listen before it starts the server`;
  if (code === 'ENOENT') return `cannot connect to ${client}: there is no such socket (ENOENT); the client must listen before it starts the server`;
  return `cannot connect to ${client} (${code})`;
}

/** The extension's root folder: the server bundle lives in `<root>/dist/`. */
function extensionRootUri(): string {
  const here = typeof __dirname === 'string' ? __dirname : path.dirname(process.argv[1] ?? '.');
  return pathToFileURL(path.resolve(here, '..')).href;
}

function logError(request: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  try {
    connection.console.error(`${request} failed: ${detail}`);
  } catch {
    // The client has gone (the connection is closed): there is no one left to tell.
  }
}

documents.listen(connection);
connection.listen();
