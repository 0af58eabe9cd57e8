import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GRAMMAR, STATEMENT, SUGGESTED_VALUES } from '../../../server/src/model/grammar';
import { classifyWord } from '../../../server/src/syntax/lexer';
import { forEachInclude, forEachRegex, loadGrammar, Tokenizer } from './textmate';

const grammar = loadGrammar();
const tokenizer = new Tokenizer(grammar);

/** Innermost scope of the token whose text is `text` on the first line of `source`. */
function scopeOf(source: string, text: string): string | undefined {
  const token = tokenizer.tokenize(source)[0].find((candidate) => candidate.text === text);
  assert.ok(token, `'${text}' is not a token of '${source}'`);
  return token.scopes[token.scopes.length - 1];
}

// Oniguruma syntax JavaScript lacks, or reads differently without complaint.
const ONIGURUMA_ONLY: [RegExp, string][] = [
  [/\\[GAzZhHKR]/, 'Oniguruma-only escape'],
  [/\(\?[imx-]+\)/, 'inline flag group'],
  [/\(\?>/, 'atomic group'],
  [/[*+?}][+]/, 'possessive quantifier'],
  [/\\p\{/, 'Unicode property (needs the u flag in JavaScript)'],
];

test('the grammar is source.topo and every regular expression compiles in JavaScript', () => {
  assert.equal(grammar.scopeName, 'source.topo');
  let count = 0;
  forEachRegex(grammar, (source, where) => {
    count++;
    assert.doesNotThrow(() => new RegExp(source, 'd'), where);
    for (const [pattern, what] of ONIGURUMA_ONLY) assert.ok(!pattern.test(source), `${what} in ${where}`);
  });
  assert.ok(count > 20, `only ${count} regular expressions found`);
});

test('every look-behind has a fixed length, as Oniguruma requires', () => {
  forEachRegex(grammar, (source, where) => {
    for (const [, body] of source.matchAll(/\(\?<[!=]((?:\[[^\]]*\]|[^()[\]])*)\)/g)) {
      const outsideClasses = body.replace(/\[[^\]]*\]/g, '');
      assert.ok(!/[*+?{]/.test(outsideClasses), `variable-length look-behind in ${where}`);
    }
  });
});

test('every include names a rule in the repository and every repository rule is used', () => {
  const used = new Set<string>();
  forEachInclude(grammar, (include, where) => {
    assert.match(include, /^#/, `${where}: only repository includes are expected`);
    assert.ok(grammar.repository[include.slice(1)], `${where}: ${include} does not resolve`);
    used.add(include.slice(1));
  });
  for (const name of Object.keys(grammar.repository)) assert.ok(used.has(name), `#${name} is never included`);
});

test('keywords, names and property keys', () => {
  assert.equal(scopeOf('host hv01 {', 'host'), 'storage.type.host.topo');
  assert.equal(scopeOf('host hv01 {', 'hv01'), 'entity.name.type.host.topo');
  assert.equal(scopeOf('  nic eth0 { speed 10G }', 'nic'), 'storage.type.nic.topo');
  assert.equal(scopeOf('  nic eth0 { speed 10G }', 'eth0'), 'entity.name.section.nic.topo');
  assert.equal(scopeOf('    port 7 { mtu 9216 }', '7'), 'entity.name.section.port.topo');
  assert.equal(scopeOf('  lag po1 { ports 7, 8  mode lacp }', 'ports'), 'support.type.property-name.topo');
  assert.equal(scopeOf('  arp-filter on', 'arp-filter'), 'support.type.property-name.topo');
  assert.equal(scopeOf('session hv01 -> san.vol via eth0 -> san.A.p0', 'via'), 'keyword.other.via.topo');
  assert.equal(scopeOf('link a.b -- sw:1', 'link'), 'keyword.other.link.topo');
});

test('a keyword inside a longer word is not a keyword', () => {
  assert.equal(scopeOf('  mode switch-independent', 'switch-independent'), 'support.constant.mode.topo');
  assert.equal(scopeOf('  hosts hv01, hv02', 'hosts'), 'support.type.property-name.topo');
  assert.equal(scopeOf('  members my-host-nic', ' my-host-nic'), undefined);
});

test('values: enums, OS names, numbers with units, addresses, WWPNs and paths', () => {
  assert.equal(scopeOf('  policy round-robin-subset', 'round-robin-subset'), 'support.constant.policy.topo');
  assert.equal(scopeOf('  multipath mcs', 'mcs'), 'support.constant.multipath.topo');
  assert.equal(scopeOf('  capabilities alua', 'alua'), 'support.constant.capability.topo');
  assert.equal(scopeOf('  bound on', 'on'), 'constant.language.boolean.on.topo');
  assert.equal(scopeOf('  os windows-server-2012r2', 'windows-server-2012r2'), 'support.constant.os.topo');
  assert.equal(scopeOf('  os esxi-8.0', 'esxi-8.0'), 'support.constant.os.topo');
  assert.equal(scopeOf('  speed 2.5G', '2.5'), 'constant.numeric.topo');
  assert.equal(scopeOf('  speed 2.5G', 'G'), 'keyword.other.unit.topo');
  assert.equal(scopeOf('  ip 172.24.0.10/24', '172.24.0.10'), 'constant.other.ip-address.ipv4.topo');
  assert.equal(scopeOf('  ip 172.24.0.10/24', '24'), 'constant.numeric.prefix-length.topo');
  assert.equal(scopeOf('  ip fd00:10::5/64', 'fd00:10::5'), 'constant.other.ip-address.ipv6.topo');
  assert.equal(scopeOf('  wwpn 10:00:00:00:c9:12:34:56', '10:00:00:00:c9:12:34:56'), 'constant.other.wwpn.topo');
  assert.equal(scopeOf('link hv01.eth0 -- core1:7', 'core1'), 'variable.other.object.topo');
  assert.equal(scopeOf('link hv01.eth0 -- core1:7', ':'), 'punctuation.accessor.topo');
  assert.equal(scopeOf('link hv01.eth0 -- core1:Ethernet1/7', 'Ethernet1/7'), 'variable.other.member.topo');
  assert.equal(scopeOf('    port 0:2:1 { speed 25G }', '0:2:1'), 'entity.name.section.port.topo');
  assert.equal(scopeOf('link primera.node0.0:2:1 -- sw:1', 'node0'), 'variable.other.member.topo');
});

test('operators and punctuation; `->` ends a word, `--` inside a word does not', () => {
  assert.equal(scopeOf('link a.b -- sw:1', '--'), 'keyword.operator.link.topo');
  assert.equal(scopeOf('session hv01->san.vol', '->'), 'keyword.operator.arrow.topo');
  assert.equal(scopeOf('session hv01->san.vol', 'san'), 'variable.other.object.topo');
  assert.equal(tokenizer.tokenize('link a--b')[0].some((token) => token.text === '--'), false);
  assert.equal(scopeOf('x { a 1, 2; }', ','), 'punctuation.separator.comma.topo');
  assert.equal(scopeOf('x { a 1, 2; }', ';'), 'punctuation.terminator.topo');
  assert.equal(scopeOf('x { a 1, 2; }', '}'), 'punctuation.section.block.end.topo');
});

test('strings with escapes, ending at the end of the line when unterminated', () => {
  const [line] = tokenizer.tokenize('model "Dell \\"ME5\\" \\\\ x"');
  assert.deepEqual(
    line.filter((token) => token.scopes.includes('constant.character.escape.topo')).map((token) => token.text),
    ['\\"', '\\"', '\\\\'],
  );
  const [open, next] = tokenizer.tokenize('model "unterminated\nhost a {');
  assert.ok(open[open.length - 1].scopes.includes('string.quoted.double.topo'));
  assert.equal(next[0].scopes[0], 'storage.type.host.topo');
});

test('comments, and suppression directives inside them', () => {
  const [line] = tokenizer.tokenize('# topo-disable-next-line single-switch, spof -- lab');
  const scopeOfText = (text: string) => line.find((token) => token.text === text)?.scopes.at(-1);
  assert.equal(scopeOfText('topo-disable-next-line'), 'keyword.control.directive.topo');
  assert.equal(scopeOfText('single-switch'), 'constant.other.rule-id.topo');
  assert.equal(scopeOfText('spof'), 'constant.other.rule-id.topo');
  assert.ok(line.every((token) => token.scopes[0] === 'comment.line.number-sign.topo'));
  assert.equal(scopeOf('host a { # topo-disable-line spof', 'topo-disable-line'), 'keyword.control.directive.topo');
  assert.equal(scopeOf('# topo-disable failover-only-policy', 'topo-disable'), 'keyword.control.directive.topo');
  assert.equal(scopeOf('# not topo-disable here', ' not topo-disable here'), 'comment.line.number-sign.topo');
});

test('in every example, whatever is not a comment, string or scoped token is a plain name', () => {
  for (const file of readdirSync('examples').filter((name) => name.endsWith('.topo'))) {
    for (const line of tokenizer.tokenize(readFileSync(`examples/${file}`, 'utf8'))) {
      for (const token of line.filter((candidate) => candidate.scopes.length === 0)) {
        for (const word of token.text.split(/[\s,]+/).filter(Boolean)) {
          assert.equal(classifyWord(word), 'ident', `${file}: '${word}' is not coloured`);
        }
      }
    }
  }
});

test('the TextMate grammar colours every keyword, property and choice of the grammar spec', () => {
  for (const [entity, spec] of Object.entries(GRAMMAR)) {
    if (entity === 'link') assert.equal(scopeOf(`${spec.keyword} a.b -- sw:1`, spec.keyword), `keyword.other.${spec.keyword}.topo`);
    else assert.equal(scopeOf(`${spec.keyword} x1 {`, spec.keyword), `storage.type.${spec.keyword}.topo`, `block keyword of ${entity}`);
    for (const [key, property] of Object.entries(spec.properties)) {
      const sample = property.choices?.[0] ?? 'x1';
      assert.equal(scopeOf(`  ${key} ${sample}`, key), 'support.type.property-name.topo', `property '${key}' of ${entity}`);
      for (const choice of property.choices ?? []) {
        assert.match(scopeOf(`  ${key} ${choice}`, choice) ?? '', /^support\.constant\./, `choice '${choice}' of ${entity}.${key}`);
      }
    }
  }
  for (const word of [STATEMENT.session, STATEMENT.via]) assert.equal(scopeOf(`session a -> b via c -> d`, word), `keyword.other.${word}.topo`);
  assert.equal(scopeOf('link a.b -- sw:1', STATEMENT.linkOperator), 'keyword.operator.link.topo');
  assert.equal(scopeOf('session a -> b', STATEMENT.arrow), 'keyword.operator.arrow.topo');
  for (const word of SUGGESTED_VALUES.boolean ?? []) assert.match(scopeOf(`  bound ${word}`, word) ?? '', /^constant\.language\.boolean\./);
});
