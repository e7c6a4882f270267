import { stringify } from 'yaml';
import type { OutputFormat } from './output-format.js';

/**
 * JSON for scripts: the value as the API returned it, two-space indented, one trailing newline.
 * The shape never depends on the terminal.
 */
export const renderJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The same value as YAML (long strings such as base64 certificates are not folded). */
export const renderYaml = (value: unknown): string => stringify(value, { lineWidth: 0 });

/**
 * What a command prints for `-o`: the document as JSON or YAML for scripts, else the text
 * `forPeople` renders (a table, fields or lines), so every command answers the formats alike.
 */
export function renderOutput(format: OutputFormat, document: unknown, forPeople: () => string): string {
  if (format === 'json') return renderJson(document);
  if (format === 'yaml') return renderYaml(document);
  return forPeople();
}
