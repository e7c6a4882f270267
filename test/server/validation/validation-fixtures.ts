import { randomBytes } from 'node:crypto';
import { applyProfileCreateRules } from '../../../src/core/os-profile/index.js';
import type { Store } from '../../../src/store/store.js';
import { TEST_RELEASE_SERVICE_URL } from '../support/test-server.js';
import { ubuntuBody } from '../support/profile-bodies.js';

/** A fresh job id, as the server makes them. */
export const jobId = (): string => `vjob-${randomBytes(6).toString('hex')}`;

/** Creates project `project` (when missing) and a custom Ubuntu profile in it; returns its id. */
export async function seedProfile(store: Store, project: string, name: string): Promise<string> {
  if (!(await store.projects.get(project))) await store.projects.create(project);
  const body = ubuntuBody({ name, imageId: `22.04.${randomBytes(2).readUInt16BE()}` });
  const result = await applyProfileCreateRules(body, {
    releaseServiceUrl: TEST_RELEASE_SERVICE_URL,
    now: new Date(),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const id = `os-${randomBytes(4).toString('hex')}`;
  await store.profiles.create(project, id, result.value);
  return id;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 20 ms until it returns a value other than undefined, or fails after `ms`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
