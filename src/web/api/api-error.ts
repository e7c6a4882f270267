import type { ApiErrorBody } from './api-types.js';

/** orchd refused a request: its status and error body, the message unchanged. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  /** orchd's error code, e.g. `AlreadyExists`. */
  get code(): string {
    return this.body.code;
  }
}

/** orchd could not be reached at all (stopped, network down): said plainly, never a blank page. */
export class UnreachableError extends Error {
  constructor(cause: unknown) {
    super('orchd cannot be reached: is it running? The console retries when you reload or try again.');
    this.name = 'UnreachableError';
    this.cause = cause;
  }
}

/** Reads an error answer; a body that is not orchd's error shape still gives a useful message. */
export function toApiError(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as Partial<ApiErrorBody>;
    if (typeof body.code === 'string' && typeof body.message === 'string') {
      return new ApiError(status, body as ApiErrorBody);
    }
  } catch {
    // not JSON (a proxy's page): fall through to the generic message
  }
  return new ApiError(status, { code: 'HTTP_STATUS', message: `orchd answered HTTP ${status}` });
}

/** The sentence a page shows for a failed call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof UnreachableError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The hosts a refused delete names (`details.hosts` of FailedPrecondition). */
export function hostsInUse(error: unknown): readonly { resourceId: string; name?: string }[] {
  if (!(error instanceof ApiError)) return [];
  const hosts = (error.body.details as Record<string, unknown> | undefined)?.['hosts'];
  return Array.isArray(hosts) ? (hosts as { resourceId: string; name?: string }[]) : [];
}
