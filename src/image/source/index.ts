/**
 * @module
 * The image source: HTTPS fetch with per-profile trust, resume and retry.
 */
export { createImageSource } from './create-image-source.js';
export type { BackoffOptions, ImageSource, SourceEvent, SourceOptions, SourceStats } from './image-source.js';
export type { ProxyEnv } from './proxy-for-url.js';
export { redactUrl } from './redact-url.js';
export { SOURCE_DEFAULTS } from './source-runtime.js';
