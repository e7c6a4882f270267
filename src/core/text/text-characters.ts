/**
 * Which characters stored text may hold. Control characters break one-line output, logs and the
 * CLI's tables, and PostgreSQL refuses NUL in text while SQLite keeps it (the same request
 * answered 500 on one store and 201 on the other); invisible and bidirectional characters let two
 * names that look the same coexist. Every text field of the API is judged by one of these.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f]/u;
/** Multi-line text may keep tab, line feed and carriage return; every other control is refused. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
/**
 * Zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM), soft hyphen and the bidirectional
 * marks, embeddings, overrides and isolates: invisible, so a name holding one looks like another.
 */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

/** True when one-line text (a name, a label) holds a control character, tab and line breaks included. */
export function hasSingleLineControl(text: string): boolean {
  return SINGLE_LINE_FORBIDDEN.test(text);
}

/** True when multi-line text (a description, JSON text) holds a control other than tab, LF and CR. */
export function hasMultiLineControl(text: string): boolean {
  return MULTI_LINE_FORBIDDEN.test(text);
}

/** True when a name holds an invisible or bidirectional character. */
export function hasInvisibleCharacter(text: string): boolean {
  return INVISIBLE.test(text);
}

/**
 * A name as it is compared and stored: Unicode NFC, so "é" typed as one code point or as "e" and a
 * combining accent is one name, and a uniqueness index sees them as the same.
 */
export function canonicalName(text: string): string {
  return text.normalize('NFC');
}
