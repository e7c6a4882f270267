/**
 * @module
 * edge-orch's API contract: the TypeBox schemas of every wire shape and their static types, used
 * by orchd's routes (validation and the OpenAPI document), orch-cli's client and the web console.
 * Imports only core and typebox.
 */
export * from './driver-check-schemas.js';
export * from './error-schemas.js';
export * from './event-schemas.js';
export * from './host-import-schemas.js';
export * from './host-schemas.js';
export * from './os-profile-schemas.js';
export * from './project-schemas.js';
export * from './sse-reader.js';
export * from './validation-schemas.js';
export * from './console-schemas.js';
