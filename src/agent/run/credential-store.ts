/**
 * The node credential kept between runs in the state folder (`--state-dir`), mode 0600, so that a
 * restarted agent continues without onboarding again. Keyed by the node's UUID: a folder reused
 * for another node is ignored.
 * @module
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where credentials are kept. */
export interface CredentialStore {
  readonly dir: string;
}

interface Saved {
  readonly uuid: string;
  readonly hostId: string;
  readonly credential: string;
}

const FILE = 'node-credential.json';

/** The saved credential of the node `uuid`, if any. */
export async function loadCredential(
  store: CredentialStore,
  uuid: string,
): Promise<{ hostId: string; credential: string } | undefined> {
  try {
    const saved = JSON.parse(await readFile(join(store.dir, FILE), 'utf8')) as Saved;
    return saved.uuid === uuid && saved.credential
      ? { hostId: saved.hostId, credential: saved.credential }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Saves atomically (write then rename), readable by the owner only. */
export async function saveCredential(
  store: CredentialStore,
  uuid: string,
  session: { hostId: string; credential: string },
): Promise<void> {
  await mkdir(store.dir, { recursive: true, mode: 0o700 });
  const tmp = join(store.dir, `${FILE}.tmp`);
  await writeFile(tmp, JSON.stringify({ uuid, ...session } satisfies Saved), { mode: 0o600 });
  await rename(tmp, join(store.dir, FILE));
}
