// A feature's answer kept with the analysed version it was worked out from. VS Code asks for some
// of them more than once per version (document symbols for the outline, the breadcrumbs and sticky
// scroll; code lenses again when it resolves them); the answer goes when the version does.
import type { DocumentAnalysis } from '../service/languageService';

export function perVersion<T>(compute: (doc: DocumentAnalysis) => T): (doc: DocumentAnalysis) => T {
  const answers = new WeakMap<DocumentAnalysis, T>();
  return (doc) => {
    if (answers.has(doc)) return answers.get(doc) as T;
    const answer = compute(doc);
    answers.set(doc, answer);
    return answer;
  };
}
