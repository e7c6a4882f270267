import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** Options of an {@link OrchError}; `retryable` defaults to the registry's value. */
export interface OrchErrorOptions {
  readonly retryable?: boolean;
  /** Structured facts for machines (expected/actual digests, offending field, positions...). */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
  /**
   * The HTTP status when it must differ from the registry's for this code: only where upstream's
   * answer on an EMF path is another status for the same code (a duplicate host registration is
   * FailedPrecondition with 400 there). docs/api.md lists each use.
   */
  readonly status?: number;
}

/**
 * The error every layer throws: a stable code, a human message and `retryable`. It travels
 * unchanged from the place that knows the reason to the line the operator reads.
 */
export class OrchError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly #status: number | undefined;

  constructor(code: ErrorCode, message: string, options: OrchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OrchError';
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.details = options.details;
    this.#status = options.status;
  }

  /** HTTP status of this error's code. */
  get status(): number {
    return this.#status ?? ERROR_CODES[this.code].status;
  }

  /** The wire form: `{code, message, details?}` (plus `retryable` for the engine's codes). */
  toJSON(): { code: ErrorCode; message: string; retryable: boolean; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.details ? { details: { ...this.details } } : {}),
    };
  }
}

/** True for an {@link OrchError}, optionally of one code. */
export function isOrchError(error: unknown, code?: ErrorCode): error is OrchError {
  return error instanceof OrchError && (code === undefined || error.code === code);
}
