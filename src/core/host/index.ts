export * from './host-types.js';
export * from './host-rules.js';
export * from './host-csv.js';
export * from './host-status-words.js';
