import { Type, type Static } from 'typebox';

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
export type ErrorBody = Static<typeof ErrorBody>;

/** Why a job ended without a result (also an `error` event of a stream). */
export const JobErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
export type JobErrorBody = Static<typeof JobErrorBody>;
