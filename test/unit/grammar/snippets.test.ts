import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildModel } from '../../../server/src/model/build';
import { parseOs } from '../../../server/src/model/os';
import { ArrayCapabilitySchema, MultipathMethodSchema, PolicySchema, PortalModeSchema, TeamModeSchema } from '../../../server/src/model/schema';
import { parse } from '../../../server/src/syntax/parser';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const snippets = JSON.parse(readFileSync('snippets/topo.json', 'utf8')) as Record<string, Snippet>;

const PLACEHOLDER = /\$\{(\d+):([^${}]*)\}/;
const CHOICE = /\$\{(\d+)\|([^|]*)\|\}/g;
const TAB_STOP = /\$\{(\d+)\}|\$(\d+)/g;

/** The text a snippet inserts when every tab stop keeps its default (a choice's first option). */
function expand(body: string): string {
  const defaults = new Map<string, string>();
  let text = body.replace(CHOICE, (_, index: string, options: string) => {
    const first = options.split(',')[0];
    defaults.set(index, first);
    return first;
  });
  for (let match = PLACEHOLDER.exec(text); match; match = PLACEHOLDER.exec(text)) {
    defaults.set(match[1], match[2]);
    text = text.replace(match[0], match[2]);
  }
  return text.replace(TAB_STOP, (whole: string, braced?: string, bare?: string) => {
    const index = braced ?? bare ?? '';
    if (index === '0') return '';
    const value = defaults.get(index);
    assert.ok(value !== undefined, `tab stop ${whole} has no default: the inserted text would not parse`);
    return value;
  });
}

/** Every choice list with the property key written just before it. */
function choices(body: string): { key: string; options: string[] }[] {
  return [...body.matchAll(/([\w-]+)\s+\$\{\d+\|([^|]*)\|\}/g)].map((match) => ({
    key: match[1],
    options: match[2].split(','),
  }));
}

const ALLOWED: Record<string, readonly string[]> = {
  policy: PolicySchema.options,
  // Team, LAG and trunk modes, and a portal's.
  mode: [...TeamModeSchema.options, ...PortalModeSchema.options],
  multipath: MultipathMethodSchema.options,
  capabilities: ArrayCapabilitySchema.options,
  bound: ['on', 'off'],
  owner: ['A', 'B'],
  fabric: ['A', 'B'],
};

const ENTITIES = [
  'host', 'host-windows', 'host-esxi', 'host-linux', 'nic', 'team', 'vmk', 'hba', 'switch', 'switch-mlag',
  'lag', 'switch-fc', 'array', 'controller', 'port', 'trunk', 'portal', 'volume', 'hostgroup', 'link', 'session', 'session-mcs',
];

test('there is a snippet for every entity, each with a unique prefix and a description', () => {
  const prefixes = Object.values(snippets).map((snippet) => snippet.prefix);
  assert.deepEqual([...prefixes].sort(), [...ENTITIES].sort());
  for (const [name, snippet] of Object.entries(snippets)) {
    assert.ok(snippet.description.length > 10, `${name} needs a description`);
    assert.ok(Array.isArray(snippet.body) && snippet.body.length > 0, `${name} has no body`);
  }
});

test('snippets indent with tabs (the editor turns them into its indentation) and leave no whitespace-only line', () => {
  for (const [name, snippet] of Object.entries(snippets)) {
    for (const line of snippet.body) assert.doesNotMatch(line, /^ /, `${name}: '${line}' indents with spaces`);
    for (const line of expand(snippet.body.join('\n')).split('\n')) assert.doesNotMatch(line, /^\s+$/, `${name} leaves a whitespace-only line`);
  }
});

test('every snippet, with its defaults filled in, parses with no syntax error', () => {
  for (const [name, snippet] of Object.entries(snippets)) {
    const text = expand(snippet.body.join('\n'));
    assert.doesNotMatch(text, /\$/, `${name} leaves a '$' in the text`);
    const { errors } = parse(text);
    assert.deepEqual(errors, [], `${name}:\n${text}`);
  }
});

test('every choice offers only values the language accepts for its property', () => {
  let checked = 0;
  for (const [name, snippet] of Object.entries(snippets)) {
    for (const { key, options } of choices(snippet.body.join('\n'))) {
      for (const option of options) {
        if (key === 'os') {
          assert.equal(parseOs(option, { start: 0, end: option.length }).warning, undefined, `${name}: os ${option}`);
        } else if (key === 'speed' || key === 'mtu') {
          assert.match(option, /^\d+(?:\.\d+)?[MG]?$/, `${name}: ${key} ${option}`);
        } else {
          assert.ok(ALLOWED[key], `${name}: no list of allowed values for '${key}'`);
          assert.ok(ALLOWED[key].includes(option), `${name}: '${option}' is not a valid ${key}`);
        }
        checked++;
      }
    }
  }
  assert.ok(checked > 50, `only ${checked} choices checked`);
});

test('the host, switch and array snippets stand alone: their defaults build a model with no problem', () => {
  const standalone = Object.values(snippets).filter((snippet) => /^(host|switch|array)(-|$)/.test(snippet.prefix));
  assert.equal(standalone.length, 8);
  for (const snippet of standalone) {
    const { problems } = buildModel(parse(expand(snippet.body.join('\n'))).tree);
    assert.deepEqual(problems.map((problem) => `${problem.code} ${problem.message}`), [], snippet.prefix);
  }
});
