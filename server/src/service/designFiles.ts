// A design's files as one text. A design may be written over several files (a folder holding a
// `.topo.json`, docs/language.md); the pipeline reads it as one text — its files one after another,
// each followed by a line break that belongs to no file — and the parser never reads across a
// file's end (syntax/parser.ts, `parseParts`). Spans stay offsets into that text, so the
// incremental path works unchanged: an edit in one file is an edit of the design's text at that
// file's offset. This table maps an offset of the design's text to its file and back.
import type { LinePosition } from '../syntax/lineIndex';
import { LineIndex } from '../syntax/lineIndex';
import type { Span } from '../syntax/tree';

/** A file as a design is given it. */
export interface DesignFileInput {
  /** How the caller names the file: a URI in the server, a path in the CLI. */
  name: string;
  text: string;
  /** Why the file could not be read (its text is then empty): the design is checked without it, and says so on the file. */
  leftOut?: string;
}

export interface DesignFile {
  /** How the caller names the file: a URI in the server, a path in the CLI. */
  readonly name: string;
  readonly text: string;
  readonly leftOut?: string;
  /** Where the file begins in the design's text. */
  readonly start: number;
  /** Offsets and line/character positions within the file itself. */
  readonly lineIndex: LineIndex;
}

/** A range within one file: where a span of the design's text is written. */
export interface FileRange {
  file: DesignFile;
  start: LinePosition;
  end: LinePosition;
}

/** The line break written after each file but the last: a file's last line never runs into the next's first. */
const FILE_SEPARATOR = '\n';

export class DesignFiles {
  readonly text: string;
  readonly files: readonly DesignFile[];
  private readonly byName = new Map<string, DesignFile>();

  /** A design of one file: its text is the file's text. */
  static single(text: string, name = ''): DesignFiles {
    return new DesignFiles([{ name, text }]);
  }

  /** The files in the order given (callers sort them, so that a design's text does not depend on the order they were found in). */
  constructor(files: readonly DesignFileInput[]) {
    const laid: DesignFile[] = [];
    let start = 0;
    for (const { name, text, leftOut } of files) {
      // A line index is built on first use: a design of many files mostly asks about a few.
      laid.push(new LaidFile(name, text, start, leftOut));
      start += text.length + FILE_SEPARATOR.length;
    }
    this.files = laid;
    this.text = files.map((file) => file.text).join(FILE_SEPARATOR);
    for (const file of laid) this.byName.set(file.name, file);
  }

  /** The parts of the design's text that the parser reads one at a time. */
  get parts(): Span[] {
    return this.files.map((file) => ({ start: file.start, end: file.start + file.text.length }));
  }

  file(name: string): DesignFile | undefined {
    return this.byName.get(name);
  }

  /** The file an offset of the design's text lies in; the line break after a file counts as its end. */
  fileAt(offset: number): DesignFile {
    const files = this.files;
    let low = 0;
    let high = files.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (files[mid]!.start <= offset) low = mid;
      else high = mid - 1;
    }
    return files[low]!;
  }

  /** Where a span is written: the file it begins in, and its range there (cut at that file's end). */
  range(span: Span): FileRange {
    const file = this.fileAt(span.start);
    const end = Math.min(span.end, file.start + file.text.length);
    return { file, start: file.lineIndex.position(span.start - file.start), end: file.lineIndex.position(end - file.start) };
  }

  /** The offset in the design's text of a position in one of its files, or undefined for a file not in it. */
  offset(name: string, position: LinePosition): number | undefined {
    const file = this.byName.get(name);
    return file && file.start + file.lineIndex.offset(position);
  }

  /**
   * The design after edits given as spans of its text (a quick fix's): each file takes the edits
   * that begin in it. An edit must not reach across a file's end.
   */
  edited(edits: readonly (Span & { newText: string })[]): DesignFiles {
    const sorted = [...edits].sort((a, b) => a.start - b.start);
    let next = 0;
    return new DesignFiles(
      this.files.map((file) => {
        const end = file.start + file.text.length;
        let text = '';
        let at = file.start;
        for (; next < sorted.length && sorted[next]!.start <= end; next++) {
          const edit = sorted[next]!;
          text += this.text.slice(at, edit.start) + edit.newText;
          at = Math.max(at, Math.min(edit.end, end));
        }
        return { name: file.name, text: text + this.text.slice(at, end), ...(file.leftOut === undefined ? {} : { leftOut: file.leftOut }) };
      }),
    );
  }
}

class LaidFile implements DesignFile {
  private lines: LineIndex | undefined;

  constructor(
    readonly name: string,
    readonly text: string,
    readonly start: number,
    readonly leftOut: string | undefined,
  ) {}

  get lineIndex(): LineIndex {
    return (this.lines ??= new LineIndex(this.text));
  }
}
