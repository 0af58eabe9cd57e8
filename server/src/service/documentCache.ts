// Analyses per open document, keyed by the document's text, so that every feature asked about
// one version (diagnostics, hover, code lens...) shares one parse and one analysis. Not keyed by
// the version number: a client may send two different texts under one number, and the second must
// not be answered with the first one's analysis. (Comparing the texts is cheap: an unchanged
// document hands out the same string.) A settings change bumps the generation, which makes every
// entry stale at once.
import type { DocumentAnalysis } from './languageService';

interface Entry {
  text: string;
  generation: number;
  analysis: DocumentAnalysis;
}

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  /**
   * The analysis of `uri` with `text`: the cached one, or `compute()`'s, which is then kept.
   * `compute` is handed the analysis of an earlier version under the same settings, to build on;
   * it may take that analysis over (analyzeNextVersion), so the cache lets go of it first.
   */
  get(uri: string, text: string, compute: (previous: DocumentAnalysis | undefined) => DocumentAnalysis): DocumentAnalysis {
    const entry = this.entries.get(uri);
    const current = entry !== undefined && entry.generation === this.generation;
    if (current && entry.text === text) return entry.analysis;
    this.entries.delete(uri);
    const analysis = compute(current ? entry.analysis : undefined);
    this.entries.set(uri, { text, generation: this.generation, analysis });
    return analysis;
  }

  /** Settings changed: every cached analysis is out of date. */
  invalidateAll(): void {
    this.generation++;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
