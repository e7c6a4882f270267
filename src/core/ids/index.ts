export { isResourceId, newJobId, newResourceId, RESOURCE_ID_PREFIXES } from './resource-id.js';
export type { RandomSource, ResourceIdPrefix } from './resource-id.js';
