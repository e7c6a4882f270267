/**
 * One finding of GPT validation.
 * @module
 */

/** `error`: the table must not be trusted; `warning`: valid but worth a look (alignment, a stale backup). */
export type GptIssueSeverity = 'error' | 'warning';

/** A finding, with a stable `kind` for machines and a message for people. */
export interface GptIssue {
  readonly severity: GptIssueSeverity;
  /** Stable id, e.g. `PRIMARY_HEADER_CRC`, `PARTITION_OVERLAP`, `PARTITION_NOT_MIB_ALIGNED`. */
  readonly kind: string;
  readonly message: string;
  /** Byte offset on the disk of the structure at fault, when one is known. */
  readonly offset?: number;
  readonly field?: string;
  readonly expected?: string;
  readonly actual?: string;
}
