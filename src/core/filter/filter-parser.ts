/**
 * A recursive-descent parser for AIP-160 filters (https://google.aip.dev/160#grammar):
 *
 *   expression : sequence {AND sequence}
 *   sequence   : factor {factor}            (juxtaposition is an implicit AND)
 *   factor     : term {OR term}             (so OR binds tighter than AND: `a AND b OR c` = `a AND (b OR c)`)
 *   term       : [NOT | -] simple
 *   simple     : restriction | ( expression )
 *   restriction: field comparator value     (comparator: = != < <= > >= :)
 *              | has ( field )              (EMF's presence function)
 *
 * Bare restrictions (a global text search), functions and composite arguments (`a = (1 OR 2)`)
 * are not part of edge-orch's dialect: every restriction is `field comparator value`, or EMF's
`has(field)`. The result is syntax only; `checkFilter` resolves fields and types.
 */
import type { CompareOp, FilterNode } from './filter-ast.js';
import { FilterLexer, type FilterToken } from './filter-lexer.js';
import { FILTER_LIMITS } from './filter-limits.js';
import { filterSyntaxError } from './filter-syntax-error.js';

/**
 * Parses a filter. Returns undefined for an empty or blank filter (no restriction).
 * Throws OrchError InvalidArgument with `details.position` (0-based) for bad syntax, and when the
 * text exceeds {@link FILTER_LIMITS} (length, nesting depth, number of restrictions).
 */
export function parseFilter(text: string): FilterNode | undefined {
  if (text.length > FILTER_LIMITS.maxLength) {
    throw filterSyntaxError(
      'filter',
      text.slice(0, FILTER_LIMITS.maxLength),
      FILTER_LIMITS.maxLength,
      `the filter is ${text.length} characters long; at most ${FILTER_LIMITS.maxLength} are allowed`,
    );
  }
  // No database stores NUL in text (PostgreSQL refuses it outright), so no value may hold one.
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw filterSyntaxError('filter', text, nul, 'the filter may not contain NUL characters');
  if (text.trim() === '') return undefined;
  return new FilterParser(text).parse();
}

/** How a token is named in messages. */
function describe(token: FilterToken): string {
  return token.kind === 'eof' ? 'the end of the filter' : `"${token.text}"`;
}

const KEYWORD_LOOKALIKES = new Set(['and', 'or', 'not']);

class FilterParser {
  readonly #lexer: FilterLexer;
  #depth = 0;
  #terms = 0;

  constructor(text: string) {
    this.#lexer = new FilterLexer(text);
  }

  parse(): FilterNode {
    const node = this.#expression();
    const next = this.#lexer.peek();
    if (next.kind === 'rparen') throw this.#lexer.error(next.start, 'unbalanced ")": no "(" to close');
    if (next.kind !== 'eof')
      throw this.#lexer.error(
        next.start,
        `expected AND, OR or the end of the filter, found ${describe(next)}`,
      );
    return node;
  }

  #expression(): FilterNode {
    const first = this.#sequence();
    const rest: FilterNode[] = [];
    for (let next = this.#lexer.peek(); next.kind === 'and'; next = this.#lexer.peek()) {
      this.#lexer.consume(next);
      rest.push(this.#sequence('AND'));
    }
    return combine('and', first, rest);
  }

  #sequence(after?: string): FilterNode {
    const first = this.#factor(after);
    const rest: FilterNode[] = [];
    for (let next = this.#lexer.peek(); startsTerm(next); next = this.#lexer.peek()) {
      rest.push(this.#factor());
    }
    return combine('and', first, rest);
  }

  #factor(after?: string): FilterNode {
    const first = this.#term(after);
    const rest: FilterNode[] = [];
    for (let next = this.#lexer.peek(); next.kind === 'or'; next = this.#lexer.peek()) {
      this.#lexer.consume(next);
      rest.push(this.#term('OR'));
    }
    return combine('or', first, rest);
  }

  #term(after?: string): FilterNode {
    const token = this.#lexer.peek();
    if (token.kind !== 'not' && token.kind !== 'minus') return this.#simple(token, after);
    this.#lexer.consume(token);
    if (token.kind === 'not' && !this.#lexer.atSpace() && this.#lexer.peek().kind !== 'lparen') {
      throw this.#lexer.error(token.end, 'expected a space or "(" after NOT');
    }
    this.#enter(token.start);
    const operand = this.#simple(this.#lexer.peek(), token.text);
    this.#depth -= 1;
    return { kind: 'not', position: token.start, operand };
  }

  #simple(token: FilterToken, after: string | undefined): FilterNode {
    if (token.kind === 'field') return this.#restriction(token);
    if (token.kind !== 'lparen') {
      const where = after === undefined ? '' : ` after ${after}`;
      throw this.#lexer.error(
        token.start,
        `expected a field name, "(", NOT or "-"${where}, found ${describe(token)}`,
      );
    }
    this.#lexer.consume(token);
    this.#enter(token.start);
    const inner = this.#expression();
    const close = this.#lexer.peek();
    if (close.kind !== 'rparen') {
      throw this.#lexer.error(
        close.start,
        `expected ")" to close the "(" at position ${token.start}, found ${describe(close)}`,
      );
    }
    this.#lexer.consume(close);
    this.#depth -= 1;
    return inner;
  }

  #restriction(field: FilterToken): FilterNode {
    this.#lexer.consume(field);
    if (field.text === 'has' && this.#lexer.peek().kind === 'lparen') return this.#presence(field);
    this.#countTerm(field);
    const op = this.#lexer.peek();
    if (op.kind !== 'comparator') {
      const hint = KEYWORD_LOOKALIKES.has(field.text) ? ' (the keywords AND, OR and NOT are upper-case)' : '';
      throw this.#lexer.error(
        op.start,
        `expected a comparator (=, !=, <, <=, >, >=, :) after "${field.text}", found ${describe(op)}${hint}`,
      );
    }
    this.#lexer.consume(op);
    const value = this.#lexer.readValue(op.text);
    this.#requireSeparator(value.quoted);
    if (op.text === ':') return { kind: 'has', position: field.start, field: field.text, value };
    return { kind: 'compare', position: field.start, field: field.text, op: op.text as CompareOp, value };
  }

  /** `has(field)`, after the `has` token: a field path between parentheses. */
  #presence(has: FilterToken): FilterNode {
    this.#countTerm(has);
    this.#lexer.consume(this.#lexer.peek());
    const field = this.#lexer.peek();
    if (field.kind !== 'field') {
      throw this.#lexer.error(field.start, `expected a field name in has(), found ${describe(field)}`);
    }
    this.#lexer.consume(field);
    const close = this.#lexer.peek();
    if (close.kind !== 'rparen') {
      throw this.#lexer.error(
        close.start,
        `expected ")" to close has(${field.text}, found ${describe(close)}`,
      );
    }
    this.#lexer.consume(close);
    return { kind: 'present', position: has.start, field: field.text };
  }

  #countTerm(at: FilterToken): void {
    this.#terms += 1;
    if (this.#terms > FILTER_LIMITS.maxTerms) {
      throw this.#lexer.error(
        at.start,
        `too many restrictions: at most ${FILTER_LIMITS.maxTerms} are allowed`,
      );
    }
  }

  /** A quoted value must be followed by a space, ")" or the end: `a="x"b=1` is a typo, not an AND. */
  #requireSeparator(quoted: boolean): void {
    if (!quoted || this.#lexer.atSpace()) return;
    const next = this.#lexer.peek();
    if (next.kind !== 'eof' && next.kind !== 'rparen') {
      throw this.#lexer.error(
        next.start,
        `expected a space, ")" or the end of the filter after the closing quote, found ${describe(next)}`,
      );
    }
  }

  #enter(position: number): void {
    this.#depth += 1;
    if (this.#depth > FILTER_LIMITS.maxDepth) {
      throw this.#lexer.error(
        position,
        `nesting too deep: at most ${FILTER_LIMITS.maxDepth} levels of parentheses and NOT`,
      );
    }
  }
}

function startsTerm(token: FilterToken): boolean {
  return token.kind === 'field' || token.kind === 'lparen' || token.kind === 'not' || token.kind === 'minus';
}

/** One operand stays itself; several become one flat and/or node positioned at the first. */
function combine(kind: 'and' | 'or', first: FilterNode, rest: FilterNode[]): FilterNode {
  if (rest.length === 0) return first;
  const operands = [first, ...rest].flatMap((node) => (node.kind === kind ? node.operands : [node]));
  return { kind, position: first.position, operands };
}
