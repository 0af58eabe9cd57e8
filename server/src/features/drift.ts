// Drift in the editor: a workspace folder's `.topo.json` names the observed state (`"state":
// "state/"`), and every design of the folder gets the `drift-…` findings of `topo drift` as
// diagnostics on its lines. The state is read in the background (drift/stateFiles.ts) and kept
// until its files change; until it is read, or while it is read again, a design is checked with
// what was read before, so reading never holds up a keystroke's diagnostics. Problems with the
// state (a missing folder, a FIFO, files that are no command output) are published on the
// `.topo.json`, at the entry that names them.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic, FileSystemWatcher } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { CONFIG_CODES } from '../config/codes';
import { runDrift, type DriftResult, type ObservedPathState } from '../drift';
import { readState, type ObservedState } from '../drift/stateFiles';
import type { Problem, Severity } from '../problem';
import type { DocumentAnalysis } from '../service/languageService';
import { toDiagnostic, toRange, type DocLinks } from '../service/lspConversion';
import type { LineIndex } from '../syntax/lineIndex';
import type { Span } from '../syntax/tree';

/** What the server tells the drift feature about a folder's `.topo.json` each time it reads it. */
export interface StateSettings {
  /** The state entries as written, relative to the settings file's folder. */
  entries: string[];
  /** Where each entry is written in the settings file. */
  spans: Span[];
  lineIndex: LineIndex;
  /** The settings file's own problems, published with the state's. */
  diagnostics: Diagnostic[];
}

export interface DriftHost {
  /** Publishes the diagnostics of a settings file. */
  publish(uri: string, diagnostics: Diagnostic[]): void;
  /** A folder's state was read (again): its open designs are to be checked again. */
  stateChanged(folderUri: string): void;
  /** Asks the client to report changes of these files; undefined when it cannot watch them. */
  watch?(watchers: FileSystemWatcher[]): Promise<{ dispose(): void }>;
  /** The client takes watchers relative to a base folder (LSP 3.17). */
  relativePatterns: boolean;
  log(message: string): void;
}

interface FolderState {
  folderUri: string;
  fileUri: string;
  baseDir: string;
  settings: StateSettings;
  /** The entries resolved to absolute paths, to match changed files. */
  paths: string[];
  read?: ObservedState;
  reading?: Promise<void>;
  /** Files changed while they were being read: read again when done. */
  readAgain: boolean;
  watching?: Promise<{ dispose(): void } | undefined>;
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export class DriftDiagnostics {
  private readonly folders = new Map<string, FolderState>();
  /** Drift of one analysed version against one reading of the state. */
  private readonly results = new WeakMap<DocumentAnalysis, { read: ObservedState; result: DriftResult }>();

  constructor(private readonly host: DriftHost) {}

  /**
   * The folder's `.topo.json` was read: `settings` undefined when it has no state (or no file).
   * Publishes the file's diagnostics, and reads the state when it names other paths than before.
   */
  settingsRead(folderUri: string, fileUri: string, settings: StateSettings | undefined): void {
    const known = this.folders.get(folderUri);
    if (settings === undefined || settings.entries.length === 0 || !fileUri.startsWith('file:')) {
      if (known) {
        this.forget(known);
        this.host.stateChanged(folderUri);
      }
      if (settings) this.host.publish(fileUri, settings.diagnostics);
      return;
    }
    const baseDir = path.dirname(fileURLToPath(fileUri));
    const paths = settings.entries.map((entry) => path.resolve(baseDir, entry));
    if (known && known.fileUri === fileUri && known.paths.join('\n') === paths.join('\n')) {
      known.settings = settings;
      this.publishSettingsFile(known);
      return;
    }
    if (known) this.forget(known);
    const folder: FolderState = { folderUri, fileUri, baseDir, settings, paths, readAgain: false };
    this.folders.set(folderUri, folder);
    this.publishSettingsFile(folder);
    folder.watching = this.watch(folder);
    this.read(folder);
  }

  /** Files changed on disk: the states that hold any of them are read again. */
  filesChanged(uris: readonly string[]): void {
    const changed = uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
    for (const folder of this.folders.values()) {
      if (changed.some((file) => folder.paths.some((entry) => file === entry || file.startsWith(entry + path.sep)))) this.read(folder);
    }
  }

  /** The drift diagnostics of a design in `folderUri`, against the state read so far. */
  diagnostics(folderUri: string | undefined, doc: DocumentAnalysis, uri: string, links: DocLinks): Diagnostic[] {
    const result = this.resultFor(folderUri, doc);
    return result ? result.problems.map((problem) => toDiagnostic(problem, doc.lineIndex, uri, links)) : [];
  }

  /** The drift problems of a design in `folderUri`, against the state read so far. */
  problems(folderUri: string | undefined, doc: DocumentAnalysis): Problem[] {
    return this.resultFor(folderUri, doc)?.problems ?? [];
  }

  /** The observed state of each designed path, when the folder has a state. */
  pathStates(folderUri: string | undefined, doc: DocumentAnalysis): Map<string, ObservedPathState> | undefined {
    return this.resultFor(folderUri, doc)?.pathStates;
  }

  dispose(): void {
    for (const folder of this.folders.values()) this.forget(folder);
  }

  private resultFor(folderUri: string | undefined, doc: DocumentAnalysis): DriftResult | undefined {
    const read = folderUri === undefined ? undefined : this.folders.get(folderUri)?.read;
    if (!read) return undefined;
    const known = this.results.get(doc);
    if (known?.read === read) return known.result;
    const result = runDrift(doc.modelResult.model, doc.analysis, read.observed, doc.settings);
    this.results.set(doc, { read, result });
    return result;
  }

  private read(folder: FolderState): void {
    if (folder.reading) {
      folder.readAgain = true;
      return;
    }
    folder.readAgain = false;
    folder.reading = readState(folder.baseDir, folder.settings.entries)
      .then((read) => {
        if (this.folders.get(folder.folderUri) !== folder) return;
        folder.read = read;
        this.publishSettingsFile(folder);
        this.host.stateChanged(folder.folderUri);
      })
      .catch((error: unknown) => this.host.log(`Reading the state of ${folder.fileUri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
      .finally(() => {
        folder.reading = undefined;
        if (folder.readAgain && this.folders.get(folder.folderUri) === folder) this.read(folder);
      });
  }

  private publishSettingsFile(folder: FolderState): void {
    const { settings, read } = folder;
    const stateDiagnostics = (read?.problems ?? []).map(
      (problem): Diagnostic => ({
        range: toRange(settings.lineIndex, settings.spans[problem.entry] ?? { start: 0, end: 0 }),
        severity: severities[problem.severity],
        code: CONFIG_CODES.state,
        source: 'topo',
        message: problem.message,
      }),
    );
    this.host.publish(folder.fileUri, [...settings.diagnostics, ...stateDiagnostics]);
  }

  /** Watches each entry and what is under it, so that a new collection is compared as it lands. */
  private async watch(folder: FolderState): Promise<{ dispose(): void } | undefined> {
    if (!this.host.watch) return undefined;
    const watchers = folder.paths.flatMap((entry): FileSystemWatcher[] => {
      if (this.host.relativePatterns) {
        const baseUri = pathToFileURL(path.dirname(entry)).href;
        const name = path.basename(entry);
        return [{ globPattern: { baseUri, pattern: name } }, { globPattern: { baseUri, pattern: `${name}/**` } }];
      }
      const name = path.basename(entry);
      return [{ globPattern: `**/${name}` }, { globPattern: `**/${name}/**` }];
    });
    try {
      return await this.host.watch(watchers);
    } catch (error) {
      this.host.log(`Watching the state of ${folder.fileUri} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private forget(folder: FolderState): void {
    if (this.folders.get(folder.folderUri) === folder) this.folders.delete(folder.folderUri);
    void folder.watching?.then((watcher) => watcher?.dispose());
  }
}
