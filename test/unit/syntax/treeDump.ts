// A readable, indented dump of a parse result, used as the checked-in snapshot of parser fixtures.
import { closeBraceOf, leadingWordSpan, openBraceOf, type BodyItem, type ParseResult, type Span, type TopItem, type Value } from '../../../server/src/syntax/tree';

export function dumpParseResult(result: ParseResult): string {
  const lines: string[] = [];
  const { tree } = result;
  lines.push(`document ${span(tree.span)}`);
  for (const item of tree.items) dumpTopItem(item, 1, lines);
  lines.push('comments');
  for (const comment of tree.comments) lines.push(`  ${span(comment.span)} ${JSON.stringify(comment.text)}`);
  lines.push('errors');
  for (const error of result.errors) {
    lines.push(`  ${error.code} ${span(error.span)} ${error.message}`);
    for (const related of error.related ?? []) lines.push(`    related ${span(related.span)} ${related.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function dumpTopItem(item: TopItem, depth: number, lines: string[]): void {
  const pad = '  '.repeat(depth);
  switch (item.kind) {
    case 'block':
      dumpBodyItem(item, depth, lines);
      return;
    case 'link':
      lines.push(`${pad}link ${span(item.span)}`);
      optionalValue('a', item.a, depth + 1, lines);
      optionalValue('b', item.b, depth + 1, lines);
      for (const child of item.body) dumpBodyItem(child, depth + 1, lines);
      return;
    case 'session':
      lines.push(`${pad}session ${span(item.span)}`);
      optionalValue('host', item.host, depth + 1, lines);
      optionalValue('target', item.target, depth + 1, lines);
      for (const connection of item.connections) {
        lines.push(`${pad}  connection ${span(connection.span)}`);
        optionalValue('initiator', connection.initiator, depth + 2, lines);
        optionalValue('portal', connection.portal, depth + 2, lines);
      }
      return;
  }
}

function dumpBodyItem(item: BodyItem, depth: number, lines: string[]): void {
  const pad = '  '.repeat(depth);
  if (item.kind === 'property') {
    lines.push(`${pad}property ${span(item.span)} ${value({ valueKind: 'ident', text: item.keyText, span: leadingWordSpan(item) })}`);
    for (const v of item.values) lines.push(`${pad}  ${value(v)}`);
    return;
  }
  const closeBrace = closeBraceOf(item);
  const braces = `{${brace(openBraceOf(item))} }${closeBrace === undefined ? 'missing' : brace(closeBrace)}`;
  lines.push(`${pad}block ${span(item.span)} ${value({ valueKind: 'ident', text: item.keywordText, span: leadingWordSpan(item) })} ${braces}`);
  optionalValue('name', item.name, depth + 1, lines);
  for (const child of item.body) dumpBodyItem(child, depth + 1, lines);
}

function optionalValue(label: string, v: Value | undefined, depth: number, lines: string[]): void {
  lines.push(`${'  '.repeat(depth)}${label} ${v ? value(v) : 'missing'}`);
}

function value(v: Pick<Value, 'valueKind' | 'text'> & { span: Span }): string {
  return `${v.valueKind} ${JSON.stringify(v.text)} ${span(v.span)}`;
}

function span(s: Span): string {
  return `${s.start}..${s.end}`;
}

function brace(offset: number): string {
  return span({ start: offset, end: offset + 1 });
}
