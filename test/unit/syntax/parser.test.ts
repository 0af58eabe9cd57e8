import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_NESTING, parse } from '../../../server/src/syntax/parser';
import { SyntaxCode } from '../../../server/src/syntax/tokens';
import { closeBraceOf, openBraceOf, type Block, type Link, type Property, type Session, type Span } from '../../../server/src/syntax/tree';
import { withOffsets } from '../spanOffsets';

/** The span of the `occurrence`-th appearance of `needle` in `text`. */
function spanOf(text: string, needle: string, occurrence = 1): Span {
  let start = -1;
  for (let i = 0; i < occurrence; i++) start = text.indexOf(needle, start + 1);
  assert.ok(start >= 0, `${needle} not found`);
  return { start, end: start + needle.length };
}

function codesAndSpans(text: string): [string, Span][] {
  return parse(text).errors.map((error) => [error.code, withOffsets(error.span)]);
}

describe('parse: the tree', () => {
  it('builds blocks, properties, links and sessions with exact spans', () => {
    const text = 'host hv01 {\n  nic eth0 { ip 10.0.0.1/24, fd00::1/64 }\n}\nlink hv01.eth0 -- core1:7 { speed 10G }\nsession hv01 -> arr.v via eth0 -> arr.A.p0, eth1 -> arr.B.p0\n';
    const { tree, errors } = parse(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(tree.span, { start: 0, end: text.length });
    const [host, link, session] = [...tree.items] as [Block, Link, Session];
    assert.equal(host.kind, 'block');
    assert.equal(host.keywordText, 'host');
    assert.equal(host.name?.text, 'hv01');
    assert.equal(openBraceOf(host), spanOf(text, '{').start);
    assert.equal(closeBraceOf(host), spanOf(text, '}', 2).start);
    assert.deepEqual(withOffsets(host.span), { start: 0, end: spanOf(text, '}', 2).end });
    const nic = host.body[0] as Block;
    const ip = nic.body[0] as Property;
    assert.deepEqual(
      ip.values.map((value) => [value.valueKind, value.text]),
      [
        ['address', '10.0.0.1/24'],
        ['address', 'fd00::1/64'],
      ],
    );
    assert.deepEqual(withOffsets(ip.span), { start: spanOf(text, 'ip').start, end: spanOf(text, 'fd00::1/64').end });
    assert.equal(link.a?.text, 'hv01.eth0');
    assert.equal(link.b?.text, 'core1:7');
    assert.equal((link.body[0] as Property).keyText, 'speed');
    assert.deepEqual(withOffsets(link.span), spanOf(text, 'link hv01.eth0 -- core1:7 { speed 10G }'));
    assert.equal(session.host?.text, 'hv01');
    assert.equal(session.target?.text, 'arr.v');
    assert.deepEqual(
      session.connections.map((connection) => [connection.initiator.text, connection.portal?.text]),
      [
        ['eth0', 'arr.A.p0'],
        ['eth1', 'arr.B.p0'],
      ],
    );
    assert.deepEqual(withOffsets(session.connections[1].span), spanOf(text, 'eth1 -> arr.B.p0'));
  });

  it('tells a property from a nested block by what follows the key', () => {
    const { tree, errors } = parse('switch s { mtu 9000 lag po1 { ports 7, 8 mode lacp } stack { } }');
    assert.deepEqual(errors, []);
    const body = (tree.items.at(0) as Block).body;
    assert.deepEqual(
      body.map((item) => (item.kind === 'block' ? `block ${item.keywordText}` : `property ${item.keyText}`)),
      ['property mtu', 'block lag', 'block stack'],
    );
    const lag = body[1] as Block;
    assert.deepEqual(
      lag.body.map((item) => (item as Property).values.length),
      [2, 1],
    );
  });

  it('collects comments, including suppression comments', () => {
    const text = '# topo-disable-next-line single-switch\nhost a { } # trailing\n';
    const { tree } = parse(text);
    assert.deepEqual(withOffsets(tree.comments), [
      { text: '# topo-disable-next-line single-switch', span: spanOf(text, '# topo-disable-next-line single-switch') },
      { text: '# trailing', span: spanOf(text, '# trailing') },
    ]);
  });

  it('keeps a string value unescaped with its quoted span', () => {
    const text = 'array a { model "Eon\\"Stor" }';
    const model = (parse(text).tree.items.at(0) as Block).body[0] as Property;
    const [value] = model.values;
    assert.deepEqual([value.kind, value.valueKind, value.text, withOffsets(value.span)], ['value', 'string', 'Eon"Stor', spanOf(text, '"Eon\\"Stor"')]);
  });

  it('parses an empty or comment-only file to an empty document', () => {
    assert.equal(parse('').tree.items.length, 0);
    assert.deepEqual(parse('  # nothing\n').errors, []);
  });
});

describe('parse: errors and recovery', () => {
  it('reports an unclosed block with the line it opened on and the opening brace', () => {
    const text = '# x\n\nhost hv01 {\n  os linux\n';
    const [error] = parse(text).errors;
    assert.equal(error.code, SyntaxCode.UnclosedBlock);
    assert.equal(error.message, "expected '}' to close host 'hv01' opened at line 3");
    assert.deepEqual(error.span, { start: spanOf(text, 'linux').end, end: spanOf(text, 'linux').end });
    assert.deepEqual(error.related?.map((related) => related.span), [spanOf(text, '{')]);
  });

  it('closes an unclosed block where a dedented block begins, so later hosts stay top level', () => {
    const text = 'host hv01 {\n  nic eth0 { speed 10G }\n\nhost hv02 {\n  os linux\n}\n';
    const { tree, errors } = parse(text);
    assert.deepEqual(
      errors.map((error) => [error.code, error.span]),
      [[SyntaxCode.UnclosedBlock, { start: spanOf(text, '}').end, end: spanOf(text, '}').end }]],
    );
    assert.deepEqual(
      [...tree.items].map((item) => (item as Block).name?.text),
      ['hv01', 'hv02'],
    );
  });

  it('never closes blocks by indentation in a file whose braces balance', () => {
    const text = 'host a {\nnic x { speed 1G }\nnic y {\nspeed 1G\n}\n}\n';
    const { tree, errors } = parse(text);
    assert.deepEqual(errors, []);
    assert.equal((tree.items.at(0) as Block).body.length, 2);
  });

  it('reports two independent errors and still parses the later host', () => {
    const text = 'host hv01 {\n  os\n}\nlink a b\nhost hv02 { nic eth0 { speed 10G } }\n';
    const { tree, errors } = parse(text);
    assert.deepEqual(
      errors.map((error) => [error.code, withOffsets(error.span)]),
      [
        [SyntaxCode.MissingValue, { start: spanOf(text, '  os').start + 2, end: spanOf(text, '  os').end }],
        [SyntaxCode.BadLink, { start: spanOf(text, 'link a').end - 1, end: spanOf(text, 'link a').end }],
      ],
    );
    const last = tree.items.at(tree.items.length - 1) as Block;
    assert.equal(last.name?.text, 'hv02');
    assert.equal(((last.body[0] as Block).body[0] as Property).values[0].text, '10G');
  });

  it('reports every error of a file with many, in order', () => {
    const text = [
      'host h1 { os }',
      'host h2 { members a, }',
      'link x--y',
      'session h1 -> t via',
      '}',
      '"stray"',
      'switch s { 10G }',
      'host h3 { os linux }',
    ].join('\n');
    const { tree, errors } = parse(text);
    assert.deepEqual(
      errors.map((error) => error.code),
      [
        SyntaxCode.MissingValue,
        SyntaxCode.MissingListValue,
        SyntaxCode.BadLink,
        SyntaxCode.BadSession,
        SyntaxCode.UnexpectedCloseBrace,
        SyntaxCode.UnexpectedTopLevel,
        SyntaxCode.UnexpectedInBlock,
      ],
    );
    assert.equal((tree.items.at(tree.items.length - 1) as Block).name?.text, 'h3');
  });

  it('splits a link endpoint written around "--" without spaces', () => {
    const text = 'link hv01.eth0--core1:7';
    const { tree, errors } = parse(text);
    assert.deepEqual(codesAndSpans(text), [[SyntaxCode.BadLink, spanOf(text, 'hv01.eth0--core1:7')]]);
    assert.match(errors[0].message, /put spaces around '--'/);
    const link = tree.items.at(0) as Link;
    assert.deepEqual([link.a?.text, link.a?.valueKind, withOffsets(link.a?.span)], ['hv01.eth0', 'path', spanOf(text, 'hv01.eth0')]);
    assert.deepEqual([link.b?.text, link.b?.valueKind, withOffsets(link.b?.span)], ['core1:7', 'path', spanOf(text, 'core1:7')]);
  });

  it('does not take a value from a line that starts a new item', () => {
    const text = 'host a {\n  hosts x,\n  nic e0 { }\n}\nlink p --\nsession h ->\nhost b { }\n';
    assert.deepEqual(codesAndSpans(text), [
      [SyntaxCode.MissingListValue, spanOf(text, ',')],
      [SyntaxCode.BadLink, spanOf(text, '--')],
      [SyntaxCode.BadSession, spanOf(text, '->')],
    ]);
    assert.equal(parse(text).tree.items.length, 4);
  });

  it("asks 'did you mean session/link?' for a misspelt statement that has an arrow or a cable", () => {
    const text = 'sesion hv01 -> san01.vol1 via eth0 -> san01.A.p0\nlnk hv01.eth0 -- sw:1\nswitch s { }\n';
    const { tree, errors } = parse(text);
    assert.deepEqual(
      errors.map((error) => [error.code, error.span, error.message]),
      [
        [SyntaxCode.MissingBlockOpen, spanOf(text, 'sesion'), "unknown statement 'sesion': did you mean 'session'?"],
        [SyntaxCode.MissingBlockOpen, spanOf(text, 'lnk'), "unknown statement 'lnk': did you mean 'link'?"],
      ],
    );
    assert.deepEqual([...tree.items].map((item) => (item as Block).keywordText), ['switch']);
  });

  it('ignores a stray comma before the next property, so the rest of the line still counts', () => {
    const text = 'host hv01 {\n  nic eth0 { ip 10.10.1.11/24,  speed 25G  mtu 9000 }\n  team t0 { members eth0, eth1  mode lacp }\n}\n';
    const { tree, errors } = parse(text);
    assert.deepEqual(
      errors.map((error) => [error.code, error.span, error.message]),
      [[SyntaxCode.MissingListValue, spanOf(text, ','), "stray ',' after '10.10.1.11/24': 'speed 25G' is the next property, so the ',' is ignored"]],
    );
    const [nic, team] = (tree.items.at(0) as Block).body as Block[];
    assert.deepEqual((nic.body as Property[]).map((item) => [item.keyText, item.values.map((value) => value.text)]), [
      ['ip', ['10.10.1.11/24']],
      ['speed', ['25G']],
      ['mtu', ['9000']],
    ]);
    assert.deepEqual((team.body as Property[]).map((item) => [item.keyText, item.values.map((value) => value.text)]), [
      ['members', ['eth0', 'eth1']],
      ['mode', ['lacp']],
    ]);
  });

  it('recovers after a block head without a brace at the next line as far left', () => {
    const text = 'host hv01\n  os linux\n  nic e0 { speed 1G }\n}\nswitch s { }\n';
    const { tree, errors } = parse(text);
    assert.deepEqual(
      errors.map((error) => [error.code, error.span]),
      [[SyntaxCode.MissingBlockOpen, spanOf(text, 'host hv01')]],
    );
    assert.deepEqual(
      [...tree.items].map((item) => (item as Block).keywordText),
      ['switch'],
    );
  });

  it('gives every syntax error a code from the documented set and a span inside the text', () => {
    const codes = new Set<string>(Object.values(SyntaxCode));
    const text = 'host { a b c , , -> -- } } "x\nlink -> ; session -- , via ->\n@ {{ }';
    for (const error of parse(text).errors) {
      assert.ok(codes.has(error.code), error.code);
      assert.ok(error.span.start >= 0 && error.span.start <= error.span.end && error.span.end <= text.length);
    }
  });
});

// Speed is the benchmark's to measure; the suite's timeout only stops a parser that hangs.
describe('parse: hostile input', { timeout: 120_000 }, () => {

  it('caps nesting depth instead of overflowing the stack', () => {
    const text = `${'b { '.repeat(MAX_NESTING + 5)}${'} '.repeat(MAX_NESTING + 5)}`;
    const { errors } = parse(text);
    assert.deepEqual(
      errors.map((error) => [error.code, error.span]),
      [[SyntaxCode.NestingTooDeep, { start: MAX_NESTING * 4 + 2, end: MAX_NESTING * 4 + 3 }]],
    );
  });

  it('finishes on 100k opening braces, unclosed nesting and stray closers', () => {
    assert.equal(parse('{'.repeat(100000)).errors.length, 1);
    assert.ok(parse('a { '.repeat(100000)).errors.some((error) => error.code === SyntaxCode.NestingTooDeep));
    assert.ok(parse('a {\n'.repeat(100000)).errors.length > 0);
    assert.equal(parse('}'.repeat(100000)).errors.length, 100000);
  });

  it('finishes on a 1 MB line and on long runs of punctuation', () => {
    parse(`host a { ${'x 1 '.repeat(130000)}}`);
    parse(`host a { k ${', '.repeat(300000)}}`);
    parse('-> '.repeat(300000));
    parse('link\n'.repeat(100000));
    parse('session a -> b via c -> d, '.repeat(40000));
  });

  it('never throws on any prefix of a realistic file', () => {
    const text = 'host hv01 {\n  os linux\n  nic eth0 { ip 10.0.0.1/24 speed 10G }\n  team t { members eth0, eth1 mode lacp }\n}\nswitch s { lag po1 { ports 1, 2 } }\narray a { controller A { port p { ip 10.0.0.2/24 } } volume v { size 1T } }\nlink hv01.eth0 -- s:1 { speed 10G }\nsession hv01 -> a.v via eth0 -> a.A.p, eth1 -> a.A.p\n';
    for (let end = 0; end <= text.length; end++) {
      const { tree, errors } = parse(text.slice(0, end));
      assert.equal(tree.span.end, end);
      for (const error of errors) assert.ok(error.span.end <= end);
    }
  });
});
