import { Type } from 'typebox';

/**
 * The body of every error answer: `{code, message, retryable?, details?}`. `code` is a name from
 * src/core/errors/error-codes.ts (EMF's names for API errors), `details` carries machine-readable
 * facts (the offending field, a filter position, the existing profile).
 */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable error code, e.g. InvalidArgument, NotFound.' }),
    message: Type.String({ description: 'What went wrong, for a human.' }),
    retryable: Type.Optional(Type.Boolean({ description: 'Whether repeating the call may succeed.' })),
    details: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { description: 'An error.' },
);

/** The error statuses a route may answer, keyed by HTTP status, for a route's `response` schema. */
export function errorResponses(...statuses: readonly number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody]));
}

/** Errors every authenticated route may answer. */
export const AUTH_ERRORS = [400, 401, 403, 500, 503] as const;
