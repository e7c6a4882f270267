import { isOrchError } from '../../core/errors/index.js';
import type { Store } from '../../store/store.js';
import { issueToken } from '../auth/issue-token.js';

/** The project every installation has. */
export { DEFAULT_PROJECT } from '../../core/projects/index.js';
import { DEFAULT_PROJECT } from '../../core/projects/index.js';

/** What {@link ensureDefaultProject} did. */
export interface FirstStartResult {
  /** True when this start created the `default` project (the installation's first start). */
  readonly firstStart: boolean;
  /** Default profiles added now (0 on later starts, and never a profile the operator deleted). */
  readonly profilesSeeded: number;
  /** The first admin token's secret: only on the first start, to be shown once. */
  readonly adminSecret?: string;
}

/**
 * Creates project `default` when absent and seeds its default profiles (idempotent). The start
 * that creates the project is the first start: it also issues the first admin token. Replicas
 * starting together on one PostgreSQL race on the project's unique name, so exactly one of them
 * issues the token.
 */
export async function ensureDefaultProject(
  store: Store,
  seedDefaults: (project: string) => Promise<number>,
  now: Date,
): Promise<FirstStartResult> {
  let firstStart = false;
  if (!(await store.projects.get(DEFAULT_PROJECT))) {
    try {
      await store.projects.create(DEFAULT_PROJECT, 'Created on the first start of orchd.');
      firstStart = true;
    } catch (error) {
      if (!isOrchError(error, 'AlreadyExists')) throw error;
    }
  }
  const profilesSeeded = await seedDefaults(DEFAULT_PROJECT);
  if (!firstStart) return { firstStart, profilesSeeded };
  const { secret } = await issueToken(store.tokens, { name: 'admin', admin: true, roles: [], now });
  return { firstStart, profilesSeeded, adminSecret: secret };
}
