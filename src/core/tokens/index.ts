export { expiryOf, TOKEN_LIFETIME_PATTERN } from './token-lifetime.js';
export type { ApiToken } from './token-lifetime.js';
