// How the tree cuts the strings it keeps: words, quoted strings and comments.
//
// V8 makes a substring of 13 characters or more a view into the string it was cut from, which
// keeps that whole string alive. The tree outlives the text it was read from: once a document is
// edited, a re-parse keeps most statements and reads only the edited ones from the new text. Were
// the tree to keep views, each version of the document it had read a word from would stay alive.
// So it keeps no substring of a text, only strings of their own.

/** The shortest substring V8 cuts as a view; a shorter one is a copy already. */
const SHORTEST_VIEW = 13;

/** `text.slice(start, end)` as a string of its own, sharing no memory with `text`. */
export function ownSlice(text: string, start: number, end: number): string {
  // Most words are short: their slice is a copy, the only string made.
  if (end - start < SHORTEST_VIEW) return text.slice(start, end);
  // A joined string is a new one; reading it (the slice) writes its characters into one new buffer.
  return (' ' + text.slice(start, end)).slice(1);
}
