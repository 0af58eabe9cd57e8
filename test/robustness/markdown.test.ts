// The Markdown the server builds from the document: hostile strings (the XSS and Markdown-injection
// corpus) in every place the document's text reaches a hover or a code lens must come out escaped —
// shown as written, never an image, a link, HTML or an icon.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/config/schema';
import { codeLenses } from '../../server/src/features/codeLens';
import { hover } from '../../server/src/features/hover';
import { analyzeDocument } from '../../server/src/service/languageService';
import { PAYLOADS } from './hostileStrings';


/** True when no character of `text` that opens an image, a link, HTML or an entity is left unescaped. */
function inert(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if ('*_[]<>!#|~&$'.includes(text[i]!) || text.startsWith('://', i) || /^www\./i.test(text.slice(i, i + 4))) return false;
  }
  return true;
}

const unescape = (text: string) => text.replace(/\\(.)/g, '$1');

describe('robustness: Markdown and icons built from the document', () => {
  assert.ok(PAYLOADS.length >= 50);
  it(`${PAYLOADS.length} hostile strings as a host's os are escaped in its hover and code lens`, () => {
    for (const payload of PAYLOADS) {
      const quoted = payload.replace(/[\\"\n]/g, ' ');
      const text = `host h1 {\n  os "${quoted}"\n  nic eth0 { speed 10G }\n}\n`;
      const doc = analyzeDocument(text, DEFAULT_SETTINGS);
      const result = hover(doc, { line: 0, character: 6 });
      assert.ok(result, payload);
      const value = (result.contents as { value: string }).value;
      const facts = value.split('\n').filter((line) => line.startsWith('- ')).map((line) => line.slice(2));
      const osLine = facts.find((line) => unescape(line).includes(quoted.trim().split(' ')[0]!));
      assert.ok(osLine, `${payload}: the os shows in the hover\n${value}`);
      for (const line of facts) assert.ok(inert(line), `${payload}: a fact is not escaped: ${line}`);
      for (const lens of codeLenses(doc)) assert.doesNotMatch(lens.command!.title, /(^|[^\\])\$\(/, payload);
    }
  });
});
