/**
 * The error of the GPT codec: code GPT_INVALID plus where and what exactly was wrong.
 * @module
 */
import { OrchError } from '../../core/errors/index.js';

/** Where a GPT problem sits and what was found there. */
export interface GptErrorFacts {
  /** Byte offset in the disk or image of the faulty structure or field. */
  readonly offset?: number;
  /** Name of the faulty field, e.g. `headerCrc32`, `partitionEntryLba`. */
  readonly field?: string;
  /** What the specification or the context requires. */
  readonly expected?: string;
  /** What was found. */
  readonly actual?: string;
}

/** A GPT that cannot be decoded, encoded or trusted. Code: GPT_INVALID. */
export class GptError extends OrchError {
  readonly offset: number | undefined;
  readonly field: string | undefined;
  readonly expected: string | undefined;
  readonly actual: string | undefined;

  constructor(message: string, facts: GptErrorFacts = {}, cause?: unknown) {
    super('GPT_INVALID', message, { details: { ...facts }, cause });
    this.name = 'GptError';
    this.offset = facts.offset;
    this.field = facts.field;
    this.expected = facts.expected;
    this.actual = facts.actual;
  }
}
