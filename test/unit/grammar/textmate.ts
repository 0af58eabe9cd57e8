// A small TextMate tokenizer for testing the grammar with JavaScript regular expressions: it
// follows the scanning rules editors use (earliest match wins, ties go to the first pattern, a
// begin/end rule's end wins over its patterns) for the features this grammar uses, line by line.
import { readFileSync } from 'node:fs';

export interface Capture {
  name?: string;
  patterns?: GrammarRule[];
}

export interface GrammarRule {
  include?: string;
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  captures?: Record<string, Capture>;
  beginCaptures?: Record<string, Capture>;
  endCaptures?: Record<string, Capture>;
  patterns?: GrammarRule[];
}

export interface Grammar {
  scopeName: string;
  patterns: GrammarRule[];
  repository: Record<string, GrammarRule>;
}

export interface Token {
  text: string;
  /** Scopes from outermost to innermost, without the grammar's own scope name. */
  scopes: string[];
}

export function loadGrammar(path = 'syntaxes/topo.tmLanguage.json'): Grammar {
  return JSON.parse(readFileSync(path, 'utf8')) as Grammar;
}

/** Calls `visit` with every regular expression in the grammar and where it is. */
export function forEachRegex(grammar: Grammar, visit: (source: string, where: string) => void): void {
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) node.forEach((child, index) => walk(child, `${where}[${index}]`));
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'match' || key === 'begin' || key === 'end') && typeof value === 'string') {
          visit(value, `${where}.${key}`);
        } else walk(value, `${where}.${key}`);
      }
    }
  };
  walk(grammar.patterns, 'patterns');
  walk(grammar.repository, 'repository');
}

/** Calls `visit` with every `include` in the grammar and where it is. */
export function forEachInclude(grammar: Grammar, visit: (include: string, where: string) => void): void {
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) node.forEach((child, index) => walk(child, `${where}[${index}]`));
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'include' && typeof value === 'string') visit(value, where);
        else walk(value, `${where}.${key}`);
      }
    }
  };
  walk(grammar.patterns, 'patterns');
  walk(grammar.repository, 'repository');
}

interface Candidate {
  rule: GrammarRule;
  regex: RegExp;
  isEnd: boolean;
}

export class Tokenizer {
  private readonly compiled = new Map<string, RegExp>();

  constructor(private readonly grammar: Grammar) {}

  /** Tokenizes a whole document, line by line, carrying open begin/end rules across lines. */
  tokenize(text: string): Token[][] {
    const open: GrammarRule[] = [];
    return text.split(/\r?\n/).map((line) => this.tokenizeLine(line, open));
  }

  private tokenizeLine(line: string, open: GrammarRule[]): Token[] {
    const tokens: Token[] = [];
    let pos = 0;
    for (;;) {
      const inside = open[open.length - 1];
      const scopes = open.flatMap((rule) => (rule.name ? [rule.name] : []));
      const candidates: Candidate[] = [];
      if (inside?.end !== undefined) candidates.push({ rule: inside, regex: this.regex(inside.end), isEnd: true });
      for (const rule of this.flatten(inside ? (inside.patterns ?? []) : this.grammar.patterns)) {
        const source = rule.match ?? rule.begin;
        if (source !== undefined) candidates.push({ rule, regex: this.regex(source), isEnd: false });
      }
      const found = earliest(candidates, line, pos);
      if (!found) {
        tokens.push({ text: line.slice(pos), scopes });
        break;
      }
      const { candidate, match } = found;
      tokens.push({ text: line.slice(pos, match.index), scopes });
      if (candidate.isEnd) {
        tokens.push(...this.captured(match, candidate.rule.endCaptures ?? candidate.rule.captures, scopes));
        open.pop();
      } else if (candidate.rule.begin !== undefined) {
        const inner = candidate.rule.name ? [...scopes, candidate.rule.name] : scopes;
        tokens.push(...this.captured(match, candidate.rule.beginCaptures ?? candidate.rule.captures, inner));
        open.push(candidate.rule);
      } else {
        const inner = candidate.rule.name ? [...scopes, substitute(candidate.rule.name, match)] : scopes;
        tokens.push(...this.captured(match, candidate.rule.captures, inner));
      }
      const next = match.index + match[0].length;
      // An empty match that opens or closes nothing must not stall the scan.
      const stalled = next === pos && !candidate.isEnd && candidate.rule.begin === undefined;
      if (stalled) tokens.push({ text: line.slice(pos, pos + 1), scopes });
      pos = stalled ? pos + 1 : next;
      if (pos >= line.length && !this.closesAtLineEnd(open[open.length - 1])) break;
    }
    return tokens.filter((token) => token.text.length > 0);
  }

  /** Whether a rule's end pattern matches at the end of a line (`$`), as line comments do. */
  private closesAtLineEnd(rule: GrammarRule | undefined): boolean {
    if (rule?.end === undefined) return false;
    const regex = this.regex(rule.end);
    regex.lastIndex = 0;
    return regex.exec('') !== null;
  }

  /** Splits a match into tokens by its captures (capture groups must not overlap partially). */
  private captured(match: RegExpExecArray, captures: Record<string, Capture> | undefined, scopes: string[]): Token[] {
    const whole = match[0];
    const base = match.index;
    const wholeCapture = captures?.['0'];
    const outer = wholeCapture?.name ? [...scopes, substitute(wholeCapture.name, match)] : scopes;
    const groups: { start: number; end: number; capture: Capture }[] = [];
    for (const [key, capture] of Object.entries(captures ?? {})) {
      const index = Number(key);
      const range = match.indices?.[index];
      if (index === 0 || !range) continue;
      groups.push({ start: range[0] - base, end: range[1] - base, capture });
    }
    groups.sort((a, b) => a.start - b.start);
    const tokens: Token[] = [];
    let pos = 0;
    for (const group of groups) {
      if (group.start < pos) continue;
      if (group.start > pos) tokens.push({ text: whole.slice(pos, group.start), scopes: outer });
      const text = whole.slice(group.start, group.end);
      const inner = group.capture.name ? [...outer, substitute(group.capture.name, match)] : outer;
      if (group.capture.patterns) tokens.push(...this.matchOnly(text, group.capture.patterns, inner));
      else tokens.push({ text, scopes: inner });
      pos = group.end;
    }
    if (pos < whole.length) tokens.push({ text: whole.slice(pos), scopes: outer });
    return tokens;
  }

  /** Tokenizes a capture's text with the capture's own (match-only) patterns. */
  private matchOnly(text: string, patterns: GrammarRule[], scopes: string[]): Token[] {
    const tokens: Token[] = [];
    const candidates = this.flatten(patterns).flatMap((rule) =>
      rule.match === undefined ? [] : [{ rule, regex: this.regex(rule.match), isEnd: false }],
    );
    let pos = 0;
    while (pos < text.length) {
      const found = earliest(candidates, text, pos);
      if (!found || found.match[0].length === 0) break;
      if (found.match.index > pos) tokens.push({ text: text.slice(pos, found.match.index), scopes });
      const name = found.candidate.rule.name;
      const inner = name ? [...scopes, substitute(name, found.match)] : scopes;
      tokens.push(...this.captured(found.match, found.candidate.rule.captures, inner));
      pos = found.match.index + found.match[0].length;
    }
    if (pos < text.length) tokens.push({ text: text.slice(pos), scopes });
    return tokens;
  }

  /** Replaces includes by the rules they name, and pattern-only containers by their patterns. */
  private flatten(rules: GrammarRule[], seen = new Set<string>()): GrammarRule[] {
    return rules.flatMap((rule) => {
      if (rule.include !== undefined) {
        if (seen.has(rule.include)) return [];
        const target = this.resolve(rule.include);
        return this.flatten([target], new Set([...seen, rule.include]));
      }
      if (rule.match === undefined && rule.begin === undefined) return this.flatten(rule.patterns ?? [], seen);
      return [rule];
    });
  }

  private resolve(include: string): GrammarRule {
    if (include === '$self' || include === '$base') return { patterns: this.grammar.patterns };
    const target = include.startsWith('#') ? this.grammar.repository[include.slice(1)] : undefined;
    if (!target) throw new Error(`include ${include} does not resolve`);
    return target;
  }

  private regex(source: string): RegExp {
    let regex = this.compiled.get(source);
    if (!regex) {
      regex = new RegExp(source, 'dg');
      this.compiled.set(source, regex);
    }
    return regex;
  }
}

function earliest(
  candidates: Candidate[],
  line: string,
  pos: number,
): { candidate: Candidate; match: RegExpExecArray } | undefined {
  let best: { candidate: Candidate; match: RegExpExecArray } | undefined;
  for (const candidate of candidates) {
    candidate.regex.lastIndex = pos;
    const match = candidate.regex.exec(line);
    if (match && (!best || match.index < best.match.index)) best = { candidate, match };
  }
  return best;
}

/** Capture references in scope names: `storage.type.$1.topo` with group 1 = `host`. */
function substitute(name: string, match: RegExpExecArray): string {
  return name.replace(/\$(\d+)/g, (_, index: string) => match[Number(index)] ?? '');
}
