import { ErrorBody } from '../../api/index.js';

export { ErrorBody };

/** The error statuses a route may answer, keyed by HTTP status, for a route's `response` schema. */
export function errorResponses(...statuses: readonly number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody]));
}

/** Errors every authenticated route may answer. */
export const AUTH_ERRORS = [400, 401, 403, 500, 503] as const;
