/**
 * The lexer of AIP-160 filters (https://google.aip.dev/160#grammar). The grammar is
 * context-sensitive at the value: `createdAt > 2026-11-25T19:00:00Z` holds `:` and `-` that mean
 * something else where a field is expected, so the parser asks for a term token or a value.
 */
import type { CompareOp, FilterValue } from './filter-ast.js';
import type { OrchError } from '../errors/index.js';
import { filterSyntaxError } from './filter-syntax-error.js';

export type FilterTokenKind =
  'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'minus' | 'field' | 'comparator' | 'eof';

/** A token where a term may start or continue; `text` is the source text of the token. */
export interface FilterToken {
  readonly kind: FilterTokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** `has` is spelled `:` in AIP-160. */
export type FilterComparator = CompareOp | ':';

const COMPARATORS: readonly FilterComparator[] = ['<=', '>=', '!=', '=', '<', '>', ':'];
const KEYWORDS: Readonly<Record<string, FilterTokenKind>> = { AND: 'and', OR: 'or', NOT: 'not' };
const WORD_CHAR = /[A-Za-z0-9_.-]/;
/** A dotted path; segments after the first may hold `-` (map keys such as `standalone-node`). */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_][A-Za-z0-9_-]*)*$/;
const WHITESPACE = /\s/;
/** Characters that end a bare (unquoted) value. */
const BARE_VALUE_END = /[\s()"']/;
/** A bare value may not start like a comparator: `a == 1` and `a =< 1` are typos, not values. */
const COMPARATOR_CHAR = /[=<>!:]/;
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  '"': '"',
  "'": "'",
  '*': '*',
  n: '\n',
  t: '\t',
  r: '\r',
};

/** Scans one filter text; the parser drives it token by token. @internal */
export class FilterLexer {
  readonly #text: string;
  #position = 0;

  constructor(text: string) {
    this.#text = text;
  }

  get text(): string {
    return this.#text;
  }

  /** The next term-level token after whitespace, without consuming it. */
  peek(): FilterToken {
    const start = this.#skipSpace(this.#position);
    const text = this.#text;
    if (start >= text.length) return { kind: 'eof', text: '', start, end: start };
    const char = text.charAt(start);
    if (char === '(') return { kind: 'lparen', text: char, start, end: start + 1 };
    if (char === ')') return { kind: 'rparen', text: char, start, end: start + 1 };
    const comparator = COMPARATORS.find((op) => text.startsWith(op, start));
    if (comparator) return { kind: 'comparator', text: comparator, start, end: start + comparator.length };
    if (char === '-') return { kind: 'minus', text: char, start, end: start + 1 };
    if (!WORD_CHAR.test(char)) throw this.error(start, `unexpected character ${JSON.stringify(char)}`);
    let end = start;
    while (end < text.length && WORD_CHAR.test(text.charAt(end))) end += 1;
    const word = text.slice(start, end);
    const keyword = KEYWORDS[word];
    if (keyword) return { kind: keyword, text: word, start, end };
    if (!FIELD_PATH.test(word)) throw this.error(start, `invalid field name ${JSON.stringify(word)}`);
    return { kind: 'field', text: word, start, end };
  }

  /** Consumes a token returned by {@link peek}. */
  consume(token: FilterToken): void {
    this.#position = token.end;
  }

  /** True when whitespace separates the current position from the next character. */
  atSpace(): boolean {
    return this.#position < this.#text.length && WHITESPACE.test(this.#text.charAt(this.#position));
  }

  /** Reads the value after `comparator` (quoted string or bare text); throws when there is none. */
  readValue(comparator: string): FilterValue {
    const start = this.#skipSpace(this.#position);
    const char = this.#text.charAt(start);
    if (char === '"' || char === "'") return this.#readQuoted(start, char);
    if (start >= this.#text.length || BARE_VALUE_END.test(char) || COMPARATOR_CHAR.test(char)) {
      const found = start >= this.#text.length ? 'the end of the filter' : JSON.stringify(char);
      throw this.error(start, `expected a value after "${comparator}", found ${found}`);
    }
    let end = start;
    while (end < this.#text.length && !BARE_VALUE_END.test(this.#text.charAt(end))) end += 1;
    this.#position = end;
    const text = this.#text.slice(start, end);
    const parts = text.split('*');
    return { text, quoted: false, position: start, ...(parts.length > 1 ? { wildcardParts: parts } : {}) };
  }

  /** The InvalidArgument error for this filter at `position`. */
  error(position: number, reason: string): OrchError {
    return filterSyntaxError('filter', this.#text, position, reason);
  }

  #readQuoted(start: number, quote: string): FilterValue {
    const parts: string[] = [''];
    let text = '';
    let index = start + 1;
    for (;;) {
      if (index >= this.#text.length) throw this.error(start, `unterminated string: no closing ${quote}`);
      const char = this.#text.charAt(index);
      if (char === quote) break;
      if (char === '\\') {
        const escaped = ESCAPES[this.#text.charAt(index + 1)];
        if (escaped === undefined) {
          if (index + 1 >= this.#text.length)
            throw this.error(start, `unterminated string: no closing ${quote}`);
          throw this.error(
            index,
            `unknown escape "\\${this.#text.charAt(index + 1)}" (known: \\\\ \\" \\' \\* \\n \\t \\r)`,
          );
        }
        text += escaped;
        parts[parts.length - 1] += escaped;
        index += 2;
        continue;
      }
      text += char;
      if (char === '*') parts.push('');
      else parts[parts.length - 1] += char;
      index += 1;
    }
    this.#position = index + 1;
    return { text, quoted: true, position: start, ...(parts.length > 1 ? { wildcardParts: parts } : {}) };
  }

  #skipSpace(from: number): number {
    let index = from;
    while (index < this.#text.length && WHITESPACE.test(this.#text.charAt(index))) index += 1;
    return index;
  }
}
