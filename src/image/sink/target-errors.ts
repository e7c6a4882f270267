/**
 * The sink's OrchErrors: TARGET_IO with path and errno, TARGET_TOO_SMALL with both sizes.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';

const GIB = 1024 ** 3;

/** `12.50 GiB`: sizes in messages are given in bytes and GiB. */
export function formatGiB(bytes: number): string {
  return `${(bytes / GIB).toFixed(2)} GiB`;
}

/** Wraps a failed file-system call on the target into TARGET_IO, keeping errno and cause. */
export function targetIoError(operation: string, path: string, cause: unknown): OrchError {
  const errno = (cause as { code?: unknown } | null)?.code;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new OrchError('TARGET_IO', `cannot ${operation} ${path}: ${reason}`, {
    details: { path, operation, ...(typeof errno === 'string' ? { errno } : {}) },
    cause,
  });
}

/** TARGET_TOO_SMALL, raised before the first byte is written. */
export function targetTooSmall(path: string, imageSize: number, targetSize: number): OrchError {
  return new OrchError(
    'TARGET_TOO_SMALL',
    `the image needs ${imageSize} bytes (${formatGiB(imageSize)}) but ${path} holds only ${targetSize} bytes (${formatGiB(targetSize)})`,
    { details: { path, imageSize, targetSize } },
  );
}
