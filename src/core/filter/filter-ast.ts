/**
 * The AST of an AIP-160 filter (https://google.aip.dev/160), produced by the parser in this folder
 * and compiled to SQL by src/store/filter. Every node carries the 0-based character position where
 * it starts in the filter text, so errors can point at it.
 */
export type FilterNode =
  | { readonly kind: 'and'; readonly position: number; readonly operands: readonly FilterNode[] }
  | { readonly kind: 'or'; readonly position: number; readonly operands: readonly FilterNode[] }
  | { readonly kind: 'not'; readonly position: number; readonly operand: FilterNode }
  | {
      readonly kind: 'compare';
      readonly position: number;
      /** Dotted path as written, e.g. `name`, `timestamps.createdAt`, `metadata.release`. */
      readonly field: string;
      readonly op: CompareOp;
      readonly value: FilterValue;
    }
  | {
      /**
       * `has(field)`: the function form EMF's filters use for presence. True when the field holds
       * a value: a non-empty text, a non-empty map (`has(metadata)`), a map key that exists
       * (`has(metadata.key)`), a non-null number, boolean or timestamp, or a linked resource.
       */
      readonly kind: 'present';
      readonly position: number;
      readonly field: string;
    }
  | {
      /** `field:value` (has). For a string field it is a case-sensitive substring test in edge-orch. */
      readonly kind: 'has';
      readonly position: number;
      readonly field: string;
      readonly value: FilterValue;
    };

export const COMPARE_OPS = ['=', '!=', '<', '<=', '>', '>='] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

/**
 * A literal: quoted strings keep `quoted: true` (so `"123"` stays a string). `text` is the value
 * with escapes resolved. `*` wildcards live in `text`; because a quoted value may also hold a
 * literal `*` (written `\*`), `wildcardParts` says where the wildcards are: it is present only when
 * the value holds at least one wildcard, and lists the literal pieces between them
 * (`a*b` -> `['a', 'b']`, `*x*` -> `['', 'x', '']`).
 */
export interface FilterValue {
  readonly text: string;
  readonly quoted: boolean;
  readonly position: number;
  readonly wildcardParts?: readonly string[];
}

/** One `orderBy` term: `field [asc|desc]`. */
export interface OrderByTerm {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
  /** 0-based position of the field in the orderBy text, for error messages (absent when built by hand). */
  readonly position?: number;
}
