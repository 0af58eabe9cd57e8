// Which design each file of the workspace belongs to, and the text on disk of the files that are
// not open, for the server. A file under a folder holding a `.topo.json` (within its workspace
// folder) belongs to that folder's design, with every `.topo` file of it (config/designFolder.ts);
// any other file is a design of its own. What is read is kept until the file watcher says it
// changed (`changed`) or the file is closed in its editor (`closed`). A file that cannot be read
// (too large, not a regular file) is not left out silently: it stays in its design, empty, saying
// why (`leftOut`), and the design says so on it.
import { stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DESIGN_FILE_NAME, designFolderFiles } from '../config/designFolder';
import { readTextFile, sizeText } from '../config/textFile';
import type { DesignFileInput } from './designFiles';

export interface DesignMembers {
  /** The folder holding the design's `.topo.json`, as a URI; undefined for a file that is a design alone. */
  folderUri: string | undefined;
  /** Every file of the design (URIs, sorted); a file alone is its only file. */
  files: string[];
}

/** A file's text on disk, why it cannot be read, or 'missing'. */
type DiskText = string | { error: string } | 'missing';

export class WorkspaceDesigns {
  /** Whether a folder (URI) holds a `.topo.json`. */
  private readonly holdsDesign = new Map<string, Promise<boolean>>();
  /** The files of each design folder (URI). */
  private readonly members = new Map<string, Promise<string[]>>();
  private readonly diskTexts = new Map<string, Promise<DiskText>>();

  /** @param maxChars files larger than this are left out of their design, as an open one is not analysed. */
  constructor(private readonly maxChars: number) {}

  /** The design of `uri`, looking for a `.topo.json` from its folder up to `workspaceFolderUri`. */
  async designOf(uri: string, workspaceFolderUri: string | undefined): Promise<DesignMembers> {
    const folderUri = uri.startsWith('file:') && workspaceFolderUri ? await this.designFolder(uri, workspaceFolderUri) : undefined;
    if (folderUri === undefined) return { folderUri, files: [uri] };
    return { folderUri, files: await this.filesOf(folderUri) };
  }

  /**
   * The design's files as the pipeline takes them: each open one's text as its editor has it
   * (`openText`), the others' as on disk; a file gone from disk is not in it. An open file beyond
   * the size limit is left out as it would be on disk: the rest of its design is still checked.
   */
  async texts(files: readonly string[], openText: (uri: string) => string | undefined): Promise<DesignFileInput[]> {
    const disk = await Promise.all(files.map((file) => (openText(file) === undefined ? this.diskText(file) : undefined)));
    return files.flatMap((name, i): DesignFileInput[] => {
      const text = openText(name);
      if (text !== undefined && text.length > this.maxChars) return [{ name, text: '', leftOut: `is ${sizeText(text.length)}; designs larger than ${sizeText(this.maxChars)} are not read` }];
      if (text !== undefined) return [{ name, text }];
      const read = disk[i];
      if (read === undefined || read === 'missing') return [];
      return [typeof read === 'string' ? { name, text: read } : { name, text: '', leftOut: read.error }];
    });
  }

  /** A file's text on disk, why it cannot be read as a design (not a regular file, too large), or 'missing' when it is gone. */
  diskText(uri: string): Promise<DiskText> {
    let text = this.diskTexts.get(uri);
    if (!text) {
      text = readTextFile(new URL(uri), { maxBytes: this.maxChars, noun: 'design' }).then(
        (read): DiskText => (read.text !== undefined ? read.text : read.missing ? 'missing' : { error: read.error }),
        (): DiskText => 'missing',
      );
      this.diskTexts.set(uri, text);
    }
    return text;
  }

  /**
   * A file was closed in its editor: its text on disk is read again, as the editor may have saved
   * it while it was open (VS Code saves the files a rename opened, then closes them), and the file
   * watcher says so only later, if at all.
   */
  closed(uri: string): void {
    this.diskTexts.delete(uri);
  }

  /** Files changed, were created or deleted on disk: their texts, and the designs' files, are read again. */
  changed(uris: readonly string[]): void {
    for (const uri of uris) this.diskTexts.delete(uri);
    if (uris.some((uri) => uri.endsWith(`/${DESIGN_FILE_NAME}`))) this.holdsDesign.clear();
    this.members.clear();
  }

  /** The workspace folder was replaced: everything is read again. */
  clear(): void {
    this.holdsDesign.clear();
    this.members.clear();
    this.diskTexts.clear();
  }

  private async designFolder(uri: string, workspaceFolderUri: string): Promise<string | undefined> {
    const top = workspaceFolderUri.replace(/\/?$/, '/');
    for (let folder = uri.slice(0, uri.lastIndexOf('/') + 1); folder.startsWith(top); folder = parentOf(folder)) {
      if (await this.holds(folder)) return folder.slice(0, -1);
    }
    return undefined;
  }

  private holds(folderUri: string): Promise<boolean> {
    let holds = this.holdsDesign.get(folderUri);
    if (!holds) {
      holds = stat(new URL(folderUri + DESIGN_FILE_NAME)).then(
        () => true,
        () => false,
      );
      this.holdsDesign.set(folderUri, holds);
    }
    return holds;
  }

  private filesOf(folderUri: string): Promise<string[]> {
    let files = this.members.get(folderUri);
    if (!files) {
      files = designFolderFiles(fileURLToPath(folderUri)).then((listed) => listed.files.map((file) => pathToFileURL(file).href));
      this.members.set(folderUri, files);
    }
    return files;
  }
}

/** The parent of a folder URI ending in '/', ending in '/' too. */
function parentOf(folderUri: string): string {
  return folderUri.slice(0, folderUri.lastIndexOf('/', folderUri.length - 2) + 1);
}
