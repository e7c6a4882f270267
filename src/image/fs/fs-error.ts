/**
 * Errors of the image filesystem readers: corrupt structures carry where and what was wrong.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';

/** Where a filesystem structure went wrong, for `details`. */
export interface FsErrorFacts {
  /** Byte offset inside the partition of the faulty structure. */
  readonly offset?: number;
  /** Name of the faulty field, e.g. `s_log_block_size`, `rec_len`. */
  readonly field?: string;
  readonly expected?: string;
  readonly actual?: string;
}

/** A filesystem structure that cannot be decoded. Code: CORRUPT_DATA. */
export function corrupt(kind: 'vfat' | 'ext4', message: string, facts: FsErrorFacts = {}): OrchError {
  return new OrchError('CORRUPT_DATA', `${kind}: ${message}`, { details: { filesystem: kind, ...facts } });
}

/** A filesystem feature this reader does not implement. Code: UNSUPPORTED_FORMAT. */
export function unsupported(kind: 'vfat' | 'ext4', message: string, facts: FsErrorFacts = {}): OrchError {
  return new OrchError('UNSUPPORTED_FORMAT', `${kind}: ${message}`, {
    details: { filesystem: kind, ...facts },
  });
}

/** A path that does not exist or is not what the caller needs. Code: FS_NOT_FOUND. */
export function notFound(path: string, reason: string): OrchError {
  return new OrchError('FS_NOT_FOUND', `${path}: ${reason}`, { details: { path } });
}
