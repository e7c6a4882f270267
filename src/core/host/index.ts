export * from './host-types.js';
export * from './host-rules.js';
