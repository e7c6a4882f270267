import { usageError } from '../cli-error.js';

/** `-o` values: a table for people (`wide` adds columns), JSON or YAML for scripts. */
export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;

/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Reads `-o`; anything else is a usage error naming the accepted values. */
export function parseOutputFormat(value: string): OutputFormat {
  const format = value.toLowerCase();
  if ((OUTPUT_FORMATS as readonly string[]).includes(format)) return format as OutputFormat;
  throw usageError(`-o/--output must be one of ${OUTPUT_FORMATS.join(', ')}, not "${value}"`);
}
