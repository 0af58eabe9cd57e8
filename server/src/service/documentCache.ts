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

  /** The analysis of `uri` at `version`: the cached one, or `compute()`'s, which is then kept. */
  get(uri: string, version: number, compute: () => DocumentAnalysis): DocumentAnalysis {
    const entry = this.entries.get(uri);
    if (entry && entry.version === version && entry.generation === this.generation) return entry.analysis;
    const analysis = compute();
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
