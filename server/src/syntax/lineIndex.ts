// Converts between character offsets (what spans hold) and 0-based line/character positions
// (what editors and the CLI show). Characters are UTF-16 code units, as LSP counts them by default.
// Line breaks are "\n", "\r\n" and "\r".

export interface LinePosition {
  line: number;
  character: number;
}

export class LineIndex {
  /** Offset at which each line starts; line 0 starts at 0. */
  private readonly lineStarts: number[] = [0];
  /** Offset just past each line's last character, before its line break. */
  private readonly lineEnds: number[] = [];
  private readonly textLength: number;

  constructor(text: string) {
    this.textLength = text.length;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 0x0a && code !== 0x0d) continue;
      this.lineEnds.push(i);
      if (code === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      this.lineStarts.push(i + 1);
    }
    this.lineEnds.push(text.length);
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
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    // An offset between "\r" and "\n" belongs to the line break, shown at the end of the line.
    const character = Math.min(clamped, this.lineEnds[low]) - this.lineStarts[low];
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
    const start = this.lineStarts[line];
    return clamp(start + (Math.floor(pos.character) || 0), start, this.lineEnds[line]);
  }
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
