import { OrchError } from '../../core/errors/index.js';
import type { Compression } from './format-magic.js';

/** Patterns in decoder messages (system tools' stderr or library errors) that mean "input ended early". */
const TRUNCATION_PATTERNS = [
  /unexpected end/i, // xz "Unexpected end of input", gzip/zlib "unexpected end of file", lbzip2
  /premature end/i, // zstd "Read error (39) : premature end"
  /ends unexpectedly/i, // bzip2 "Compressed file ends unexpectedly"
  /truncated/i,
  /ended prematurely/i, // unbzip2-stream
  /unexpected eof/i,
  /incomplete/i, // pigz "incomplete deflate data"
];

/** True when a decoder's message says the compressed stream was cut short. */
export function isTruncationMessage(message: string): boolean {
  return TRUNCATION_PATTERNS.some((pattern) => pattern.test(message));
}

/** TRUNCATED: the compressed stream ended before its end marker. */
export function truncatedError(compression: Compression, message: string, cause?: unknown): OrchError {
  return new OrchError('TRUNCATED', `The ${compression} stream ended before its end: ${oneLine(message)}`, {
    retryable: false,
    details: { compression, decoderMessage: oneLine(message) },
    cause,
  });
}

/** CORRUPT_DATA: the compressed stream is damaged (bad checksum, bad block, not this format). */
export function corruptError(compression: Compression, message: string, cause?: unknown): OrchError {
  return new OrchError('CORRUPT_DATA', `The ${compression} data is corrupt: ${oneLine(message)}`, {
    details: { compression, decoderMessage: oneLine(message) },
    cause,
  });
}

/** Maps a decoder's failure message to TRUNCATED or CORRUPT_DATA. */
export function classifyDecoderMessage(
  compression: Compression,
  message: string,
  cause?: unknown,
): OrchError {
  return isTruncationMessage(message)
    ? truncatedError(compression, message, cause)
    : corruptError(compression, message, cause);
}

/** Collapses a multi-line tool message (bzip2 prints a paragraph) into one bounded line. */
function oneLine(message: string): string {
  const text = message.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}...` : text || '(no message)';
}

/** ZSTD_WINDOW_TOO_LARGE: a frame declares a window over the cap (a memory bomb, or `--long` data). */
export function windowTooLargeError(windowBytes: number, maxWindowBytes: number): OrchError {
  const mib = (bytes: number) => `${Math.round((bytes / 2 ** 20) * 10) / 10} MiB`;
  return new OrchError(
    'ZSTD_WINDOW_TOO_LARGE',
    `The zstd frame needs a ${mib(windowBytes)} window; orchd decodes zstd with at most ${mib(maxWindowBytes)} (zstd's own default limit). Recompress without --long or with a smaller --long window.`,
    { details: { compression: 'zstd', windowBytes, maxWindowBytes } },
  );
}
