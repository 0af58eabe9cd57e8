// One string per distinct word of a parse. A large design repeats `nic`, `speed`, `10G` and every
// host's name thousands of times, and its tree is kept as long as the document is open; equal
// words being one string also makes the model builder's lookups by word cheaper. A re-parse reads
// a few statements with a table of its own: keeping the table with the tree would cost more
// memory than the few words it would share.
//
// A word is looked up by its characters in place, so a word seen before costs no substring: with
// a Map, each lookup would first cut one out, and those short-lived strings, interleaved with the
// tree's nodes, are what make the garbage collector copy the tree instead of keeping its pages.

import { ownSlice } from './substrings';

const MIN_SLOTS = 1024;
/**
 * Designs hold about one distinct word per 40 characters (names and addresses; keywords repeat), so
 * a table sized for one per 32 at half load rarely grows while a large text is read.
 */
const CHARACTERS_PER_WORD = 32;

export class WordTable {
  /** Open addressing: each word at the first free slot from its hash. */
  private words: (string | undefined)[];
  private hashes: Int32Array;
  private count = 0;

  /** Sized for a text `characters` long. */
  constructor(characters = 0) {
    let slots = MIN_SLOTS;
    while (slots < (2 * characters) / CHARACTERS_PER_WORD) slots *= 2;
    this.words = new Array<string | undefined>(slots).fill(undefined);
    this.hashes = new Int32Array(slots);
  }

  /** The one string for `text.slice(start, end)`. */
  intern(text: string, start: number, end: number): string {
    const hash = hashOf(text, start, end);
    const length = end - start;
    const mask = this.words.length - 1;
    let slot = hash & mask;
    for (let word = this.words[slot]; word !== undefined; word = this.words[slot]) {
      if (this.hashes[slot] === hash && word.length === length && text.startsWith(word, start)) return word;
      slot = (slot + 1) & mask;
    }
    const word = ownSlice(text, start, end);
    this.words[slot] = word;
    this.hashes[slot] = hash;
    if (++this.count * 2 > this.words.length) this.grow();
    return word;
  }

  private grow(): void {
    const words = this.words;
    const hashes = this.hashes;
    this.words = new Array<string | undefined>(words.length * 2).fill(undefined);
    this.hashes = new Int32Array(words.length * 2);
    const mask = this.words.length - 1;
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      if (word === undefined) continue;
      let slot = hashes[i] & mask;
      while (this.words[slot] !== undefined) slot = (slot + 1) & mask;
      this.words[slot] = word;
      this.hashes[slot] = hashes[i];
    }
  }
}

/** FNV-1a over UTF-16 code units. */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}
