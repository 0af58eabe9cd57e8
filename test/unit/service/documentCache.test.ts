// The cache hands each new version the analysis of the one before, which the editor's analysis
// takes over; a failed analysis must therefore leave nothing behind to be built on again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { AnalysisCache } from '../../../server/src/service/documentCache';
import { analyzeDocument, type DocumentAnalysis } from '../../../server/src/service/languageService';

const uri = 'file:///design.topo';
const analysisOf = (text: string) => analyzeDocument(text, DEFAULT_SETTINGS);

describe('AnalysisCache', () => {
  it('computes a text once and hands the next text the previous analysis', () => {
    const cache = new AnalysisCache();
    const handed: (DocumentAnalysis | undefined)[] = [];
    const first = cache.get(uri, 'host a {\n}\n', (previous) => (handed.push(previous), analysisOf('host a {\n}\n')));
    assert.equal(cache.get(uri, 'host a {\n}\n', () => assert.fail('computed twice')), first);
    cache.get(uri, 'host b {\n}\n', (previous) => (handed.push(previous), analysisOf('host b {\n}\n')));
    assert.deepEqual(handed, [undefined, first]);
  });

  it('after a failed analysis, builds the next one from nothing rather than from the one it was handed', () => {
    const cache = new AnalysisCache();
    cache.get(uri, 'host a {\n}\n', () => analysisOf('host a {\n}\n'));
    assert.throws(() => cache.get(uri, 'host b {\n}\n', () => { throw new Error('analysis failed'); }), /analysis failed/);
    let handed: DocumentAnalysis | undefined = analysisOf('');
    cache.get(uri, 'host c {\n}\n', (previous) => ((handed = previous), analysisOf('host c {\n}\n')));
    assert.equal(handed, undefined);
  });

  it('hands nothing on across a settings change', () => {
    const cache = new AnalysisCache();
    cache.get(uri, 'host a {\n}\n', () => analysisOf('host a {\n}\n'));
    cache.invalidateAll();
    let handed: DocumentAnalysis | undefined = analysisOf('');
    cache.get(uri, 'host a {\n}\n', (previous) => ((handed = previous), analysisOf('host a {\n}\n')));
    assert.equal(handed, undefined);
  });
});
