export * from './workflow-steps.js';
export * from './agent-protocol.js';
