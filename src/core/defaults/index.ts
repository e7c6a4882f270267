export { DEFAULT_PROFILES, defaultProfileSeeds } from './default-profiles.js';
export type { DefaultProfileSeed } from './default-profiles.js';
