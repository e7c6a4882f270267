import { OrchError, type ErrorCode } from '../../core/errors/index.js';

/** Where in a qcow2 file a problem was found, and what was expected there. */
export interface Qcow2ErrorFacts {
  /** Byte offset in the qcow2 file of the offending structure or field. */
  readonly offset?: number;
  /** Name of the offending field or structure (`l1_table_offset`, `L2 entry`...). */
  readonly field?: string;
  readonly expected?: string | number;
  readonly actual?: string | number;
}

/**
 * An {@link OrchError} raised by the qcow2 reader. It carries the offset/field/expected/actual
 * facts both as properties and in `details`, so they survive serialisation to the API.
 */
export class Qcow2Error extends OrchError {
  readonly offset: number | undefined;
  readonly field: string | undefined;
  readonly expected: string | number | undefined;
  readonly actual: string | number | undefined;

  constructor(code: ErrorCode, message: string, facts: Qcow2ErrorFacts = {}, cause?: unknown) {
    super(code, message, { details: { format: 'qcow2', ...facts }, cause });
    this.name = 'Qcow2Error';
    this.offset = facts.offset;
    this.field = facts.field;
    this.expected = facts.expected;
    this.actual = facts.actual;
  }
}

/**
 * The error for a structure the file ended before. A file that ends on a cluster boundary is
 * taken as complete (qemu writes whole clusters), so a structure starting at or beyond that end
 * is a pointer outside the file (QCOW2_INVALID); any other end is a truncation (TRUNCATED).
 */
export function endOfFileError(
  what: string,
  host: number,
  length: number,
  end: number,
  clusterSize: number,
): Qcow2Error {
  const outside = host >= end && end % clusterSize === 0;
  return new Qcow2Error(
    outside ? 'QCOW2_INVALID' : 'TRUNCATED',
    outside
      ? `qcow2 ${what} at offset ${host} lies outside the file, which ends at ${end}`
      : `qcow2 file ends at ${end}, before the end of the ${what} at offset ${host} (${length} bytes): the file is truncated`,
    { offset: host, field: what, expected: host + length, actual: end },
  );
}
