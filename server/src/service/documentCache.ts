// Analyses per open document, keyed by the document's version, so that every feature asked about
// one version (diagnostics, hover, code lens...) shares one parse and one analysis. A settings
// change bumps the generation, which makes every entry stale at once.
import type { DocumentAnalysis } from './languageService';

interface Entry {
  version: number;
  generation: number;
  analysis: DocumentAnalysis;
}

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  /**
   * The analysis of `uri` at `version`: the cached one, or `compute()`'s, which is then kept.
   * `compute` is handed the analysis of an earlier version under the same settings, to build on;
   * it may take that analysis over (analyzeNextVersion), so the cache lets go of it first.
   */
  get(uri: string, version: number, compute: (previous: DocumentAnalysis | undefined) => DocumentAnalysis): DocumentAnalysis {
    const entry = this.entries.get(uri);
    const current = entry !== undefined && entry.generation === this.generation;
    if (current && entry.version === version) return entry.analysis;
    this.entries.delete(uri);
    const analysis = compute(current ? entry.analysis : undefined);
    this.entries.set(uri, { version, generation: this.generation, analysis });
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
