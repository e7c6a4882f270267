export { ERROR_CODES, isErrorCode } from './error-codes.js';
export type { ErrorCode, ErrorCodeInfo } from './error-codes.js';
export { OrchError, isOrchError } from './orch-error.js';
export type { OrchErrorOptions } from './orch-error.js';
