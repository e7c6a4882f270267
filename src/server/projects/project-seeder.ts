import { defaultProfileSeeds } from '../../core/defaults/index.js';
import { newResourceId } from '../../core/ids/index.js';
import type { Store } from '../../store/store.js';

/**
 * Seeds the seven default OS profiles into a project: the ones it never had. Runs when a project
 * is created and on every start for `default`; a default the operator deleted stays deleted
 * (the store remembers what it seeded). No network access: the seeds are a table in core.
 */
export function projectSeeder(store: Store, releaseServiceUrl: string): (project: string) => Promise<number> {
  const seeds = defaultProfileSeeds(releaseServiceUrl);
  return (project) => store.profiles.seedDefaults(project, seeds, () => newResourceId('os'));
}
