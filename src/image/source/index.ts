/**
 * @module
 * The image source: HTTPS fetch with per-profile trust, resume and retry; a local file; the seam
 * a cache plugs into.
 */
export { createImageSource, openOriginSource, originSourceWith } from './create-image-source.js';
export {
  destinationPolicy,
  parseCidr,
  type DestinationPolicy,
  type DestinationRules,
} from './destination-policy.js';
export { openFileImageSource } from './file-image-source.js';
export type { FileImageSourceOptions } from './file-image-source.js';
export type {
  BackoffOptions,
  ImageSource,
  ImageSourceRequest,
  OpenImageSource,
  SourceEvent,
  SourceOptions,
  SourceStats,
} from './image-source.js';
export type { ProxyEnv } from './proxy-for-url.js';
export { redactUrl } from './redact-url.js';
export { SOURCE_DEFAULTS } from './source-runtime.js';
