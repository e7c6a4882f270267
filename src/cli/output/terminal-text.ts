/**
 * Text a tenant stored (names, descriptions, messages) is printed on another operator's terminal.
 * A terminal acts on control characters (ESC sequences can retitle the window, rewrite earlier
 * lines or, on some emulators, answer back), and bidirectional overrides make text read unlike
 * its bytes. Tables and field lists therefore show them as visible escapes; JSON and YAML output
 * is left to its own escaping.
 */

/**
 * C0 controls, DEL and C1 controls, and the Unicode bidirectional controls (Arabic letter mark,
 * LRM/RLM, the embeddings and overrides, the isolates).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

const visible = (char: string): string => {
  if (char === '\n') return '\\n';
  if (char === '\t') return '\\t';
  if (char === '\r') return '\\r';
  const code = char.codePointAt(0) ?? 0;
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** `text` with every control and bidirectional character written as a visible escape (`\x1b`, `\u202e`). */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Each line of `text` made {@link terminalSafe}, the line breaks kept. */
export function terminalSafeLines(text: string): string {
  return text.split('\n').map(terminalSafe).join('\n');
}
