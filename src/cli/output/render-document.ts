import { stringify } from 'yaml';

/**
 * JSON for scripts: the value as the API returned it, two-space indented, one trailing newline.
 * The shape never depends on the terminal.
 */
export const renderJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The same value as YAML (long strings such as base64 certificates are not folded). */
export const renderYaml = (value: unknown): string => stringify(value, { lineWidth: 0 });
