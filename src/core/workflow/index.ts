export * from './workflow-steps.js';
export * from './agent-protocol.js';
export * from './workflow-record.js';
export * from './workflow-machine.js';
export * from './provisioning-status.js';
export * from './build-workflow-plan.js';
export * from './render-user-data.js';
