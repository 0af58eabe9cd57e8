// Converts between character offsets (what spans hold) and 0-based line/character positions
// (what editors and the CLI show). Characters are UTF-16 code units, as LSP counts them by default.
// Line breaks are "\n", "\r\n" and "\r".

export interface LinePosition {
  line: number;
  character: number;
}

/**
 * How an index made by `afterEdit` relates to the one it was made from (`from`, its `id`): an
 * offset before `before` is where it was, one from `after` (of the earlier text) moved by `delta`
 * characters and `lines` lines, on its line at the same character.
 */
export interface LineEdit {
  from: number;
  before: number;
  after: number;
  delta: number;
  lines: number;
}

let indexIds = 0;

/** The most lines an edit's scan puts into a taken-over index (they are spliced in as arguments); a longer paste indexes the text afresh. */
const MAX_LINES_SPLICED = 10_000;

export class LineIndex {
  /**
   * Offset at which each line starts; line 0 starts at 0. From line `shiftFrom` on each is
   * `shift` short (`start`): an edit moves the lines after it by adding to `shift`, and writes
   * the lines between it and the edit before it, so typing on one line moves no line start.
   */
  private readonly lineStarts: number[];
  private readonly shiftFrom: number;
  private readonly shift: number;
  /**
   * Offset just past each line's last character, before its line break, when the text mixes breaks
   * of one and two characters. Otherwise each line ends `breakLength` before the next begins, and
   * the index is half the size (it is kept for every open document and every indexed file).
   */
  private lineEnds: number[] | undefined;
  /** Length of every line break, when they are all alike. */
  private breakLength = 0;
  private readonly textLength: number;
  /** Tells this index from others (`LineEdit.from`). */
  readonly id = ++indexIds;
  /** How this index follows from the one it was made from by `afterEdit`, when it was. */
  readonly edit: LineEdit | undefined;

  /** `lines`: the text's line starts and break length, when already known (`afterEdit`). */
  constructor(text: string, lines?: { lineStarts: number[]; shiftFrom: number; shift: number; breakLength: number; edit: LineEdit }) {
    this.textLength = text.length;
    this.edit = lines?.edit;
    this.lineStarts = lines?.lineStarts ?? [0];
    this.shiftFrom = lines?.shiftFrom ?? Infinity;
    this.shift = lines?.shift ?? 0;
    this.breakLength = lines?.breakLength ?? 0;
    if (lines) return;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 0x0a && code !== 0x0d) continue;
      const end = i;
      if (code === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      this.addBreak(end, i + 1);
    }
  }

  /**
   * The index of `text`, an edit of the text `previous` indexes (`prefix` characters kept at its
   * start, and everything from `changeEnd` of the old text at its end): only the lines the edit
   * touched are scanned, the others are `previous`'s, moved by the change in length after it.
   * It takes `previous`'s line starts over (updated in place), so `previous` must not be used afterwards.
   */
  static afterEdit(previous: LineIndex, text: string, edit: { prefix: number; changeEnd: number }): LineIndex {
    const { lineStarts: starts, breakLength } = previous;
    if (previous.lineEnds !== undefined || breakLength === 0) return new LineIndex(text);
    const delta = text.length - previous.textLength;
    const start = (line: number) => previous.start(line);
    // From the start of the line before the edit's (the edit may have split or joined a "\r\n")
    // to the first line that starts after it, whose break is unchanged.
    const first = Math.max(0, previous.position(edit.prefix).line - 1);
    let after = first + 1;
    while (after < starts.length && start(after) <= edit.changeEnd) after++;
    const scanEnd = after < starts.length ? start(after) + delta : text.length;
    const scanned: number[] = [];
    for (let i = start(first); i < scanEnd; i++) {
      const code = text.charCodeAt(i);
      if (code !== 0x0a && code !== 0x0d) continue;
      const end = i;
      if (code === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      if (i + 1 - end !== breakLength || scanned.length > MAX_LINES_SPLICED) return new LineIndex(text);
      if (i + 1 < scanEnd || after === starts.length) scanned.push(i + 1);
    }
    const moved: LineEdit = { from: previous.id, before: start(first), after: after < starts.length ? start(after) : previous.textLength + 1, delta, lines: scanned.length - (after - first - 1) };
    // The lines from `after` on are short by the previous shift and `delta` from now on: those
    // between them and the previous shift's first line are written to be, as are those before the
    // edit from that line on, to be where they are.
    const { shiftFrom, shift } = previous;
    if (shift !== 0) {
      for (let line = after; line < Math.min(shiftFrom, starts.length); line++) starts[line] -= shift;
      for (let line = shiftFrom; line <= first; line++) starts[line] += shift;
    }
    starts.splice(first + 1, after - first - 1, ...scanned);
    return new LineIndex(text, { lineStarts: starts, shiftFrom: after + moved.lines, shift: shift + delta, breakLength, edit: moved });
  }

  /** Where line `line` starts. */
  private start(line: number): number {
    return line >= this.shiftFrom ? this.lineStarts[line] + this.shift : this.lineStarts[line];
  }

  private addBreak(end: number, nextStart: number): void {
    const length = nextStart - end;
    if (this.lineEnds === undefined && this.breakLength !== length) {
      if (this.breakLength === 0) this.breakLength = length;
      else this.lineEnds = this.lineStarts.slice(1).map((start) => start - this.breakLength);
    }
    this.lineEnds?.push(end);
    this.lineStarts.push(nextStart);
  }

  private lineEnd(line: number): number {
    if (line === this.lineStarts.length - 1) return this.textLength;
    return this.lineEnds === undefined ? this.start(line + 1) - this.breakLength : this.lineEnds[line];
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The position of an offset; offsets outside the text are clamped to its start or end. */
  position(offset: number): LinePosition {
    const clamped = clamp(Math.floor(offset) || 0, 0, this.textLength);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.start(mid) <= clamped) low = mid;
      else high = mid - 1;
    }
    // An offset between "\r" and "\n" belongs to the line break, shown at the end of the line.
    const character = Math.min(clamped, this.lineEnd(low)) - this.start(low);
    return { line: low, character };
  }

  /**
   * The offset of a position. A line before the first or past the last gives the start or end of
   * the text; a character past the end of its line gives the end of that line (before its break).
   */
  offset(pos: LinePosition): number {
    const line = Math.floor(pos.line) || 0;
    if (line < 0) return 0;
    if (line >= this.lineStarts.length) return this.textLength;
    const start = this.start(line);
    return clamp(start + (Math.floor(pos.character) || 0), start, this.lineEnd(line));
  }
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
