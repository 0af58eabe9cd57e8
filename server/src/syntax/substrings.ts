// Where a parse cuts the strings its tree keeps: words, quoted strings and comments.
//
// V8 makes a substring of 13 characters or more a view into the string it was cut from, which
// keeps that whole string alive. Once a document is edited, the tree outlives the text it was
// read from: a re-parse keeps most statements and reads only the edited ones from the new text.
// Cut from the whole new text, those few statements would keep one copy of the document alive
// for each place edited. So a part of a text is cut from a copy of that part alone.

export class Substrings {
  private readonly source: string;
  /** Where `source` begins in the text. */
  private readonly base: number;

  /** Substrings of `text` within `[from, to)`. */
  constructor(text: string, from: number, to: number) {
    const whole = from === 0 && to === text.length;
    this.source = whole ? text : copyOf(text.slice(from, to));
    this.base = whole ? 0 : from;
  }

  /** `text.slice(start, end)`, for offsets into the text. */
  cut(start: number, end: number): string {
    return this.source.slice(start - this.base, end - this.base);
  }
}

/** The characters of `part` in a string of their own, sharing no memory with the one `part` was cut from. */
function copyOf(part: string): string {
  // A joined string is a new one; reading it (the slice) writes its characters into one new buffer.
  return (' ' + part).slice(1);
}
